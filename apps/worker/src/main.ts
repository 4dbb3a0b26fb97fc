import pino from 'pino';
import { ConfigError, loadConfig } from '../../../libs/config';
import { startWorker } from './worker';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const logger = pino({ level: config.logLevel, name: 'worker' });
  const worker = await startWorker(config, (msg, extra) => logger.info(extra ?? {}, msg));
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
