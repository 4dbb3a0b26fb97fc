/**
 * The shape of a case report form definition, as a study definition (libs/protocol) holds it. Forms owns
 * these shapes so that the engine needs nothing from protocol: protocol imports forms, never the reverse.
 */

export type FieldType = 'integer' | 'decimal' | 'text' | 'date' | 'choice' | 'multichoice' | 'boolean';

export interface ChoiceOption {
  code: number;
  label: string;
}

/**
 * Show the field only when an earlier choice, multichoice or boolean field of the same form has this
 * value (or one of these); for a multichoice field, when the code is among those chosen (libs/forms).
 */
export type ShowIf = { field: string; equals: unknown } | { field: string; in: unknown[] };

export interface FieldDefinition {
  id: string;
  label: string;
  type: FieldType;
  required: boolean;
  /** integer / decimal: inclusive range. */
  min?: number;
  max?: number;
  /** decimal: unit shown beside the field, and decimals kept. */
  unit?: string;
  precision?: number;
  /** text: a regular expression the whole value must match. */
  pattern?: string;
  maxLength?: number;
  options?: ChoiceOption[];
  showIf?: ShowIf;
  /** A critical field is verified under a "critical fields only" SDV plan. */
  critical?: boolean;
  /** A calculated field: an expression over other fields of the same form (see libs/forms). */
  calculated?: string;
  /** Missing-data codes allowed instead of a value. Default: none. */
  missingCodes?: Array<'not_done' | 'unknown' | 'not_applicable'>;
}

export interface FormCheck {
  id: string;
  /** hard: blocks the save; soft: saves and opens a query. */
  severity: 'hard' | 'soft';
  message: string;
  /** A small expression over the form's fields and `enrolment.*` / `anchor.*` context (see libs/forms). */
  rule: string;
}

export interface FormDefinition {
  id: string;
  title: string;
  repeating: boolean;
  /** Only participants in these arms may have this form (rct). Absent: every participant. */
  arms?: string[];
  /** Only participants of these cohorts (EIMICOR lumbar / cervical). Absent: every participant. */
  cohorts?: string[];
  fields: FieldDefinition[];
  checks?: FormCheck[];
}
