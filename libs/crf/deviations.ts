import { DateTime } from 'luxon';
import { formApplies, type FormDefinition, type StudyDefinition } from '../protocol';
import { timePoints } from '../scheduling';

export type DeviationKind = 'out_of_window' | 'missing_form' | 'treatment_in_other_arm';

export interface Deviation {
  kind: DeviationKind;
  participantId: string;
  eventId: string;
  formId: string;
  instance: number | null;
  detail: string;
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

  for (const record of records) {
    const form = forms.get(record.formId);
    const window = windows.get(record.eventId);
    if (window) {
      const date = eventDate(form, record, study.timeZone);
      if (date < window.first || date > window.last) {
        out.push({
          ...base,
          kind: 'out_of_window',
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
          eventId: record.eventId,
          formId: record.formId,
          instance: record.instance,
          detail: `${flag.label} given in arm ${participant.arm} (${record.formId}.${flag.fieldId})`,
        });
      }
    }
  }

  const due = study.design === 'rct' ? participant.arm !== null : participant.anchorDate !== null;
  if (due) {
    for (const event of study.schedule) {
      const window = windows.get(event.id);
      if (!window || window.last >= today) continue;
      for (const formId of event.forms) {
        const form = forms.get(formId);
        if (!form || !formApplies(form, { arm: participant.arm, cohort: participant.cohort })) continue;
        const complete = records.some((r) => r.eventId === event.id && r.formId === formId && r.status === 'complete');
        if (!complete) {
          out.push({
            ...base,
            kind: 'missing_form',
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
