import {
  QuestionnairesRepository,
  type NewMessage,
  type NewQuestionnaire,
  type OutboxRow,
  type QuestionnaireRow,
  type Repositories,
} from '@trialdata/database';
import type { ParticipantListener } from '@trialdata/participants';
import { planMessages, reschedule, timePoints, type PlannedMessage, type QuietHours } from '@trialdata/scheduling';
import { STOPPED_STATUSES, questionnaireEvents, type Clock, type StudyLookup } from './common';
import { shortVersionMessages } from './short-version';

export interface ReplanSummary {
  questionnaires: { created: number; moved: number; cancelled: number };
  messages: { added: number; moved: number; cancelled: number; skipped: number };
}

const keyOf = (eventId: string, kind: string, number: number) => `${eventId}:${kind}:${number}`;

/**
 * Keeps a participant's questionnaires and planned messages in step with their anchor and status.
 * Subscribed to ParticipantEvents, so it runs inside the transaction that changes the participant and
 * its rows commit or roll back with that change. Completed questionnaires are never touched; messages
 * that have gone out (or are going out) are never re-planned.
 */
export class ScheduleService implements ParticipantListener {
  constructor(
    private readonly studies: StudyLookup,
    private readonly quietHours: QuietHours | null,
    private readonly clock: Clock,
  ) {}

  async anchorChanged(tx: Repositories, change: { participantId: string; studyCode: string }): Promise<void> {
    await this.replan(tx, change.participantId);
  }

  async statusChanged(tx: Repositories, change: { participantId: string; studyCode: string; from: string; to: string }): Promise<void> {
    // Withdrawal, completion or loss stops messages; a participant found again gets the rest of the plan.
    if (STOPPED_STATUSES.has(change.to) || STOPPED_STATUSES.has(change.from)) await this.replan(tx, change.participantId);
  }

  /** Recomputes the participant's questionnaires and message plan from the current anchor and status. */
  async replan(tx: Repositories, participantId: string): Promise<ReplanSummary> {
    const summary: ReplanSummary = {
      questionnaires: { created: 0, moved: 0, cancelled: 0 },
      messages: { added: 0, moved: 0, cancelled: 0, skipped: 0 },
    };
    const p = await tx.participants.findById(participantId);
    const def = p && this.studies.find(p.studyCode);
    if (!p || !def) return summary;
    const repo = tx.get(QuestionnairesRepository);
    const existing = await repo.forParticipant(p.id, { lock: true });
    const messages = await repo.messagesForParticipant(p.id, { lock: true });
    const byEvent = new Map(existing.map((q) => [q.eventId, q]));

    if (!p.anchorDate) {
      const open = existing.filter((q) => q.status === 'scheduled');
      await repo.setStatus(
        open.map((q) => q.id),
        'cancelled',
      );
      summary.questionnaires.cancelled = open.length;
      summary.messages.cancelled = await repo.cancel(
        messages.filter((m) => m.state === 'pending').map((m) => m.id),
        'anchor removed',
      );
      return summary;
    }

    const points = timePoints({
      anchorDate: p.anchorDate,
      // The recorded time of day (POTEISS injection) times the "30 minutes after" questionnaire.
      ...(p.anchorTime ? { anchorInstant: `${p.anchorDate}T${p.anchorTime}` } : {}),
      events: questionnaireEvents(def, p.cohort),
      timeZone: def.timeZone,
      cohort: p.cohort ?? undefined,
    });
    const fresh: NewQuestionnaire[] = [];
    for (const tp of points) {
      const q = byEvent.get(tp.eventId);
      const window = { opensAt: tp.opensAt, dueAt: tp.dueAt, closesAt: tp.closesAt, instruments: tp.instruments, mode: tp.mode };
      if (!q) {
        fresh.push({ participantId: p.id, studyCode: p.studyCode, siteId: p.siteId, eventId: tp.eventId, ...window });
      } else if (q.status !== 'completed' && (!sameWindow(q, window) || q.status === 'cancelled')) {
        await repo.updateWindow(q.id, { ...window, status: 'scheduled' });
        Object.assign(q, window, { status: 'scheduled' });
        summary.questionnaires.moved++;
      }
    }
    const ids = await repo.insertQuestionnaires(fresh);
    fresh.forEach((q, i) => byEvent.set(q.eventId, { ...q, id: ids[i], status: 'scheduled' } as QuestionnaireRow));
    summary.questionnaires.created = fresh.length;

    const eventOf = new Map([...byEvent.values()].map((q) => [q.id, q.eventId]));
    const pending = messages.filter((m) => m.state === 'pending');
    if (STOPPED_STATUSES.has(p.status)) {
      summary.messages.cancelled = await repo.cancel(
        pending.map((m) => m.id),
        `participant ${p.status}`,
      );
      return summary;
    }

    const open = points.filter((tp) => byEvent.get(tp.eventId)?.status === 'scheduled');
    const plan = [
      ...planMessages({ timePoints: open, reminders: def.reminders, quietHours: this.quietHours, timeZone: def.timeZone }),
      // The primary outcome alone, offered to non-responders before the window closes (short-version.ts).
      ...shortVersionMessages(def, open, this.quietHours),
    ];
    const rowsByKey = new Map(messages.map((m) => [keyOf(eventOf.get(m.questionnaireId) ?? '?', m.kind, m.number), m]));
    const asPlanned = (m: OutboxRow): PlannedMessage => {
      const eventId = eventOf.get(m.questionnaireId) ?? '?';
      return { key: keyOf(eventId, m.kind, m.number), eventId, kind: m.kind, number: m.number, sendAt: m.sendAt };
    };
    const diff = reschedule(pending.map(asPlanned), plan);
    const superseded = this.superseded(plan, rowsByKey);

    const addedKeys = new Set(diff.add.map((m) => m.key));
    const gone = diff.cancel.filter((m) => !addedKeys.has(m.key)).map((m) => rowsByKey.get(m.key)!.id);
    summary.messages.cancelled = await repo.cancel(gone, 'no longer in the schedule');

    const inserts: NewMessage[] = [];
    for (const m of diff.add) {
      const row = rowsByKey.get(m.key);
      if (superseded.has(m.key)) {
        if (row) await repo.settle(row.id, 'skipped', 'superseded: planned in the past');
        else inserts.push(this.newMessage(p, byEvent, m, 'skipped', 'superseded: planned in the past'));
        summary.messages.skipped++;
      } else if (!row) {
        inserts.push(this.newMessage(p, byEvent, m));
        summary.messages.added++;
      } else if (row.state === 'pending' || row.state === 'cancelled' || row.state === 'skipped') {
        await repo.reschedule(row.id, m.sendAt);
        summary.messages.moved++;
      }
      // sending, sent, failed, unknown: that message has had its turn; it is never planned again.
    }
    await repo.insertMessages(inserts);
    return summary;
  }

