/**
 * The schema every study definition passes at load. Two layers:
 *  1. `studyStructureSchema` (zod) checks shapes, types and formats, and refuses unknown keys so that a
 *     typo (`requried`) fails loudly instead of silently dropping a rule;
 *  2. `crossCheckStudy` checks what zod cannot see field by field: references between parts of the
 *     definition (events → forms, showIf → fields, anchor → date field), uniqueness, and protocol logic
 *     (arms iff rct, block sizes vs arm ratios).
 * `validateStudyDefinition` runs both and returns issues with their paths; the registry turns them into
 * a ProtocolError.
 */
import { z } from 'zod';
import { CONTEXT_ROOTS, checkFormDefinition, expressionReferences, parseExpression } from '@trialdata/forms';
import type {
  AnchorDefinition,
  Arm,
  ChoiceOption,
  DoubleReadingDefinition,
  ShortVersionDefinition,
  EligibilityCriterion,
  FieldDefinition,
  FormCheck,
  FormDefinition,
  RandomisationFactor,
  ReminderPolicy,
  ScheduleEvent,
  StudyDefinition,
} from './types';

/** The instrument codes of docs/INSTRUMENTS.md; libs/instruments must define exactly these. */
export const INSTRUMENT_CODES = [
  'NRS_LEG',
  'NRS_BACK',
  'NRS_ARM',
  'NRS_NECK',
  'ODI',
  'NDI',
  'RMDQ',
  'ZCQ',
  'GPE',
  'EQ5D5L',
  'HADS',
  'SBI',
  'PCI',
  'HCU',
] as const;
export type InstrumentCode = (typeof INSTRUMENT_CODES)[number];

/** Form, field, event, criterion and cohort ids become export column names: keep them plain. */
export const SNAKE_ID = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
/** Randomisation factor ids travel in API bodies (`symptomDuration`): lowerCamel or snake case. */
export const FACTOR_ID = /^[a-z][a-zA-Z0-9]*(?:_[a-zA-Z0-9]+)*$/;
/** Study codes appear in participant labels `<STUDY>-<SITE>-<NNNN>`, so no hyphen. */
export const STUDY_CODE = /^[A-Z][A-Z0-9]{1,15}$/;
export const ARM_CODE = /^[A-Z][A-Z0-9_]{0,15}$/;
export const MAX_ID_LENGTH = 32;

/** Words of the libs/forms expression language, and its context roots: no field may take these ids. */
const RESERVED_FIELD_IDS = new Set<string>(['and', 'or', 'not', 'true', 'false', ...CONTEXT_ROOTS]);

// ---------------------------------------------------------------------------------------------------
// Layer 1: structure
// ---------------------------------------------------------------------------------------------------

const text = z.string().trim().min(1, { error: 'must not be empty' });

function matching(pattern: RegExp, what: string, maxLength = MAX_ID_LENGTH) {
  return z
    .string()
    .refine((v) => pattern.test(v), { error: (iss) => `${JSON.stringify(iss.input)} is not ${what}` })
    .refine((v) => v.length <= maxLength, {
      error: (iss) => `${JSON.stringify(iss.input)} is longer than ${maxLength} characters`,
    });
}

const snakeId = matching(SNAKE_ID, 'a lowercase snake_case id (a-z, 0-9, single underscores, starting with a letter)');
const nonNegativeInt = z.int().min(0);
const scalar = z.union([z.number(), z.string(), z.boolean()]);

const choiceOptionSchema = z.strictObject({ code: z.int(), label: text });

const showIfSchema = z.union(
  [z.strictObject({ field: z.string(), equals: scalar }), z.strictObject({ field: z.string(), in: z.array(scalar).min(1) })],
  { error: 'showIf must be {field, equals: value} or {field, in: [values]}' },
);

const fieldSchema = z.strictObject({
  id: snakeId,
  label: text,
  type: z.enum(['integer', 'decimal', 'text', 'date', 'choice', 'multichoice', 'boolean']),
  required: z.boolean(),
  min: z.number().optional(),
  max: z.number().optional(),
  unit: text.optional(),
  precision: z.int().min(0).max(6).optional(),
  pattern: z.string().min(1).optional(),
  maxLength: z.int().positive().optional(),
  options: z.array(choiceOptionSchema).optional(),
  showIf: showIfSchema.optional(),
  critical: z.boolean().optional(),
  calculated: text.optional(),
  missingCodes: z
    .array(z.enum(['not_done', 'unknown', 'not_applicable']))
    .min(1)
    .optional(),
});

