import { Queue, type JobsOptions } from 'bullmq';
import { DEFAULT_JOB_OPTIONS, JobName, QueueName, queueOf } from './queues';

/**
 * The producer side: how the API (and the worker itself) hands work to workers. One BullMQ Queue per
 * queue name, created on first use. Always give a deterministic `jobId` so that adding the same work
 * twice adds it once.
 */
export class JobQueues {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly redis: { url: string; prefix: string }) {}

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: { url: this.redis.url, maxRetriesPerRequest: null } as never,
        prefix: this.redis.prefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      this.queues.set(name, q);
    }
    return q;
  }

  async add(job: JobName, data: Record<string, unknown>, options: JobsOptions & { jobId: string }): Promise<void> {
    await this.queue(queueOf(job)).add(job, data, options);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