  /**
   * At most one past-due patient message per questionnaire stays to be sent when a plan is made late
   * (a planned anchor in the past): the invitation if it has not gone out, else the latest past
   * reminder. Sending three overdue messages at once would only annoy.
   */
  private superseded(plan: PlannedMessage[], rows: Map<string, OutboxRow>): Set<string> {
    const now = this.clock().getTime();
    const out = new Set<string>();
    const byEvent = new Map<string, PlannedMessage[]>();
    for (const m of plan) {
      if (m.kind === 'coordinator_task' || Date.parse(m.sendAt) > now) continue;
      const state = rows.get(m.key)?.state;
      if (state === 'sent' || state === 'sending' || state === 'failed' || state === 'unknown') continue;
      byEvent.set(m.eventId, [...(byEvent.get(m.eventId) ?? []), m]);
    }
    for (const list of byEvent.values()) {
      const invitation = list.find((m) => m.kind === 'invitation');
      const keep = invitation ?? list.reduce((a, b) => (Date.parse(b.sendAt) >= Date.parse(a.sendAt) ? b : a));
      for (const m of list) if (m !== keep) out.add(m.key);
    }
    return out;
  }

  private newMessage(
    p: { id: string; studyCode: string },
    byEvent: Map<string, QuestionnaireRow>,
    m: PlannedMessage,
    state: 'pending' | 'skipped' = 'pending',
    reason: string | null = null,
  ): NewMessage {
    return {
      questionnaireId: byEvent.get(m.eventId)!.id,
      participantId: p.id,
      studyCode: p.studyCode,
      kind: m.kind,
      number: m.number,
      sendAt: m.sendAt,
      state,
      reason,
    };
  }
}

function sameWindow(
  q: QuestionnaireRow,
  w: { opensAt: string; dueAt: string; closesAt: string; instruments: string[]; mode: string },
): boolean {
  return (
    Date.parse(q.opensAt) === Date.parse(w.opensAt) &&
    Date.parse(q.dueAt) === Date.parse(w.dueAt) &&
    Date.parse(q.closesAt) === Date.parse(w.closesAt) &&
    q.mode === w.mode &&
    q.instruments.join(',') === w.instruments.join(',')
  );
}