const formCheckSchema = z.strictObject({
  id: snakeId,
  severity: z.enum(['hard', 'soft']),
  message: text,
  rule: text,
});

const formSchema = z.strictObject({
  id: snakeId,
  title: text,
  repeating: z.boolean(),
  arms: z.array(z.string()).min(1).optional(),
  cohorts: z.array(z.string()).min(1).optional(),
  fields: z.array(fieldSchema).min(1),
  checks: z.array(formCheckSchema).optional(),
});

const momentSchema = z.strictObject({ eventId: z.string(), formId: z.string(), fieldId: z.string(), timeFieldId: z.string().optional() });

const eventSchema = z.strictObject({
  id: snakeId,
  title: text,
  offsetDays: z.int(),
  offsetMinutes: z
    .int()
    .positive()
    .max(24 * 60 - 1)
    .optional(),
  windowBefore: nonNegativeInt,
  windowAfter: nonNegativeInt,
  forms: z.array(z.string()),
  instruments: z.array(z.string()),
  instrumentsByCohort: z.record(z.string(), z.array(z.string())).optional(),
  mode: z.enum(['remote', 'clinic']).optional(),
  wording: z.enum(['now']).optional(),
  answerBefore: momentSchema.optional(),
  answerAfter: momentSchema.optional(),
  unscheduled: z.boolean().optional(),
});

const factorSchema = z.strictObject({
  id: matching(FACTOR_ID, 'a lowerCamel or snake_case id'),
  label: text,
  options: z.array(text).min(2),
});

const randomisationSchema = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('blocks'),
    blockSizes: z.array(z.int().positive()).min(1),
    factors: z.array(factorSchema),
  }),
  z.strictObject({
    method: z.literal('minimisation'),
    factors: z.array(factorSchema),
    probability: z.number().gt(0).max(1),
    siteWeight: z.number().min(0).optional(),
  }),
]);

export const studyStructureSchema = z.strictObject({
  code: matching(STUDY_CODE, 'an upper-case study code (A-Z, 0-9, 2-16 characters)', 16),
  title: text,
  registration: text.optional(),
  design: z.enum(['rct', 'cohort']),
  timeZone: text,
  languages: z.array(z.enum(['nl', 'en'])).min(1),
  anchor: z.strictObject({
    kind: z.enum(['randomisation', 'injection', 'surgery', 'enrolment']),
    actual: momentSchema.optional(),
  }),
  arms: z
    .array(
      z.strictObject({
        code: matching(ARM_CODE, 'an upper-case arm code (A-Z, 0-9, _)', 16),
        title: text,
        ratio: z.int().positive().max(10),
      }),
    )
    .optional(),
  randomisation: randomisationSchema.optional(),
  cohorts: z.array(snakeId).min(1).optional(),
  requiresPlannedAnchorDate: z.boolean(),
  ageRange: z.strictObject({ min: nonNegativeInt, max: nonNegativeInt.optional() }).optional(),
  eligibility: z.array(z.strictObject({ id: snakeId, kind: z.enum(['inclusion', 'exclusion']), text })),
  schedule: z.array(eventSchema).min(1),
  contact: z.strictObject({ name: text, email: z.string().email().optional(), phone: text.optional() }).optional(),
  forms: z.array(formSchema),
  reminders: z.strictObject({
    reminderDays: z.array(nonNegativeInt),
    coordinatorTaskDaysBeforeClose: nonNegativeInt,
    maxGapDays: z.int().positive().optional(),
  }),
  target: z.int().positive().optional(),
  doubleReading: z
    .strictObject({
      eventId: snakeId,
      firstFormId: snakeId,
      furtherFormId: snakeId,
      readerFieldId: snakeId,
      subjectFieldIds: z.array(snakeId),
      gradeFieldIds: z.array(snakeId).min(1),
      side: z.strictObject({ fieldId: snakeId, gradeFieldIds: z.array(snakeId).min(1) }).optional(),
    })
    .optional(),
  shortVersion: z
    .strictObject({
      instruments: z.array(z.string()).min(1),
      events: z.array(snakeId).min(1),
      offerDaysBeforeClose: nonNegativeInt,
    })
    .optional(),
});

