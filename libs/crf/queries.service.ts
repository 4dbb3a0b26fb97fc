import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@trialdata/common';
import { assertStudyWritable } from '@trialdata/studies';
import type { Actor, StudyAccess } from '@trialdata/accounts';
import {
  CrfRepository,
  CrfReviewRepository,
  type FormQueryRow,
  type QueryMessageRow,
  type QueryStatus,
  type Repositories,
} from '@trialdata/database';
import { loadParticipant, resolveTarget, type CrfDeps } from './target';

export interface QueryView {
  id: string;
  participantId: string;
  participantLabel: string;
  siteCode: string;
  eventId: string;
  formId: string;
  instance: number;
  field: string;
  status: QueryStatus;
  checkId: string | null;
  openedBy: string | null;
  openedAt: string;
  closedAt: string | null;
  /** Whole days since the query was opened (study listing). */
  ageDays: number;
  messages: QueryMessageRow[];
}

const DAY_MS = 86_400_000;

/**
 * Data queries: a monitor or data manager opens one on a field; the site answers; the opener (or a
 * data manager) closes or re-opens it. Soft checks open them as the system. Every step is audited.
 */
export class QueriesService {
  constructor(private readonly deps: CrfDeps) {}

  async open(
    participantId: string,
    input: { eventId: string; formId: string; instance: number; field: string; text: string },
    actor: Actor,
  ): Promise<QueryView> {
    const id = await this.deps.db.transaction(async (tx) => {
      const { participant, study } = await loadParticipant(tx, participantId, this.deps.studies);
      await assertStudyWritable(tx, study.code);
      const target = resolveTarget(study, participant, input.eventId, input.formId, input.instance);
      if (!target.form.fields.some((f) => f.id === input.field)) {
        throw new ValidationError(`Form ${target.form.id} has no field "${input.field}"`, [
          { field: 'field', message: `not a field of ${target.form.id}` },
        ]);
      }
      if (!(await tx.get(CrfRepository).findRecord(target.key)))
        throw new ConflictError(`${target.form.id} has not been saved yet; there is nothing to query`);
      const now = this.deps.clock();
      const queryId = await tx
        .get(CrfReviewRepository)
        .insertQuery(
          { ...target.key, studyCode: study.code, field: input.field, checkId: null, openedBy: actor.userId, openedAt: now },
          input.text,
        );
      await tx.audit.append([
        {
          userId: actor.userId,
          action: 'open',
          entity: 'query',
          entityId: queryId,
          studyCode: study.code,
          participantId,
          field: input.field,
          to: { status: 'open', text: input.text, form: target.entityId },
        },
      ]);
      return queryId;
    });
    return this.get(participantId, id);
  }

  async answer(participantId: string, queryId: string, text: string, actor: Actor): Promise<QueryView> {
    return this.step(participantId, queryId, actor, text, (q) => {
      if (q.status === 'closed') throw new ConflictError('The query is closed; re-open it before answering');
      return { kind: 'answer', status: 'answered' };
    });
  }

  async close(participantId: string, queryId: string, text: string | undefined, actor: Actor, access: StudyAccess): Promise<QueryView> {
    return this.step(participantId, queryId, actor, text ?? 'Closed', (q) => {
      this.mayResolve(q, actor, access);
      if (q.status === 'closed') throw new ConflictError('The query is already closed');
      return { kind: 'close', status: 'closed' };
    });
  }

  async reopen(participantId: string, queryId: string, text: string, actor: Actor, access: StudyAccess): Promise<QueryView> {
    return this.step(participantId, queryId, actor, text, (q) => {
      this.mayResolve(q, actor, access);
      if (q.status !== 'closed') throw new ConflictError(`The query is ${q.status}, not closed`);
      return { kind: 'reopen', status: 'open' };
    });
  }

  /** A participant's queries with their threads; `repos` lets a caller read them inside its own transaction. */
  async listForParticipant(participantId: string, repos: Repositories = this.deps.db.repos): Promise<QueryView[]> {
    return this.views(await repos.get(CrfReviewRepository).listQueries(participantId), repos);
  }

  /** A study's queries at the caller's sites, optionally of one status, with their age in days. */
  async listForStudy(access: StudyAccess, status: QueryStatus | null): Promise<QueryView[]> {
    const review = this.deps.db.repos.get(CrfReviewRepository);
    return this.views(await review.listStudyQueries(access.studyCode, status, access.siteIds));
  }

  async get(participantId: string, queryId: string): Promise<QueryView> {
    const q = await this.deps.db.repos.get(CrfReviewRepository).findQuery(participantId, queryId);
    if (!q) throw new NotFoundError('Query not found');
    return (await this.views([q]))[0];
  }

  /** The opener closes and re-opens; a data manager (or admin) may do so for any query, system ones included. */
  private mayResolve(q: FormQueryRow, actor: Actor, access: StudyAccess): void {
    const manager = access.roles.includes('admin') || access.roles.includes('data_manager');
    if (!manager && q.openedBy !== null && q.openedBy !== actor.userId)
      throw new ForbiddenError('Only the monitor who opened the query, or a data manager, may close or re-open it');
  }

  private async step(
    participantId: string,
    queryId: string,
    actor: Actor,
    text: string,
    decide: (q: FormQueryRow) => { kind: 'answer' | 'close' | 'reopen'; status: QueryStatus },
  ): Promise<QueryView> {
    await this.deps.db.transaction(async (tx) => {
      const review = tx.get(CrfReviewRepository);
      const q = await review.findQuery(participantId, queryId, { lock: true });
      if (!q) throw new NotFoundError('Query not found');
      const scope = await tx.participants.scope(participantId);
      if (scope) await assertStudyWritable(tx, scope.studyCode);
      const { kind, status } = decide(q);
      const now = this.deps.clock();
      await review.addMessage(q.id, kind, actor.userId, text, now);
      await review.setQueryStatus(q.id, status, now);
      await tx.audit.append([
        {
          userId: actor.userId,
          action: kind,
          entity: 'query',
          entityId: q.id,
          studyCode: q.studyCode,
          participantId,
          field: q.field,
          from: q.status,
          to: { status, text },
        },
      ]);
    });
    return this.get(participantId, queryId);
  }

  private async views(rows: FormQueryRow[], repos: Repositories = this.deps.db.repos): Promise<QueryView[]> {
    const messages = await repos.get(CrfReviewRepository).messages(rows.map((r) => r.id));
    const now = this.deps.clock().getTime();
    return rows.map((q) => ({
      id: q.id,
      participantId: q.participantId,
      participantLabel: q.participantLabel,
      siteCode: q.siteCode,
      eventId: q.eventId,
      formId: q.formId,
      instance: q.instance,
      field: q.field,
      status: q.status,
      checkId: q.checkId,
      openedBy: q.openedBy,
      openedAt: q.openedAt,
      closedAt: q.closedAt,
      ageDays: Math.max(0, Math.floor(((q.closedAt ? new Date(q.closedAt).getTime() : now) - new Date(q.openedAt).getTime()) / DAY_MS)),
      messages: messages.get(q.id) ?? [],
    }));
  }
}
