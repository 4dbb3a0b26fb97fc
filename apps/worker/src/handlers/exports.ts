import { DatasetsRepository } from '../../../../libs/database';
import { buildDataset } from '../../../../libs/datasets';
import { DEFAULT_JOB_OPTIONS, JobName, type HandlerMap, type JobContext } from '../../../../libs/queue';
import type { WorkerContext } from '../context';

/** Processors of the exports queue: thin (load the row, call the library, record the result). */
export function exportsHandlers(ctx: WorkerContext): HandlerMap {
  return {
    [JobName.BuildDataset]: async (data: { datasetId: string }, job: JobContext) => {
      try {
        const outcome = await buildDataset(
          { db: ctx.db, studies: ctx.studies, storageDir: ctx.config.storageDir, clock: ctx.clock, log: ctx.log },
          data.datasetId,
          (percent) => job.updateProgress(percent),
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