// The schema must keep step with types.ts: its output is a StudyDefinition, and each object knows
// exactly the keys of its type (a key added to types.ts but not here would be refused at load).
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;
type Parsed = z.output<typeof studyStructureSchema>;
type ParsedEvent = z.output<typeof eventSchema>;
type ParsedForm = z.output<typeof formSchema>;
type ParsedField = z.output<typeof fieldSchema>;
const schemaMatchesTypes: [
  Parsed extends StudyDefinition ? true : false,
  SameKeys<Parsed, StudyDefinition>,
  SameKeys<ParsedEvent, ScheduleEvent>,
  SameKeys<ParsedForm, FormDefinition>,
  SameKeys<ParsedField, FieldDefinition>,
  SameKeys<z.output<typeof choiceOptionSchema>, ChoiceOption>,
  SameKeys<z.output<typeof formCheckSchema>, FormCheck>,
  SameKeys<z.output<typeof factorSchema>, RandomisationFactor>,
  SameKeys<NonNullable<Parsed['arms']>[number], Arm>,
  SameKeys<Parsed['anchor'], AnchorDefinition>,
  SameKeys<Parsed['eligibility'][number], EligibilityCriterion>,
  SameKeys<Parsed['reminders'], ReminderPolicy>,
  SameKeys<NonNullable<Parsed['doubleReading']>, DoubleReadingDefinition>,
  SameKeys<NonNullable<Parsed['shortVersion']>, ShortVersionDefinition>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true];
void schemaMatchesTypes;

// ---------------------------------------------------------------------------------------------------
// Layer 2: cross-references and protocol logic
// ---------------------------------------------------------------------------------------------------

export type IssuePath = Array<string | number>;
export interface ValidationIssue {
  path: IssuePath;
  message: string;
}

export interface ValidationOptions {
  /** Instrument codes a schedule may name. Default: INSTRUMENT_CODES. */
  instrumentCodes?: readonly string[];
}

/** The export column of one field at one event (`event_form_field`), as data.csv names it. */
export function exportColumnName(eventId: string, formId: string, fieldId: string): string {
  return `${eventId}_${formId}_${fieldId}`;
}

/**
 * The names an expression (a check's rule or a calculated field) reads, in the libs/forms expression
 * language: `weight`, `enrolment.date`, `<formId>.<fieldId>`. Throws FormDefinitionError on bad syntax.
 */
export function expressionNames(expression: string): string[] {
  return expressionReferences(parseExpression(expression)).map((reference) => reference.name);
}

function duplicates<T>(values: readonly T[]): Array<{ value: T; index: number }> {
  const seen = new Set<T>();
  const found: Array<{ value: T; index: number }> = [];
  values.forEach((value, index) => {
    if (seen.has(value)) found.push({ value, index });
    seen.add(value);
  });
  return found;
}

const quote = (value: unknown) => JSON.stringify(value);

class Issues {
  readonly list: ValidationIssue[] = [];
  add(path: IssuePath, message: string): void {
    this.list.push({ path, message });
  }
  unique<T>(path: IssuePath, values: readonly T[], what: string, key?: string): void {
    for (const { value, index } of duplicates(values)) {
      this.add(key === undefined ? [...path, index] : [...path, index, key], `duplicate ${what} ${quote(value)}`);
    }
  }
}

/** Checks what the structure cannot: call only with a definition that passed studyStructureSchema. */
export function crossCheckStudy(study: StudyDefinition, options: ValidationOptions = {}): ValidationIssue[] {
  const issues = new Issues();
  const instrumentCodes = new Set(options.instrumentCodes ?? INSTRUMENT_CODES);
  checkStudyLevel(study, issues);
  checkArmsAndRandomisation(study, issues);
  checkEligibility(study, issues);
  checkSchedule(study, issues, instrumentCodes);
  study.forms.forEach((form, i) => checkForm(study, form, ['forms', i], issues));
  issues.unique(
    ['forms'],
    study.forms.map((f) => f.id),
    'form id',
    'id',
  );
  checkAnchor(study, issues);
  study.schedule.forEach((event, i) => {
    for (const key of ['answerBefore', 'answerAfter'] as const) {
      const moment = event[key];
      if (moment) checkMoment(study, moment, ['schedule', i, key], issues);
    }
  });
  checkExportColumns(study, issues);
  checkDoubleReading(study, issues);
  checkShortVersion(study, issues);
  return issues.list;
}

