import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '@trialdata/config';
import { migrate } from '@trialdata/database';
import { mailboxFolder, mailboxUrl } from '@trialdata/notifications';
import { STUDY_DEFINITIONS, loadStudies } from '@trialdata/protocol';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './commands/seed';
import { routeLogs } from './demo-logs';
import { startDemoServices } from './embedded-services';

/**
 * `trial demo`: PostgreSQL and Redis (the machine's, or started for the demo: embedded-services.ts),
 * migrate, seed, then the API and the worker, with a mailbox for patient messages when SMTP_URL is
 * unset. Everything lives in the storage folder (STORAGE_DIR, default ./storage): secrets generated
 * once into demo.env (so encrypted demo data stays readable across runs) unless the environment gives
 * them, the logs, the embedded database and the mailbox.
 */
export async function demo(out: (line: string) => void): Promise<number> {
  const root = resolve(__dirname, '../../../..');
  const storage = resolve(process.env.STORAGE_DIR || join(root, 'storage'));
  mkdirSync(storage, { recursive: true });
  const envFile = join(storage, 'demo.env');
  if (!existsSync(envFile)) {
    writeFileSync(envFile, `JWT_SECRET=${randomBytes(32).toString('hex')}\nDATA_KEY=${randomBytes(32).toString('base64')}\n`, {
      mode: 0o600,
    });
  }
  const saved = Object.fromEntries(
    readFileSync(envFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  // The API and worker connect as a least-privilege role (docs/SECURITY.md) whose password is kept here too.
  if (!saved.APP_DB_PASSWORD) {
    saved.APP_DB_PASSWORD = randomBytes(16).toString('hex');
    appendFileSync(envFile, `APP_DB_PASSWORD=${saved.APP_DB_PASSWORD}\n`);
  }
  // Full logs (one JSON line per request and job, the services' output) go to a file; the terminal
  // keeps the URLs and logins in view and shows only warnings and errors.
  const logFile = join(storage, 'demo.log');
  const logs = createWriteStream(logFile, { flags: 'a' });
  const services = await startDemoServices({ env: process.env, storageDir: storage, log: (line) => logs.write(`${line}\n`) });
  try {
    const port = process.env.PORT ?? '3000';
    const env = {
      ...saved,
      ADMIN_EMAIL: 'admin@demo.trialdata.org',
      ADMIN_PASSWORD: DEMO_PASSWORD,
      PUBLIC_URL: `http://localhost:${port}`,
      STORAGE_DIR: storage,
      ...process.env,
      ...services.env,
    } as Record<string, string>;
    if (!env.APP_DATABASE_URL) {
      const appUrl = new URL(env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/trialdata');
      appUrl.username = DEMO_APP_ROLE;
      appUrl.password = saved.APP_DB_PASSWORD;
      env.APP_DATABASE_URL = appUrl.toString();
    }
    // Without SMTP_URL, patient messages go to the console's mailbox, not nowhere.
    if (!process.env.SMTP_URL) env.SMTP_URL = mailboxUrl(join(storage, 'mailbox'));
    // `npm run demo` builds the web app into dist/web (npm run build), which the API serves at /console
    // and /q/{token}; started some other way, the demo builds it when it is missing.
    if (!env.WEB_DIR && !existsSync(join(root, 'dist', 'web', 'index.html'))) {
      out('building the web app…');
      await new Promise<void>((resolveBuild, reject) =>
        spawn(process.execPath, [join(root, 'apps/web/build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] }).once('exit', (code) =>
          code === 0 ? resolveBuild() : reject(new Error(`web build failed (exit ${code})`)),
        ),
      );
    }
    const config = loadConfig(env);
    // Migrations and the seed run as the owner (DATABASE_URL); migrate creates the app's role when missing.
    const applied = await migrate(config.ownerDatabaseUrl, { appUrl: config.appRole ? config.databaseUrl : undefined });
    if (config.appRole && new URL(config.databaseUrl).username === DEMO_APP_ROLE)
      await setRolePassword(config.ownerDatabaseUrl, saved.APP_DB_PASSWORD);
    out(applied.length ? `migrated: ${applied.join(', ')}` : 'database is up to date');
    const { admin } = await seedDemo({ ...config, databaseUrl: config.ownerDatabaseUrl }, loadStudies(STUDY_DEFINITIONS), out);
    const children = (['api', 'worker'] as const).map((name) => {
      const child = spawn(process.execPath, [join(root, `dist/apps/${name}/src/main.js`)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      routeLogs(name, child, logs, process.stderr);
      return child;
    });
    const closed = Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('close', r)))));
    const stop = () => children.forEach((c) => c.kill('SIGTERM'));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const base = `http://localhost:${config.port}`;
    try {
      await waitFor(`${base}/api/v1/health`, 60_000);
    } catch (e) {
      stop();
      await closed;
      throw e;
    }
    const mailbox = mailboxFolder(config.smtpUrl);
    out(`
trialdata demo is running
  Console    ${base}/console   (sign in with a login below; patients open ${base}/q/<token> from their invitation)
  Mailbox    ${
    mailbox
      ? `${base}/console/mailbox   (admin: the patient emails and SMS the demo kept instead of sending; their links open the questionnaire)`
      : 'patient emails go out through SMTP_URL'
  }
  API        ${base}/api/v1
  Swagger    ${base}/docs   (OpenAPI: ${base}/docs-json)
  Health     ${base}/api/v1/health   worker: http://localhost:${config.workerPort}/health
  ${services.banner.join('\n  ')}
  Logs       ${logFile}   (here: warnings and errors only)
  Logins, ${DEMO_USERS.length + 1} users (password ${DEMO_PASSWORD} unless ADMIN_PASSWORD was set):
    admin        ${admin.email}
${DEMO_USERS.map((u) => `    ${u.role.padEnd(12)} ${u.email}${u.siteCode ? ` (site ${u.siteCode})` : ''}`).join('\n')}
  Ctrl-C stops the api and the worker${services.banner.some((l) => l.includes('stops with the demo')) ? ', then the services the demo started' : ''}.`);
    await closed;
    return 0;
  } finally {
    await services.stop();
    await new Promise((r) => logs.end(r));
  }
}

async function waitFor(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${ms / 1000} s`);
}

/** The demo's app role (created by migrate; roles are shared by every database of the server). */
const DEMO_APP_ROLE = 'trialdata_demo_app';

/**
 * The role may predate this storage folder's demo.env (another checkout's demo on the same server):
 * give it the password the demo knows, or the API and worker could not sign in.
 */
async function setRolePassword(ownerUrl: string, password: string): Promise<void> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ sql: string }>(`SELECT format('ALTER ROLE %I PASSWORD %L', $1::text, $2::text) AS sql`, [
      DEMO_APP_ROLE,
      password,
    ]);
    await client.query(rows[0].sql);
  } finally {
    await client.end();
  }
}
