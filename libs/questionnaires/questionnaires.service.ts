import { DateTime } from 'luxon';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '@trialdata/common';
import { reachesSite, type Actor, type StudyAccess } from '@trialdata/accounts';
import {
  QuestionnairesRepository,
  type Database,
  type OutboxRow,
  type QuestionnaireRow,
  type TaskOutcome,
  type TaskOutcomeRow,
  type TaskRow,
} from '@trialdata/database';
import { deriveOutcomes, type DerivedOutcomes } from '@trialdata/instruments';
import { assertStudyWritable } from '@trialdata/studies';
import { windowState } from '@trialdata/scheduling';
import type { Clock, StudyLookup } from './common';

export type QuestionnaireState = 'upcoming' | 'open' | 'in_progress' | 'completed' | 'missed' | 'cancelled';

export interface MessageView {
  kind: OutboxRow['kind'];
  number: number;
  sendAt: string;
  state: OutboxRow['state'];
  sentAt: string | null;
  channel: OutboxRow['channel'];
  reason: string | null;
}

export interface QuestionnaireView {
  id: string;
  eventId: string;
  instruments: string[];
  mode: 'remote' | 'clinic';
  opensAt: string;
  dueAt: string;
  closesAt: string;
  status: QuestionnaireState;
  /** Not completed and its due day (study time zone) has passed: not on the day it is due. */
  overdue: boolean;
  startedAt: string | null;
  submittedAt: string | null;
  entryMode: string | null;
  /** Which version completed it: `full`, or `short` (the primary-outcome instruments only); null until completed. */
  completedBy: 'full' | 'short' | null;
  missedReason: QuestionnaireRow['missedReason'];
  missedNote: string | null;
  scores: Record<string, unknown> | null;
  messages: MessageView[];
}

export interface CompletionCounts {
  scheduled: number;
  open: number;
  completed: number;
  missed: number;
  /** completed / (completed + missed): of the questionnaires that are settled, the share answered. Null when none is. */
  rate: number | null;
}

export interface CompletionView extends CompletionCounts {
  eventId: string;
  /** The same counts per site and per arm (rct; differential attrition), and why questionnaires were missed. */
  bySite: Array<CompletionCounts & { siteCode: string }>;
  byArm: Array<CompletionCounts & { arm: string }>;
  /** Missed questionnaires per reason the coordinator recorded; `unrecorded` for the rest. */
  missedReasons: Record<string, number>;
}

/** Why a questionnaire was missed, as a coordinator records it. */
export const MISSED_REASONS: readonly NonNullable<QuestionnaireRow['missedReason']>[] = [
  'not_reached',
  'refused',
  'too_ill',
  'forgot',
  'technical',
  'admin_error',
  'other',
];

export interface MissedReasonInput {
  reason: NonNullable<QuestionnaireRow['missedReason']>;
  note?: string;
}

const withRate = <T extends { completed: number; missed: number }>(r: T): T & { rate: number | null } => {
  const settled = r.completed + r.missed;
  return { ...r, rate: settled ? Math.round((r.completed / settled) * 1000) / 1000 : null };
};

type Counts = { scheduled: number; open: number; completed: number; missed: number };

function sumCells<C extends Counts, K extends string>(cells: C[], key: (c: C) => K | null): Map<K, Counts> {
  const out = new Map<K, Counts>();
  for (const c of cells) {
    const k = key(c);
    if (k === null) continue;
    const t = out.get(k) ?? { scheduled: 0, open: 0, completed: 0, missed: 0 };
    t.scheduled += c.scheduled;
    t.open += c.open;
    t.completed += c.completed;
    t.missed += c.missed;
    out.set(k, t);
  }
  return out;
}

export const TASK_OUTCOMES: readonly TaskOutcome[] = ['reached', 'no_answer', 'refused', 'rescheduled'];