/** Each short-version event is a remote time point that gives every short-version instrument. */
function checkShortVersion(study: StudyDefinition, issues: Issues): void {
  const short = study.shortVersion;
  if (!short) return;
  short.events.forEach((eventId, i) => {
    const event = study.schedule.find((e) => e.id === eventId);
    if (!event || event.unscheduled || event.mode === 'clinic') {
      issues.add(['shortVersion', 'events', i], `${quote(eventId)} is not a remote questionnaire time point`);
      return;
    }
    const given = new Set([...event.instruments, ...Object.values(event.instrumentsByCohort ?? {}).flat()]);
    for (const code of short.instruments) {
      if (!given.has(code)) issues.add(['shortVersion', 'events', i], `time point ${quote(eventId)} does not give ${code}`);
    }
    const window = event.windowBefore + event.windowAfter;
    if (short.offerDaysBeforeClose > window)
      issues.add(['shortVersion', 'offerDaysBeforeClose'], `longer than the window of ${quote(eventId)} (${window} days)`);
  });
}

/** Both reading forms sit at the event and share the reader, subject and grade fields (grades: choice). */
function checkDoubleReading(study: StudyDefinition, issues: Issues): void {
  const reading = study.doubleReading;
  if (!reading) return;
  const path: IssuePath = ['doubleReading'];
  const event = study.schedule.find((e) => e.id === reading.eventId);
  if (!event) return issues.add([...path, 'eventId'], `unknown event ${quote(reading.eventId)}`);
  const fieldIds = [reading.readerFieldId, ...reading.subjectFieldIds, ...reading.gradeFieldIds];
  for (const key of ['firstFormId', 'furtherFormId'] as const) {
    const form = study.forms.find((f) => f.id === reading[key]);
    if (!form || !event.forms.includes(form.id)) {
      issues.add([...path, key], `form ${quote(reading[key])} is not held by event ${quote(event.id)}`);
      continue;
    }
    if (key === 'furtherFormId' && !form.repeating) issues.add([...path, key], `form ${quote(form.id)} must be repeating`);
    for (const id of fieldIds) {
      const field = form.fields.find((f) => f.id === id);
      if (!field) issues.add([...path, key], `form ${quote(form.id)} has no field ${quote(id)}`);
      else if (reading.gradeFieldIds.includes(id) && field.type !== 'choice')
        issues.add([...path, 'gradeFieldIds'], `${quote(id)} is not a choice field of ${quote(form.id)}`);
    }
  }
  if (reading.side) {
    if (!reading.subjectFieldIds.includes(reading.side.fieldId))
      issues.add([...path, 'side', 'fieldId'], 'the side must be a subject field');
    for (const id of reading.side.gradeFieldIds)
      if (!reading.gradeFieldIds.includes(id)) issues.add([...path, 'side', 'gradeFieldIds'], `${quote(id)} is not a grade field`);
  }
}

/** A recorded date (and HH:MM time) that a questionnaire's timing is checked against must exist. */
function checkMoment(
  study: StudyDefinition,
  moment: { eventId: string; formId: string; fieldId: string; timeFieldId?: string },
  path: IssuePath,
  issues: Issues,
): void {
  const event = study.schedule.find((e) => e.id === moment.eventId);
  const form = study.forms.find((f) => f.id === moment.formId);
  if (event === undefined) issues.add([...path, 'eventId'], `unknown event ${quote(moment.eventId)}`);
  else if (form !== undefined && !event.forms.includes(form.id))
    issues.add([...path, 'formId'], `form ${quote(form.id)} is not on event ${quote(event.id)}`);
  if (form === undefined) {
    issues.add([...path, 'formId'], `unknown form ${quote(moment.formId)}`);
    return;
  }
  const field = form.fields.find((f) => f.id === moment.fieldId);
  if (field?.type !== 'date') issues.add([...path, 'fieldId'], `${quote(moment.fieldId)} is not a date field of form ${quote(form.id)}`);
  if (moment.timeFieldId !== undefined) {
    const time = form.fields.find((f) => f.id === moment.timeFieldId);
    if (time?.type !== 'text')
      issues.add([...path, 'timeFieldId'], `${quote(moment.timeFieldId)} is not a text field of form ${quote(form.id)}`);
  }
}

