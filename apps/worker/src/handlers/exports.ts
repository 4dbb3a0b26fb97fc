import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetsRepository } from '@trialdata/database';
import { auditHeadKey, databaseName } from '@trialdata/audit';
import { buildDataset } from '@trialdata/datasets';
import {
  DEFAULT_JOB_OPTIONS,
  JobName,
  LIVE_JOB_STATES,
  QueueName,
  jobIdOf,
  type HandlerMap,
  type JobContext,
  type JobPayloads,
} from '@trialdata/queue';
import type { WorkerContext } from '../context';

/** Processors of the exports queue: thin (load the row, call the library, record the result). */
export function exportsHandlers(ctx: WorkerContext): HandlerMap {
  return {
    [JobName.BuildDataset]: async (data: JobPayloads[JobName.BuildDataset], job: JobContext) => {
      try {
        const outcome = await buildDataset(
          {
            db: ctx.db,
            studies: ctx.studies,
            storageDir: ctx.config.storageDir,
            clock: ctx.clock,
            log: ctx.log,
            auditHead: { key: auditHeadKey(ctx.config.dataKey), database: databaseName(ctx.config.databaseUrl) },
          },
          data.datasetId,
          (percent) => job.updateProgress(percent),
          data.attempt,
        );
        return { datasetId: data.datasetId, outcome };
      } catch (error) {
        // Retried with backoff; the row says `failed` only when the last attempt fails.
        ctx.log('dataset build failed', { datasetId: data.datasetId, attempt: job.attemptsMade + 1, error: (error as Error).message });
        if (job.attemptsMade + 1 >= (DEFAULT_JOB_OPTIONS.attempts ?? 1)) {
          await ctx.db.repos
            .get(DatasetsRepository)
            .markFailed(data.datasetId, 'the dataset build failed; see the worker log', ctx.clock());
        }
        throw error;
      }
    },
  };
}

export interface ReconcileResult {
  /** Rows whose job was gone from Redis: enqueued again under the same job id. */
  requeued: string[];
  /** Rows whose job completed without building them: restarted under a new attempt and job id. */
  restarted: string[];
  /** Rows whose job failed for good but whose failure was never recorded: marked failed. */
  failed: string[];
}

/**
 * PostgreSQL is the truth: every `building` dataset requested more than `graceMs` ago must have a
 * live job. A job lost from Redis is enqueued again (same job id, payload {datasetId, attempt}); a job
 * that completed while the row still says building gets a new attempt (`dataset-<id>-<n>`, since
 * BullMQ ignores a kept job id); a job that failed for good marks the row failed (rebuild it with
 * `POST /datasets/{id}/rebuild`). Safe to run from several workers at once (row lock + attempt check).
 */
export async function reconcileDatasets(ctx: WorkerContext, options: { graceMs?: number } = {}): Promise<ReconcileResult> {
  const result: ReconcileResult = { requeued: [], restarted: [], failed: [] };
  const now = ctx.clock();
  const rows = await ctx.db.repos.get(DatasetsRepository).buildingBefore(new Date(now.getTime() - (options.graceMs ?? 120_000)));
  for (const row of rows) {
    const state = await ctx.queues.jobState(QueueName.Exports, jobIdOf(JobName.BuildDataset, { datasetId: row.id, attempt: row.attempt }));
    if (LIVE_JOB_STATES.includes(state)) continue;
    if (state === 'unknown') {
      await ctx.queues.enqueue(JobName.BuildDataset, { datasetId: row.id, attempt: row.attempt });
      result.requeued.push(row.id);
    } else if (state === 'failed') {
      await ctx.db.repos.get(DatasetsRepository).markFailed(row.id, 'the dataset build failed; see the worker log', now);
      result.failed.push(row.id);
    } else {
      const restarted = await ctx.db.transaction(async (tx) => {
        const repo = tx.get(DatasetsRepository);
        const d = await repo.findForUpdate(row.id);
        if (!d || d.status !== 'building' || d.attempt !== row.attempt) return null;
        return repo.restart(d.id, d.attempt, now);
      });
      if (!restarted) continue;
      await ctx.queues.enqueue(JobName.BuildDataset, { datasetId: restarted.id, attempt: restarted.attempt });
      result.restarted.push(row.id);
    }
  }
  if (result.requeued.length || result.restarted.length || result.failed.length) ctx.log('datasets reconciled', result);
  return result;
}

/** A partial folder younger than this may belong to a build running in another worker process. */
const PARTIAL_EXPORT_GRACE_MS = 15 * 60_000;

/**
 * Removes the partial dataset folders (`datasets/.tmp-<id>-…`) that a killed build left behind, at
 * worker start. A build writes into such a folder and renames it into place only when every file is
 * complete, so a leftover one is never a dataset. Kept: a folder of a dataset still building that was
 * written to in the last 15 minutes (another worker may be writing it now).
 */
export async function removePartialExports(ctx: WorkerContext): Promise<string[]> {
  const root = join(ctx.config.storageDir, 'datasets');
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  const repo = ctx.db.repos.get(DatasetsRepository);
  for (const entry of entries) {
    if (!entry.isDirectory() || !entry.name.startsWith('.tmp-')) continue;
    const dir = join(root, entry.name);
    const id = /^\.tmp-([0-9a-f-]{36})-/i.exec(entry.name)?.[1];
    const row = id ? await repo.find(id) : null;
    if (row?.status === 'building' && (await filesystemNow(root)) - (await newestChange(dir)) < PARTIAL_EXPORT_GRACE_MS) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(entry.name);
  }
  if (removed.length) ctx.log('partial dataset folders removed', { removed });
  return removed;
}

/**
 * "Now" as the file system stamps it: the modification time of a file written this moment. Folder
 * ages are measured against it rather than the process clock, which may differ from the file
 * server's (a network share) or be moved (faketime).
 */
async function filesystemNow(root: string): Promise<number> {
  const probe = join(root, `.now-${process.pid}-${Date.now()}`);
  await writeFile(probe, '');
  try {
    return (await stat(probe)).mtimeMs;
  } finally {
    await rm(probe, { force: true });
  }
}

/** The latest modification time (ms) of a folder and the files in it. */
async function newestChange(dir: string): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const times = await Promise.all(
    [dir, ...names.map((n) => join(dir, n))].map((p) =>
      stat(p).then(
        (s) => s.mtimeMs,
        () => 0,
      ),
    ),
  );
  return Math.max(0, ...times);
}
