/**
 * The export plan: which variables a study's dataset has, in which order, named how. Built from the
 * study definition (libs/protocol) and the instrument catalogue (libs/instruments) alone, so the
 * same definition always gives the same columns.
 */
import { INSTRUMENTS, getInstrument, type InstrumentDefinition, type ItemDefinition } from '@trialdata/instruments';
import type { FieldDefinition, FormDefinition, ScheduleEvent, StudyDefinition } from '@trialdata/protocol';
import type {
  Column,
  DerivedOutcomeName,
  ExportPlan,
  PlanEvent,
  PlanForm,
  PlanFormRef,
  PlanItem,
  Variable,
  VariableSource,
  VariableType,
} from './model';

const NRS_LEG = 'NRS_LEG';
const GPE = 'GPE';

/** Variable names are lower case (REDCap's rule, and friendly to R, Stata and SPSS). */
export const variableName = (...parts: string[]): string => parts.join('_').toLowerCase();

/** The companion column holding a field's missing-data code (`not_done`, `unknown`, `not_applicable`). */
export const missingColumnName = (variable: string): string => `${variable}_missing`;

/** The missing-data codes in their fixed order (also the order of the companion's factor levels). */
export const MISSING_DATA_CODES = ['not_done', 'unknown', 'not_applicable'] as const;

/** The 0/1 column of one option of a multichoice variable (REDCap's checkbox convention). */
export const optionColumnName = (variable: string, code: number): string => `${variable}___${code}`;

/** Scores are numbers except these: a band or state is text, `recovered` is yes/no. */
export function scoreType(name: string): VariableType {
  if (name === 'recovered') return 'boolean';
  if (name === 'band' || name === 'state' || name.endsWith('Category')) return 'text';
  return 'decimal';
}

/** Every instrument an event gives, whatever the cohort, in order of first appearance. */
export function eventInstruments(event: ScheduleEvent): string[] {
  const codes = new Set<string>(event.instruments);
  for (const list of Object.values(event.instrumentsByCohort ?? {})) for (const code of list) codes.add(code);
  return [...codes];
}

const DERIVED: Record<DerivedOutcomeName, { label: string; type: VariableType; precision?: number }> = {
  nrs_leg_change: { label: 'Change in NRS leg pain from baseline (follow-up − baseline)', type: 'integer' },
  nrs_leg_pct_change: { label: 'Percentage change in NRS leg pain from baseline', type: 'decimal', precision: 1 },
  responder50: { label: 'Responder: leg pain reduced by at least 50% from baseline', type: 'boolean' },
  recovered: { label: 'GPE recovered (completely recovered or much improved)', type: 'boolean' },
};

