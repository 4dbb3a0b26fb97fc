import pino from 'pino';
import { clusterPrimary } from '@trialdata/common';
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

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
