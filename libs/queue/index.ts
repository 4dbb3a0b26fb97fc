export { QueueName, JobName, JOBS_BY_QUEUE, QUEUE_CONCURRENCY, DEFAULT_JOB_OPTIONS, assertHandlers, queueOf } from './queues';
export type { JobHandler, JobContext, HandlerMap } from './queues';
export { JobQueues } from './job-queues';
