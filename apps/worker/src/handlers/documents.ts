import { CasebookService } from '../../../../libs/crf';
import { DEFAULT_JOB_OPTIONS, JobName, type HandlerMap } from '../../../../libs/queue';
import { renderCasebook } from '../../../../libs/reports/casebook';
import type { WorkerContext } from '../context';

/** Processors of the documents queue: thin (load the row, call the library, record the result). */
export function documentsHandlers(ctx: WorkerContext): HandlerMap {
  const casebooks = new CasebookService({ db: ctx.db, studies: ctx.studies, clock: ctx.clock }, ctx.config.storageDir);
  return {
    [JobName.CasebookPdf]: async (data: { casebookId: string }, job) => {
      const attempts = (job as { opts?: { attempts?: number } }).opts?.attempts ?? DEFAULT_JOB_OPTIONS.attempts ?? 1;
      const outcome = await casebooks.build(data.casebookId, renderCasebook, {
        progress: (p) => job.updateProgress(p),
        finalAttempt: job.attemptsMade + 1 >= attempts,
      });
      return { outcome };
    },
  };
}