function checkStudyLevel(study: StudyDefinition, issues: Issues): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: study.timeZone });
  } catch {
    issues.add(['timeZone'], `unknown time zone ${quote(study.timeZone)}`);
  }
  issues.unique(['languages'], study.languages, 'language');
  if (study.ageRange?.max !== undefined && study.ageRange.max < study.ageRange.min) {
    issues.add(['ageRange'], `max ${study.ageRange.max} is below min ${study.ageRange.min}`);
  }
  issues.unique(['cohorts'], study.cohorts ?? [], 'cohort');
  const days = study.reminders.reminderDays;
  issues.unique(['reminders', 'reminderDays'], days, 'reminder day');
  days.forEach((day, i) => {
    if (i > 0 && day < days[i - 1]!) issues.add(['reminders', 'reminderDays', i], 'reminder days must be in ascending order');
  });
}

function checkArmsAndRandomisation(study: StudyDefinition, issues: Issues): void {
  if (study.design === 'cohort') {
    if (study.arms !== undefined) issues.add(['arms'], 'a cohort study has no arms');
    if (study.randomisation !== undefined) issues.add(['randomisation'], 'a cohort study has no randomisation');
    return;
  }
  if (study.arms === undefined || study.arms.length < 2) {
    issues.add(['arms'], 'an rct needs at least two arms');
  }
  if (study.randomisation === undefined) {
    issues.add(['randomisation'], 'an rct needs a randomisation definition');
  }
  const arms = study.arms ?? [];
  issues.unique(
    ['arms'],
    arms.map((a) => a.code),
    'arm code',
    'code',
  );
  const randomisation = study.randomisation;
  if (randomisation === undefined) return;
  const factors = randomisation.factors;
  issues.unique(
    ['randomisation', 'factors'],
    factors.map((f) => f.id),
    'factor id',
    'id',
  );
  factors.forEach((factor, i) => {
    if (factor.id.toLowerCase() === 'site') {
      issues.add(['randomisation', 'factors', i, 'id'], 'site is always a stratum; do not declare it as a factor');
    }
    issues.unique(['randomisation', 'factors', i, 'options'], factor.options, 'option');
  });
  if (randomisation.method === 'blocks' && arms.length > 0) {
    const total = arms.reduce((sum, arm) => sum + arm.ratio, 0);
    issues.unique(['randomisation', 'blockSizes'], randomisation.blockSizes, 'block size');
    randomisation.blockSizes.forEach((size, i) => {
      if (size % total !== 0) {
        issues.add(['randomisation', 'blockSizes', i], `block size ${size} is not a multiple of the total arm ratio ${total}`);
      }
    });
  }
}

function checkEligibility(study: StudyDefinition, issues: Issues): void {
  issues.unique(
    ['eligibility'],
    study.eligibility.map((c) => c.id),
    'criterion id',
    'id',
  );
  if (!study.eligibility.some((c) => c.kind === 'inclusion')) {
    issues.add(['eligibility'], 'at least one inclusion criterion is needed');
  }
}

function checkSchedule(study: StudyDefinition, issues: Issues, instrumentCodes: ReadonlySet<string>): void {
  const formIds = new Set(study.forms.map((f) => f.id));
  const cohorts = study.cohorts ?? [];
  issues.unique(
    ['schedule'],
    study.schedule.map((e) => e.id),
    'event id',
    'id',
  );

  const checkCodes = (path: IssuePath, codes: readonly string[]) => {
    codes.forEach((code, k) => {
      if (!instrumentCodes.has(code)) issues.add([...path, k], `unknown instrument ${quote(code)}`);
    });
    issues.unique(path, codes, 'instrument');
  };

  let previous: { event: ScheduleEvent; index: number } | undefined;
  study.schedule.forEach((event, i) => {
    const path: IssuePath = ['schedule', i];
    event.forms.forEach((formId, k) => {
      if (!formIds.has(formId)) issues.add([...path, 'forms', k], `unknown form ${quote(formId)}`);
    });
    issues.unique([...path, 'forms'], event.forms, 'form');
    checkCodes([...path, 'instruments'], event.instruments);

    if (event.instrumentsByCohort !== undefined) {
      if (cohorts.length === 0) {
        issues.add([...path, 'instrumentsByCohort'], 'the study declares no cohorts');
      }
      for (const [cohort, codes] of Object.entries(event.instrumentsByCohort)) {
        const cohortPath: IssuePath = [...path, 'instrumentsByCohort', cohort];
        if (cohorts.length > 0 && !cohorts.includes(cohort)) issues.add(cohortPath, `unknown cohort ${quote(cohort)}`);
        checkCodes(cohortPath, codes);
        codes.forEach((code, k) => {
          if (!event.instruments.includes(code)) {
            issues.add([...cohortPath, k], `${quote(code)} is missing from the event's instruments (which list every cohort's)`);
          }
        });
      }
      for (const cohort of cohorts) {
        if (!(cohort in event.instrumentsByCohort)) {
          issues.add([...path, 'instrumentsByCohort'], `no instruments for cohort ${quote(cohort)}`);
        }
      }
    }

    if (event.unscheduled === true) {
      if (event.offsetDays !== 0 || event.windowBefore !== 0 || event.windowAfter !== 0) {
        issues.add(path, 'an unscheduled event has offsetDays, windowBefore and windowAfter 0');
      }
      if (event.offsetMinutes !== undefined || event.mode !== undefined) {
        issues.add(path, 'an unscheduled event has no offsetMinutes or mode');
      }
      if (event.instruments.length > 0 || event.instrumentsByCohort !== undefined) {
        issues.add([...path, 'instruments'], 'an unscheduled event has no questionnaires');
      }
      return;
    }
    if (previous !== undefined && timeOf(event) < timeOf(previous.event)) {
      issues.add([...path, 'offsetDays'], `event ${quote(event.id)} comes before ${quote(previous.event.id)}; list events in time order`);
    }
    previous = { event, index: i };
  });
  if (!study.schedule.some((e) => e.unscheduled !== true)) {
    issues.add(['schedule'], 'at least one scheduled event is needed');
  }

  const used = new Set(study.schedule.flatMap((e) => e.forms));
  study.forms.forEach((form, i) => {
    if (!used.has(form.id)) issues.add(['forms', i], `form ${quote(form.id)} is on no schedule event`);
  });
}

