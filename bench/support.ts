import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dropDatabase, migrate } from '../libs/database';

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

/** The built API as its own process, so the load generator does not share its event loop. */
export async function startApiProcess(env: BenchEnv, port: number): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
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
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `clients` loops of `task` until `total` tasks are done; returns per-task latencies (ms). */
export async function load(clients: number, total: number, task: (i: number) => Promise<void>): Promise<{ seconds: number; latencies: number[] }> {
  let next = 0;
  const latencies: number[] = [];
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t = process.hrtime.bigint();
        await task(i);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, latencies: latencies.sort((a, b) => a - b) };
}

function pgbenchBinary(): string {
  for (const p of ['/usr/lib/postgresql/15/bin/pgbench', '/usr/bin/pgbench']) if (existsSync(p)) return p;
  return 'pgbench';
}

/** pgbench's TPB-B-like TPS with `clients` clients for `seconds` on a scratch database. */
export async function pgbenchTps(databaseUrl: string, clients: number, seconds: number): Promise<number> {
  const bin = pgbenchBinary();
  await run(bin, ['-i', '-q', '-s', '5', databaseUrl], { maxBuffer: 1 << 24 });
  const { stdout } = await run(bin, ['-c', String(clients), '-j', '2', '-T', String(seconds), '-n', databaseUrl], { maxBuffer: 1 << 24 });
  const m = /tps = ([\d.]+)/.exec(stdout);
  if (!m) throw new Error(`pgbench printed no TPS:\n${stdout}`);
  return Number(m[1]);
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
