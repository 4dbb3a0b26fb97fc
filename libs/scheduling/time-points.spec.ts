import type { ScheduleEvent } from '@trialdata/protocol';
import { SchedulingInputError, timePoints, windowState } from './index';

const AMS = 'Europe/Amsterdam';

function event(
  id: string,
  offsetDays: number,
  windowBefore: number,
  windowAfter: number,
  extra: Partial<ScheduleEvent> = {},
): ScheduleEvent {
  return { id, title: id, offsetDays, windowBefore, windowAfter, forms: [], instruments: ['NRS_LEG'], ...extra };
}

const TEIAS: ScheduleEvent[] = [
  event('baseline', 0, 0, 2),
  event('week1', 7, 2, 2),
  event('week2', 14, 2, 2),
  event('week4', 28, 4, 4),
  event('week10', 70, 7, 7),
  event('week21', 147, 7, 7),
];

const POTEISS: ScheduleEvent[] = [
  event('baseline', 0, 14, 0),
  event('post30', 0, 0, 0, { offsetMinutes: 30, mode: 'clinic' }),
  event('day4', 4, 1, 1),
  event('week2', 14, 3, 3),
  event('week6', 42, 7, 7),
];

function byId(points: ReturnType<typeof timePoints>, id: string) {
  const found = points.find((p) => p.eventId === id);
  if (!found) throw new Error(`no time point ${id}`);
  return found;
}

