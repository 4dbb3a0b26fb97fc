import type { DefaultJobOptions } from 'bullmq';

/**
 * Every queue and job name in one place. Job payloads carry ids only; a processor re-reads the row
 * and returns early when the work is gone or already done. Job ids are deterministic, so enqueueing
 * the same work twice is a no-op.
 */
export enum QueueName {
  Maintenance = 'maintenance',
  /** Patient invitations, reminders and coordinator tasks (issue 4). */
  Notifications = 'notifications',
  /** PDFs: casebooks, model reports (issues 3, 6). */
  Documents = 'documents',
  /** Dataset snapshots and their files (issue 5). */
  Exports = 'exports',
  /** Model fits and bootstrap validation (issue 6). */
  Models = 'models',
}

export enum JobName {
  /** Periodic self-check of the worker. */
  Heartbeat = 'heartbeat',
  /** Periodic: re-enqueues every dataset, casebook and model job that Redis lost (apps/worker/src/reconcile.ts). */
  ReconcileJobs = 'reconcile-jobs',
  /** Renders a participant casebook PDF (issue 3); payload {casebookId}, jobId `casebook-<id>`. */
  CasebookPdf = 'casebook-pdf',
  /** Sends one outbox message (invitation, reminder, coordinator task); job id from the message id. */
  DispatchMessage = 'dispatch-message',
  /** Periodic: enqueues due outbox messages and re-enqueues whatever Redis lost. */
  ReconcileOutbox = 'reconcile-outbox',
  /** Fits one model (issue 6): payload {modelId}, jobId `model-<id>`; result and PDF land on the models row. */
  FitModel = 'fit-model',
  /** Builds one dataset's files (issue 5): payload {datasetId}, jobId `dataset-<id>`. */
  BuildDataset = 'build-dataset',
}

/** Which jobs each queue carries; a worker refuses to start when one has no handler. */
export const JOBS_BY_QUEUE: Record<QueueName, JobName[]> = {
  [QueueName.Maintenance]: [JobName.Heartbeat, JobName.ReconcileJobs],
  [QueueName.Notifications]: [JobName.DispatchMessage, JobName.ReconcileOutbox],
  [QueueName.Documents]: [JobName.CasebookPdf],
  [QueueName.Exports]: [JobName.BuildDataset],
  [QueueName.Models]: [JobName.FitModel],
};

/**
 * Jobs run at once per worker process. CPU-bound queues (model fits spread their bootstrap over
 * every core; exports and PDFs stream large files) take few; I/O-bound message dispatch takes many.
 */
export const QUEUE_CONCURRENCY: Record<QueueName, number> = {
  [QueueName.Maintenance]: 1,
  [QueueName.Notifications]: 16,
  [QueueName.Documents]: 2,
  [QueueName.Exports]: 1,
  [QueueName.Models]: 1,
};

/** Retries with exponential backoff; failed jobs stay for inspection. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: false,
};

export interface JobContext {
  id?: string;
  name: string;
  attemptsMade: number;
  updateProgress(p: number | object): Promise<void>;
}

export type JobHandler = (data: any, job: JobContext) => Promise<unknown>;
export type HandlerMap = Partial<Record<JobName, JobHandler>>;

/** Refuses to start a worker that has a job name without a handler (or a handler for no job). */
export function assertHandlers(queue: QueueName, handlers: HandlerMap): void {
  const expected = JOBS_BY_QUEUE[queue];
  const missing = expected.filter((name) => !handlers[name]);
  const unknown = Object.keys(handlers).filter((name) => !expected.includes(name as JobName));
  if (missing.length) throw new Error(`Queue ${queue}: no handler for job(s) ${missing.join(', ')}`);
  if (unknown.length) throw new Error(`Queue ${queue}: handler(s) for unknown job(s) ${unknown.join(', ')}`);
}

/** The queue a job name belongs to. */
export function queueOf(job: JobName): QueueName {
  for (const [queue, jobs] of Object.entries(JOBS_BY_QUEUE)) if (jobs.includes(job)) return queue as QueueName;
  throw new Error(`job ${job} belongs to no queue`);
}
