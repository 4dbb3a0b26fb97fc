import { DatasetsRepository } from '../../../../libs/database';
import { buildDataset, datasetJobId } from '../../../../libs/datasets';
import { DEFAULT_JOB_OPTIONS, JobName, QueueName, type HandlerMap, type JobContext } from '../../../../libs/queue';
import type { WorkerContext } from '../context';

/** Processors of the exports queue: thin (load the row, call the library, record the result). */
export function exportsHandlers(ctx: WorkerContext): HandlerMap {
  return {
    [JobName.BuildDataset]: async (data: { datasetId: string; attempt?: number }, job: JobContext) => {
      try {
        const outcome = await buildDataset(
          { db: ctx.db, studies: ctx.studies, storageDir: ctx.config.storageDir, clock: ctx.clock, log: ctx.log },
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

/** Job states in which a build is still on its way. */
const LIVE = ['active', 'waiting', 'waiting-children', 'delayed', 'prioritized'];

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
  const queue = ctx.queues.queue(QueueName.Exports);
  const rows = await ctx.db.repos.get(DatasetsRepository).buildingBefore(new Date(now.getTime() - (options.graceMs ?? 120_000)));
  for (const row of rows) {
    const state = await queue.getJobState(datasetJobId(row.id, row.attempt));
    if (LIVE.includes(state)) continue;
    if (state === 'unknown') {
      await ctx.queues.add(JobName.BuildDataset, { datasetId: row.id, attempt: row.attempt }, { jobId: datasetJobId(row.id, row.attempt) });
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
      await ctx.queues.add(
        JobName.BuildDataset,
        { datasetId: restarted.id, attempt: restarted.attempt },
        { jobId: datasetJobId(restarted.id, restarted.attempt) },
      );
      result.restarted.push(row.id);
    }
  }
  if (result.requeued.length || result.restarted.length || result.failed.length) ctx.log('datasets reconciled', result);
  return result;
}

/**
 * Runs `reconcileDatasets` now (worker start) and every `everyMs` (default 5 minutes) until stopped.
 * One run at a time; errors are logged, never thrown. The worker calls it at start and `stop()` on close.
 */
export function startDatasetReconciler(
  ctx: WorkerContext,
  options: { everyMs?: number; graceMs?: number } = {},
): { stop(): Promise<void>; runNow(): Promise<ReconcileResult | null> } {
  let running: Promise<ReconcileResult | null> | null = null;
  let stopped = false;
  const run = (): Promise<ReconcileResult | null> => {
    if (stopped) return Promise.resolve(null);
    if (!running) {
      running = reconcileDatasets(ctx, { graceMs: options.graceMs })
        .catch((error: Error) => {
          ctx.log('dataset reconcile failed', { error: error.message });
          return null;
        })
        .finally(() => {
          running = null;
        });
    }
    return running;
  };
  void run();
  const timer = setInterval(() => void run(), options.everyMs ?? 5 * 60_000);
  timer.unref();
  return {
    runNow: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
