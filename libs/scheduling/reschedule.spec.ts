import type { ReminderPolicy, ScheduleEvent } from '@trialdata/protocol';
import { planMessages, reschedule, timePoints, type PlannedMessage } from './index';

const AMS = 'Europe/Amsterdam';
const POLICY: ReminderPolicy = { reminderDays: [2, 5], coordinatorTaskDaysBeforeClose: 1 };
const EVENTS: ScheduleEvent[] = [
  {
    id: 'week2',
    title: 'Week 2',
    offsetDays: 14,
    windowBefore: 2,
    windowAfter: 2,
    forms: [],
    instruments: ['NRS_LEG'],
  },
  {
    id: 'week4',
    title: 'Week 4',
    offsetDays: 28,
    windowBefore: 4,
    windowAfter: 4,
    forms: [],
    instruments: ['NRS_LEG'],
  },
];

function plan(anchorDate: string, reminders = POLICY): PlannedMessage[] {
  return planMessages({
    timePoints: timePoints({ anchorDate, events: EVENTS, timeZone: AMS }),
    reminders,
    quietHours: { start: '21:00', end: '08:00' },
    timeZone: AMS,
  });
}

const keys = (messages: PlannedMessage[]) => messages.map((m) => m.key);

describe('reschedule', () => {
  it('cancels and re-adds every message, 3 days later, when the anchor moves 3 days', () => {
    const before = plan('2026-06-01');
    const after = plan('2026-06-04');
    const diff = reschedule(before, after);
    expect(diff.keep).toEqual([]);
    expect(keys(diff.cancel)).toEqual(keys(before));
    expect(keys(diff.add)).toEqual(keys(before));
    expect(diff.cancel).toEqual(before);
    expect(diff.add).toEqual(after);
    expect(diff.moved[0]).toEqual({
      key: 'week2:invitation:1',
      from: '2026-06-13T06:00:00.000Z',
      to: '2026-06-16T06:00:00.000Z',
    });
    for (const move of diff.moved) expect(Date.parse(move.to) - Date.parse(move.from)).toBe(3 * 24 * 3_600_000);
  });

  it('keeps every message when the anchor does not change', () => {
    const diff = reschedule(plan('2026-06-01'), plan('2026-06-01'));
    expect(diff).toEqual({ cancel: [], keep: plan('2026-06-01'), add: [], moved: [] });
  });

  it('adds and cancels only the messages whose keys appear, disappear or move', () => {
    // Same anchor, new policy: a day-3 reminder appears; a task 5 days before close no longer fits the
    // 5-day week 2 window and moves 4 days earlier in the 9-day week 4 window.
    const diff = reschedule(
      plan('2026-06-01', { reminderDays: [2], coordinatorTaskDaysBeforeClose: 1 }),
      plan('2026-06-01', { reminderDays: [2, 3], coordinatorTaskDaysBeforeClose: 5 }),
    );
    expect(keys(diff.keep)).toEqual(['week2:invitation:1', 'week2:reminder:1', 'week4:invitation:1', 'week4:reminder:1']);
    expect(keys(diff.cancel)).toEqual(['week2:coordinator_task:1', 'week4:coordinator_task:1']);
    expect(keys(diff.add)).toEqual(['week4:coordinator_task:1', 'week2:reminder:2', 'week4:reminder:2']);
    expect(diff.moved).toEqual([{ key: 'week4:coordinator_task:1', from: '2026-07-03T06:00:00.000Z', to: '2026-06-29T06:00:00.000Z' }]);
  });

  it('compares send instants, not their spelling', () => {
    const old: PlannedMessage = {
      key: 'a:invitation:1',
      eventId: 'a',
      kind: 'invitation',
      number: 1,
      sendAt: '2026-06-13T08:00:00+02:00',
    };
    const next: PlannedMessage = { ...old, sendAt: '2026-06-13T06:00:00.000Z' };
    expect(reschedule([old], [next]).keep).toEqual([next]);
  });

  it('refuses a plan that repeats a key', () => {
    const plan1 = plan('2026-06-01');
    expect(() => reschedule([...plan1, plan1[0]], plan1)).toThrow(/twice/);
  });
});
