import { JobName } from './queues';

/**
 * The job kinds that carry work (as opposed to the periodic maintenance jobs): one typed payload and
 * one deterministic job id each. Payloads carry ids only; the processor re-reads the row. Every kind
 * here also has a reconcile query in the worker (apps/worker/src/reconcile.ts), so a job Redis loses
 * is found again from PostgreSQL, the source of truth.
 */
export interface JobPayloads {
  /** One outbox message at one send instant; `wake` names a second job for the same instant (a lease's end). */
  [JobName.DispatchMessage]: { messageId: string; sendAt: string; wake?: string; batch?: string[] };
  /** One dataset build attempt (1, then 2, 3 … after a rebuild). */
  [JobName.BuildDataset]: { datasetId: string; attempt?: number };
  /** One casebook PDF. */
  [JobName.CasebookPdf]: { casebookId: string };
  /** One model fit; `rerun` numbers a later run of the same row after its first job finished without it. */
  [JobName.FitModel]: { modelId: string; rerun?: number };
}

export type WorkJob = keyof JobPayloads;

/** Every work kind's job id, the one place that names jobs: adding the same work twice adds it once. */
const JOB_IDS: { [K in WorkJob]: (payload: JobPayloads[K]) => string } = {
  [JobName.DispatchMessage]: ({ messageId, sendAt, wake }) => `${messageId}.${Date.parse(sendAt)}${wake ? `.${wake}` : ''}`,
  [JobName.BuildDataset]: ({ datasetId, attempt = 1 }) => (attempt <= 1 ? `dataset-${datasetId}` : `dataset-${datasetId}-${attempt}`),
  [JobName.CasebookPdf]: ({ casebookId }) => `casebook-${casebookId}`,
  [JobName.FitModel]: ({ modelId, rerun }) => (rerun ? `model-${modelId}-${rerun}` : `model-${modelId}`),
};

/** The work kinds, in the order the reconciler visits them. */
export const WORK_JOBS = Object.keys(JOB_IDS) as WorkJob[];

/** The deterministic BullMQ job id of a payload. */
export function jobIdOf<K extends WorkJob>(job: K, payload: JobPayloads[K]): string {
  return (JOB_IDS[job] as (p: JobPayloads[K]) => string)(payload);
}

/** BullMQ job states in which the work is still on its way. */
export const LIVE_JOB_STATES: readonly string[] = ['active', 'waiting', 'waiting-children', 'delayed', 'prioritized'];
