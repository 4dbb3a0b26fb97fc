import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundError } from '../common';
import type { Actor } from '../accounts';
import { CrfRepository, CrfReviewRepository, type CasebookRow } from '../database';
import { isMissingValue, type FormStatus } from '../forms';
import { findEvent, findForm, type FieldDefinition } from '../protocol';
import type { CasebookData, CasebookField } from '../reports/casebook-data';
import { QueriesService } from './queries.service';
import { loadParticipant, type CrfDeps } from './target';

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

/**
 * Casebook PDFs: the API records the request and hands a job to the worker; the worker gathers the
 * data (no contact details: they live apart and are never read here), renders and stores the file.
 */
export class CasebookService {
  constructor(
    private readonly deps: CrfDeps,
    private readonly storageDir: string,
  ) {}

  /** Records a request; the caller enqueues the job (id `casebook-<id>`) once this has committed. */
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
    return { fileName: row.path.split('/').pop() as string, content };
  }

  /** Everything a casebook shows, in schedule order. */
  async data(participantId: string): Promise<CasebookData> {
    const repos = this.deps.db.repos;
    const { participant, study } = await loadParticipant(repos, participantId, this.deps.studies);
    const records = await repos.get(CrfRepository).listRecords(participantId);
    const eventRank = (eventId: string) => study.schedule.findIndex((e) => e.id === eventId);
    const formRank = (eventId: string, formId: string) => findEvent(study, eventId)?.forms.indexOf(formId) ?? 0;
    records.sort(
      (a, b) =>
        eventRank(a.eventId) - eventRank(b.eventId) ||
        formRank(a.eventId, a.formId) - formRank(b.eventId, b.formId) ||
        a.instance - b.instance,
    );
    const verifications = await repos.get(CrfReviewRepository).verifications([participantId]);
    const queries = await new QueriesService(this.deps).listForParticipant(participantId);
    const signatures = await repos.get(CrfRepository).listSignatures(participantId);
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
        const fields: CasebookField[] = (form?.fields ?? []).map((f) => {
          const v = verifications.find((x) => x.recordId === r.id && x.field === f.id);
          return { id: f.id, label: f.label, value: displayValue(f, r.values[f.id]), verifiedAt: v?.verifiedAt ?? null };
        });
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
          s.scope === 'casebook' ? 'whole casebook' : s.scope === 'visit' ? `visit ${s.eventId}` : `${s.eventId}/${s.formId}/${s.instance}`,
        printedName: s.printedName,
        meaning: s.meaning,
        signedAt: s.signedAt,
        status: s.status,
        voidedAt: s.voidedAt,
        voidedBecause: s.voidedBecause,
      })),
    };
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
