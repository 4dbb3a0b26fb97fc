import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundError } from '@trialdata/common';
import type { Actor } from '@trialdata/accounts';
import { CrfRepository, CrfReviewRepository, type CasebookRow } from '@trialdata/database';
import { isMissingValue, type FormStatus } from '@trialdata/forms';
import { findEvent, findForm, type FieldDefinition } from '@trialdata/protocol';
import { JobName, jobIdOf, type JobQueues } from '@trialdata/queue';
import type { CasebookChange, CasebookData, CasebookField } from '@trialdata/reports';
import { QueriesService } from './queries.service';
import { formEntityId, loadParticipant, type CrfDeps } from './target';

export interface CasebookStatus {
  id: string;
  n: number;
  status: CasebookRow['status'];
  progress: number;
  requestedAt: string;
  completedAt: string | null;
  bytes: number | null;
  sha256: string | null;
  error: string | null;
}

const MISSING_LABELS: Record<string, string> = { not_done: 'Not done', unknown: 'Unknown', not_applicable: 'Not applicable' };

/** A stored value as a reader of the casebook sees it: option labels, units, missing-data codes spelled out. */
export function displayValue(field: FieldDefinition, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (isMissingValue(value)) return MISSING_LABELS[value.missing] ?? value.missing;
  const label = (code: unknown) => field.options?.find((o) => o.code === code)?.label ?? String(code);
  switch (field.type) {
    case 'choice':
      return `${label(value)} (${String(value)})`;
    case 'multichoice':
      return (value as unknown[]).map((c) => `${label(c)} (${String(c)})`).join('; ');
    case 'boolean':
      return value ? 'Yes' : 'No';
    case 'integer':
    case 'decimal':
      return field.unit ? `${String(value)} ${field.unit}` : String(value);
    case 'text':
    case 'date':
      return String(value);
  }
}

const STATUS_LABELS: Record<string, string> = { not_started: 'Not started', incomplete: 'Incomplete', complete: 'Complete' };

/** One `form` audit row as the casebook's history line: labels and display values, not ids and JSON. */
function historyEntry(
  fields: FieldDefinition[],
  c: { at: string; userName: string | null; field: string | null; from: unknown; to: unknown; reason: string | null },
): CasebookChange {
  const base = { at: c.at, by: c.userName ?? 'system', reason: c.reason };
  if (c.field === null) {
    const status = (v: unknown) => (typeof v === 'string' ? (STATUS_LABELS[v] ?? v) : '');
    return { ...base, field: null, label: 'Status', from: status(c.from), to: status(c.to) };
  }
  const def = fields.find((f) => f.id === c.field);
  const show = (v: unknown) => (def ? displayValue(def, v) : v === null || v === undefined ? '' : JSON.stringify(v));
  return { ...base, field: c.field, label: def?.label ?? c.field, from: show(c.from), to: show(c.to) };
}

/** The download name: the participant's study label (never the database id) and the casebook number. */
export function casebookFileName(label: string, n: number): string {
  const safe = label.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `casebook-${safe}-${n}.pdf`;
}

/**
 * Casebook PDFs: the API records the request and hands a job to the worker; the worker gathers the
 * data (no contact details: they live apart and are never read here), renders and stores the file.
 */
export class CasebookService {
  constructor(
    private readonly deps: CrfDeps,
    private readonly storageDir: string,
    /** The producer side; needed only by `requestBuild` (the worker builds without it). */
    private readonly queues?: Pick<JobQueues, 'enqueueAfterCommit'>,
  ) {}

  /**
   * Records a request and enqueues its job after the commit. When Redis does not take the job, the
   * request still succeeds (`queued: false`): the row says building, and the worker's reconciler
   * enqueues it once Redis is back, so the caller answers 202 and nobody needs to retry.
   */
  async requestBuild(participantId: string, actor: Actor): Promise<{ id: string; n: number; jobId: string; queued: boolean }> {
    if (!this.queues) throw new Error('CasebookService.requestBuild needs the job queues');
    const row = await this.request(participantId, actor);
    const outcome = await this.queues.enqueueAfterCommit(JobName.CasebookPdf, { casebookId: row.id });
    return { id: row.id, n: row.n, jobId: jobIdOf(JobName.CasebookPdf, { casebookId: row.id }), queued: outcome === 'queued' };
  }

