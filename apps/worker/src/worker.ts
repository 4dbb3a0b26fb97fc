import { createServer, type Server } from 'node:http';
import { Worker, type ConnectionOptions } from 'bullmq';
import Redis from 'ioredis';
import type { AppConfig } from '../../../libs/config';
import { Database, createDataSource } from '../../../libs/database';
import type { StudyRegistry } from '../../../libs/protocol';
import { JOBS_BY_QUEUE, JobName, JobQueues, QUEUE_CONCURRENCY, QueueName, assertHandlers } from '../../../libs/queue';
import type { WorkerContext } from './context';
import { allHandlers } from './handlers';
import { startDatasetReconciler } from './handlers/exports';

export interface WorkerProcess {
  port: number;
  context: WorkerContext;
  close(): Promise<void>;
}

export interface WorkerOptions {
  clock?: () => Date;
  /** Extra periodic jobs are scheduled by the capabilities themselves; tests may turn them off. */
  schedulers?: boolean;
  /**
   * How often the periodic jobs' schedulers are registered again (default 60 s): Redis may lose them
   * (FLUSHALL, failover), and registering is idempotent. Tests shorten it.
   */
  schedulerRefreshMs?: number;
  concurrency?: number;
}

/**
 * The worker process: one BullMQ Worker per queue that has jobs, and a /health endpoint. Start-up
 * refuses a queue with a job that has no handler.
 */
export async function startWorker(
  config: AppConfig,
  studies: StudyRegistry,
  log: (msg: string, extra?: object) => void,
  options: WorkerOptions = {},
): Promise<WorkerProcess> {
  const db = new Database(await createDataSource(config.databaseUrl, { poolSize: 10 }).initialize());
  const queues = new JobQueues(config.redis);
  const context: WorkerContext = { config, db, studies, queues, clock: options.clock ?? (() => new Date()), log };
  const connection = { url: config.redis.url, maxRetriesPerRequest: null } as ConnectionOptions;
  const probe = new Redis(config.redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
  await probe.connect();

  const handlers = allHandlers(context);
  const workers: Worker[] = [];
  for (const queue of Object.values(QueueName)) {
    assertHandlers(queue, handlers[queue]);
    if (JOBS_BY_QUEUE[queue].length === 0) continue;
    const table = handlers[queue];
    const worker = new Worker(
      queue,
      async (job) => {
        const handler = table[job.name as JobName];
        if (!handler) throw new Error(`no handler for ${queue}/${job.name}`);
        return handler(job.data, job);
      },
      { connection, prefix: config.redis.prefix, concurrency: options.concurrency ?? QUEUE_CONCURRENCY[queue] },
    );
    worker.on('failed', (job, err) =>
      log('job failed', { queue, job: job?.name, id: job?.id, attempts: job?.attemptsMade, error: err.message }),
    );
    worker.on('error', (err) => log('worker error', { queue, error: err.message }));
    await worker.waitUntilReady();
    workers.push(worker);
  }
  let schedulerTimer: NodeJS.Timeout | undefined;
  let registering: Promise<void> | null = null;
  if (options.schedulers !== false) {
    const registerSchedulers = async () => {
      // The scheduler id is fixed, so several workers schedule the heartbeat once.
      await queues.queue(QueueName.Maintenance).upsertJobScheduler('heartbeat', { every: 60_000 }, { name: JobName.Heartbeat, data: {} });
      // The outbox in PostgreSQL is the truth: every minute, hand BullMQ what is due soon or what Redis lost.
      await queues
        .queue(QueueName.Notifications)
        .upsertJobScheduler('reconcile-outbox', { every: 60_000 }, { name: JobName.ReconcileOutbox, data: {} });
    };
    await registerSchedulers();
    // Registered only here, the schedulers would be gone for good after a Redis flush or failover:
    // register them again every minute. Upserting an existing scheduler keeps its next run.
    schedulerTimer = setInterval(() => {
      if (registering) return; // the previous one still waits for Redis
      registering = registerSchedulers()
        .catch((e: unknown) => log('scheduler registration failed', { error: e instanceof Error ? e.message : String(e) }))
        .finally(() => (registering = null));
    }, options.schedulerRefreshMs ?? 60_000);
    schedulerTimer.unref();
  }
  // Datasets whose build job Redis lost are re-queued from PostgreSQL (at start, then every 5 minutes).
  const datasetReconciler = options.schedulers !== false ? startDatasetReconciler(context) : null;

  const server: Server = createServer((req, res) => {
    if (req.url !== '/health') {
      res
        .writeHead(404, { 'content-type': 'application/problem+json' })
        .end(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'only /health is served here' }));
      return;
    }
    void (async () => {
      const state = async (fn: () => Promise<unknown>) =>
        fn().then(
          () => 'up' as const,
          () => 'down' as const,
        );
      const [dbState, redisState] = await Promise.all([state(() => db.ping()), state(() => probe.ping())]);
      const ok = dbState === 'up' && redisState === 'up';
      res
        .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: ok ? 'ok' : 'error', db: dbState, redis: redisState, queues: workers.map((w) => w.name) }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(config.workerPort, '0.0.0.0', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.workerPort;
  log('worker started', { port, queues: workers.map((w) => w.name) });

  return {
    port,
    context,
    async close() {
      clearInterval(schedulerTimer);
      await registering;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await datasetReconciler?.stop();
      await Promise.all(workers.map((w) => w.close()));
      await queues.close();
      probe.disconnect();
      await db.dataSource.destroy();
    },
  };
}
