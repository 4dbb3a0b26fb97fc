import type { DateTime } from 'luxon';
import type { ReminderPolicy } from '@trialdata/protocol';
import { SchedulingInputError } from './errors';
import { assertTimeZone, toInstant, toIsoUtc } from './instant';
import { deferInstant, type QuietHours } from './quiet-hours';
import type { TimePoint } from './time-points';

export type MessageKind = 'invitation' | 'reminder' | 'coordinator_task' | 'short_version';

export interface PlannedMessage {
  /** `${eventId}:${kind}:${number}`: stable across re-plans, so it can build an idempotent job id. */
  key: string;
  eventId: string;
  kind: MessageKind;
  /** 1-based per kind and event; reminder n is the n-th smallest of `reminderDays`, then the maxGapDays ones in order. */
  number: number;
  /** ISO UTC instant, already moved out of quiet hours. */
  sendAt: string;
}

/** What planning needs of a time point; `mode` and `instruments` default to a remote questionnaire. */
export type PlannableTimePoint = Pick<TimePoint, 'eventId' | 'opensAt' | 'closesAt'> &
  Partial<Pick<TimePoint, 'dueAt' | 'mode' | 'instruments'>>;

export interface MessagePlanInput {
  timePoints: PlannableTimePoint[];
  reminders: ReminderPolicy;
  quietHours: QuietHours | null;
  timeZone: string;
}

export function messageKey(eventId: string, kind: MessageKind, number: number): string {
  return `${eventId}:${kind}:${number}`;
}

/**
 * The messages a participant's schedule calls for, per time point in input order:
 * - invitation 1 when the window opens;
 * - reminder n, reminderDays[n] calendar days after opening, unless that is at or after closesAt; with
 *   maxGapDays, then every maxGapDays calendar days after the last of them while before closesAt;
 * - coordinator_task 1, coordinatorTaskDaysBeforeClose calendar days before closesAt, only if that is
 *   after opensAt.
 * Every send instant is moved out of quiet hours (so a window opening at 00:00 invites at 08:00), and the
 * closesAt / opensAt limits are checked on the moved instant. Clinic-mode time points and time points
 * with no instruments get no messages. Sends already in the past are kept: whether to send late is the
 * caller's decision.
 */
export function planMessages(input: MessagePlanInput): PlannedMessage[] {
  const { timePoints, reminders, quietHours, timeZone } = input;
  assertTimeZone(timeZone);
  const reminderDays = validatePolicy(reminders);
  const plan: PlannedMessage[] = [];

  for (const tp of timePoints) {
    if (tp.mode === 'clinic' || (tp.instruments !== undefined && tp.instruments.length === 0)) continue;
    const opensAt = toInstant(tp.opensAt, timeZone, `${tp.eventId} opensAt`);
    const closesAt = toInstant(tp.closesAt, timeZone, `${tp.eventId} closesAt`);
    if (closesAt <= opensAt) throw new SchedulingInputError(`${tp.eventId}: closesAt is not after opensAt`);
    const send = (at: DateTime): DateTime => deferInstant(at, quietHours, timeZone);
    const add = (kind: MessageKind, number: number, at: DateTime): void => {
      plan.push({ key: messageKey(tp.eventId, kind, number), eventId: tp.eventId, kind, number, sendAt: toIsoUtc(at) });
    };

    const invitation = send(opensAt);
    if (invitation < closesAt) add('invitation', 1, invitation);

    reminderDays.forEach((days, index) => {
      // Calendar days, so a reminder stays at the same local time across a DST change.
      const at = send(opensAt.plus({ days }));
      if (at < closesAt) add('reminder', index + 1, at);
    });
    // A long window: further reminders every maxGapDays after the last listed one, while it is open.
    if (reminders.maxGapDays !== undefined) {
      let days = reminderDays.at(-1) ?? 0;
      for (let number = reminderDays.length + 1; ; number++) {
        days += reminders.maxGapDays;
        const at = send(opensAt.plus({ days }));
        if (at >= closesAt) break;
        add('reminder', number, at);
      }
    }

    const taskDue = closesAt.minus({ days: reminders.coordinatorTaskDaysBeforeClose });
    const task = send(taskDue);
    if (taskDue > opensAt && task < closesAt) add('coordinator_task', 1, task);
  }
  return plan;
}

function validatePolicy(policy: ReminderPolicy): number[] {
  for (const days of policy.reminderDays) {
    if (!Number.isInteger(days) || days < 1) {
      throw new SchedulingInputError(`reminderDays must be whole days >= 1, got ${String(days)}`);
    }
  }
  const n = policy.coordinatorTaskDaysBeforeClose;
  if (!Number.isInteger(n) || n < 0) {
    throw new SchedulingInputError(`coordinatorTaskDaysBeforeClose must be whole days >= 0, got ${String(n)}`);
  }
  const gap = policy.maxGapDays;
  if (gap !== undefined && (!Number.isInteger(gap) || gap < 1)) {
    throw new SchedulingInputError(`maxGapDays must be whole days >= 1, got ${String(gap)}`);
  }
  return [...new Set(policy.reminderDays)].sort((a, b) => a - b);
}
