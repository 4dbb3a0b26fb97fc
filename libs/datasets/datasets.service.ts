/**
 * Database lock and dataset snapshots. A lock refuses while checklist items are open unless it is
 * overridden with a reason; it makes the study read-only and takes a `lock` snapshot. An interim
 * snapshot takes the same files without locking. Snapshots are built by the worker (JobName.BuildDataset).
 * Only statisticians, data managers and admins not bound to a site see datasets; every download is audited.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Actor, Role, StudyAccess } from '@trialdata/accounts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@trialdata/common';
import { Database, DatasetsRepository, type DatasetRow } from '@trialdata/database';
import type { StudyDefinition } from '@trialdata/protocol';
import { JobName, LIVE_JOB_STATES, QueueName, jobIdOf, type JobQueues } from '@trialdata/queue';
import { datasetDir } from './build';
import { runChecklist, type ChecklistResult } from './checklist';
import { DATASET_FILES, OPTIONAL_DATASET_FILES, type DatasetFileName } from './model';

export const DATASET_READERS: readonly Role[] = ['admin', 'data_manager', 'statistician'];
export const LOCKERS: readonly Role[] = ['admin', 'data_manager'];

export interface DatasetView {
  id: string;
  study: string;
  version: number;
  kind: 'lock' | 'interim';
  reason: string;
  status: 'building' | 'ready' | 'failed';
  progress: number;
  createdAt: string;
  completedAt: string | null;
  participants: number | null;
  files: Array<{ name: string; bytes: number; sha256: string }>;
  sha256: string | null;
  error: string | null;
  /** Build attempt (1, then 2, 3 … after rebuilds). */
  attempt: number;
  /** The snapshot's high-water mark: the highest audit sequence number visible when the files were read. */
  snapshotSeq: number | null;
}

/**
 * The producer side as the datasets capability uses it (JobQueues): a build is enqueued after its row
 * commits; when Redis does not answer, the request still succeeds and the worker's reconciler enqueues
 * the `building` row later. `jobState` (bounded) tells a stale build from a live one.
 */
export type DatasetQueue = Pick<JobQueues, 'enqueueAfterCommit'> & Partial<Pick<JobQueues, 'jobState'>>;

/** Without a queue to ask, a `building` dataset requested longer ago than this counts as stale. */
export const STALE_BUILD_MS = 15 * 60_000;

export interface DatasetsServiceDeps {
  db: Database;
  studies: { find(code: string): StudyDefinition | undefined };
  queues: DatasetQueue;
  clock: () => Date;
  storageDir: string;
}

export function datasetView(d: DatasetRow): DatasetView {
  return {
    id: d.id,
    study: d.studyCode,
    version: d.version,
    kind: d.kind,
    reason: d.reason,
    status: d.status,
    progress: d.progress,
    createdAt: d.createdAt,
    completedAt: d.completedAt,
    participants: d.participants,
    files: d.files.map((f) => ({ name: f.name, bytes: f.bytes, sha256: f.sha256 })),
    sha256: d.sha256,
    error: d.status === 'failed' ? d.error : null,
    attempt: d.attempt,
    snapshotSeq: d.snapshotSeq,
  };
}

export class DatasetsService {
  constructor(private readonly deps: DatasetsServiceDeps) {}

  private study(code: string): StudyDefinition {
    const def = this.deps.studies.find(code);
    if (!def) throw new NotFoundError(`Study ${code} does not exist`);
    return def;
  }

  async checklist(access: StudyAccess): Promise<ChecklistResult> {
    return runChecklist(this.deps.db.repos.get(DatasetsRepository), this.study(access.studyCode), this.deps.clock());
  }

