import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../../libs/config';
import { migrate } from '../../../libs/database';
import { mailboxFolder, mailboxUrl } from '../../../libs/notifications';
import { STUDY_DEFINITIONS, loadStudies } from '../../../libs/protocol';
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
    const applied = await migrate(config.databaseUrl);
    out(applied.length ? `migrated: ${applied.join(', ')}` : 'database is up to date');
    const { admin } = await seedDemo(config, loadStudies(STUDY_DEFINITIONS), out);
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
