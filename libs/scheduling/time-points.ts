import { DateTime } from 'luxon';
import type { ScheduleEvent } from '@trialdata/protocol';
import { SchedulingInputError } from './errors';
import { assertTimeZone, startOfDayPlus, startOfLocalDay, toInstant, toIsoUtc } from './instant';

export interface TimePointInput {
  /** Day 0 of the schedule, a calendar date in the study time zone. */
  anchorDate: string;
  /**
   * The anchor as an instant (e.g. the injection time), used only by events with `offsetMinutes`.
   * An ISO string with an offset, or a local wall time (`2026-05-12T10:15`) read in `timeZone`.
   */
  anchorInstant?: string;
  events: ScheduleEvent[];
  /** IANA zone of the study (`Europe/Amsterdam`). */
  timeZone: string;
  /** The participant's cohort (EIMICOR lumbar / cervical): picks `instrumentsByCohort`. */
  cohort?: string;
}

/** One scheduled questionnaire. Instants are ISO UTC strings. */
export interface TimePoint {
  eventId: string;
  dueAt: string;
  opensAt: string;
  /** Exclusive: the window is [opensAt, closesAt). */
  closesAt: string;
  mode: 'remote' | 'clinic';
  /** The instruments for this participant (cohort-specific when the event has them). */
  instruments: string[];
}

export type WindowState = 'upcoming' | 'open' | 'closed';

const ANCHOR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The time points of a schedule from its anchor.
 *
 * Day events (no `offsetMinutes`): due 00:00 local of anchor date + offsetDays; open 00:00 local
 * windowBefore days earlier; close 24:00 local of the day windowAfter days later (= 00:00 of the next
 * day). Days are calendar days in the study zone, so a window that crosses a DST change is 23 or 25
 * hours longer or shorter in UTC, never shifted by an hour.
 *
 * Minute events (`offsetMinutes`, POTEISS "30 minutes after injection"): due = anchor instant +
 * offsetDays calendar days + offsetMinutes exact minutes (00:00 local of the anchor date when no anchor
 * instant is known yet). The window opens at the due instant, because the measurement is defined
 * relative to the injection and cannot precede it (windowBefore is ignored), and closes at 24:00 local
 * of the due day + windowAfter days.
 */
export function timePoints(input: TimePointInput): TimePoint[] {
  const { events, timeZone, cohort } = input;
  assertTimeZone(timeZone);
  const anchorDay = parseAnchorDate(input.anchorDate, timeZone);
  const anchorInstant = input.anchorInstant === undefined ? undefined : parseAnchorInstant(input.anchorInstant, timeZone);
  if (anchorInstant && anchorInstant.toISODate() !== anchorDay.toISODate()) {
    throw new SchedulingInputError(
      `anchorInstant ${input.anchorInstant} falls on ${anchorInstant.toISODate()} in ${timeZone}, not on anchorDate ${input.anchorDate}`,
    );
  }
  const seen = new Set<string>();
  return events.map((event) => {
    validateEvent(event);
    if (seen.has(event.id)) throw new SchedulingInputError(`duplicate schedule event id "${event.id}"`);
    seen.add(event.id);
    const { dueAt, opensAt, closesAt } =
      event.offsetMinutes === undefined ? dayWindow(anchorDay, event, timeZone) : minuteWindow(anchorInstant ?? anchorDay, event, timeZone);
    return {
      eventId: event.id,
      dueAt: toIsoUtc(dueAt),
      opensAt: toIsoUtc(opensAt),
      closesAt: toIsoUtc(closesAt),
      mode: event.mode ?? 'remote',
      instruments: [...((cohort === undefined ? undefined : event.instrumentsByCohort?.[cohort]) ?? event.instruments)],
    };
  });
}

/** Where `now` stands against the window [opensAt, closesAt). */
export function windowState(tp: Pick<TimePoint, 'opensAt' | 'closesAt'>, now: Date | string): WindowState {
  const at = toInstant(now, 'UTC', 'now').toMillis();
  if (at < toInstant(tp.opensAt, 'UTC', 'opensAt').toMillis()) return 'upcoming';
  if (at < toInstant(tp.closesAt, 'UTC', 'closesAt').toMillis()) return 'open';
  return 'closed';
}

interface Window {
  dueAt: DateTime;
  opensAt: DateTime;
  closesAt: DateTime;
}

function dayWindow(anchorDay: DateTime, event: ScheduleEvent, timeZone: string): Window {
  return {
    dueAt: startOfDayPlus(anchorDay, event.offsetDays, timeZone),
    opensAt: startOfDayPlus(anchorDay, event.offsetDays - event.windowBefore, timeZone),
    closesAt: startOfDayPlus(anchorDay, event.offsetDays + event.windowAfter + 1, timeZone),
  };
}

function minuteWindow(anchor: DateTime, event: ScheduleEvent, timeZone: string): Window {
  // Calendar days first (keeps the wall time across DST), then exact minutes.
  const dueAt = anchor
    .setZone(timeZone)
    .plus({ days: event.offsetDays })
    .plus({ minutes: event.offsetMinutes ?? 0 });
  return { dueAt, opensAt: dueAt, closesAt: startOfDayPlus(dueAt, event.windowAfter + 1, timeZone) };
}

function parseAnchorDate(value: string, timeZone: string): DateTime {
  const match = ANCHOR_DATE.exec(value);
  const day = match ? startOfLocalDay(Number(match[1]), Number(match[2]), Number(match[3]), timeZone) : undefined;
  if (!day || !day.isValid) {
    throw new SchedulingInputError(`anchorDate must be a date YYYY-MM-DD, got "${value}"`);
  }
  return day;
}

function parseAnchorInstant(value: string, timeZone: string): DateTime {
  const parsed = DateTime.fromISO(value.trim(), { zone: timeZone });
  if (!parsed.isValid || !value.includes('T')) {
    throw new SchedulingInputError(`anchorInstant must be an ISO date-time, got "${value}"`);
  }
  return parsed;
}

function validateEvent(event: ScheduleEvent): void {
  const integer = (name: string, value: number | undefined, min: number): void => {
    if (value === undefined || !Number.isInteger(value) || value < min) {
      throw new SchedulingInputError(`event "${event.id}": ${name} must be an integer >= ${min}, got ${String(value)}`);
    }
  };
  integer('offsetDays', event.offsetDays, Number.MIN_SAFE_INTEGER);
  integer('windowBefore', event.windowBefore, 0);
  integer('windowAfter', event.windowAfter, 0);
  if (event.offsetMinutes !== undefined) integer('offsetMinutes', event.offsetMinutes, Number.MIN_SAFE_INTEGER);
}