const timeOf = (event: ScheduleEvent) => event.offsetDays * 24 * 60 + (event.offsetMinutes ?? 0);

function checkForm(study: StudyDefinition, form: FormDefinition, path: IssuePath, issues: Issues): void {
  if (form.arms !== undefined) {
    if (study.design !== 'rct') issues.add([...path, 'arms'], 'only an rct restricts forms to arms');
    const armCodes = (study.arms ?? []).map((a) => a.code);
    form.arms.forEach((arm, k) => {
      if (study.design === 'rct' && !armCodes.includes(arm)) issues.add([...path, 'arms', k], `unknown arm ${quote(arm)}`);
    });
    issues.unique([...path, 'arms'], form.arms, 'arm');
  }
  if (form.cohorts !== undefined) {
    const cohorts = study.cohorts ?? [];
    form.cohorts.forEach((cohort, k) => {
      if (!cohorts.includes(cohort)) issues.add([...path, 'cohorts', k], `unknown cohort ${quote(cohort)}`);
    });
    issues.unique([...path, 'cohorts'], form.cohorts, 'cohort');
  }

  const before = issues.list.length;
  issues.unique(
    [...path, 'fields'],
    form.fields.map((f) => f.id),
    'field id',
    'id',
  );
  form.fields.forEach((field, j) => {
    const fieldPath: IssuePath = [...path, 'fields', j];
    checkField(field, fieldPath, issues);
    if (field.showIf !== undefined) checkShowIf(form, j, fieldPath, issues);
    if (field.calculated !== undefined) {
      const names = checkExpression(study, form, field.calculated, [...fieldPath, 'calculated'], issues);
      if (names.includes(field.id)) issues.add([...fieldPath, 'calculated'], 'a calculated field cannot read itself');
    }
  });

  const checks = form.checks ?? [];
  issues.unique(
    [...path, 'checks'],
    checks.map((c) => c.id),
    'check id',
    'id',
  );
  checks.forEach((check, k) => checkExpression(study, form, check.rule, [...path, 'checks', k, 'rule'], issues));

  // The form engine is the final judge of what it can run (expression types, dependency cycles);
  // asked only when our own checks pass, so that one mistake is not reported twice.
  if (issues.list.length === before) {
    try {
      checkFormDefinition(form);
    } catch (error) {
      issues.add(path, error instanceof Error ? error.message : String(error));
    }
  }
}

