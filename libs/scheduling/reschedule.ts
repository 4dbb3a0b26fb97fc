import { SchedulingInputError } from './errors';
import type { PlannedMessage } from './messages';

export interface MessageMove {
  key: string;
  from: string;
  to: string;
}

export interface RescheduleDiff {
  /** Old messages to withdraw: gone from the new plan, or moved (their new version is in `add`). */
  cancel: PlannedMessage[];
  /** Same key and same sendAt in both plans: leave the queued job alone. */
  keep: PlannedMessage[];
  /** New messages to enqueue: new keys, or moved ones (their old version is in `cancel`). */
  add: PlannedMessage[];
  /** For logs and audit only: keys whose sendAt changed, each already listed in `cancel` and `add`. */
  moved: MessageMove[];
}

/**
 * What to do with queued messages when the anchor changes. Messages match by key. A changed sendAt is a
 * cancel plus an add of the same key (a delayed job cannot be re-timed in place under the same
 * deterministic job id), so apply `cancel` before `add`. Already-sent messages are the caller's business:
 * cancelling a sent message is a no-op, and whether to add one whose sendAt has passed is its choice.
 */
export function reschedule(oldPlan: PlannedMessage[], newPlan: PlannedMessage[]): RescheduleDiff {
  const before = byKey(oldPlan, 'old');
  const after = byKey(newPlan, 'new');
  const diff: RescheduleDiff = { cancel: [], keep: [], add: [], moved: [] };

  for (const old of oldPlan) {
    const next = after.get(old.key);
    if (next === undefined) {
      diff.cancel.push(old);
    } else if (Date.parse(next.sendAt) === Date.parse(old.sendAt)) {
      diff.keep.push(next);
    } else {
      diff.cancel.push(old);
      diff.add.push(next);
      diff.moved.push({ key: old.key, from: old.sendAt, to: next.sendAt });
    }
  }
  for (const next of newPlan) {
    if (!before.has(next.key)) diff.add.push(next);
  }
  return diff;
}

function byKey(plan: PlannedMessage[], which: string): Map<string, PlannedMessage> {
  const map = new Map<string, PlannedMessage>();
  for (const message of plan) {
    if (map.has(message.key)) throw new SchedulingInputError(`${which} plan has message key "${message.key}" twice`);
    map.set(message.key, message);
  }
  return map;
}
