import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, loadDatabaseUrl } from '../../../libs/config';
import { migrate } from '../../../libs/database';
import { STUDY_DEFINITIONS, loadStudies, ProtocolError } from '../../../libs/protocol';
import { auditVerify } from './commands/audit';
import { FIT_USAGE, fitCommand } from './commands/fit';
import { SCORE_USAGE, scoreCommand } from './commands/score';
import { randomisationExport, randomisationSimulate, randomisationVerify } from './commands/randomisation';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './commands/seed';
import { routeLogs } from './demo-logs';

const USAGE = `trial <command>

  migrate                                   create the database if missing, apply pending migrations
  seed --demo                               demo sites, one user per role, synthetic participants
  demo                                      migrate + seed + start api and worker; prints URLs and logins
  audit verify [--expect-head SEQ:HASH]     re-compute the audit hash chain (and check a recorded head); exit 1 on any break
  randomisation simulate --study S --n N [--sites K] [--seed X] [--json]
  randomisation export --study S            the allocation log as CSV
  randomisation verify --study S            regenerate every allocation from the secret seed
${FIT_USAGE}
${SCORE_USAGE}
`;

const out = (s: string) => process.stdout.write(s + '\n');

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  const opts = (args: string[], options: NonNullable<Parameters<typeof parseArgs>[0]>['options']) =>
    parseArgs({ args, options, allowPositionals: false, strict: true }).values as Record<string, string | boolean | undefined>;
  switch (command) {
    case 'migrate': {
      const applied = await migrate(loadDatabaseUrl());
      out(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      return 0;
    }
    case 'seed': {
      const v = opts([sub, ...rest].filter(Boolean), { demo: { type: 'boolean' } });
      if (!v.demo) throw new UsageError('seed needs --demo');
      await seedDemo(loadConfig(), loadStudies(STUDY_DEFINITIONS), out);
      return 0;
    }
    case 'demo':
      return demo();
    case 'audit': {
      if (sub !== 'verify') throw new UsageError('audit verify [--expect-head SEQ:HASH]');
      const v = opts(rest, { 'expect-head': { type: 'string' } });
      const head = v['expect-head'] as string | undefined;
      if (head !== undefined && !/^\d+:[0-9a-f]{64}$/.test(head))
        throw new UsageError('--expect-head takes SEQ:HASH as printed by audit verify');
      return auditVerify(loadDatabaseUrl(), out, head);
    }
    case 'randomisation': {
      const v = opts(rest, {
        study: { type: 'string' },
        n: { type: 'string' },
        sites: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean' },
      });
      if (!v.study) throw new UsageError(`randomisation ${sub ?? ''} needs --study`);
      const studies = loadStudies(STUDY_DEFINITIONS);
      if (sub === 'simulate') {
        const n = Number(v.n ?? 1000);
        const sites = Number(v.sites ?? 4);
        if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new UsageError('--n must be an integer from 1 to 1000000');
        if (!Number.isInteger(sites) || sites < 1 || sites > 200) throw new UsageError('--sites must be an integer from 1 to 200');
        return randomisationSimulate(
          studies,
          { study: String(v.study), n, sites, seed: v.seed as string | undefined, json: !!v.json },
          out,
        );
      }
      if (sub === 'export') return randomisationExport(loadConfig(), studies, String(v.study), out);
      if (sub === 'verify') return randomisationVerify(loadConfig(), studies, String(v.study), out);
      throw new UsageError(`unknown randomisation command ${sub ?? ''}`);
    }
    case 'fit':
      return fitCommand(
        [sub, ...rest].filter((a) => a !== undefined),
        { out: (text) => process.stdout.write(text), err: (line) => console.error(line) },
      );
    case 'score':
      return scoreCommand(
        [sub, ...rest].filter((a) => a !== undefined),
        { out: (text) => process.stdout.write(text), err: (line) => console.error(line) },
      );
    case undefined:
    case 'help':
    case '--help':
      out(USAGE);
      return 0;
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

/**
 * The demo: secrets for a local demo are generated once into storage/demo.env (so encrypted demo
 * data stays readable across runs) unless the environment gives them.
 */
async function demo(): Promise<number> {
  const root = resolve(__dirname, '../../../..');
  const envFile = join(root, 'storage', 'demo.env');
  mkdirSync(join(root, 'storage'), { recursive: true });
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
  const port = process.env.PORT ?? '3000';
  const env = {
    ...saved,
    ADMIN_EMAIL: 'admin@demo.trialdata.org',
    ADMIN_PASSWORD: DEMO_PASSWORD,
    PUBLIC_URL: `http://localhost:${port}`,
    STORAGE_DIR: join(root, 'storage'),
    ...process.env,
  } as Record<string, string>;
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
  // Full logs (one JSON line per request and job) go to a file; the terminal keeps the URLs and logins
  // in view and shows only warnings and errors.
  const logFile = join(root, 'storage', 'demo.log');
  const logs = createWriteStream(logFile, { flags: 'a' });
  const children = (['api', 'worker'] as const).map((name) => {
    const child = spawn(process.execPath, [join(root, `dist/apps/${name}/src/main.js`)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    routeLogs(name, child, logs, process.stderr);
    return child;
  });
  const base = `http://localhost:${config.port}`;
  await waitFor(`${base}/api/v1/health`, 30_000);
  out(`
trialdata demo is running
  Console    ${base}/console   (sign in with a login below; patients open ${base}/q/<token> from their invitation)
  API        ${base}/api/v1
  Swagger    ${base}/docs   (OpenAPI: ${base}/docs-json)
  Health     ${base}/api/v1/health   worker: http://localhost:${config.workerPort}/health
  Logs       ${logFile}   (here: warnings and errors only)
  Logins, ${DEMO_USERS.length + 1} users (password ${DEMO_PASSWORD} unless ADMIN_PASSWORD was set):
    admin        ${admin.email}
${DEMO_USERS.map((u) => `    ${u.role.padEnd(12)} ${u.email}${u.siteCode ? ` (site ${u.siteCode})` : ''}`).join('\n')}
  Ctrl-C stops api and worker.`);
  const stop = () => children.forEach((c) => c.kill('SIGTERM'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await Promise.all(children.map((c) => new Promise((r) => c.once('close', r))));
  await new Promise((r) => logs.end(r));
  return 0;
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

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError) console.error(`usage: ${e.message}\n\n${USAGE}`);
    else if (e instanceof ConfigError || e instanceof ProtocolError) console.error(e.message);
    else console.error(e instanceof Error ? e.message : e);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