export function buildExportPlan(study: StudyDefinition, instruments: readonly InstrumentDefinition[] = INSTRUMENTS): ExportPlan {
  const variables: Variable[] = [];
  const forms = new Map<string, PlanForm>();
  const events: PlanEvent[] = [];
  const add = (v: Variable) => variables.push(v);

  // Participant attributes: what enrolment and randomisation record, never contact data.
  const participantForm: PlanForm = { ref: { kind: 'participant' }, title: 'Participant', repeating: false, items: [] };
  const participantVar = (
    key: Extract<VariableSource, { kind: 'participant' }>['key'],
    label: string,
    type: VariableType,
    extra: Partial<Variable> = {},
  ) => {
    add({
      name: key,
      source: { kind: 'participant', key },
      formName: 'participant',
      label,
      type,
      required: key === 'participant',
      repeating: false,
      section: 'Participant',
      ...extra,
    });
    participantForm.items.push({ id: key, label, type, options: extra.options, maxLength: extra.maxLength });
  };
  participantVar('participant', 'Participant label (pseudonym)', 'text', { maxLength: 40 });
  participantVar('site', 'Site code', 'text', { maxLength: 12 });
  participantVar('status', 'Participant status', 'text', { maxLength: 40 });
  if (study.design === 'rct')
    participantVar('arm', 'Allocated arm', 'text', { levels: (study.arms ?? []).map((a) => a.code), maxLength: 40 });
  if (study.cohorts?.length) participantVar('cohort', 'Cohort', 'text', { levels: [...study.cohorts], maxLength: 40 });
  participantVar('sex', 'Sex', 'text', { levels: ['female', 'male'], maxLength: 6 });
  participantVar('birth_year', 'Year of birth', 'integer');
  participantVar('consent_date', 'Date of informed consent', 'date');
  participantVar('consent_version', 'Version of the consent form', 'text', { maxLength: 40 });
  participantVar('enrolment_date', 'Date of enrolment (study time zone)', 'date');
  if (study.design === 'rct') participantVar('randomisation_date', 'Date of randomisation (study time zone)', 'date');
  participantVar('anchor_date', `Schedule anchor date (${study.anchor.kind})`, 'date');
  forms.set('participant', participantForm);

  const baseline = study.schedule.find((e) => eventInstruments(e).includes(NRS_LEG));
  for (const event of study.schedule) {
    const refs: PlanFormRef[] = [];
    for (const formId of event.forms) {
      const form = study.forms.find((f) => f.id === formId);
      if (!form) continue;
      refs.push({ kind: 'form', id: form.id });
      if (!forms.has(`form:${form.id}`)) forms.set(`form:${form.id}`, crfForm(form));
      for (const field of form.fields) {
        const v = fieldVariable(event, form, field);
        add(v);
        if (v.missingCodes?.length && !v.repeating) add(missingVariable(v, event, form, field));
      }
    }
    for (const code of eventInstruments(event)) {
      const def = instruments.find((i) => i.code === code) ?? safeInstrument(code, instruments);
      if (!def) continue;
      refs.push({ kind: 'instrument', id: code });
      if (!forms.has(`instrument:${code}`)) forms.set(`instrument:${code}`, instrumentForm(def));
      const section = `${event.title}: ${def.title.en}`;
      const formName = variableName(event.id, code);
      const scoreNames = new Set(def.scoreNames.map((n) => n.toLowerCase()));
      for (const item of def.items) {
        // NRS `score`, EQ-5D `VAS`: an item named like a score is that score; the score column carries it.
        if (scoreNames.has(item.id.toLowerCase())) continue;
        add(itemVariable(event, def, item, formName, section));
      }
      for (const score of def.scoreNames) {
        const type = scoreType(score);
        add({
          name: variableName(event.id, code, score),
          source: { kind: 'score', eventId: event.id, instrument: code, score },
          formName,
          label: `${def.title.en}: ${score}`,
          type,
          required: false,
          repeating: false,
          computed: `score of ${code} (libs/instruments, INSTRUMENTS.md)`,
          section,
        });
      }
    }
    const derived: DerivedOutcomeName[] = [];
    const here = eventInstruments(event);
    if (baseline && event.id !== baseline.id && here.includes(NRS_LEG)) derived.push('nrs_leg_change', 'nrs_leg_pct_change', 'responder50');
    if (here.includes(GPE)) derived.push('recovered');
    for (const outcome of derived) {
      const d = DERIVED[outcome];
      add({
        name: variableName(event.id, 'derived', outcome),
        source: { kind: 'derived', eventId: event.id, outcome },
        formName: variableName(event.id, 'derived'),
        label: `${event.title}: ${d.label}`,
        type: d.type,
        precision: d.precision,
        required: false,
        repeating: false,
        computed: outcome === 'recovered' ? 'GPE code 1 or 2' : `from NRS_LEG at ${event.id} and at ${baseline!.id}`,
        section: `${event.title}: derived outcomes`,
      });
    }
    if (derived.length) refs.push({ kind: 'derived' });
    events.push({ id: event.id, title: event.title, unscheduled: event.unscheduled === true, forms: refs });
  }
  if (variables.some((v) => v.source.kind === 'derived')) {
    forms.set('derived', {
      ref: { kind: 'derived' },
      title: 'Derived outcomes',
      repeating: false,
      items: (Object.keys(DERIVED) as DerivedOutcomeName[]).map((id) => ({
        id,
        label: DERIVED[id].label,
        type: DERIVED[id].type,
        precision: DERIVED[id].precision,
      })),
    });
  }

  const seen = new Set<string>();
  for (const v of variables) {
    if (seen.has(v.name)) throw new Error(`export variable ${v.name} is produced twice in ${study.code}`);
    seen.add(v.name);
  }
  const columns: Column[] = [];
  for (const v of variables) {
    if (v.repeating) continue;
    if (v.type === 'multichoice')
      for (const option of v.options ?? []) columns.push({ name: optionColumnName(v.name, option.code), variable: v, option });
    else columns.push({ name: v.name, variable: v });
  }
  return {
    study: { code: study.code, title: study.title, registration: study.registration, design: study.design, timeZone: study.timeZone },
    variables,
    columns,
    events,
    forms: [...forms.values()],
    baselineEvent: baseline?.id ?? null,
  };
}

