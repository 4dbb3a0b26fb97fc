import { createServer, type Server } from 'node:http';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import Redis from 'ioredis';
import type { AppConfig } from '../../../libs/config';
import { Database, createDataSource } from '../../../libs/database';
import { DEFAULT_JOB_OPTIONS, JobName, QueueName, assertHandlers, type JobHandler } from '../../../libs/queue';

export interface WorkerProcess {
  port: number;
  close(): Promise<void>;
}

/**
 * The worker process: BullMQ processors (one Worker per queue) and a /health endpoint. Processors
 * are thin: load the row, call the library, record the result. Later capabilities add handlers to
 * HANDLERS; start-up refuses a queue with a job that has no handler.
 */
export async function startWorker(config: AppConfig, log: (msg: string, extra?: object) => void): Promise<WorkerProcess> {
  const db = new Database(await createDataSource(config.databaseUrl, { poolSize: 5 }).initialize());
  const connection: ConnectionOptions = { url: config.redis.url, maxRetriesPerRequest: null } as ConnectionOptions;
  const probe = new Redis(config.redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });

  const handlers: Record<QueueName, Partial<Record<JobName, JobHandler>>> = {
    [QueueName.Maintenance]: {
      [JobName.Heartbeat]: async () => {
        await db.ping();
        return { at: new Date().toISOString() };
      },
    },
  };
  const workers: Worker[] = [];
  const queues: Queue[] = [];
  for (const queue of Object.values(QueueName)) {
    assertHandlers(queue, handlers[queue]);
    const table = handlers[queue];
    const worker = new Worker(
      queue,
      async (job) => {
        const handler = table[job.name as JobName];
        if (!handler) throw new Error(`no handler for ${queue}/${job.name}`);
        return handler(job.data, job);
      },
      { connection, prefix: config.redis.prefix, concurrency: 8 },
    );
    worker.on('failed', (job, err) => log('job failed', { queue, job: job?.name, id: job?.id, attempts: job?.attemptsMade, error: err.message }));
    workers.push(worker);
    queues.push(new Queue(queue, { connection, prefix: config.redis.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS }));
  }
  // One heartbeat a minute; the repeat key is fixed, so several workers schedule it once.
  await queues[0].upsertJobScheduler('heartbeat', { every: 60_000 }, { name: JobName.Heartbeat, data: {} });

  const server: Server = createServer((req, res) => {
    if (req.url !== '/health') {
      res.writeHead(404, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'only /health is served here' }));
      return;
    }
    void (async () => {
      const state = async (fn: () => Promise<unknown>) => fn().then(() => 'up' as const, () => 'down' as const);
      const [dbState, redisState] = await Promise.all([state(() => db.ping()), state(() => probe.ping())]);
      const ok = dbState === 'up' && redisState === 'up' && workers.every((w) => w.isRunning());
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'ok' : 'error', db: dbState, redis: redisState, queues: Object.values(QueueName) }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(config.workerPort, '0.0.0.0', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.workerPort;
  log('worker started', { port, queues: Object.values(QueueName) });

  return {
    port,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(queues.map((q) => q.close()));
      probe.disconnect();
      await db.dataSource.destroy();
    },
  };
}
