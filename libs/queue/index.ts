export { QueueName, JobName, JOBS_BY_QUEUE, DEFAULT_JOB_OPTIONS, assertHandlers } from './queues';
export type { JobHandler } from './queues';
