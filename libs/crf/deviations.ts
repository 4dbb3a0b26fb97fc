import { DateTime } from 'luxon';
import { formApplies, type FormDefinition, type StudyDefinition } from '@trialdata/protocol';
import { timePoints } from '@trialdata/scheduling';

export type DeviationKind =
  | 'out_of_window'
  | 'missing_form'
  | 'treatment_in_other_arm'
  | 'eligibility_violation'
  | 'wrong_treatment'
  /** Entered by hand (monitor or data manager). */
  | 'other';

/** Major: may affect the participant's safety or rights, or the primary outcome; minor: everything else. */
export type DeviationGrade = 'major' | 'minor';

export interface Deviation {
  kind: DeviationKind;
  grade: DeviationGrade;
  participantId: string;
  eventId: string;
  formId: string;
  instance: number | null;
  detail: string;
}

/** The default grade of each detected kind (a hand-entered deviation carries its own). */
export const DEFAULT_GRADES: Record<DeviationKind, DeviationGrade> = {
  out_of_window: 'minor',
  missing_form: 'minor',
  treatment_in_other_arm: 'major',
  eligibility_violation: 'major',
  wrong_treatment: 'major',
  other: 'minor',
};

/**
 * A form whose date does not follow its event's window. Listed here, keyed by study code, until the
 * protocol schema has a place for it; each study definition names the same rule beside the form.
 * - `working_days_after_anchor`: from day 0 to `days` working days (Monday to Friday) after the anchor.
 * - `past`: the date belongs to the past (an earlier treatment): any day up to the event's window end.
 * - `results_later`: entered when the laboratory reports, up to `days` after the event's window end;
 *   the form has no date of its own, so the day it was first saved counts.
 */
export type FormWindowRule =
  | { studyCode: string; formId: string; kind: 'working_days_after_anchor'; days: number; source: string }
  | { studyCode: string; formId: string; kind: 'past'; source: string }
  | { studyCode: string; formId: string; kind: 'results_later'; days: number; source: string };

export const FORM_WINDOWS: readonly FormWindowRule[] = [
  {
    studyCode: 'TEIAS',
    formId: 'injection',
    kind: 'working_days_after_anchor',
    days: 4,
    source: 'TEIAS protocol: TEI within 4 working days after randomisation',
  },
  { studyCode: 'EIMICOR', formId: 'prior_tei', kind: 'past', source: 'EIMICOR protocol: patients with TEI before surgery are flagged' },
  {
    studyCode: 'EIMICOR',
    formId: 'microbiology',
    kind: 'results_later',
    days: 21,
    source: 'EIMICOR protocol: cultures incubated about 14 days (platform: 21 days to report)',
  },
  {
    studyCode: 'EIMICOR',
    formId: 'histology',
    kind: 'results_later',
    days: 21,
    source: 'EIMICOR protocol: histology reported about 14 days after surgery (platform: 21 days)',
  },
];

/**
 * The protocol treatment by the level injected (TEIAS protocol): lidocaine + methylprednisolone 40 mg
 * at L3 and below (nerve root code >= 3), lidocaine + dexamethasone 10 mg above L3.
 */
export const TREATMENT_RULES: ReadonlyArray<{
  studyCode: string;
  formId: string;
  check: (values: Record<string, unknown>) => string | null;
}> = [
  {
    studyCode: 'TEIAS',
    formId: 'injection',
    check: (v) => {
      if (typeof v.level !== 'number' || typeof v.drug !== 'number') return null;
      const drug = v.level >= 3 ? 1 : 2;
      const dose = drug === 1 ? 40 : 10;
      const name = drug === 1 ? 'methylprednisolone 40 mg' : 'dexamethasone 10 mg';
      if (v.drug !== drug) return `wrong drug for the level injected (protocol: ${name})`;
      if (typeof v.dose === 'number' && v.dose !== dose) return `wrong dose ${v.dose} mg (protocol: ${name})`;
      return null;
    },
  },
];

/** `days` working days (Monday to Friday) after an ISO date. */
export function addWorkingDays(isoDate: string, days: number): string {
  let d = DateTime.fromISO(isoDate, { zone: 'utc' });
  let left = days;
  while (left > 0) {
    d = d.plus({ days: 1 });
    if (d.weekday <= 5) left -= 1;
  }
  return d.toISODate() as string;
}

