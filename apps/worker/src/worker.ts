import { createServer, type Server } from 'node:http';
import { Worker, type ConnectionOptions } from 'bullmq';
import Redis from 'ioredis';
import type { AppConfig } from '@trialdata/config';
import { closeReplicatePool } from '@trialdata/modelling';
import { createPlatform } from '@trialdata/platform';
import type { StudyRegistry } from '@trialdata/protocol';
import { JOBS_BY_QUEUE, JobName, JobQueues, QUEUE_CONCURRENCY, QueueName, assertHandlers } from '@trialdata/queue';
import type { WorkerContext } from './context';
import { allHandlers } from './handlers';
import { removePartialExports } from './handlers/exports';
import { reconcileJobs, reconcilers } from './reconcile';
import { startAuditSealer } from './sealer';

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
  /** How often `reconcile-jobs` runs (default 60 s): lost dataset, casebook and model jobs are enqueued again. */
  reconcileEveryMs?: number;
  /** How old a row must be before the reconciler touches it (default 2 minutes). */
  reconcileGraceMs?: number;
  /** How often the audit trail is sealed (default 1 s; 0: never, tests that seal on demand). */
  sealEveryMs?: number;
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
  // The worker is not answering anyone: its producer calls may wait longer for Redis than the API's.
  const queues = new JobQueues(config.redis, { timeoutMs: 10_000, log });
  const platform = await createPlatform(config, studies, options.clock ?? (() => new Date()), { poolSize: 10, log, queues });
  const db = platform.db;
  const context: WorkerContext = {
    config,
    db,
    studies,
    queues,
    clock: platform.clock,
    log,
    platform,
    reconcileGraceMs: options.reconcileGraceMs,
  };
  // A build killed mid-way left a partial folder: never a dataset, so it goes before any job runs.
  await removePartialExports(context);
  // Reconnects at most 2 s apart (BullMQ's default backs off to 20 s), so work resumes soon after Redis is back.
  const connection = {
    url: config.redis.url,
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(times * 200, 2_000),
  } as ConnectionOptions;
  const probe = new Redis(config.redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
  probe.on('error', () => undefined); // Redis being down is reported by /health, not thrown
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
      // Likewise every dataset, casebook and model row without a live job (apps/worker/src/reconcile.ts).
      await queues
        .queue(QueueName.Maintenance)
        .upsertJobScheduler('reconcile-jobs', { every: options.reconcileEveryMs ?? 60_000 }, { name: JobName.ReconcileJobs, data: {} });
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
  // The audit sealer needs PostgreSQL only, so it runs with or without the schedulers and Redis.
  const sealer = options.sealEveryMs === 0 ? null : startAuditSealer(context, options.sealEveryMs);
  // Jobs Redis lost while no worker ran are enqueued again now, not a minute from now.
  const startReconcile = options.schedulers !== false ? reconcileJobs(context, reconcilers(context)) : null;

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
      await startReconcile;
      await Promise.all(workers.map((w) => w.close()));
      // The bootstrap threads kept warm between model fits (libs/modelling/pool.ts).
      await closeReplicatePool();
      await sealer?.stop();
      probe.disconnect();
      await platform.close();
    },
  };
}
