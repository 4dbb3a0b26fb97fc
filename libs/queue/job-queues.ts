import { Queue, type JobsOptions } from 'bullmq';
import { DomainError } from '@trialdata/common';
import { jobIdOf, type JobPayloads, type WorkJob } from './job-kinds';
import { DEFAULT_JOB_OPTIONS, JobName, QueueName, queueOf } from './queues';

/** Redis did not take the job in time (down, or unreachable): 503 for a request that must enqueue before it commits. */
export class QueueUnavailableError extends DomainError {
  readonly code = 'unavailable';
  readonly status = 503;
  constructor(message = 'The job queue (Redis) is not reachable; try again shortly') {
    super(message, undefined, { retryAfterSeconds: 5 });
  }
}

export interface JobQueuesOptions {
  /**
   * How long one producer call (add, state) may wait for Redis before it fails with
   * QueueUnavailableError (default 1.5 s, so that a request answers within 2 s). BullMQ's connections wait for Redis for ever, so without
   * this bound a request that enqueues would hang while Redis is down.
   */
  timeoutMs?: number;
  /** Where connection errors go (a Queue without an 'error' listener would crash the process). */
  log?: (msg: string, extra?: object) => void;
}

/** What `enqueueAfterCommit` did: handed to Redis, or left for the reconciler (Redis did not answer). */
export type EnqueueOutcome = 'queued' | 'deferred';

/**
 * The producer side: how the API (and the worker itself) hands work to workers. One BullMQ Queue per
 * queue name, created on first use. Job ids are deterministic (libs/queue/job-kinds.ts), so adding the
 * same work twice adds it once. Every call is bounded by `timeoutMs`, and fails fast (no offline
 * queue) while Redis is known to be down.
 */
export class JobQueues {
  private readonly queues = new Map<QueueName, Queue>();
  private readonly timeoutMs: number;

  constructor(
    private readonly redis: { url: string; prefix: string },
    private readonly options: JobQueuesOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 1_500;
  }

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, {
        // No offline queue: while Redis is down a command fails at once instead of waiting for it.
        // Reconnects at most 2 s apart (BullMQ's default backs off to 20 s), so work flows soon after Redis is back.
        connection: {
          url: this.redis.url,
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          retryStrategy: (times: number) => Math.min(times * 200, 2_000),
        } as never,
        prefix: this.redis.prefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      q.on('error', (error: Error) => this.options.log?.('job queue connection error', { queue: name, error: error.message }));
      this.queues.set(name, q);
    }
    return q;
  }

  /** Adds a job under an explicit id (periodic and test jobs); throws QueueUnavailableError when Redis does not take it in time. */
  async add(job: JobName, data: object, options: JobsOptions & { jobId: string }): Promise<void> {
    await this.bounded(`add ${options.jobId}`, () => this.queue(queueOf(job)).add(job, data, options));
  }

  /** Adds one unit of work under the id its kind gives it (`jobIdOf`); returns that id. */
  async enqueue<K extends WorkJob>(job: K, payload: JobPayloads[K], options: JobsOptions = {}): Promise<string> {
    const jobId = jobIdOf(job, payload);
    await this.add(job, payload, { ...options, jobId });
    return jobId;
  }

  /**
   * For work whose row has just committed: enqueue it, and when Redis does not answer, leave it to
   * the reconciler (which finds the row in PostgreSQL) instead of failing the request. Other errors throw.
   */
  async enqueueAfterCommit<K extends WorkJob>(job: K, payload: JobPayloads[K]): Promise<EnqueueOutcome> {
    try {
      await this.enqueue(job, payload);
      return 'queued';
    } catch (error) {
      if (!(error instanceof QueueUnavailableError)) throw error;
      this.options.log?.('enqueue deferred to the reconciler', { job, jobId: jobIdOf(job, payload), error: error.message });
      return 'deferred';
    }
  }

  /** A job's state ('unknown' when Redis has no such job); bounded like `add`. */
  async jobState(queue: QueueName, jobId: string): Promise<string> {
    return this.bounded(`state of ${jobId}`, () => this.queue(queue).getJobState(jobId));
  }

  /**
   * Runs one producer call within `timeoutMs`; Redis errors and timeouts become QueueUnavailableError
   * (its message says nothing about the infrastructure; the log has the detail).
   */
  async bounded<T>(what: string, call: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(`Redis did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      return await Promise.race([call(), timeout]);
    } catch (error) {
      if (!(error instanceof TimeoutError) && !isConnectionError(error)) throw error;
      this.options.log?.('job queue unavailable', { call: what, error: (error as Error).message });
      throw new QueueUnavailableError();
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}

class TimeoutError extends Error {}

/** ioredis's errors while the connection is down (offline queue off, retries used up, socket closed). */
function isConnectionError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  const name = error instanceof Error ? error.name : '';
  return (
    name === 'MaxRetriesPerRequestError' ||
    /enableOfflineQueue|Connection is closed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|max retries per request|Stream isn't writeable/i.test(
      message,
    )
  );
}