function ownWindow(
  rule: FormWindowRule | undefined,
  window: { first: string; last: string },
  anchorDate: string,
): { first: string; last: string } {
  if (!rule) return window;
  const day = (iso: string, plus: number) => DateTime.fromISO(iso, { zone: 'utc' }).plus({ days: plus }).toISODate() as string;
  switch (rule.kind) {
    case 'working_days_after_anchor':
      return { first: anchorDate.slice(0, 10), last: addWorkingDays(anchorDate.slice(0, 10), rule.days) };
    case 'past':
      return { first: '0000-01-01', last: window.last };
    case 'results_later':
      return { first: window.first, last: day(window.last, rule.days) };
  }
}

export interface DeviationParticipant {
  id: string;
  arm: string | null;
  cohort: string | null;
  anchorDate: string | null;
}

export interface DeviationRecord {
  eventId: string;
  formId: string;
  instance: number;
  status: string;
  values: Record<string, unknown>;
  /** When the instance was first saved (ISO instant): the event date when the form has no date field. */
  createdAt: string;
}

/**
 * A treatment recorded outside its arm on a form that everyone may fill in. TEIAS records an injection
 * given to a usual-care participant (a crossover) on `crossover.tei`; the injection form itself is
 * refused outside the TEI arm. Listed here rather than in the study definition until the protocol
 * schema has a place for it; a study without these forms is unaffected.
 */
export const TREATMENT_FLAGS: ReadonlyArray<{ formId: string; fieldId: string; treatmentFormId: string; label: string }> = [
  { formId: 'crossover', fieldId: 'tei', treatmentFormId: 'injection', label: 'injection' },
];

/** The date an event happened according to a form: its `date` field, else the day it was first saved. */
export function eventDate(form: FormDefinition | undefined, record: DeviationRecord, timeZone: string): string {
  const field = form?.fields.find((f) => f.id === 'date' && f.type === 'date');
  const value = field ? record.values[field.id] : undefined;
  if (typeof value === 'string') return value;
  return DateTime.fromISO(record.createdAt, { zone: 'utc' }).setZone(timeZone).toISODate() as string;
}

/** The first and last calendar day (study zone) of each scheduled event's window. */
export function eventWindows(
  study: StudyDefinition,
  anchorDate: string,
  cohort: string | null,
): Map<string, { first: string; last: string }> {
  const scheduled = study.schedule.filter((e) => !e.unscheduled);
  const points = timePoints({ anchorDate, events: scheduled, timeZone: study.timeZone, cohort: cohort ?? undefined });
  const day = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(study.timeZone);
  return new Map(
    points.map((p) => [
      p.eventId,
      { first: day(p.opensAt).toISODate() as string, last: day(p.closesAt).minus({ milliseconds: 1 }).toISODate() as string },
    ]),
  );
}

/**
 * Protocol deviations of one participant, derived from the schedule, the forms saved and today's
 * date (study zone): a form dated outside its event's window; a form of an event whose window has
 * closed still missing or incomplete (once randomised, or anchored in a cohort study); a treatment
 * recorded in an arm that does not receive it.
 */