  /**
   * Locks the study: 409 listing the open checklist items unless `override` (the reason then says
   * why, and the items are kept with the lock). Returns the lock's dataset, built by the worker.
   */
  async lock(
    access: StudyAccess,
    actor: Actor,
    input: { reason: string; override?: boolean },
  ): Promise<{ datasetId: string; version: number }> {
    const study = this.study(access.studyCode);
    const reason = requireReason(input.reason);
    const now = this.deps.clock();
    const dataset = await this.deps.db.transaction(async (tx) => {
      const repo = tx.get(DatasetsRepository);
      const row = await repo.lockStudyRow(study.code);
      if (!row) throw new NotFoundError(`Study ${study.code} does not exist`);
      if (row.status === 'locked') throw new ConflictError(`${study.code} is already locked`);
      const checklist = await runChecklist(repo, study, now);
      if (checklist.open.length && !input.override) {
        throw new ConflictError(
          `${study.code} cannot be locked: ${checklist.open.map((i) => `${i.title} (${i.count})`).join('; ')}. Resolve them, or lock with override and a reason.`,
          undefined,
          {
            items: checklist.open,
            unavailable: checklist.unavailable,
          },
        );
      }
      await repo.setStudyLocked(study.code, row.status);
      const version = await repo.nextVersion(study.code);
      const d = await repo.insert({ studyCode: study.code, version, kind: 'lock', reason, createdAt: now, createdBy: actor.userId });
      await repo.insertLock({
        studyCode: study.code,
        datasetId: d.id,
        lockedAt: now,
        lockedBy: actor.userId,
        reason,
        overridden: checklist.open.length > 0,
        openItems: checklist.open,
      });
      await tx.audit.append([
        {
          userId: actor.userId,
          action: 'lock',
          entity: 'study_lock',
          entityId: study.code,
          studyCode: study.code,
          field: 'status',
          from: row.status,
          to: {
            status: 'locked',
            dataset: d.id,
            version,
            override: checklist.open.length > 0,
            openItems: checklist.open.map((i) => ({ id: i.id, count: i.count })),
          },
          reason,
        },
      ]);
      return d;
    });
    await this.enqueue(dataset.id);
    return { datasetId: dataset.id, version: dataset.version };
  }

  /**
   * Only an admin unlocks, with a reason; the next lock takes a new dataset version. Refused (409)
   * while the lock's dataset is still building: its files must be the locked data.
   */
  async unlock(access: StudyAccess, actor: Actor, input: { reason: string }): Promise<{ study: string; status: string }> {
    if (!access.roles.includes('admin')) throw new ForbiddenError('Only an admin may unlock a study');
    const study = this.study(access.studyCode);
    const reason = requireReason(input.reason);
    return this.deps.db.transaction(async (tx) => {
      const repo = tx.get(DatasetsRepository);
      const row = await repo.lockStudyRow(study.code);
      if (!row || row.status !== 'locked') throw new ConflictError(`${study.code} is not locked`);
      const lock = await repo.openLock(study.code);
      const snapshot = lock ? await repo.find(lock.datasetId) : null;
      if (snapshot?.status === 'building')
        throw new ConflictError(
          `${study.code} cannot be unlocked while its lock dataset (version ${snapshot.version}) is building (${snapshot.progress}%): its files must hold the locked data. Unlock when it is ready or failed.`,
        );
      const status = await repo.setStudyUnlocked(study.code);
      if (lock) await repo.closeLock(lock.id, actor.userId, this.deps.clock(), reason);
      await tx.audit.append([
        {
          userId: actor.userId,
          action: 'unlock',
          entity: 'study_lock',
          entityId: study.code,
          studyCode: study.code,
          field: 'status',
          from: 'locked',
          to: status,
          reason,
        },
      ]);
      return { study: study.code, status };
    });
  }

  /** An interim snapshot: the same files, without locking (a DMC look, an interim analysis). */
  async createInterim(access: StudyAccess, actor: Actor, input: { reason: string }): Promise<DatasetView> {
    const study = this.study(access.studyCode);
    const reason = requireReason(input.reason);
    const dataset = await this.deps.db.transaction(async (tx) => {
      const repo = tx.get(DatasetsRepository);
      const version = await repo.nextVersion(study.code);
      const d = await repo.insert({
        studyCode: study.code,
        version,
        kind: 'interim',
        reason,
        createdAt: this.deps.clock(),
        createdBy: actor.userId,
      });
      await tx.audit.append([
        {
          userId: actor.userId,
          action: 'create',
          entity: 'dataset',
          entityId: d.id,
          studyCode: study.code,
          to: { kind: 'interim', version },
          reason,
        },
      ]);
      return d;
    });
    await this.enqueue(dataset.id);
    return datasetView(dataset);
  }

