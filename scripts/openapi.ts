import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createApi, openApiDocument } from '../apps/api/src/app';
import { loadConfig } from '@trialdata/config';
import { dropDatabase, migrate } from '@trialdata/database';
import { STUDY_DEFINITIONS, loadStudies } from '@trialdata/protocol';
import { WEB_SCHEMA_FILE, generateWebSchema } from './web-client';

/**
 * Regenerates docs/openapi.json from the code (needs PostgreSQL and Redis; uses a scratch database) and,
 * from it, the types of the web app's API client (apps/web/src/api/schema.d.ts).
 */
async function main(): Promise<void> {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/trialdata_openapi_${randomBytes(3).toString('hex')}`;
  await migrate(url.toString());
  const app = await createApi({
    config: loadConfig({
      DATABASE_URL: url.toString(),
      REDIS_URL: process.env.REDIS_URL,
      JWT_SECRET: randomBytes(24).toString('hex'),
      DATA_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'silent',
    }),
    studies: loadStudies(STUDY_DEFINITIONS),
  });
  try {
    const root = join(__dirname, '..', '..');
    const document = openApiDocument(app);
    const target = join(root, 'docs', 'openapi.json');
    writeFileSync(target, JSON.stringify(document, null, 2) + '\n');
    console.log(`wrote ${target}`);
    const schema = join(root, WEB_SCHEMA_FILE);
    writeFileSync(schema, await generateWebSchema(JSON.parse(JSON.stringify(document)) as object, root));
    console.log(`wrote ${schema}`);
  } finally {
    await app.close();
    await dropDatabase(url.toString());
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
