import { DateTime, IANAZone } from 'luxon';
import { SchedulingInputError } from './errors';

/** An ISO string that names an instant: it must carry `Z` or an offset, or it would mean the server's zone. */
const ISO_WITH_OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** Zones already checked: the check builds an Intl.DateTimeFormat, too slow to repeat per time point. */
const knownZones = new Set<string>();

export function assertTimeZone(timeZone: string): void {
  if (knownZones.has(timeZone)) return;
  if (!IANAZone.isValidZone(timeZone)) {
    throw new SchedulingInputError(`unknown time zone "${timeZone}"`);
  }
  knownZones.add(timeZone);
}

/** Parses a Date or an ISO string with an offset into an instant shown in `timeZone`. */
export function toInstant(value: string | Date, timeZone: string, label: string): DateTime {
  let parsed: DateTime;
  if (value instanceof Date) {
    parsed = DateTime.fromJSDate(value);
  } else {
    if (!ISO_WITH_OFFSET.test(value.trim())) {
      throw new SchedulingInputError(`${label} must be an ISO instant with Z or an offset, got "${value}"`);
    }
    parsed = DateTime.fromISO(value.trim());
  }
  if (!parsed.isValid) {
    throw new SchedulingInputError(`${label} is not a valid instant: "${String(value)}"`);
  }
  return parsed.setZone(timeZone);
}

/** The instant as an ISO UTC string, the same shape `Date.prototype.toISOString` gives. */
export function toIsoUtc(value: DateTime): string {
  const iso = value.toUTC().toISO();
  if (iso === null) {
    throw new SchedulingInputError(`invalid instant: ${value.invalidExplanation ?? 'unknown reason'}`);
  }
  return iso;
}

/**
 * 00:00 local of a calendar date. Where midnight does not exist (a zone that springs forward at 00:00)
 * luxon moves forward to the first local time that does, which is when that day starts.
 */
export function startOfLocalDay(year: number, month: number, day: number, timeZone: string): DateTime {
  return DateTime.fromObject({ year, month, day }, { zone: timeZone });
}

/** 00:00 local of the calendar day `days` after the local day of `at` (negative: before). */
export function startOfDayPlus(at: DateTime, days: number, timeZone: string): DateTime {
  const local = at.setZone(timeZone);
  const date = DateTime.fromObject({ year: local.year, month: local.month, day: local.day }, { zone: 'UTC' }).plus({
    days,
  });
  return startOfLocalDay(date.year, date.month, date.day, timeZone);
}
