export { QueueName, JobName, JOBS_BY_QUEUE, QUEUE_CONCURRENCY, DEFAULT_JOB_OPTIONS, assertHandlers, queueOf } from './queues';
export type { JobHandler, JobContext, HandlerMap } from './queues';
export { JobQueues, QueueUnavailableError } from './job-queues';
export type { EnqueueOutcome, JobQueuesOptions } from './job-queues';
export { jobIdOf, LIVE_JOB_STATES, WORK_JOBS } from './job-kinds';
export type { JobPayloads, WorkJob } from './job-kinds';
