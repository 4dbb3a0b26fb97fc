import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Database, createDataSource, dropDatabase, migrate } from '@trialdata/database';

const run = promisify(execFile);
export const ROOT = join(__dirname, '..', '..');
const PG = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type Log = (line: string) => void;

export function scratchDatabaseUrl(tag: string): string {
  const url = new URL(PG);
  url.pathname = `/trialdata_bench_${tag}_${randomBytes(3).toString('hex')}`;
  return url.toString();
}

export async function migratedDatabase(tag: string): Promise<string> {
  const url = scratchDatabaseUrl(tag);
  await migrate(url);
  return url;
}

export { dropDatabase };

export interface BenchEnv {
  DATABASE_URL: string;
  [key: string]: string;
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The built API as its own process, so the load generator does not share its event loop. */
export async function startApiProcess(env: BenchEnv): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  // BENCH_CPU_PROF_DIR: a --cpu-prof profile of the API process (and of each API_PROCESSES fork) in that folder.
  const profile = process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, join(ROOT, 'dist/apps/api/src/main.js')], {
    env: {
      ...process.env,
      REDIS_URL: REDIS,
      REDIS_PREFIX: `trialdata_bench_${randomBytes(3).toString('hex')}`,
      JWT_SECRET: randomBytes(24).toString('hex'),
      DATA_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
      LOGIN_RATE_PER_MINUTE: '10000',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}/api/v1`;
  let up = false;
  for (let i = 0; i < 150 && !up && child.exitCode === null; i++) {
    up = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (!up) await new Promise((r) => setTimeout(r, 200));
  }
  if (!up) {
    child.kill('SIGKILL');
    throw new Error('the API process did not become healthy (is `npm run build` done, are PostgreSQL and Redis up?)');
  }
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Runs `clients` loops of `task` until `total` tasks are done. A task times its own requests with
 * the `timed` wrapper it receives, so latencies are per request (ms), sorted.
 */
export async function load(
  clients: number,
  total: number,
  task: (i: number, timed: <T>(p: () => Promise<T>) => Promise<T>) => Promise<void>,
): Promise<{ seconds: number; latencies: number[]; requests: number }> {
  let next = 0;
  const latencies: number[] = [];
  const timed = async <T>(p: () => Promise<T>): Promise<T> => {
    const t = process.hrtime.bigint();
    try {
      return await p();
    } finally {
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < total; i = next++) await task(i, timed);
    }),
  );
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, latencies: latencies.sort((a, b) => a - b), requests: latencies.length };
}

function pgbenchBinary(): string {
  for (const p of ['/usr/lib/postgresql/15/bin/pgbench', '/usr/bin/pgbench']) if (existsSync(p)) return p;
  return 'pgbench';
}

/** pgbench with `args` (before the client count), `clients` clients (2 threads) for `seconds`, no vacuum: the TPS it prints. */
async function pgbenchRun(databaseUrl: string, args: string[], clients: number, seconds: number): Promise<number> {
  const { stdout } = await run(pgbenchBinary(), ['-n', ...args, '-c', String(clients), '-j', '2', '-T', String(seconds), databaseUrl], {
    maxBuffer: 1 << 24,
  });
  const m = /tps = ([\d.]+)/.exec(stdout);
  if (!m) throw new Error(`pgbench printed no TPS:\n${stdout}`);
  return Number(m[1]);
}

/** pgbench's TPC-B-like TPS (`extra` ['-N']: simple update) with `clients` clients for `seconds` on a scratch database. */
export async function pgbenchTps(databaseUrl: string, clients: number, seconds: number, extra: string[] = []): Promise<number> {
  await run(pgbenchBinary(), ['-i', '-q', '-s', '5', databaseUrl], { maxBuffer: 1 << 24 });
  return pgbenchRun(databaseUrl, extra, clients, seconds);
}

/**
 * pgbench running a script file (`-f`) on an existing database, without initialising pgbench's own
 * tables: TPS with `clients` clients for `seconds`; `mode` is pgbench's -M (extended: unnamed
 * statements with parameters, as node-postgres sends them; prepared: named, planned once a connection).
 */
export async function pgbenchScriptTps(
  databaseUrl: string,
  file: string,
  clients: number,
  seconds: number,
  mode: 'extended' | 'prepared',
  variables: Record<string, string>,
): Promise<number> {
  const defines = Object.entries(variables).flatMap(([k, v]) => ['-D', `${k}=${v}`]);
  return pgbenchRun(databaseUrl, ['-M', mode, '-f', file, ...defines], clients, seconds);
}

export async function json(url: string, method: string, body?: unknown, token?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/**
 * A migrated scratch database, the built API on it (its own process), an admin token, and `sites`
 * taking part in `study`: the set-up every API benchmark shares. `close()` stops and drops it all.
 */
export async function benchApi(
  tag: string,
  study: string,
  sites: string[],
  processes = 1,
): Promise<{ url: string; token: string; databaseUrl: string; close(): Promise<void> }> {
  const databaseUrl = await migratedDatabase(tag);
  const admin = { email: 'bench-admin@trialdata.org', password: 'bench-password-123' };
  // API_PROCESSES forks that many API processes (node:cluster) behind one port.
  const api = await startApiProcess({
    DATABASE_URL: databaseUrl,
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    API_PROCESSES: String(processes),
  });
  const close = async () => {
    await api.stop();
    await dropDatabase(databaseUrl);
  };
  try {
    const token = (await json(`${api.url}/auth/login`, 'POST', admin)).body.accessToken as string;
    for (const code of sites) {
      await json(`${api.url}/sites`, 'POST', { code, name: `Bench ${code}`, country: 'NL' }, token);
      await json(`${api.url}/studies/${study}/sites`, 'POST', { siteCode: code }, token);
    }
    // The primary forks the processes one after the other; the first answers /health before the last listens.
    if (processes > 1) await new Promise((r) => setTimeout(r, 5_000));
    return { url: api.url, token, databaseUrl, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** pgbench's TPS on a scratch database of the same server, as the same-run baseline line. */
export async function pgbenchBaseline(clients: number, seconds = 10): Promise<string> {
  const scratch = scratchDatabaseUrl('pgbench');
  const { ensureDatabase } = await import('@trialdata/database');
  await ensureDatabase(scratch);
  try {
    return `baseline pgbench (TPC-B-like, scale 5, ${clients} clients, 2 threads, ${seconds} s) on the same server: ${(await pgbenchTps(scratch, clients, seconds)).toFixed(0)} TPS`;
  } finally {
    await dropDatabase(scratch);
  }
}

/**
 * pgbench -N ("simple update": TPC-B-like without the updates of the 5 branch and 50 teller rows, so no
 * hot-row queue) TPS on a scratch database of the same server: the baseline a business transaction
 * that writes its own rows compares with best.
 */
export async function pgbenchSimpleUpdateTps(clients: number, seconds = 10): Promise<number> {
  const { ensureDatabase } = await import('@trialdata/database');
  const scratch = scratchDatabaseUrl('pgbench_n');
  await ensureDatabase(scratch);
  try {
    return await pgbenchTps(scratch, clients, seconds, ['-N']);
  } finally {
    await dropDatabase(scratch);
  }
}

/** The goal line every throughput benchmark ends with: the fraction, its goal, the setting, met or not. */
export function goalLine(what: string, fraction: number, goal: number, setting: string): string {
  return `${what} = ${fraction.toFixed(2)} (goal ≥ ${goal}), ${setting}: goal ${fraction >= goal ? 'met' : 'NOT met'}`;
}

/**
 * What the worker's audit sealer does (apps/worker/src/sealer.ts), beside an API benchmark that runs
 * no worker: one `AuditRepository.seal()` round every `everyMs` on its own pool. `stop()` runs a last
 * round and returns the rows sealed and the rounds run.
 */
export function sealerLoop(databaseUrl: string, everyMs = 1000): { stop(): Promise<{ rows: number; rounds: number }> } {
  const ds = createDataSource(databaseUrl, { poolSize: 1 });
  let rows = 0;
  let rounds = 0;
  let stopping = false;
  const done = (async () => {
    await ds.initialize();
    const audit = new Database(ds).repos.audit;
    try {
      for (;;) {
        rows += (await audit.seal()).sealed;
        rounds++;
        if (stopping) break;
        await new Promise((r) => setTimeout(r, everyMs));
      }
    } finally {
      await ds.destroy();
    }
  })();
  return {
    stop: async () => {
      stopping = true;
      await done;
      return { rows, rounds };
    },
  };
}
