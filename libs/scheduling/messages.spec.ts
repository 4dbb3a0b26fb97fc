import type { ReminderPolicy, ScheduleEvent } from '@trialdata/protocol';
import { planMessages, timePoints, type PlannedMessage } from './index';

const AMS = 'Europe/Amsterdam';
const QUIET = { start: '21:00', end: '08:00' };
const POLICY: ReminderPolicy = { reminderDays: [2, 5], coordinatorTaskDaysBeforeClose: 1 };

function event(
  id: string,
  offsetDays: number,
  windowBefore: number,
  windowAfter: number,
  extra: Partial<ScheduleEvent> = {},
): ScheduleEvent {
  return { id, title: id, offsetDays, windowBefore, windowAfter, forms: [], instruments: ['NRS_LEG'], ...extra };
}

function plan(events: ScheduleEvent[], anchorDate: string, reminders = POLICY, quietHours: typeof QUIET | null = QUIET): PlannedMessage[] {
  return planMessages({
    timePoints: timePoints({ anchorDate, events, timeZone: AMS }),
    reminders,
    quietHours,
    timeZone: AMS,
  });
}

const summary = (messages: PlannedMessage[]) => messages.map((m) => `${m.key} ${m.sendAt}`);

describe('planMessages', () => {
  it('invites at 08:00 local when the window opens at 00:00, reminds 2 days later and raises a task 1 day before close', () => {
    // TEIAS week 2 from anchor 1 June: open 13 June 00:00 to 18 June 00:00 local.
    expect(summary(plan([event('week2', 14, 2, 2)], '2026-06-01'))).toEqual([
      'week2:invitation:1 2026-06-13T06:00:00.000Z',
      'week2:reminder:1 2026-06-15T06:00:00.000Z',
      // reminder 2 (day 5) would fall at closesAt: not planned
      'week2:coordinator_task:1 2026-06-17T06:00:00.000Z',
    ]);
  });

  it('gives every message a deterministic key and a 1-based number per kind', () => {
    const messages = plan([event('week10', 70, 7, 7)], '2026-06-01');
    expect(messages.map(({ key, kind, number, eventId }) => ({ key, kind, number, eventId }))).toEqual([
      { key: 'week10:invitation:1', kind: 'invitation', number: 1, eventId: 'week10' },
      { key: 'week10:reminder:1', kind: 'reminder', number: 1, eventId: 'week10' },
      { key: 'week10:reminder:2', kind: 'reminder', number: 2, eventId: 'week10' },
      { key: 'week10:coordinator_task:1', kind: 'coordinator_task', number: 1, eventId: 'week10' },
    ]);
    expect(plan([event('week10', 70, 7, 7)], '2026-06-01')).toEqual(messages);
  });

  it('does not schedule reminders at or after the window closes', () => {
    // Baseline day 0..+2: open 1 June 00:00 to 4 June 00:00; day 5 is after close.
    const messages = plan([event('baseline', 0, 0, 2)], '2026-06-01', {
      reminderDays: [2, 3, 5],
      coordinatorTaskDaysBeforeClose: 1,
    });
    expect(messages.filter((m) => m.kind === 'reminder').map((m) => m.sendAt)).toEqual(['2026-06-03T06:00:00.000Z']);
  });

  it('drops a reminder that quiet hours push past the close', () => {
    const messages = planMessages({
      timePoints: [{ eventId: 'x', opensAt: '2026-06-01T18:00:00.000Z', closesAt: '2026-06-03T20:00:00.000Z' }],
      reminders: { reminderDays: [2], coordinatorTaskDaysBeforeClose: 0 },
      quietHours: { start: '19:00', end: '08:00' },
      timeZone: AMS,
    });
    // Reminder day 2 would be 3 June 20:00 local, deferred to 4 June 08:00, after the 22:00 close.
    expect(summary(messages)).toEqual(['x:invitation:1 2026-06-02T06:00:00.000Z']);
  });

  it('leaves no gap longer than maxGapDays in a long window: EIMICOR week 16 (±14 days) reminds every 7 days after day 5', () => {
    // Anchor 1 June: week 16 is day 112 (21 Sep); open 7 Sep 00:00 to 6 Oct 00:00 local (29 days).
    const long = event('week16', 112, 14, 14);
    const policy: ReminderPolicy = { reminderDays: [2, 5], coordinatorTaskDaysBeforeClose: 2, maxGapDays: 7 };
    const messages = plan([long], '2026-06-01', policy);
    expect(summary(messages)).toEqual([
      'week16:invitation:1 2026-09-07T06:00:00.000Z',
      'week16:reminder:1 2026-09-09T06:00:00.000Z',
      'week16:reminder:2 2026-09-12T06:00:00.000Z',
      'week16:reminder:3 2026-09-19T06:00:00.000Z',
      'week16:reminder:4 2026-09-26T06:00:00.000Z',
      'week16:reminder:5 2026-10-03T06:00:00.000Z',
      'week16:coordinator_task:1 2026-10-04T06:00:00.000Z',
    ]);
    // Without it, the same window goes from day 5 to the coordinator task on day 27: 22 days without a message.
    const gaps = (ms: PlannedMessage[]) => {
      const days = ms.map((m) => Date.parse(m.sendAt) / 86_400_000);
      return Math.max(...days.slice(1).map((d, i) => d - days[i]!));
    };
    expect(gaps(plan([long], '2026-06-01', { ...policy, maxGapDays: undefined }))).toBeCloseTo(22, 0);
    expect(gaps(messages)).toBeLessThanOrEqual(7);
    // Short windows are unchanged: TEIAS week 2 (±2 days) gets no extra reminder.
    expect(plan([event('week2', 14, 2, 2)], '2026-06-01', policy).filter((m) => m.kind === 'reminder')).toHaveLength(1);
  });

  it('refuses a maxGapDays that is not a whole number of days >= 1', () => {
    expect(() => plan([event('w', 14, 2, 2)], '2026-06-01', { ...POLICY, maxGapDays: 0 })).toThrow(/maxGapDays/);
    expect(() => plan([event('w', 14, 2, 2)], '2026-06-01', { ...POLICY, maxGapDays: 1.5 })).toThrow(/maxGapDays/);
  });

  it('raises the coordinator task N days before close, at 08:00 local', () => {
    // TEIAS week 10: open day 63 (3 Aug) to day 78 (18 Aug) 00:00 local; 2 days before close = 16 Aug.
    const messages = plan([event('week10', 70, 7, 7)], '2026-06-01', {
      reminderDays: [],
      coordinatorTaskDaysBeforeClose: 2,
    });
    expect(summary(messages)).toEqual([
      'week10:invitation:1 2026-08-03T06:00:00.000Z',
      'week10:coordinator_task:1 2026-08-16T06:00:00.000Z',
    ]);
  });

  it('raises no coordinator task when N days before close is not after opening', () => {
    const baseline = event('baseline', 0, 0, 2); // 3 days long
    const kinds = (n: number) => plan([baseline], '2026-06-01', { reminderDays: [], coordinatorTaskDaysBeforeClose: n }).map((m) => m.kind);
    expect(kinds(2)).toEqual(['invitation', 'coordinator_task']);
    expect(kinds(3)).toEqual(['invitation']);
    expect(kinds(4)).toEqual(['invitation']);
    expect(kinds(0)).toEqual(['invitation']);
  });

  it("sends at window opening, local midnight, when quiet hours are 'off'", () => {
    expect(summary(plan([event('week2', 14, 2, 2)], '2026-06-01', POLICY, null))).toEqual([
      'week2:invitation:1 2026-06-12T22:00:00.000Z',
      'week2:reminder:1 2026-06-14T22:00:00.000Z',
      'week2:coordinator_task:1 2026-06-16T22:00:00.000Z',
    ]);
  });

  it('keeps 08:00 local on both sides of the spring-forward change', () => {
    // TEIAS week 1 from 20 March: opens 25 March 00:00 CET; reminder 2 days later is 27 March, day 5 is 30 March CEST.
    const messages = plan([event('week1', 7, 2, 2)], '2026-03-20', {
      reminderDays: [2, 4],
      coordinatorTaskDaysBeforeClose: 1,
    });
    expect(summary(messages)).toEqual([
      'week1:invitation:1 2026-03-25T07:00:00.000Z',
      'week1:reminder:1 2026-03-27T07:00:00.000Z',
      'week1:reminder:2 2026-03-29T06:00:00.000Z',
      'week1:coordinator_task:1 2026-03-29T06:00:00.000Z',
    ]);
  });

  it('sends nothing for clinic-mode events or events without instruments', () => {
    const events = [
      event('baseline', 0, 14, 0),
      event('post30', 0, 0, 0, { offsetMinutes: 30, mode: 'clinic' }),
      event('crfOnly', 4, 1, 1, { instruments: [] }),
    ];
    const points = timePoints({
      anchorDate: '2026-05-12',
      anchorInstant: '2026-05-12T10:15:00+02:00',
      events,
      timeZone: AMS,
    });
    const messages = planMessages({ timePoints: points, reminders: POLICY, quietHours: QUIET, timeZone: AMS });
    expect(new Set(messages.map((m) => m.eventId))).toEqual(new Set(['baseline']));
  });

  it('sorts reminder days so reminder n is always the n-th smallest', () => {
    const messages = plan([event('week10', 70, 7, 7)], '2026-06-01', {
      reminderDays: [5, 2, 5],
      coordinatorTaskDaysBeforeClose: 0,
    });
    expect(summary(messages.filter((m) => m.kind === 'reminder'))).toEqual([
      'week10:reminder:1 2026-08-05T06:00:00.000Z',
      'week10:reminder:2 2026-08-08T06:00:00.000Z',
    ]);
  });

  it('refuses a reminder day below 1 and a negative task lead', () => {
    expect(() => plan([event('w', 7, 2, 2)], '2026-06-01', { reminderDays: [0], coordinatorTaskDaysBeforeClose: 1 })).toThrow(
      /reminderDays/,
    );
    expect(() => plan([event('w', 7, 2, 2)], '2026-06-01', { reminderDays: [2], coordinatorTaskDaysBeforeClose: -1 })).toThrow(
      /coordinatorTaskDaysBeforeClose/,
    );
  });
});