export interface TaskOutcomeInput {
  outcome: TaskOutcome;
  note?: string;
  /** Required for `rescheduled`: the date to try again (YYYY-MM-DD); refused otherwise. */
  date?: string;
}

export interface TaskView extends TaskRow {
  outcomes: TaskOutcomeRow[];
}

export interface OutcomeView extends Omit<DerivedOutcomes, 'reasons'> {
  eventId: string;
  reasons: DerivedOutcomes['reasons'];
}

/** What coordinators see: each participant's questionnaires and messages, due lists, completion, tasks. */
export class QuestionnairesService {
  constructor(
    private readonly db: Database,
    private readonly studies: StudyLookup,
    private readonly clock: Clock,
  ) {}

  private get repo(): QuestionnairesRepository {
    return this.db.repos.get(QuestionnairesRepository);
  }

  async forParticipant(participantId: string): Promise<QuestionnaireView[]> {
    const [questionnaires, messages, versions] = await Promise.all([
      this.repo.forParticipant(participantId),
      this.repo.messagesForParticipant(participantId),
      this.db.dataSource.query('SELECT id, completed_by FROM questionnaires WHERE participant_id = $1', [participantId]) as Promise<
        Array<{ id: string; completed_by: 'full' | 'short' | null }>
      >,
    ]);
    const completedBy = new Map(versions.map((v) => [v.id, v.completed_by]));
    const now = this.clock();
    const zone = questionnaires.length ? (this.studies.find(questionnaires[0].studyCode)?.timeZone ?? 'UTC') : 'UTC';
    return questionnaires.map((q) => ({
      id: q.id,
      eventId: q.eventId,
      instruments: q.instruments,
      mode: q.mode,
      opensAt: q.opensAt,
      dueAt: q.dueAt,
      closesAt: q.closesAt,
      status: stateOf(q, now),
      overdue: q.status === 'scheduled' && now.getTime() >= dueDayEnd(q.dueAt, zone),
      startedAt: q.startedAt,
      submittedAt: q.submittedAt,
      entryMode: q.entryMode,
      completedBy: q.status === 'completed' ? (completedBy.get(q.id) ?? 'full') : null,
      missedReason: q.missedReason,
      missedNote: q.missedNote,
      scores: (q.scores as { scores?: Record<string, unknown> } | null)?.scores ?? null,
      messages: messages
        .filter((m) => m.questionnaireId === q.id)
        .map((m) => ({
          kind: m.kind,
          number: m.number,
          sendAt: m.sendAt,
          state: m.state,
          sentAt: m.sentAt,
          channel: m.channel,
          reason: m.reason,
        })),
    }));
  }

  /** Change in NRS leg pain from baseline, responder50 and GPE recovered, per completed follow-up. */
  async outcomes(participantId: string): Promise<OutcomeView[]> {
    const completed = (await this.repo.forParticipant(participantId)).filter((q) => q.status === 'completed');
    const scoreOf = (q: QuestionnaireRow | undefined, code: string): number | null => {
      const v = (q?.scores as { scores?: Record<string, Record<string, unknown>> } | null)?.scores?.[code]?.score;
      return typeof v === 'number' ? v : null;
    };
    const baseline = completed.find((q) => q.eventId === 'baseline') ?? completed.find((q) => scoreOf(q, 'NRS_LEG') !== null);
    return completed
      .filter((q) => q !== baseline && (q.instruments.includes('NRS_LEG') || q.instruments.includes('GPE')))
      .map((q) => ({
        eventId: q.eventId,
        ...deriveOutcomes({
          baselineNrsLeg: scoreOf(baseline, 'NRS_LEG'),
          followUpNrsLeg: scoreOf(q, 'NRS_LEG'),
          gpeCode: scoreOf(q, 'GPE'),
        }),
      }));
  }

  due(access: StudyAccess, status: 'due' | 'overdue') {
    const zone = this.studies.find(access.studyCode)?.timeZone ?? 'UTC';
    return this.repo.due(access.studyCode, access.siteIds, this.clock().toISOString(), status, zone);
  }

