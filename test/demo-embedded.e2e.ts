import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { answers } from '../apps/cli/src/embedded-services';
import { builtWeb } from './support/browser';
import { withoutFaketime } from './support/redis-server';

/**
 * `trial demo` on a machine with neither PostgreSQL nor Redis configured (issue 17, item 1): the
 * compiled demo (`dist/`, as `npm run demo` runs it; run `npm run build:server` first) with no
 * DATABASE_URL or REDIS_URL and nothing on the ports it is given, so it starts the embedded PostgreSQL
 * and a redis-server itself (on free ports, not the machine's 5432/6379). The test signs in, reads the
 * mailbox, stops the demo with SIGTERM and checks that both services stopped with it.
 */
const root = resolve(__dirname, '..');
let demo: ChildProcess | undefined;
let storage: string;
let output = '';
const ports = { api: 0, worker: 0, postgres: 0, redis: 0 };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${ms / 1000} s; demo output:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  const main = join(root, 'dist/apps/cli/src/main.js');
  if (!existsSync(main)) throw new Error('dist/apps/cli/src/main.js is missing: run `npm run build:server` first');
  for (const k of Object.keys(ports) as Array<keyof typeof ports>) ports[k] = await freePort();
  storage = mkdtempSync(join(tmpdir(), 'trialdata-demo-'));
  // Run as root, the embedded PostgreSQL runs as the `postgres` user, which must reach its folder.
  chmodSync(storage, 0o755);
  // A user's shell: none of the services configured, nothing of the test runner's (nor faketime's clock,
  // with which redis-server does not start: the demo runs on the real clock and depends on no date).
  const shell = Object.entries(withoutFaketime(process.env)).filter(
    (e): e is [string, string] =>
      e[1] !== undefined && !['DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'NODE_ENV'].includes(e[0]) && !/^(VITEST|TEST_)/.test(e[0]),
  );
  demo = spawn(process.execPath, [main, 'demo'], {
    cwd: root,
    env: {
      ...Object.fromEntries(shell),
      STORAGE_DIR: storage,
      PORT: String(ports.api),
      WORKER_PORT: String(ports.worker),
      DEMO_POSTGRES_PORT: String(ports.postgres),
      DEMO_REDIS_PORT: String(ports.redis),
      WEB_DIR: builtWeb(),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  demo.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  demo.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  // Seeding replays a month of TEIAS: on a busy two-core machine, start-up takes two to three minutes.
  await until('the demo printed its banner', () => output.includes('trialdata demo is running') || demo!.exitCode !== null, 270_000);
  if (demo.exitCode !== null) throw new Error(`the demo exited (${demo.exitCode}):\n${output}`);
}, 300_000);

afterAll(async () => {
  if (demo && demo.exitCode === null && demo.signalCode === null) {
    demo.kill('SIGTERM');
    await until('the demo stopped', () => demo!.exitCode !== null || demo!.signalCode !== null, 60_000).catch(() => demo!.kill('SIGKILL'));
  }
  if (storage) rmSync(storage, { recursive: true, force: true });
}, 90_000);

describe('the demo with neither PostgreSQL nor Redis configured', () => {
  it('starts the embedded PostgreSQL and redis-server, says so, and serves the API, a login and the mailbox', async () => {
    expect(output).toContain(`PostgreSQL 127.0.0.1:${ports.postgres} (embedded, data in ${join(storage, 'postgres', 'data')}`);
    expect(output).toMatch(new RegExp(`Redis +127\\.0\\.0\\.1:${ports.redis} \\(.*redis-server`));
    expect(output).toContain(`Mailbox    http://localhost:${ports.api}/console/mailbox`);
    expect(existsSync(join(storage, 'postgres', 'data', 'PG_VERSION'))).toBe(true);

    const api = `http://127.0.0.1:${ports.api}/api/v1`;
    const health = await fetch(`${api}/health`);
    expect(health.status).toBe(200);
    const admin = /admin +(\S+@\S+)/.exec(output)![1];
    const password = /password (\S+) unless/.exec(output)![1];
    const login = await fetch(`${api}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin, password }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const mailbox = await fetch(`${api}/mailbox`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(mailbox.status).toBe(200);
    expect(Array.isArray(await mailbox.json())).toBe(true);
    expect((await fetch(`http://127.0.0.1:${ports.worker}/health`)).status).toBe(200);
  });

  it('stops the api, the worker, PostgreSQL and Redis on SIGTERM', async () => {
    demo!.kill('SIGTERM');
    await until('the demo exited', () => demo!.exitCode !== null, 60_000);
    expect(demo!.exitCode).toBe(0);
    for (const [name, port] of Object.entries(ports)) expect(await answers(port), `${name} still answers on ${port}`).toBe(false);
    const log = readFileSync(join(storage, 'demo.log'), 'utf8');
    expect(log).toContain('database system is shut down');
    // The API and worker connected as the demo's least-privilege role, not as the embedded superuser.
    expect(log).not.toContain('a superuser');
    expect(readFileSync(join(storage, 'demo.env'), 'utf8')).toMatch(/^APP_DB_PASSWORD=[0-9a-f]{32}$/m);
  }, 90_000);
});
