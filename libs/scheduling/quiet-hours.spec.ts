import { DEFAULT_QUIET_HOURS, SchedulingInputError, deferForQuietHours, parseQuietHours } from './index';

const AMS = 'Europe/Amsterdam';
const QUIET = { start: '21:00', end: '08:00' };

describe('parseQuietHours', () => {
  it('reads the default 21:00-08:00', () => {
    expect(parseQuietHours(DEFAULT_QUIET_HOURS)).toEqual(QUIET);
    expect(parseQuietHours(' 9:30-17:05 ')).toEqual({ start: '09:30', end: '17:05' });
  });

  it("reads 'off' as no quiet hours", () => {
    expect(parseQuietHours('off')).toBeNull();
    expect(parseQuietHours('OFF')).toBeNull();
  });

  it.each(['', '21:00', '21:00-', '21-08', '25:00-08:00', '21:60-08:00', '21:00-08:00-09:00', 'never', '21:00-21:00'])(
    'refuses %j with a clear error',
    (text) => {
      expect(() => parseQuietHours(text)).toThrow(SchedulingInputError);
    },
  );

  it('says what it expected', () => {
    expect(() => parseQuietHours('21h-8h')).toThrow(/^QUIET_HOURS must be "HH:MM-HH:MM".* or "off", got "21h-8h"$/);
  });
});

describe('deferForQuietHours', () => {
  it('moves a 21:30 send to 08:00 the next day', () => {
    expect(deferForQuietHours('2026-06-10T21:30:00+02:00', QUIET, AMS)).toBe('2026-06-11T06:00:00.000Z');
  });

  it('moves a 07:59 send to 08:00 the same day', () => {
    expect(deferForQuietHours('2026-06-10T07:59:00+02:00', QUIET, AMS)).toBe('2026-06-10T06:00:00.000Z');
  });

  it('treats 21:00 as quiet and 08:00 and 20:59 as not', () => {
    expect(deferForQuietHours('2026-06-10T21:00:00+02:00', QUIET, AMS)).toBe('2026-06-11T06:00:00.000Z');
    expect(deferForQuietHours('2026-06-10T08:00:00+02:00', QUIET, AMS)).toBe('2026-06-10T06:00:00.000Z');
    expect(deferForQuietHours(new Date('2026-06-10T18:59:59.999Z'), QUIET, AMS)).toBe('2026-06-10T18:59:59.999Z');
  });

  it('moves a send at local midnight to 08:00 local', () => {
    expect(deferForQuietHours('2026-06-09T22:00:00Z', QUIET, AMS)).toBe('2026-06-10T06:00:00.000Z');
  });

  it('defers to 08:00 summer time across the spring-forward night', () => {
    expect(deferForQuietHours('2026-03-28T21:30:00+01:00', QUIET, AMS)).toBe('2026-03-29T06:00:00.000Z');
  });

  it('defers to 08:00 winter time across the fall-back night', () => {
    expect(deferForQuietHours('2026-10-24T23:30:00+02:00', QUIET, AMS)).toBe('2026-10-25T07:00:00.000Z');
  });

  it('handles quiet hours that do not wrap midnight', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(deferForQuietHours('2026-06-10T12:15:00+02:00', lunch, AMS)).toBe('2026-06-10T11:30:00.000Z');
    expect(deferForQuietHours('2026-06-10T23:15:00+02:00', lunch, AMS)).toBe('2026-06-10T21:15:00.000Z');
  });

  it("sends at any hour when quiet hours are 'off'", () => {
    expect(deferForQuietHours('2026-06-10T03:00:00+02:00', parseQuietHours('off'), AMS)).toBe('2026-06-10T01:00:00.000Z');
  });

  it('refuses an instant without an offset and an unknown zone', () => {
    expect(() => deferForQuietHours('2026-06-10T03:00:00', QUIET, AMS)).toThrow(/offset/);
    expect(() => deferForQuietHours('2026-06-10T03:00:00Z', QUIET, 'Nowhere/Land')).toThrow(/time zone/);
  });
});