  /**
   * Records a request; the caller enqueues the job (`jobIdOf(JobName.CasebookPdf, …)`) once this has
   * committed, or calls `requestBuild`, which does both.
   * Allowed on a locked study, deliberately without `assertStudyWritable`: a casebook is read-only
   * output. The transaction writes only the `casebooks` bookkeeping row (its number taken under the
   * participant row lock) and the audit row; no form, review or participant data changes.
   */
  async request(participantId: string, actor: Actor): Promise<CasebookRow> {
    return this.deps.db.transaction(async (tx) => {
      const { study } = await loadParticipant(tx, participantId, this.deps.studies);
      const row = await tx.get(CrfReviewRepository).insertCasebook(participantId, actor.userId, this.deps.clock());
      await tx.audit.append([
        {
          userId: actor.userId,
          action: 'request',
          entity: 'casebook',
          entityId: row.id,
          studyCode: study.code,
          participantId,
          to: { n: row.n },
        },
      ]);
      return row;
    });
  }

  async status(participantId: string): Promise<CasebookStatus> {
    const row = await this.deps.db.repos.get(CrfReviewRepository).latestCasebook(participantId);
    if (!row) throw new NotFoundError('No casebook has been requested for this participant');
    return {
      id: row.id,
      n: row.n,
      status: row.status,
      progress: row.progress,
      requestedAt: row.requestedAt,
      completedAt: row.completedAt,
      bytes: row.bytes,
      sha256: row.sha256,
      error: row.error,
    };
  }

  /** The latest finished casebook's bytes; every download is audited. */
  async download(participantId: string, actor: Actor): Promise<{ fileName: string; content: Buffer }> {
    const repos = this.deps.db.repos;
    const row = await repos.get(CrfReviewRepository).latestCasebook(participantId);
    if (!row || row.status !== 'ready' || !row.path)
      throw new NotFoundError('No finished casebook for this participant; request one and wait until it is ready');
    const participant = await repos.participants.findById(participantId);
    const content = await readFile(row.path);
    await repos.audit.append([
      {
        userId: actor.userId,
        action: 'read',
        entity: 'casebook',
        entityId: row.id,
        studyCode: null,
        participantId,
        to: { n: row.n, sha256: row.sha256 },
      },
    ]);
    return { fileName: casebookFileName(participant?.label ?? 'participant', row.n), content };
  }

