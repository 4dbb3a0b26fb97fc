import { DateTime } from 'luxon';
import { RuleViolationError } from '@trialdata/common';
import { END_OF_STUDY_FORM } from '@trialdata/participants';
import type { FormTarget } from './target';

/** The rule a refused save names (`rule` in the problem+json body). */
export const NO_FURTHER_DATA_RULE = 'WITHDRAWN_NO_FURTHER_DATA';

const plusDays = (date: string, days: number): string => DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() as string;

/**
 * The day the data of a form instance belong to, or null when it cannot be told:
 * - a scheduled event: the first day of its window (anchor date + offset − window before; without an
 *   anchor, the enrolment day for day-0 events only): data of a window that opened on or before the
 *   withdrawal may have been collected before it;
 * - an unscheduled form (adverse event, medication, additional treatment): its first date field as
 *   entered (onset, start), the one date that places the event in time.
 */
export function dataDate(target: FormTarget, values: Record<string, unknown>, enrolmentDay: string | null): string | null {
  const { event, form, participant } = target;
  if (!event.unscheduled) {
    const days = event.offsetDays - event.windowBefore;
    if (participant.anchorDate) return plusDays(participant.anchorDate, days);
    return days <= 0 ? enrolmentDay : null;
  }
  const field = form.fields.find(
    (f) => f.type === 'date' && typeof values[f.id] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(values[f.id] as string),
  );
  return field ? (values[field.id] as string) : null;
}

/**
 * A participant who withdrew consent without allowing further data (`withdrawal.furtherData: false`)
 * takes no data about the time after the withdrawal date: a save of a form whose data date (above) is
 * later than the withdrawal date, or cannot be told, is refused (422, rule WITHDRAWN_NO_FURTHER_DATA).
 * Data of before the withdrawal may still be entered and corrected (late entry, query answers), and the
 * end-of-study form, which records the withdrawal, always may.
 */
export function assertFurtherDataAllowed(target: FormTarget, values: Record<string, unknown>, enrolmentDay: string | null): void {
  const w = target.participant.withdrawal;
  if (!w || w.furtherData || target.form.id === END_OF_STUDY_FORM.formId) return;
  const date = dataDate(target, values, enrolmentDay);
  if (date !== null && date <= w.date) return;
  const what = target.event.unscheduled
    ? date === null
      ? `${target.form.id} has no date placing it before the withdrawal`
      : `${target.form.id} is dated ${date}`
    : date === null
      ? `event ${target.event.id} has no date yet (no anchor)`
      : `event ${target.event.id} opens on ${date}`;
  throw new RuleViolationError(
    `${target.participant.label} withdrew consent on ${w.date} without allowing further data; ${what}, after the withdrawal, so no data can be entered for it`,
    [{ field: 'formId', message: 'no further data after the withdrawal' }],
    { rule: NO_FURTHER_DATA_RULE, withdrawalDate: w.date },
  );
}
