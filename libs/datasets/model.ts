/**
 * The shapes the dataset writers read. Everything here is plain data: the writers never see the
 * database, a clock or a participant's database id.
 */

/** How a variable is typed in every file (CSV cell, ODM DataType, R/Stata/SPSS storage). */
export type VariableType = 'integer' | 'decimal' | 'text' | 'date' | 'choice' | 'multichoice' | 'boolean';

export interface VariableOption {
  code: number;
  label: string;
}

/** Where a variable's value comes from in a participant record. */
export type VariableSource =
  | { kind: 'participant'; key: ParticipantKey }
  | { kind: 'form'; eventId: string; formId: string; fieldId: string }
  /** The missing-data code (`not_done`, `unknown`, `not_applicable`) of a CRF field that allows them. */
  | { kind: 'missing'; eventId: string; formId: string; fieldId: string }
  | { kind: 'item'; eventId: string; instrument: string; itemId: string }
  | { kind: 'score'; eventId: string; instrument: string; score: string }
  | { kind: 'derived'; eventId: string; outcome: DerivedOutcomeName };

export type ParticipantKey =
  | 'participant'
  | 'site'
  | 'status'
  | 'arm'
  | 'cohort'
  | 'sex'
  | 'birth_year'
  | 'consent_date'
  | 'consent_version'
  | 'enrolment_date'
  | 'randomisation_date'
  | 'anchor_date';

export type DerivedOutcomeName = 'nrs_leg_change' | 'nrs_leg_pct_change' | 'responder50' | 'recovered';

/** Branching: show the variable only when another variable (named by its column) has a value. */
export interface VariableCondition {
  variable: string;
  type: VariableType;
  values: unknown[];
}

export interface Variable {
  /** The column in data.csv (or the `variable` of data-long.csv rows for repeating forms). */
  name: string;
  source: VariableSource;
  /** The dictionary's "Form Name": `participant`, `<event>_<form>`, `<event>_<instrument>`, `<event>_derived`. */
  formName: string;
  label: string;
  type: VariableType;
  options?: VariableOption[];
  /** Text variables whose values come from a fixed list (arm codes): factors in R. */
  levels?: string[];
  precision?: number;
  unit?: string;
  min?: number;
  max?: number;
  maxLength?: number;
  required: boolean;
  showIf?: VariableCondition;
  /** Computed by the platform (calculated fields, scores, derived outcomes): never typed. */
  computed?: string;
  /** Repeating forms: one row per instance in data-long.csv and odm.xml, absent from data.csv. */
  repeating: boolean;
  /** Whether an item is a CRF field, a questionnaire item, a score or a derived outcome (for the dictionary). */
  section?: string;
  /** A missing-code companion: the name of the variable whose missing-data code it holds. */
  missingFor?: string;
  /** The missing-data codes a CRF field allows (it then has a `<name>_missing` companion in data.csv). */
  missingCodes?: string[];
}

/** One data.csv column: a variable, or one option of a multichoice variable (`<name>___<code>`). */
export interface Column {
  name: string;
  variable: Variable;
  /** For a multichoice variable: the option this 0/1 column stands for. */
  option?: VariableOption;
}

/** The structure of one study's export: variables in file order, and the metadata ODM needs. */
export interface ExportPlan {
  study: { code: string; title: string; registration?: string; design: 'rct' | 'cohort'; timeZone: string };
  /** Every variable, repeating ones included, in dictionary order. */
  variables: Variable[];
  /** data.csv columns, in order. */
  columns: Column[];
  events: PlanEvent[];
  forms: PlanForm[];
  /** The first event with NRS leg pain: the baseline of the derived outcomes (null: none). */
  baselineEvent: string | null;
}

export interface PlanEvent {
  id: string;
  title: string;
  unscheduled: boolean;
  /** Form OIDs in order: CRFs (`form:<id>`), questionnaires (`instrument:<code>`) and `derived`. */
  forms: PlanFormRef[];
}

export type PlanFormRef = { kind: 'form'; id: string } | { kind: 'instrument'; id: string } | { kind: 'derived' } | { kind: 'participant' };

/** A form as ODM sees it: its items are variables without the event (shared by every event). */
export interface PlanForm {
  ref: PlanFormRef;
  title: string;
  repeating: boolean;
  items: PlanItem[];
}

export interface PlanItem {
  /** Id inside the form: the field id, item id, `S.<score>` or the derived outcome. */
  id: string;
  label: string;
  type: VariableType;
  options?: VariableOption[];
  precision?: number;
  maxLength?: number;
  unit?: string;
}

/** A value as stored: a missing-data code object stands for "deliberately not given". */
export type StoredValue = unknown;

export interface FormRecord {
  eventId: string;
  formId: string;
  /** 1 for non-repeating forms. */
  instance: number;
  status: string;
  values: Record<string, StoredValue>;
}

export interface QuestionnaireRecord {
  eventId: string;
  instrument: string;
  status: string;
  answers: Record<string, StoredValue>;
  /** Stored scores; when absent the writers score the answers with libs/instruments. */
  scores?: Record<string, number | string | boolean | null>;
}

/** One participant: pseudonymous label, never a database id; no contact data. */
export interface ParticipantRecord {
  label: string;
  site: string;
  status: string;
  arm: string | null;
  cohort: string | null;
  sex: string;
  birthYear: number;
  consentDate: string;
  consentVersion: string;
  enrolmentDate: string;
  randomisationDate: string | null;
  anchorDate: string | null;
  forms: FormRecord[];
  questionnaires: QuestionnaireRecord[];
}

/** One audit row for audit.csv and the ODM AuditRecords: participant label, never a database id. */
export interface AuditRecordRow {
  seq: number;
  /** ISO 8601 UTC instant. */
  at: string;
  user: string | null;
  action: string;
  entity: string;
  entityId: string;
  participant: string | null;
  site: string | null;
  field: string | null;
  from: unknown;
  to: unknown;
  reason: string | null;
}

export type DatasetFileName =
  | 'data.csv'
  | 'data-long.csv'
  | 'dictionary.csv'
  | 'odm.xml'
  | 'load.R'
  | 'load.do'
  | 'load.sps'
  | 'audit.csv'
  /** Where audit.csv ends in the audit trail's hash chain, signed (docs/AUDIT.md, "Published heads"). */
  | 'audit-head.json'
  /** Studies with double reading only (POTEISS MRI): inter-reader agreement per grade and side (libs/agreement). */
  | 'agreement.csv';

export const DATASET_FILES: readonly DatasetFileName[] = [
  'data.csv',
  'data-long.csv',
  'dictionary.csv',
  'odm.xml',
  'load.R',
  'load.do',
  'load.sps',
  'audit.csv',
  'audit-head.json',
];

/** Files a dataset has only when its study asks for them: agreement.csv with double reading. */
export const OPTIONAL_DATASET_FILES: readonly DatasetFileName[] = ['agreement.csv'];
