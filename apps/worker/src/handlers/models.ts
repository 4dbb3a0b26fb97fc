import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ModelsRepository } from '@trialdata/database';
import {
  datasetCsvPath,
  datasetDictionaryPath,
  fitModelWithFigures,
  isFormulaSpec,
  levelsFromDictionary,
  ModelInputError,
  modelReportPath,
  savedModelPath,
  type ModelFigures,
  type ModelSpec,
} from '@trialdata/modelling';
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
import { renderModelReport } from '@trialdata/reports';
import type { WorkerContext } from '../context';

/** Progress is written to the row at most this often; the job's progress (Redis) follows every percent. */
const ROW_PROGRESS_EVERY_MS = 1_000;

/** Stored curves keep at most this many points (a step per pixel or so of a plot), whatever the n. */
const MAX_PLOT_POINTS = 500;

/** Processors of the models queue: thin (load the row, call the library, record the result). */
export function modelsHandlers(ctx: WorkerContext): HandlerMap {
  return {
    [JobName.FitModel]: async (data: JobPayloads[JobName.FitModel], job: JobContext) => {
      const models = ctx.db.repos.get(ModelsRepository);
      const current = await models.find(data.modelId);
      if (!current || current.status === 'done' || current.status === 'failed') return { skipped: true };
      const runner = `${job.id ?? 'job'}#${job.attemptsMade + 1}#${randomUUID()}`;
      const model = await models.start(data.modelId, runner);
      if (!model) return { skipped: true };

      try {
        const csv = await readFile(datasetCsvPath(ctx.config.storageDir, model.datasetId)).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') throw new ModelInputError(`the file of dataset ${model.datasetId} is not in storage (data.csv)`);
          throw error;
        });
        // A formula fit reads the dataset's choice fields as factors named by their labels (dictionary.csv).
        const spec = model.spec as unknown as ModelSpec;
        const dictionary = isFormulaSpec(spec)
          ? await readFile(datasetDictionaryPath(ctx.config.storageDir, model.datasetId)).catch(() => null)
          : null;
        // Progress callbacks are synchronous; their writes are chained so they land in order and
        // are awaited before the result is recorded (a late progress write must not follow 'done').
        let writes: Promise<unknown> = Promise.resolve();
        let lastPercent = -1;
        let lastRowWrite = 0;
        const { result, figures, saved } = await fitModelWithFigures(spec, csv, {
          ...(dictionary ? { levels: levelsFromDictionary(dictionary) } : {}),
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
          saved,
          source: `dataset ${model.datasetId} (${model.studyCode}), model ${model.id}`,
          generatedAt: ctx.clock().toISOString(),
        });
        const path = modelReportPath(ctx.config.storageDir, model.id);
        await mkdir(dirname(path), { recursive: true });
        // Written aside and renamed: a reader never sees half a PDF, and a concurrent run cannot interleave.
        const temporary = `${path}.${randomUUID()}.tmp`;
        await writeFile(temporary, pdf);
        await rename(temporary, path);
        // The saved model (POST /models/{id}/predict), beside the report and written the same way.
        const savedPath = savedModelPath(ctx.config.storageDir, model.id);
        const savedTemporary = `${savedPath}.${randomUUID()}.tmp`;
        await writeFile(savedTemporary, JSON.stringify(saved));
        await rename(savedTemporary, savedPath);
        if (!(await models.complete(model.id, runner, result, path, plottableFigures(figures))))
          return { skipped: true, reason: 'superseded' };
        await job.updateProgress(100);
        return { modelId: model.id };
      } catch (error) {
        // Bad data will not get better on a retry: record it and finish. Anything else is retried,
        // and recorded as the failure only when the last attempt fails.
        const lastAttempt = job.attemptsMade + 1 >= (DEFAULT_JOB_OPTIONS.attempts ?? 1);
        if (error instanceof ModelInputError || lastAttempt) {
          await models.fail(
            model.id,
            runner,
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

/**
 * The report's figures as stored for GET /models/{id}/figures (the web console's plots): every
 * curve thinned to at most MAX_PLOT_POINTS points so that the row stays small for large datasets.
 * Kaplan-Meier steps keep the last step in each of MAX_PLOT_POINTS equal slices of the time axis
 * (plus the first and last step), so the drawn curve moves by at most one slice; the logistic lowess
 * curve keeps evenly spaced points (it is smooth) and its ends.
 */
export function plottableFigures(figures: ModelFigures): ModelFigures {
  const out: ModelFigures = {};
  if (figures.calibrationCurve) out.calibrationCurve = evenly(figures.calibrationCurve, MAX_PLOT_POINTS);
  if (figures.groupedCalibration) out.groupedCalibration = figures.groupedCalibration;
  if (figures.riskGroups) {
    const all = figures.riskGroups.flatMap((g) => g.steps.map((s) => s.time));
    const max = all.length ? Math.max(...all) : 0;
    out.riskGroups = figures.riskGroups.map((g) => ({ ...g, steps: thinSteps(g.steps, max, MAX_PLOT_POINTS) }));
  }
  return out;
}

function evenly<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const out: T[] = [];
  for (let k = 0; k < max; k++) out.push(points[Math.round((k * (points.length - 1)) / (max - 1))]);
  return out;
}

function thinSteps<T extends { time: number }>(steps: T[], maxTime: number, max: number): T[] {
  if (steps.length <= max || maxTime <= 0) return steps;
  const kept = new Map<number, T>();
  for (const s of steps) kept.set(Math.min(max - 1, Math.floor((s.time / maxTime) * max)), s);
  const out = [...kept.values()];
  if (out[0] !== steps[0]) out.unshift(steps[0]);
  return out;
}

/**
 * Fits whose job Redis lost (a flush, or the enqueue failing after the row was committed) would stay
 * queued or running for ever: a row untouched for `olderThanMs` whose job (`model-<id>`, or its rerun
 * `model-<id>-<updated_at ms>`) is neither waiting nor running is enqueued again. The rerun id comes
 * from the row's state, so reconciling twice adds one job; `start` claims the row for one run only.
 */
export async function reconcileModels(ctx: WorkerContext, olderThanMs = 10 * 60_000): Promise<string[]> {
  const requeued: string[] = [];
  const models = ctx.db.repos.get(ModelsRepository);
  for (const row of await models.stale(olderThanMs)) {
    const first = { modelId: row.id };
    const state = await ctx.queues.jobState(QueueName.Models, jobIdOf(JobName.FitModel, first));
    if (LIVE_JOB_STATES.includes(state)) continue;
    // Read again after the job's state: a fit that finished meanwhile is left alone.
    const current = await models.find(row.id);
    if (!current || (current.status !== 'queued' && current.status !== 'running')) continue;
    // Never run: its own id again. Ran (completed or failed) without finishing the row: a rerun.
    const payload = state === 'unknown' ? first : { modelId: row.id, rerun: Date.parse(current.updatedAt) };
    if (payload !== first && LIVE_JOB_STATES.includes(await ctx.queues.jobState(QueueName.Models, jobIdOf(JobName.FitModel, payload))))
      continue;
    await ctx.queues.enqueue(JobName.FitModel, payload);
    requeued.push(row.id);
  }
  if (requeued.length) ctx.log('re-queued model fits', { models: requeued });
  return requeued;
}
