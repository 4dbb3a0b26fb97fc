import { Logger } from '@nestjs/common';
import { clusterPrimary } from '@trialdata/common';
import { ConfigError, loadConfig } from '@trialdata/config';
import { Database, superuserWarning } from '@trialdata/database';
import { STUDY_DEFINITIONS, loadStudies, ProtocolError } from '@trialdata/protocol';
import { createApi } from './app';

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
  if (clusterPrimary(config.processes.api, 'api')) return;
  const app = await createApi({ config, studies });
  // Without APP_DATABASE_URL the API may run as a superuser, which can switch the audit guards off.
  const warning = await superuserWarning(app.get(Database).dataSource);
  if (warning) new Logger('Database').warn(warning);
  await app.listen(config.port, '0.0.0.0');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
