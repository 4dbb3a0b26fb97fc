import type { Queue } from 'bullmq';
import { JobName, QueueName, jobIdOf, type JobPayloads, type JobQueues } from '@trialdata/queue';

export type DispatchJobState = 'missing' | 'delayed' | 'waiting' | 'active' | 'completed' | 'failed' | 'other';

export interface DispatchJob {
  messageId: string;
  /** The send instant the job was made for (ISO UTC); a job whose instant no longer matches the row is stale. */
  sendAt: string;
  delayMs: number;
  /**
   * A second job for the same send instant, e.g. `lease-<ms>`: the wake-up at the end of another
   * attempt's lease (the plain job id is still taken by the job that found the lease).
   */
  wake?: string;
  /**
   * Batch mode: the other messages of the job's group (reconciliation's groups of one send instant).
   * The job claims these rather than any due ones, so concurrent jobs claim disjoint rows.
   */
  batch?: string[];
}

/**
 * The transport side of the outbox: BullMQ jobs named by a deterministic id (message id + send
 * instant), so adding the same job twice adds it once, and a re-timed message gets a new job while
 * the old one finds itself stale.
 */
export class BullDispatchQueue {
  constructor(private readonly queues: JobQueues) {}

  /** The job id of libs/queue's job-kind registry (`<message id>.<send instant ms>[.<wake>]`). */
  static jobId(messageId: string, sendAt: string, wake?: string): string {
    return jobIdOf(JobName.DispatchMessage, { messageId, sendAt, ...(wake ? { wake } : {}) });
  }

  private get queue(): Queue {
    return this.queues.queue(QueueName.Notifications);
  }

  /** The state of each job id: a cheap existence check first, then the state only of those that exist. */
  async states(jobIds: string[]): Promise<DispatchJobState[]> {
    if (!jobIds.length) return [];
    const client = await this.queue.getBackend().client;
    // One pipeline (one write, one read of the replies) for the whole page, not a command each.
    const pipeline = client.pipeline();
    for (const id of jobIds) pipeline.runCommand('hexists', [this.queue.toKey(id), 'name']);
    const replies = (await pipeline.exec()) ?? [];
    const exists = jobIds.map((_, i) => {
      const [error, reply] = replies[i] ?? [new Error('no reply from Redis')];
      if (error) throw error;
      return reply === 1;
    });
    return Promise.all(
      jobIds.map(async (id, i): Promise<DispatchJobState> => {
        if (!exists[i]) return 'missing';
        const state = await this.queue.getJobState(id);
        switch (state) {
          case 'delayed':
          case 'active':
          case 'completed':
          case 'failed':
            return state;
          case 'waiting':
          case 'prioritized':
          case 'waiting-children':
            return 'waiting';
          case 'unknown':
            return 'missing';
          default:
            return 'other';
        }
      }),
    );
  }

  async add(jobs: DispatchJob[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += 1000) {
      await this.queue.addBulk(
        jobs.slice(i, i + 1000).map((j) => ({
          name: JobName.DispatchMessage,
          data: {
            messageId: j.messageId,
            sendAt: j.sendAt,
            ...(j.batch?.length ? { batch: j.batch } : {}),
          } satisfies JobPayloads[JobName.DispatchMessage],
          opts: { jobId: BullDispatchQueue.jobId(j.messageId, j.sendAt, j.wake), delay: Math.max(0, Math.round(j.delayMs)) },
        })),
      );
    }
  }

  /** A delayed job whose message is due (by the injected clock) runs now. */
  async promote(messageId: string, sendAt: string): Promise<void> {
    const job = await this.queue.getJob(BullDispatchQueue.jobId(messageId, sendAt));
    await job?.promote().catch(() => undefined);
  }

  /** A finished job whose message is still unsettled: remove it and add it again. */
  async replace(job: DispatchJob): Promise<void> {
    await this.queue.remove(BullDispatchQueue.jobId(job.messageId, job.sendAt)).catch(() => 0);
    await this.add([job]);
  }
}