function checkField(field: FieldDefinition, path: IssuePath, issues: Issues): void {
  const { type } = field;
  const numeric = type === 'integer' || type === 'decimal';
  const choice = type === 'choice' || type === 'multichoice';
  const notFor = (key: keyof FieldDefinition, allowed: string) => {
    if (field[key] !== undefined) issues.add([...path, key], `${key} applies to ${allowed} fields only, not ${type}`);
  };

  if (RESERVED_FIELD_IDS.has(field.id)) {
    issues.add([...path, 'id'], `${quote(field.id)} is reserved in rules and calculations`);
  }
  if (!numeric) {
    notFor('min', 'integer and decimal');
    notFor('max', 'integer and decimal');
    notFor('unit', 'integer and decimal');
  }
  if (type !== 'decimal') notFor('precision', 'decimal');
  if (type === 'decimal' && field.precision === undefined) issues.add([...path, 'precision'], 'a decimal field needs a precision');
  if (type === 'integer') {
    for (const key of ['min', 'max'] as const) {
      const value = field[key];
      if (value !== undefined && !Number.isInteger(value)) issues.add([...path, key], `${value} is not an integer`);
    }
  }
  if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
    issues.add([...path, 'max'], `max ${field.max} is below min ${field.min}`);
  }
  if (type !== 'text') {
    notFor('pattern', 'text');
    notFor('maxLength', 'text');
  }
  if (field.pattern !== undefined) {
    try {
      new RegExp(field.pattern);
    } catch {
      issues.add([...path, 'pattern'], `${quote(field.pattern)} is not a valid regular expression`);
    }
  }
  if (!choice) {
    notFor('options', 'choice and multichoice');
  } else if (field.options === undefined || field.options.length < 2) {
    issues.add([...path, 'options'], `a ${type} field needs at least two options`);
  } else {
    issues.unique(
      [...path, 'options'],
      field.options.map((o) => o.code),
      'option code',
      'code',
    );
    issues.unique(
      [...path, 'options'],
      field.options.map((o) => o.label),
      'option label',
      'label',
    );
  }
  issues.unique([...path, 'missingCodes'], field.missingCodes ?? [], 'missing code');
}

function checkShowIf(form: FormDefinition, index: number, path: IssuePath, issues: Issues): void {
  const showIf = form.fields[index]!.showIf!;
  const showPath: IssuePath = [...path, 'showIf', 'field'];
  const targetIndex = form.fields.findIndex((f) => f.id === showIf.field);
  if (targetIndex < 0) {
    issues.add(showPath, `unknown field ${quote(showIf.field)}`);
    return;
  }
  if (targetIndex >= index) {
    issues.add(showPath, `${quote(showIf.field)} must be an earlier field of the form`);
    return;
  }
  const target = form.fields[targetIndex]!;
  const values = 'in' in showIf ? showIf.in : [showIf.equals];
  const valuePath: IssuePath = [...path, 'showIf', 'in' in showIf ? 'in' : 'equals'];
  if (target.type === 'boolean') {
    if (values.some((v) => typeof v !== 'boolean')) issues.add(valuePath, `${quote(target.id)} is boolean; compare with true or false`);
  } else if (target.type === 'choice' || target.type === 'multichoice') {
    const codes = new Set((target.options ?? []).map((o) => o.code));
    for (const value of values) {
      if (typeof value !== 'number' || !codes.has(value)) {
        issues.add(valuePath, `${quote(value)} is not an option code of ${quote(target.id)}`);
      }
    }
  } else {
    issues.add(showPath, `showIf can depend on a choice, multichoice or boolean field, not on ${quote(target.id)} (${target.type})`);
  }
}

/**
 * Parses an expression and checks what it reads: the form's own fields, `enrolment.*`, `anchor.*`, or
 * `<formId>.<fieldId>` of another form of the study. Returns the names read.
 */
function checkExpression(study: StudyDefinition, form: FormDefinition, expression: string, path: IssuePath, issues: Issues): string[] {
  let names: string[];
  try {
    names = expressionNames(expression);
  } catch (error) {
    issues.add(path, error instanceof Error ? error.message : String(error));
    return [];
  }
  const own = new Set(form.fields.map((f) => f.id));
  for (const name of names) {
    const dot = name.indexOf('.');
    if (dot < 0) {
      if (!own.has(name)) issues.add(path, `unknown field ${quote(name)}`);
      continue;
    }
    const [root, key] = [name.slice(0, dot), name.slice(dot + 1)];
    if ((CONTEXT_ROOTS as readonly string[]).includes(root)) continue;
    const other = study.forms.find((f) => f.id === root);
    if (other === undefined) {
      issues.add(path, `unknown form or context ${quote(root)} in ${quote(name)}; use a field, <form>.<field>, enrolment.* or anchor.*`);
    } else if (!other.fields.some((f) => f.id === key)) {
      issues.add(path, `unknown field ${quote(key)} of form ${quote(root)}`);
    }
  }
  return names;
}