describe('timePoints', () => {
  it('schedules TEIAS week 2 due day 14 00:00 local, open from day 12 00:00 to the end of day 16', () => {
    const points = timePoints({ anchorDate: '2026-06-01', events: TEIAS, timeZone: AMS });
    expect(byId(points, 'week2')).toEqual({
      eventId: 'week2',
      dueAt: '2026-06-14T22:00:00.000Z', // 15 June 00:00 CEST
      opensAt: '2026-06-12T22:00:00.000Z', // 13 June 00:00 CEST
      closesAt: '2026-06-17T22:00:00.000Z', // 18 June 00:00 CEST = 24:00 on day 16
      mode: 'remote',
      instruments: ['NRS_LEG'],
    });
    expect(points.map((p) => p.eventId)).toEqual(['baseline', 'week1', 'week2', 'week4', 'week10', 'week21']);
  });

  it('opens the TEIAS baseline on day 0 and closes it at the end of day 2', () => {
    const baseline = byId(timePoints({ anchorDate: '2026-06-01', events: TEIAS, timeZone: AMS }), 'baseline');
    expect(baseline.opensAt).toBe('2026-05-31T22:00:00.000Z');
    expect(baseline.dueAt).toBe('2026-05-31T22:00:00.000Z');
    expect(baseline.closesAt).toBe('2026-06-03T22:00:00.000Z');
  });

  it('keeps local midnight across the spring-forward change (anchor 20 March, +14 days crosses 29 March)', () => {
    const points = timePoints({ anchorDate: '2026-03-20', events: TEIAS, timeZone: AMS });
    expect(byId(points, 'baseline').dueAt).toBe('2026-03-19T23:00:00.000Z'); // CET
    expect(byId(points, 'week2')).toMatchObject({
      dueAt: '2026-04-02T22:00:00.000Z', // CEST
      opensAt: '2026-03-31T22:00:00.000Z',
      closesAt: '2026-04-05T22:00:00.000Z', // 6 April 00:00 CEST
    });
    // A window that straddles the change opens in CET and closes in CEST: 5 local days are 119 hours.
    const week1 = byId(points, 'week1');
    expect(week1).toMatchObject({
      opensAt: '2026-03-24T23:00:00.000Z',
      dueAt: '2026-03-26T23:00:00.000Z',
      closesAt: '2026-03-29T22:00:00.000Z',
    });
    expect((Date.parse(week1.closesAt) - Date.parse(week1.opensAt)) / 3_600_000).toBe(119);
  });

  it('keeps local midnight across the fall-back change (25 October)', () => {
    const week1 = byId(timePoints({ anchorDate: '2026-10-20', events: TEIAS, timeZone: AMS }), 'week1');
    expect(week1).toMatchObject({
      opensAt: '2026-10-24T22:00:00.000Z', // 25 Oct 00:00 CEST
      dueAt: '2026-10-26T23:00:00.000Z', // 27 Oct 00:00 CET
      closesAt: '2026-10-29T23:00:00.000Z', // 30 Oct 00:00 CET
    });
    expect((Date.parse(week1.closesAt) - Date.parse(week1.opensAt)) / 3_600_000).toBe(121);
  });

  it('starts a day whose midnight does not exist at its first local time (Santiago springs forward at 00:00)', () => {
    const [due] = timePoints({
      anchorDate: '2026-09-01',
      events: [event('d5', 5, 0, 0)],
      timeZone: 'America/Santiago',
    });
    expect(due.dueAt).toBe('2026-09-06T04:00:00.000Z'); // 6 Sep 01:00 -03
  });

  it('opens the POTEISS baseline 14 days before the injection day and closes it at the end of that day', () => {
    const baseline = byId(timePoints({ anchorDate: '2026-05-12', events: POTEISS, timeZone: AMS }), 'baseline');
    expect(baseline).toMatchObject({
      opensAt: '2026-04-27T22:00:00.000Z', // 28 April 00:00 CEST
      dueAt: '2026-05-11T22:00:00.000Z',
      closesAt: '2026-05-12T22:00:00.000Z',
    });
  });

  it('puts the POTEISS 30-minute event 30 minutes after the injection instant, open until the end of that day', () => {
    const points = timePoints({
      anchorDate: '2026-05-12',
      anchorInstant: '2026-05-12T10:15:00+02:00',
      events: POTEISS,
      timeZone: AMS,
    });
    expect(byId(points, 'post30')).toEqual({
      eventId: 'post30',
      dueAt: '2026-05-12T08:45:00.000Z',
      opensAt: '2026-05-12T08:45:00.000Z',
      closesAt: '2026-05-12T22:00:00.000Z',
      mode: 'clinic',
      instruments: ['NRS_LEG'],
    });
    // Day events ignore the time of day of the anchor.
    expect(byId(points, 'day4').dueAt).toBe('2026-05-15T22:00:00.000Z');
  });

  it('reads an anchor instant without offset as study-local wall time', () => {
    const [post] = timePoints({
      anchorDate: '2026-05-12',
      anchorInstant: '2026-05-12T10:15',
      events: [POTEISS[1]],
      timeZone: AMS,
    });
    expect(post.dueAt).toBe('2026-05-12T08:45:00.000Z');
  });

  it('counts the 30 minutes as elapsed time across the DST change', () => {
    const [post] = timePoints({
      anchorDate: '2026-03-29',
      anchorInstant: '2026-03-29T01:45:00+01:00',
      events: [POTEISS[1]],
      timeZone: AMS,
    });
    expect(post.dueAt).toBe('2026-03-29T01:15:00.000Z'); // 03:15 CEST
    expect(post.closesAt).toBe('2026-03-29T22:00:00.000Z');
  });

  it('uses 00:00 local of the anchor date for the 30-minute event while the injection time is unknown', () => {
    const [post] = timePoints({ anchorDate: '2026-05-12', events: [POTEISS[1]], timeZone: AMS });
    expect(post.dueAt).toBe('2026-05-11T22:30:00.000Z');
  });

  it("picks the cohort's instruments when the event has them", () => {
    const week6 = event('week6', 42, 7, 7, {
      instruments: ['NRS_LEG'],
      instrumentsByCohort: { cervical: ['NRS_ARM', 'NDI'] },
    });
    expect(timePoints({ anchorDate: '2026-05-12', events: [week6], timeZone: AMS, cohort: 'cervical' })[0].instruments).toEqual([
      'NRS_ARM',
      'NDI',
    ]);
    expect(timePoints({ anchorDate: '2026-05-12', events: [week6], timeZone: AMS, cohort: 'lumbar' })[0].instruments).toEqual(['NRS_LEG']);
  });

  it('gives a cohort no instruments when its list is empty', () => {
    const week6 = event('week6', 42, 7, 7, { instrumentsByCohort: { cervical: [] } });
    expect(timePoints({ anchorDate: '2026-05-12', events: [week6], timeZone: AMS, cohort: 'cervical' })[0].instruments).toEqual([]);
  });

  it('refuses a malformed anchor date, an unknown zone, an anchor instant on another day and fractional days', () => {
    const base = { events: TEIAS, timeZone: AMS };
    expect(() => timePoints({ ...base, anchorDate: '2026-02-30' })).toThrow(SchedulingInputError);
    expect(() => timePoints({ ...base, anchorDate: '12-05-2026' })).toThrow(/YYYY-MM-DD/);
    expect(() => timePoints({ ...base, anchorDate: '2026-05-12', timeZone: 'Mars/Olympus' })).toThrow(/time zone/);
    expect(() => timePoints({ ...base, anchorDate: '2026-05-12', anchorInstant: '2026-05-13T10:00:00+02:00' })).toThrow(
      /not on anchorDate/,
    );
    expect(() => timePoints({ ...base, anchorDate: '2026-05-12', events: [event('x', 1.5, 0, 0)] })).toThrow(/offsetDays/);
    expect(() => timePoints({ ...base, anchorDate: '2026-05-12', events: [event('x', 1, 0, 0), event('x', 2, 0, 0)] })).toThrow(
      /duplicate/,
    );
  });
});

describe('windowState', () => {
  const tp = { opensAt: '2026-06-12T22:00:00.000Z', closesAt: '2026-06-17T22:00:00.000Z' };

  it('is upcoming before opening, open from opensAt up to closesAt, closed from closesAt', () => {
    expect(windowState(tp, '2026-06-12T21:59:59.999Z')).toBe('upcoming');
    expect(windowState(tp, '2026-06-12T22:00:00.000Z')).toBe('open');
    expect(windowState(tp, new Date('2026-06-17T21:59:59.999Z'))).toBe('open');
    expect(windowState(tp, '2026-06-18T00:00:00+02:00')).toBe('closed');
  });
});
