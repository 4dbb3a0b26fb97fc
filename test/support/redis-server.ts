import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import Redis from 'ioredis';

/**
 * A redis-server of the test's own, on a free port, that the test may stop and start again (never
 * the machine's Redis on 6379, which other tests share). No persistence: a restart comes back empty,
 * as after a failover, so whatever the platform kept in Redis must be rebuilt from PostgreSQL.
 */
export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startRedisServer(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const url = `redis://127.0.0.1:${port}`;

  async function start(): Promise<void> {
    if (child) return;
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
      // A suite run under faketime (`faketime -f '+365d' npm test`) must not move this server's clock:
      // redis-server does not start with libfaketime preloaded. The machine's own Redis is not faked either.
      env: withoutFaketime(process.env),
    });
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
    client.on('error', () => undefined);
    const end = Date.now() + 30_000;
    for (;;) {
      try {
        await client.connect();
        await client.ping();
        break;
      } catch (error) {
        client.disconnect();
        if (Date.now() > end) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    client.disconnect();
  }

  async function stop(): Promise<void> {
    const running = child;
    if (!running) return;
    child = null;
    if (running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  }

  await start();
  return { url, port, start, stop };
}

/** The environment without libfaketime's preload and settings (what the machine's services run with). */
export function withoutFaketime(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([k, v]) => v !== undefined && !(k === 'LD_PRELOAD' && v.includes('faketime')) && !k.startsWith('FAKETIME')),
  );
}
