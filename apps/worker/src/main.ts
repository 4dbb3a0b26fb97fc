import cluster, { type Worker } from 'node:cluster';
import pino from 'pino';
import { ConfigError, loadConfig } from '@trialdata/config';
import { superuserWarning } from '@trialdata/database';
import { STUDY_DEFINITIONS, loadStudies, ProtocolError } from '@trialdata/protocol';
import { startWorker } from './worker';

async function main(): Promise<void> {
  let config;
  let studies;
  try {
    config = loadConfig();
    studies = loadStudies(STUDY_DEFINITIONS);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof ProtocolError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  if (clusterPrimary(config.processes.worker, 'worker')) return;
  const logger = pino({ level: config.logLevel, name: 'worker' });
  const worker = await startWorker(config, studies, (msg, extra) => logger.info(extra ?? {}, msg));
  // Without APP_DATABASE_URL the worker may run as a superuser, which can switch the audit guards off.
  const warning = await superuserWarning(worker.context.db.dataSource);
  if (warning) logger.warn(warning);
  const stop = async (signal: string) => {
    logger.info({ signal }, 'worker stopping');
    await worker.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

/**
 * API_PROCESSES > 1 (or WORKER_PROCESSES): this process becomes a node:cluster primary that forks that
 * many copies, one after the other (each once the previous one listens, so start-up work such as the
 * admin bootstrap never races), sharing the port; a copy that dies is forked again, and SIGTERM/SIGINT
 * are passed on. Returns true in the primary (which then runs nothing else).
 */
function clusterPrimary(count: number, name: string): boolean {
  if (count <= 1 || !cluster.isPrimary) return false;
  let stopping = false;
  const live = new Set<Worker>();
  const forkOne = () =>
    new Promise<void>((resolve) => {
      const child = cluster.fork();
      live.add(child);
      child.once('listening', () => resolve());
      child.once('exit', () => resolve());
    });
  void (async () => {
    for (let i = 0; i < count && !stopping; i++) await forkOne();
    console.error(`${name}: ${count} processes (node:cluster)`);
  })();
  cluster.on('exit', (child, code, signal) => {
    live.delete(child);
    if (stopping) {
      if (live.size === 0) process.exit(0);
      return;
    }
    console.error(`${name} process ${child.process.pid} exited (${signal ?? code}); forking another`);
    setTimeout(() => void forkOne(), 1000);
  });
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    if (live.size === 0) process.exit(0);
    for (const child of live) child.process.kill(signal);
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return true;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
