import type { DateTime } from 'luxon';
import { SchedulingInputError } from './errors';
import { assertTimeZone, startOfDayPlus, toInstant, toIsoUtc } from './instant';

/** Local wall times `HH:MM`; `start` may be later than `end` (21:00–08:00 wraps midnight). */
export interface QuietHours {
  start: string;
  end: string;
}

export const DEFAULT_QUIET_HOURS = '21:00-08:00';

const CLOCK = /^(\d{1,2}):(\d{2})$/;

/** Reads the QUIET_HOURS setting: `HH:MM-HH:MM`, or `off` (→ null: send at any hour). */
export function parseQuietHours(value: string): QuietHours | null {
  const text = value.trim();
  if (text.toLowerCase() === 'off') return null;
  const parts = text.split('-');
  if (parts.length !== 2) {
    throw new SchedulingInputError(`QUIET_HOURS must be "HH:MM-HH:MM" (e.g. "21:00-08:00") or "off", got "${value}"`);
  }
  const quiet = { start: normaliseClock(parts[0].trim(), value), end: normaliseClock(parts[1].trim(), value) };
  validateQuietHours(quiet);
  return quiet;
}

/**
 * The instant itself when it is outside quiet hours, else the next end of quiet hours (local wall time
 * in `timeZone`). Quiet hours are [start, end): 21:00 is quiet, 08:00 is not. Returns an ISO UTC string.
 */
export function deferForQuietHours(instant: string | Date, quietHours: QuietHours | null, timeZone: string): string {
  assertTimeZone(timeZone);
  return toIsoUtc(deferInstant(toInstant(instant, timeZone, 'instant'), quietHours, timeZone));
}

/** The same rule on a luxon instant, for callers inside this library. */
export function deferInstant(at: DateTime, quietHours: QuietHours | null, timeZone: string): DateTime {
  if (quietHours === null) return at;
  validateQuietHours(quietHours);
  const local = at.setZone(timeZone);
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  const now = local.hour * 60 + local.minute + (local.second * 1000 + local.millisecond) / 60000;
  const endOn = (daysAhead: number): DateTime =>
    startOfDayPlus(local, daysAhead, timeZone).set({ hour: Math.floor(end / 60), minute: end % 60 });

  if (start < end) return now >= start && now < end ? endOn(0) : at;
  if (now >= start) return endOn(1);
  if (now < end) return endOn(0);
  return at;
}

function validateQuietHours(quiet: QuietHours): void {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) {
    throw new SchedulingInputError(`quiet hours start and end are both ${quiet.start}; use "off" to disable them`);
  }
}

function normaliseClock(text: string, whole: string): string {
  const match = CLOCK.exec(text);
  const hour = match ? Number(match[1]) : NaN;
  const minute = match ? Number(match[2]) : NaN;
  if (!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59)) {
    throw new SchedulingInputError(
      `QUIET_HOURS must be "HH:MM-HH:MM" with times 00:00–23:59 (e.g. "21:00-08:00") or "off", got "${whole}"`,
    );
  }
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

function minutesOf(clock: string): number {
  const normal = normaliseClock(clock, clock);
  return Number(normal.slice(0, 2)) * 60 + Number(normal.slice(3));
}