  /**
   * Builds a `failed` dataset again, or a `building` one whose job is gone or finished (stale): back
   * to `building` under a new attempt, enqueued with a fresh job id `dataset-<id>-<attempt>`. A lock
   * dataset is rebuilt only while its lock holds (after an unlock the data may have changed). An
   * interim dataset's files are read when it is built, so a rebuild takes the data as they are then.
   */
  async rebuild(actor: Actor, id: string, input: { reason?: string } = {}): Promise<DatasetView> {
    const found = await this.found(id);
    const reason = input.reason?.trim() || null;
    if (found.status === 'ready') throw new ConflictError(`Dataset ${found.id} is ready; a ready dataset never changes`);
    if (found.status === 'building' && !(await this.stale(found)))
      throw new ConflictError(`Dataset ${found.id} is building (${found.progress}%) and its job is still queued or running`);
    const restarted = await this.deps.db.transaction(async (tx) => {
      const repo = tx.get(DatasetsRepository);
      const d = await repo.findForUpdate(found.id);
      if (!d || d.status === 'ready' || d.attempt !== found.attempt)
        throw new ConflictError(`Dataset ${found.id} changed meanwhile (it is ${d?.status ?? 'gone'}); reload and try again`);
      if (d.kind === 'lock') {
        const lock = await repo.lockOfDataset(d.id);
        if (!lock || lock.unlockedAt !== null)
          throw new ConflictError(
            `Dataset ${d.id} is the snapshot of a lock that was lifted on ${lock?.unlockedAt ?? '?'}; the data may have changed since. Lock again or take an interim dataset.`,
          );
      }
      const row = await repo.restart(d.id, d.attempt, this.deps.clock());
      if (!row) throw new ConflictError(`Dataset ${d.id} changed meanwhile; reload and try again`);
      await tx.audit.append([
        {
          userId: actor.userId,
          action: 'rebuild',
          entity: 'dataset',
          entityId: d.id,
          studyCode: d.studyCode,
          field: 'status',
          from: { status: d.status, attempt: d.attempt },
          to: { status: 'building', attempt: row.attempt },
          reason,
        },
      ]);
      return row;
    });
    await this.enqueue(restarted.id, restarted.attempt);
    return datasetView(restarted);
  }

  /** A `building` dataset whose job is missing, completed or failed (or, with no queue to ask, old). */
  private async stale(d: DatasetRow): Promise<boolean> {
    if (this.deps.queues.jobState) {
      // Bounded: while Redis is down this answers 503 (QueueUnavailableError) instead of hanging.
      const state = await this.deps.queues.jobState(
        QueueName.Exports,
        jobIdOf(JobName.BuildDataset, { datasetId: d.id, attempt: d.attempt }),
      );
      return !LIVE_JOB_STATES.includes(state);
    }
    return this.deps.clock().getTime() - Date.parse(d.requestedAt) > STALE_BUILD_MS;
  }

  async list(access: StudyAccess): Promise<DatasetView[]> {
    return (await this.deps.db.repos.get(DatasetsRepository).list(access.studyCode)).map(datasetView);
  }

  /** A dataset by id (the route's access rule has checked the reader). */
  async get(id: string): Promise<DatasetView> {
    return datasetView(await this.found(id));
  }

  /** Opens one file of a ready dataset for download, and audits the download. */
  async download(
    actor: Actor,
    id: string,
    name: string,
  ): Promise<{ stream: Readable; bytes: number; sha256: string; name: DatasetFileName }> {
    if (![...DATASET_FILES, ...OPTIONAL_DATASET_FILES].includes(name as DatasetFileName))
      throw new NotFoundError(`A dataset has no file ${name}; it has ${DATASET_FILES.join(', ')}`);
    const d = await this.found(id);
    if (d.status !== 'ready')
      throw new ConflictError(
        `Dataset ${d.id} is ${d.status}${d.status === 'building' ? ` (${d.progress}%)` : ''}; its files are not available`,
      );
    const file = d.files.find((f) => f.name === name);
    if (!file) throw new NotFoundError(`Dataset ${d.id} has no file ${name}`);
    const path = join(datasetDir(this.deps.storageDir, d.id), name);
    const info = await stat(path).catch(() => null);
    if (!info || info.size !== file.bytes)
      throw new ConflictError(`The stored file ${name} of dataset ${d.id} is missing or changed (expected ${file.bytes} bytes)`);
    await this.deps.db.transaction((tx) =>
      tx.audit.append([
        {
          userId: actor.userId,
          action: 'download',
          entity: 'dataset',
          entityId: d.id,
          studyCode: d.studyCode,
          field: name,
          to: { sha256: file.sha256, bytes: file.bytes, version: d.version },
        },
      ]),
    );
    return { stream: createReadStream(path), bytes: file.bytes, sha256: file.sha256, name: name as DatasetFileName };
  }

  /**
   * The dataset row, or 404. Who may read it (role, not bound to a site) is the AccessGuard's
   * `@DatasetRoles` rule on every route that reaches here.
   */
  private async found(id: string): Promise<DatasetRow> {
    const d = /^[0-9a-f-]{36}$/i.test(id) ? await this.deps.db.repos.get(DatasetsRepository).find(id) : null;
    if (!d) throw new NotFoundError('Dataset not found');
    return d;
  }

  /** After the commit: a build Redis does not take now is enqueued by the worker's reconciler (the row says building). */
  private async enqueue(datasetId: string, attempt = 1): Promise<void> {
    await this.deps.queues.enqueueAfterCommit(JobName.BuildDataset, { datasetId, attempt });
  }
}

function requireReason(reason: unknown): string {
  const r = typeof reason === 'string' ? reason.trim() : '';
  if (!r) throw new ValidationError('A reason is required', [{ field: 'reason', message: 'must not be empty' }]);
  return r;
}