function safeInstrument(code: string, instruments: readonly InstrumentDefinition[]): InstrumentDefinition | undefined {
  try {
    return getInstrument(code, instruments);
  } catch {
    return undefined;
  }
}

function fieldVariable(event: ScheduleEvent, form: FormDefinition, field: FieldDefinition): Variable {
  const name = variableName(event.id, form.id, field.id);
  let showIf: Variable['showIf'];
  if (field.showIf) {
    const other = form.fields.find((f) => f.id === field.showIf!.field);
    if (other) {
      showIf = {
        variable: variableName(event.id, form.id, other.id),
        type: other.type,
        values: 'equals' in field.showIf ? [field.showIf.equals] : [...field.showIf.in],
      };
    }
  }
  return {
    name,
    source: { kind: 'form', eventId: event.id, formId: form.id, fieldId: field.id },
    formName: variableName(event.id, form.id),
    label: field.label,
    type: field.type,
    options: field.options?.map((o) => ({ code: o.code, label: o.label })),
    precision: field.precision,
    unit: field.unit,
    min: field.min,
    max: field.max,
    maxLength: field.maxLength,
    required: field.required,
    showIf,
    computed: field.calculated,
    missingCodes: field.missingCodes?.length ? [...field.missingCodes] : undefined,
    repeating: form.repeating,
    section: `${event.title}: ${form.title}`,
  };
}

/**
 * The companion of a field that allows missing-data codes: the code when one was given instead of a
 * value, empty otherwise (a value, or nothing at all). Text with fixed levels: a factor in R.
 */
function missingVariable(v: Variable, event: ScheduleEvent, form: FormDefinition, field: FieldDefinition): Variable {
  const codes = MISSING_DATA_CODES.filter((c) => field.missingCodes!.includes(c));
  return {
    name: missingColumnName(v.name),
    source: { kind: 'missing', eventId: event.id, formId: form.id, fieldId: field.id },
    formName: v.formName,
    label: `${field.label}: missing-data code`,
    type: 'text',
    levels: codes,
    maxLength: 14,
    required: false,
    showIf: v.showIf,
    repeating: false,
    section: v.section,
    missingFor: v.name,
  };
}

function itemVariable(event: ScheduleEvent, def: InstrumentDefinition, item: ItemDefinition, formName: string, section: string): Variable {
  const showIf = item.showIf
    ? { variable: variableName(event.id, def.code, item.showIf.item), type: 'choice' as VariableType, values: [item.showIf.equals] }
    : undefined;
  return {
    name: variableName(event.id, def.code, item.id),
    source: { kind: 'item', eventId: event.id, instrument: def.code, itemId: item.id },
    formName,
    label: `${def.code}: ${item.label.en}`,
    type: item.type,
    options: item.options?.map((o) => ({ code: o.code, label: o.label.en })),
    min: item.range?.min,
    max: item.range?.max,
    required: false,
    showIf,
    repeating: false,
    section,
  };
}

function crfForm(form: FormDefinition): PlanForm {
  return {
    ref: { kind: 'form', id: form.id },
    title: form.title,
    repeating: form.repeating,
    items: form.fields.map((f) => ({
      id: f.id,
      label: f.label,
      type: f.type,
      options: f.options,
      precision: f.precision,
      maxLength: f.maxLength,
      unit: f.unit,
    })),
  };
}

function instrumentForm(def: InstrumentDefinition): PlanForm {
  const items: PlanItem[] = def.items.map((i) => ({
    id: i.id,
    label: i.label.en,
    type: i.type,
    options: i.options?.map((o) => ({ code: o.code, label: o.label.en })),
  }));
  for (const s of def.scoreNames) items.push({ id: `S.${s}`, label: `${def.title.en}: score ${s}`, type: scoreType(s) });
  return { ref: { kind: 'instrument', id: def.code }, title: def.title.en, repeating: false, items };
}

/** The key of a form in the plan: `form:<id>`, `instrument:<code>`, `derived`, `participant`. */
export function formKey(ref: PlanFormRef): string {
  return ref.kind === 'form' || ref.kind === 'instrument' ? `${ref.kind}:${ref.id}` : ref.kind;
}