  async completion(access: StudyAccess): Promise<CompletionView[]> {
    const now = this.clock().toISOString();
    const [rows, cells] = await Promise.all([
      this.repo.completion(access.studyCode, access.siteIds, now),
      this.repo.completionCells(access.studyCode, access.siteIds, now),
    ]);
    const def = this.studies.find(access.studyCode);
    const order = def?.schedule.map((e) => e.id) ?? [];
    const armOrder = def?.arms?.map((a) => a.code) ?? [];
    const byEvent = new Map(rows.map((r) => [r.eventId, r]));
    return order
      .filter((id) => byEvent.has(id))
      .map((id) => {
        const mine = cells.filter((c) => c.eventId === id);
        const missedReasons: Record<string, number> = {};
        for (const c of mine) for (const [k, n] of Object.entries(c.missedReasons)) missedReasons[k] = (missedReasons[k] ?? 0) + n;
        const bySite = [...sumCells(mine, (c) => c.siteCode)].map(([siteCode, t]) => ({ siteCode, ...withRate(t) }));
        // Arms only for a randomised study, in the definition's order; unrandomised participants are left out.
        const byArm = armOrder.length
          ? [...sumCells(mine, (c) => c.arm)]
              .sort(([a], [b]) => armOrder.indexOf(a) - armOrder.indexOf(b))
              .map(([arm, t]) => ({ arm, ...withRate(t) }))
          : [];
        return { ...withRate(byEvent.get(id)!), bySite, byArm, missedReasons };
      });
  }

  /**
   * Records why a questionnaire was missed (closed unanswered): the coordinator's account for the
   * retention report. Recording again replaces it; audited.
   */
  async recordMissedReason(
    participantId: string,
    questionnaireId: string,
    actor: Actor,
    input: MissedReasonInput,
  ): Promise<QuestionnaireView> {
    if (!MISSED_REASONS.includes(input.reason))
      throw new ValidationError('Invalid reason', [{ field: 'reason', message: `must be one of ${MISSED_REASONS.join(', ')}` }]);
    await this.db.transaction(async (tx) => {
      const repo = tx.get(QuestionnairesRepository);
      const q = await repo.find(questionnaireId, { lock: true });
      if (!q || q.participantId !== participantId) throw new NotFoundError('Questionnaire not found');
      await assertStudyWritable(tx, q.studyCode);
      if (stateOf(q, this.clock()) !== 'missed')
        throw new RuleViolationError(`Only a missed questionnaire takes a reason; this one is ${stateOf(q, this.clock())}`, [
          { field: 'reason', message: 'the questionnaire is not missed' },
        ]);
      const note = (input.note ?? '').trim() || null;
      if (input.reason === 'other' && !note)
        throw new ValidationError('Say what the other reason is', [{ field: 'note', message: 'is required for reason other' }]);
      await repo.recordMissedReason(q.id, input.reason, note, this.clock().toISOString(), actor.userId);
      await tx.audit.append([
        {
          userId: actor.userId,
          action: 'missed_reason',
          entity: 'questionnaire',
          entityId: q.id,
          studyCode: q.studyCode,
          participantId: q.participantId,
          field: q.eventId,
          from: q.missedReason ? { reason: q.missedReason, note: q.missedNote } : null,
          to: { reason: input.reason, note },
        },
      ]);
    });
    return (await this.forParticipant(participantId)).find((v) => v.id === questionnaireId)!;
  }

  /** Tasks with their outcome logs (oldest attempt first). */
  async tasks(access: StudyAccess, status: 'open' | 'done' | null): Promise<TaskView[]> {
    const tasks = await this.repo.tasks(access.studyCode, access.siteIds, status);
    const outcomes = await this.repo.taskOutcomes(tasks.map((t) => t.id));
    return tasks.map((t) => ({ ...t, outcomes: outcomes.filter((o) => o.taskId === t.id) }));
  }

