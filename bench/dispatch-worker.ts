import { Worker, type ConnectionOptions } from 'bullmq';
import { startWorker } from '../apps/worker/src/worker';
import { loadConfig } from '@trialdata/config';
import { STUDY_DEFINITIONS, loadStudies } from '@trialdata/protocol';

/**
 * One worker process of bench/notifications.bench.ts (forked with an IPC channel; not a benchmark of
 * its own). `BENCH_ROLE=worker`: the platform's worker (startWorker, the code every process of
 * WORKER_PROCESSES runs) with the benchmark's clock: it reads `dueMs` at the wall instant the parent
 * sends `{ start }`, and runs on from there. `BENCH_ROLE=raw`: a no-op BullMQ worker on `bench-raw`,
 * the baseline. Either prints `ready` over IPC and stops on `{ stop: true }`.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
  const dueMs = Number(process.env.BENCH_DUE_MS ?? Date.now());
  let startWall = Date.now();
  const clock = () => new Date(dueMs + (Date.now() - startWall));
  let close: () => Promise<void>;
  if (process.env.BENCH_ROLE === 'raw') {
    const connection = { url: config.redis.url, maxRetriesPerRequest: null } as ConnectionOptions;
    const w = new Worker('bench-raw', async () => undefined, { connection, prefix: config.redis.prefix, concurrency });
    await w.waitUntilReady();
    close = () => w.close();
  } else {
    const worker = await startWorker(config, loadStudies(STUDY_DEFINITIONS), () => undefined, { clock, schedulers: false, concurrency });
    close = () => worker.close();
  }
  process.on('message', (m: { start?: number; stop?: boolean }) => {
    if (m.start !== undefined) startWall = m.start;
    if (m.stop) void close().then(() => process.exit(0));
  });
  process.send!({ ready: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
