import { CrfReviewRepository } from '@trialdata/database';
import { DEFAULT_JOB_OPTIONS, JobName, LIVE_JOB_STATES, QueueName, jobIdOf, type HandlerMap, type JobPayloads } from '@trialdata/queue';
import { renderCasebook } from '@trialdata/reports';
import type { WorkerContext } from '../context';

/** Processors of the documents queue: thin (load the row, call the library, record the result). */
export function documentsHandlers(ctx: WorkerContext): HandlerMap {
  const casebooks = ctx.platform.casebooks;
  return {
    [JobName.CasebookPdf]: async (data: JobPayloads[JobName.CasebookPdf], job) => {
      const attempts = (job as { opts?: { attempts?: number } }).opts?.attempts ?? DEFAULT_JOB_OPTIONS.attempts ?? 1;
      const outcome = await casebooks.build(data.casebookId, renderCasebook, {
        progress: (p) => job.updateProgress(p),
        finalAttempt: job.attemptsMade + 1 >= attempts,
      });
      return { outcome };
    },
  };
}

export interface CasebookReconcileResult {
  /** Casebooks whose job was gone from Redis (a flush, or the enqueue failed after the commit): enqueued again. */
  requeued: string[];
  /** Casebooks whose job failed for good without the failure being recorded: marked failed. */
  failed: string[];
}

/**
 * PostgreSQL is the truth: every `building` casebook requested more than `graceMs` ago must have a
 * live job. A lost job is enqueued again under its own id; a finished job whose row still says
 * building (a crash between the two) is removed and enqueued again; a job that failed for good marks
 * the row failed (request a new casebook). The row is read again after the job's state, so a build
 * that finishes meanwhile is left alone.
 */
export async function reconcileCasebooks(ctx: WorkerContext, options: { graceMs?: number } = {}): Promise<CasebookReconcileResult> {
  const result: CasebookReconcileResult = { requeued: [], failed: [] };
  const now = ctx.clock();
  const repo = ctx.db.repos.get(CrfReviewRepository);
  for (const row of await repo.buildingCasebooksBefore(new Date(now.getTime() - (options.graceMs ?? 120_000)))) {
    const payload = { casebookId: row.id };
    const jobId = jobIdOf(JobName.CasebookPdf, payload);
    const state = await ctx.queues.jobState(QueueName.Documents, jobId);
    if (LIVE_JOB_STATES.includes(state)) continue;
    if ((await repo.findCasebook(row.id))?.status !== 'building') continue;
    if (state === 'failed') {
      await repo.failCasebook(row.id, 'the casebook could not be built; see the worker log', now);
      result.failed.push(row.id);
      continue;
    }
    if (state === 'completed') await ctx.queues.bounded(`remove ${jobId}`, () => ctx.queues.queue(QueueName.Documents).remove(jobId));
    await ctx.queues.enqueue(JobName.CasebookPdf, payload);
    result.requeued.push(row.id);
  }
  if (result.requeued.length || result.failed.length) ctx.log('casebooks reconciled', result);
  return result;
}