  async taskOutcomes(access: StudyAccess, taskId: string): Promise<TaskOutcomeRow[]> {
    const task = await this.repo.findTask(taskId);
    if (!task || task.studyCode !== access.studyCode || !reachesSite(access, task.siteId)) throw new NotFoundError('Task not found');
    return this.repo.taskOutcomes([taskId]);
  }

  /** One attempt to reach the patient: reached, no answer, refused or rescheduled (with a date). Audited. */
  async recordTaskOutcome(access: StudyAccess, taskId: string, actor: Actor, input: TaskOutcomeInput): Promise<TaskOutcomeRow> {
    if (!TASK_OUTCOMES.includes(input.outcome))
      throw new ValidationError('Invalid outcome', [{ field: 'outcome', message: `must be one of ${TASK_OUTCOMES.join(', ')}` }]);
    const rescheduled = input.outcome === 'rescheduled';
    if (rescheduled && !input.date)
      throw new ValidationError('A rescheduled call needs a date', [
        { field: 'date', message: 'is required when the call is rescheduled' },
      ]);
    if (!rescheduled && input.date)
      throw new ValidationError('Only a rescheduled call takes a date', [{ field: 'date', message: 'is only for a rescheduled call' }]);
    return this.db.transaction(async (tx) => {
      const repo = tx.get(QuestionnairesRepository);
      const task = await repo.findTask(taskId);
      if (!task || task.studyCode !== access.studyCode || !reachesSite(access, task.siteId)) throw new NotFoundError('Task not found');
      await assertStudyWritable(tx, task.studyCode);
      const row = await repo.insertTaskOutcome({
        taskId,
        outcome: input.outcome,
        note: (input.note ?? '').trim(),
        rescheduleDate: rescheduled ? input.date! : null,
        at: this.clock().toISOString(),
        userId: actor.userId,
      });
      await tx.audit.append([
        {
          userId: actor.userId,
          action: 'task_outcome',
          entity: 'coordinator_task',
          entityId: taskId,
          studyCode: task.studyCode,
          participantId: task.participantId,
          field: 'outcome',
          to: { outcome: row.outcome, note: row.note, date: row.rescheduleDate },
        },
      ]);
      return row;
    });
  }

  async completeTask(access: StudyAccess, taskId: string, actor: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const repo = tx.get(QuestionnairesRepository);
      const task = await repo.findTask(taskId);
      if (!task || task.studyCode !== access.studyCode || !reachesSite(access, task.siteId)) throw new NotFoundError('Task not found');
      if (task.status === 'done') throw new ConflictError('This task is already done');
      // A locked study takes no writes (409), coordinator tasks included.
      await assertStudyWritable(tx, task.studyCode);
      await repo.completeTask(taskId, actor.userId, this.clock().toISOString());
      await tx.audit.append([
        {
          userId: actor.userId,
          action: 'complete',
          entity: 'coordinator_task',
          entityId: taskId,
          studyCode: task.studyCode,
          participantId: task.participantId,
          field: 'status',
          from: 'open',
          to: 'done',
        },
      ]);
    });
  }
}

/** The end of the due day: 00:00 (study time zone) of the day after `dueAt`, daylight saving included. */
function dueDayEnd(dueAt: string, zone: string): number {
  return DateTime.fromISO(dueAt, { zone }).startOf('day').plus({ days: 1 }).toMillis();
}

function stateOf(q: QuestionnaireRow, now: Date): QuestionnaireState {
  if (q.status === 'completed') return 'completed';
  if (q.status === 'cancelled') return 'cancelled';
  const w = windowState(q, now);
  if (w === 'closed') return 'missed';
  if (w === 'upcoming') return 'upcoming';
  return q.startedAt ? 'in_progress' : 'open';
}