export function detectDeviations(
  study: StudyDefinition,
  participant: DeviationParticipant,
  records: readonly DeviationRecord[],
  today: string,
): Deviation[] {
  const out: Deviation[] = [];
  const forms = new Map(study.forms.map((f) => [f.id, f]));
  const windows = participant.anchorDate
    ? eventWindows(study, participant.anchorDate, participant.cohort)
    : new Map<string, { first: string; last: string }>();
  const base = { participantId: participant.id };
  const ruleFor = (formId: string) => FORM_WINDOWS.find((r) => r.studyCode === study.code && r.formId === formId);

  for (const record of records) {
    const form = forms.get(record.formId);
    const eventWindow = windows.get(record.eventId);
    const rule = ruleFor(record.formId);
    const window = eventWindow && participant.anchorDate ? ownWindow(rule, eventWindow, participant.anchorDate) : undefined;
    // A form saved with a `past` date and no value (e.g. no earlier injection) has nothing to check.
    if (window && !(rule?.kind === 'past' && typeof record.values.date !== 'string')) {
      const date = rule?.kind === 'results_later' ? eventDate(undefined, record, study.timeZone) : eventDate(form, record, study.timeZone);
      if (date < window.first || date > window.last) {
        out.push({
          ...base,
          kind: 'out_of_window',
          grade: DEFAULT_GRADES.out_of_window,
          eventId: record.eventId,
          formId: record.formId,
          instance: record.instance,
          detail: `${record.formId} dated ${date}, outside the ${record.eventId} window ${window.first} to ${window.last}`,
        });
      }
    }
    if (form && participant.arm !== null && !formApplies(form, { arm: participant.arm, cohort: participant.cohort })) {
      out.push({
        ...base,
        kind: 'treatment_in_other_arm',
        grade: DEFAULT_GRADES.treatment_in_other_arm,
        eventId: record.eventId,
        formId: record.formId,
        instance: record.instance,
        detail: `${record.formId} recorded in arm ${participant.arm}`,
      });
    }
    for (const flag of TREATMENT_FLAGS) {
      const treatment = forms.get(flag.treatmentFormId);
      if (flag.formId !== record.formId || record.values[flag.fieldId] !== true || !treatment || participant.arm === null) continue;
      if (!formApplies(treatment, { arm: participant.arm, cohort: participant.cohort })) {
        out.push({
          ...base,
          kind: 'treatment_in_other_arm',
          grade: DEFAULT_GRADES.treatment_in_other_arm,
          eventId: record.eventId,
          formId: record.formId,
          instance: record.instance,
          detail: `${flag.label} given in arm ${participant.arm} (${record.formId}.${flag.fieldId})`,
        });
      }
    }
  }

  out.push(...ruleDeviations(study, participant, records));

  const due = study.design === 'rct' ? participant.arm !== null : participant.anchorDate !== null;
  if (due) {
    for (const event of study.schedule) {
      const window = windows.get(event.id);
      if (!window || window.last >= today) continue;
      for (const formId of event.forms) {
        const form = forms.get(formId);
        // A repeating form (POTEISS `mri_reread`, adverse events) is filled in when needed, never "missing".
        if (!form || form.repeating || !formApplies(form, { arm: participant.arm, cohort: participant.cohort })) continue;
        const complete = records.some((r) => r.eventId === event.id && r.formId === formId && r.status === 'complete');
        if (!complete) {
          out.push({
            ...base,
            kind: 'missing_form',
            grade: DEFAULT_GRADES.missing_form,
            eventId: event.id,
            formId,
            instance: null,
            detail: `${formId} of ${event.id} is not complete and its window closed on ${window.last}`,
          });
        }
      }
    }
  }
  return out;
}

/**
 * Eligibility violations (an enrolled participant whose eligibility form answers an inclusion
 * criterion "no" or an exclusion criterion "yes") and the wrong drug or dose (TREATMENT_RULES).
 */
function ruleDeviations(study: StudyDefinition, participant: DeviationParticipant, records: readonly DeviationRecord[]): Deviation[] {
  const out: Deviation[] = [];
  const criteria = new Map(study.eligibility.map((c) => [c.id, c]));
  for (const record of records) {
    if (record.status !== 'complete') continue;
    const at = { participantId: participant.id, eventId: record.eventId, formId: record.formId, instance: record.instance };
    if (record.formId === 'eligibility') {
      const failed = Object.entries(record.values)
        .filter(([id, value]) => {
          const c = criteria.get(id);
          return c && ((c.kind === 'inclusion' && value === false) || (c.kind === 'exclusion' && value === true));
        })
        .map(([id]) => id);
      if (failed.length) {
        out.push({
          ...at,
          kind: 'eligibility_violation',
          grade: DEFAULT_GRADES.eligibility_violation,
          detail: `enrolled although not eligible: ${failed.join(', ')}`,
        });
      }
    }
    for (const rule of TREATMENT_RULES) {
      if (rule.studyCode !== study.code || rule.formId !== record.formId) continue;
      const problem = rule.check(record.values);
      if (problem)
        out.push({ ...at, kind: 'wrong_treatment', grade: DEFAULT_GRADES.wrong_treatment, detail: `${record.formId}: ${problem}` });
    }
  }
  return out;
}