  /**
   * Everything a casebook shows, in schedule order, read in one REPEATABLE READ, READ ONLY
   * transaction so that forms, their history, verifications, queries and signatures are one
   * consistent state (a save committing meanwhile is either wholly in it or wholly out). Nothing is
   * written here: audit rows refuse snapshot isolation, so callers audit in their own transaction.
   */
  async data(participantId: string): Promise<CasebookData> {
    return this.deps.db.transaction(async (tx) => {
      await tx.get(CrfReviewRepository).beginSnapshot();
      const { participant, study } = await loadParticipant(tx, participantId, this.deps.studies);
      const crf = tx.get(CrfRepository);
      const records = await crf.listRecords(participantId);
      const verifications = await tx.get(CrfReviewRepository).verifications([participantId]);
      const queries = await new QueriesService(this.deps).listForParticipant(participantId, tx);
      const signatures = await crf.listSignatures(participantId);
      const changes = await crf.participantFormAudit(participantId);

      const eventRank = (eventId: string) => study.schedule.findIndex((e) => e.id === eventId);
      const formRank = (eventId: string, formId: string) => findEvent(study, eventId)?.forms.indexOf(formId) ?? 0;
      records.sort(
        (a, b) =>
          eventRank(a.eventId) - eventRank(b.eventId) ||
          formRank(a.eventId, a.formId) - formRank(b.eventId, b.formId) ||
          a.instance - b.instance,
      );
      const verifiedAt = new Map(verifications.map((v) => [`${v.recordId}/${v.field}`, v.verifiedAt]));
      const history = new Map<string, typeof changes>();
      for (const c of changes) {
        const list = history.get(c.entityId);
        if (list) list.push(c);
        else history.set(c.entityId, [c]);
      }

      return {
        study: { code: study.code, title: study.title },
        participant: {
          label: participant.label,
          siteCode: participant.siteCode,
          status: participant.status,
          arm: participant.arm,
          cohort: participant.cohort,
          enrolledAt: new Date(participant.enrolledAt).toISOString(),
          anchorDate: participant.anchorDate,
        },
        generatedAt: this.deps.clock().toISOString(),
        forms: records.map((r) => {
          const form = findForm(study, r.formId);
          const fields: CasebookField[] = (form?.fields ?? []).map((f) => ({
            id: f.id,
            label: f.label,
            value: displayValue(f, r.values[f.id]),
            verifiedAt: verifiedAt.get(`${r.id}/${f.id}`) ?? null,
          }));
          return {
            eventId: r.eventId,
            eventTitle: findEvent(study, r.eventId)?.title ?? r.eventId,
            formId: r.formId,
            title: form?.title ?? r.formId,
            instance: r.instance,
            repeating: form?.repeating ?? false,
            status: r.status as FormStatus,
            version: r.version,
            updatedAt: r.updatedAt,
            fields,
            history: (history.get(formEntityId(r.eventId, r.formId, r.instance)) ?? []).map((c) => historyEntry(form?.fields ?? [], c)),
          };
        }),
        queries: queries.map((q) => ({
          form: `${q.eventId}/${q.formId}/${q.instance}`,
          field: q.field,
          status: q.status,
          openedAt: q.openedAt,
          messages: q.messages.map((m) => ({ kind: m.kind, by: m.userName ?? 'system', at: m.at, text: m.text })),
        })),
        signatures: signatures.map((s) => ({
          scope: s.scope,
          target:
            s.scope === 'casebook'
              ? 'whole casebook'
              : s.scope === 'visit'
                ? `visit ${s.eventId}`
                : `${s.eventId}/${s.formId}/${s.instance}`,
          printedName: s.printedName,
          meaning: s.meaning,
          signedAt: s.signedAt,
          status: s.status,
          voidedAt: s.voidedAt,
          voidedBecause: s.voidedBecause,
        })),
      };
    });
  }

  /** Where casebook n of a participant is written. */
  path(participantId: string, n: number): string {
    return join(this.storageDir, 'casebooks', `${participantId}-${n}.pdf`);
  }

  /**
   * The worker's half: re-reads the row and returns early when the work is gone or done (a job
   * delivered twice renders once), renders, writes and records the file.
   */
  async build(
    casebookId: string,
    render: (data: CasebookData) => Promise<Buffer>,
    options: { progress?: (p: number) => Promise<void>; finalAttempt?: boolean } = {},
  ): Promise<'built' | 'skipped'> {
    const progress = options.progress ?? (async () => undefined);
    const review = this.deps.db.repos.get(CrfReviewRepository);
    const row = await review.findCasebook(casebookId);
    if (!row || row.status !== 'building') return 'skipped';
    try {
      const data = await this.data(row.participantId);
      await review.setCasebookProgress(row.id, 40);
      await progress(40);
      const pdf = await render(data);
      const path = this.path(row.participantId, row.n);
      await mkdir(join(this.storageDir, 'casebooks'), { recursive: true });
      await writeFile(path, pdf);
      await review.finishCasebook(row.id, {
        path,
        bytes: pdf.length,
        sha256: createHash('sha256').update(pdf).digest('hex'),
        at: this.deps.clock(),
      });
      await progress(100);
      return 'built';
    } catch (e) {
      // Earlier attempts leave the row building so that the queue's retry can still finish it.
      if (options.finalAttempt !== false) await review.failCasebook(row.id, e instanceof Error ? e.message : String(e), this.deps.clock());
      throw e;
    }
  }
}