function checkAnchor(study: StudyDefinition, issues: Issues): void {
  const { anchor } = study;
  const planned = anchor.kind === 'injection' || anchor.kind === 'surgery';
  const an = (/^[aeiou]/.test(anchor.kind) ? 'an ' : 'a ') + anchor.kind;
  if (anchor.kind === 'randomisation' && study.design !== 'rct') {
    issues.add(['anchor', 'kind'], 'only an rct can be anchored on randomisation');
  }
  if (planned !== study.requiresPlannedAnchorDate) {
    issues.add(
      ['requiresPlannedAnchorDate'],
      planned
        ? `${an} anchor is planned at enrolment: set requiresPlannedAnchorDate`
        : `${an} anchor has no planned date: requiresPlannedAnchorDate must be false`,
    );
  }
  if (planned && anchor.actual === undefined) {
    issues.add(['anchor', 'actual'], `${an} anchor needs the form field that holds the actual date`);
  }
  if (!planned && anchor.actual !== undefined) {
    issues.add(['anchor', 'actual'], `${an} anchor has no actual date field`);
  }
  const actual = anchor.actual;
  if (actual === undefined) return;
  const event = study.schedule.find((e) => e.id === actual.eventId);
  const form = study.forms.find((f) => f.id === actual.formId);
  const field = form?.fields.find((f) => f.id === actual.fieldId);
  const path = ['anchor', 'actual'];
  if (event === undefined) issues.add([...path, 'eventId'], `unknown event ${quote(actual.eventId)}`);
  if (form === undefined) {
    issues.add([...path, 'formId'], `unknown form ${quote(actual.formId)}`);
    return;
  }
  if (event !== undefined && !event.forms.includes(form.id)) {
    issues.add([...path, 'formId'], `form ${quote(form.id)} is not on event ${quote(event.id)}`);
  }
  if (form.repeating) issues.add([...path, 'formId'], `form ${quote(form.id)} repeats, so its date is ambiguous`);
  if (form.arms !== undefined || form.cohorts !== undefined) {
    issues.add([...path, 'formId'], `form ${quote(form.id)} is restricted to some participants; every participant needs the anchor`);
  }
  if (field === undefined) {
    issues.add([...path, 'fieldId'], `unknown field ${quote(actual.fieldId)} in form ${quote(form.id)}`);
    return;
  }
  if (field.type !== 'date') issues.add([...path, 'fieldId'], `field ${quote(field.id)} is ${field.type}, not date`);
  if (!field.required || field.showIf !== undefined) {
    issues.add([...path, 'fieldId'], `field ${quote(field.id)} must be required and always shown`);
  }
  if (actual.timeFieldId !== undefined && form.fields.find((f) => f.id === actual.timeFieldId)?.type !== 'text') {
    issues.add([...path, 'timeFieldId'], `${quote(actual.timeFieldId)} is not a text field (HH:MM) of form ${quote(form.id)}`);
  }
}

/** Two fields exporting to the same `event_form_field` column would overwrite each other in data.csv. */
function checkExportColumns(study: StudyDefinition, issues: Issues): void {
  const forms = new Map(study.forms.map((f) => [f.id, f]));
  const columns = new Map<string, string>();
  study.schedule.forEach((event, i) => {
    event.forms.forEach((formId, k) => {
      for (const field of forms.get(formId)?.fields ?? []) {
        const column = exportColumnName(event.id, formId, field.id);
        const where = `${event.id}/${formId}/${field.id}`;
        const other = columns.get(column);
        if (other !== undefined && other !== where) {
          issues.add(['schedule', i, 'forms', k], `export column ${quote(column)} is produced by both ${other} and ${where}`);
        }
        columns.set(column, where);
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// Both layers
// ---------------------------------------------------------------------------------------------------

export type ValidationResult = { ok: true; study: StudyDefinition } | { ok: false; issues: ValidationIssue[] };

/** Validates one definition; on success returns a fresh copy (the input is never kept). */
export function validateStudyDefinition(input: unknown, options: ValidationOptions = {}): ValidationResult {
  const parsed = studyStructureSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => ({
        path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
        message: issue.message,
      })),
    };
  }
  const study: StudyDefinition = parsed.data;
  const issues = crossCheckStudy(study, options);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, study };
}

/** The whole check as one zod schema, for callers that compose zod schemas. */
export const studyDefinitionSchema = studyStructureSchema.superRefine((study, ctx) => {
  for (const issue of crossCheckStudy(study)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});
