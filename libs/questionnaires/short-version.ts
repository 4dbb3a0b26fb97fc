import { DateTime } from 'luxon';
import type { StudyDefinition } from '@trialdata/protocol';
import { deferForQuietHours, type PlannedMessage, type QuietHours } from '@trialdata/scheduling';

/**
 * The short version of a time point (issue 13 item 6, the study's `shortVersion`): only the primary-outcome
 * instruments, offered to a participant who has not answered the full questionnaire
 * `offerDaysBeforeClose` calendar days before its window closes (moved out of quiet hours; not at all
 * when that is not before the close or not after the opening). Its message, `short_version` 1, carries
 * its own link; a submission of either version completes the time point and cancels the other's
 * pending messages, so a responder never gets the offer.
 */
export function shortVersionMessages(
  def: StudyDefinition,
  timePoints: ReadonlyArray<{ eventId: string; opensAt: string; closesAt: string; mode: string; instruments: string[] }>,
  quietHours: QuietHours | null,
): PlannedMessage[] {
  const short = def.shortVersion;
  if (!short) return [];
  const plan: PlannedMessage[] = [];
  for (const tp of timePoints) {
    if (!short.events.includes(tp.eventId) || tp.mode === 'clinic') continue;
    if (shortInstruments(def, tp.eventId, tp.instruments).length === 0) continue;
    const closes = DateTime.fromISO(tp.closesAt, { zone: def.timeZone });
    const at = deferForQuietHours(closes.minus({ days: short.offerDaysBeforeClose }).toJSDate(), quietHours, def.timeZone);
    if (Date.parse(at) >= Date.parse(tp.closesAt) || Date.parse(at) <= Date.parse(tp.opensAt)) continue;
    plan.push({ key: `${tp.eventId}:short_version:1`, eventId: tp.eventId, kind: 'short_version', number: 1, sendAt: at });
  }
  return plan;
}

/** The short version's instruments at a time point: the study's, among those the time point gives. */
export function shortInstruments(def: StudyDefinition | undefined, eventId: string, given: readonly string[]): string[] {
  const short = def?.shortVersion;
  if (!short || !short.events.includes(eventId)) return [];
  return short.instruments.filter((code) => given.includes(code));
}
