import type { DefaultJobOptions } from 'bullmq';

/**
 * Every queue and job name in one place. Job payloads carry ids only; a processor re-reads the row
 * and returns early when the work is gone or already done. Job ids are deterministic, so enqueueing
 * the same work twice is a no-op.
 */
export enum QueueName {
  Maintenance = 'maintenance',
}

export enum JobName {
  /** Periodic self-check of the worker (and, later, reconciliation of the outbox). */
  Heartbeat = 'heartbeat',
}

export const JOBS_BY_QUEUE: Record<QueueName, JobName[]> = {
  [QueueName.Maintenance]: [JobName.Heartbeat],
};

/** Retries with exponential backoff; failed jobs stay for inspection. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: false,
};

export type JobHandler = (data: unknown, job: { id?: string; name: string; attemptsMade: number; updateProgress(p: number | object): Promise<void> }) => Promise<unknown>;

/** Refuses to start a worker that has a job name without a handler (or a handler for no job). */
export function assertHandlers(queue: QueueName, handlers: Partial<Record<JobName, JobHandler>>): void {
  const expected = JOBS_BY_QUEUE[queue];
  const missing = expected.filter((name) => !handlers[name]);
  const unknown = Object.keys(handlers).filter((name) => !expected.includes(name as JobName));
  if (missing.length) throw new Error(`Queue ${queue}: no handler for job(s) ${missing.join(', ')}`);
  if (unknown.length) throw new Error(`Queue ${queue}: handler(s) for unknown job(s) ${unknown.join(', ')}`);
}
