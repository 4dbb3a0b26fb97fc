import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ModelsRepository } from '../../../../libs/database';
import { datasetCsvPath, fitModelWithFigures, ModelInputError, modelReportPath, type ModelSpec } from '../../../../libs/modelling';
import { DEFAULT_JOB_OPTIONS, JobName, type HandlerMap, type JobContext } from '../../../../libs/queue';
import { renderModelReport } from '../../../../libs/reports/model-report';
import type { WorkerContext } from '../context';

/** Progress is written to the row at most this often; the job's progress (Redis) follows every percent. */
const ROW_PROGRESS_EVERY_MS = 1_000;

/** Processors of the models queue: thin (load the row, call the library, record the result). */
export function modelsHandlers(ctx: WorkerContext): HandlerMap {
  return {
    [JobName.FitModel]: async (data: { modelId: string }, job: JobContext) => {
      const models = ctx.db.repos.get(ModelsRepository);
      const current = await models.find(data.modelId);
      if (!current || current.status === 'done' || current.status === 'failed') return { skipped: true };
      const model = await models.start(data.modelId);
      if (!model) return { skipped: true };

      try {
        const csv = await readFile(datasetCsvPath(ctx.config.storageDir, model.datasetId)).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') throw new ModelInputError(`the file of dataset ${model.datasetId} is not in storage (data.csv)`);
          throw error;
        });
        // Progress callbacks are synchronous; their writes are chained so they land in order and
        // are awaited before the result is recorded (a late progress write must not follow 'done').
        let writes: Promise<unknown> = Promise.resolve();
        let lastPercent = -1;
        let lastRowWrite = 0;
        const { result, figures } = await fitModelWithFigures(model.spec as unknown as ModelSpec, csv, {
          onProgress: ({ fraction }) => {
            const percent = Math.min(99, Math.floor(fraction * 100));
            if (percent === lastPercent) return;
            lastPercent = percent;
            const now = Date.now();
            const toRow = now - lastRowWrite >= ROW_PROGRESS_EVERY_MS;
            if (toRow) lastRowWrite = now;
            writes = writes
              .then(() => Promise.all([job.updateProgress(percent), toRow ? models.setProgress(model.id, percent) : null]))
              .catch(() => undefined);
          },
        });
        await writes;
        const pdf = await renderModelReport({
          spec: model.spec as unknown as ModelSpec,
          result,
          figures,
          source: `dataset ${model.datasetId} (${model.studyCode}), model ${model.id}`,
          generatedAt: ctx.clock().toISOString(),
        });
        const path = modelReportPath(ctx.config.storageDir, model.id);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, pdf);
        await models.complete(model.id, result, path);
        await job.updateProgress(100);
        return { modelId: model.id };
      } catch (error) {
        // Bad data will not get better on a retry: record it and finish. Anything else is retried,
        // and recorded as the failure only when the last attempt fails.
        const lastAttempt = job.attemptsMade + 1 >= (DEFAULT_JOB_OPTIONS.attempts ?? 1);
        if (error instanceof ModelInputError || lastAttempt) {
          await models.fail(
            model.id,
            error instanceof ModelInputError ? error.message : 'the model fit failed unexpectedly; see the worker log',
          );
        }
        if (error instanceof ModelInputError) return { failed: error.message };
        ctx.log('model fit failed', { modelId: model.id, attempt: job.attemptsMade + 1, error: (error as Error).message });
        throw error;
      }
    },
  };
}
