import { createServer, type Server } from 'node:net';
import { answers, startDemoServices } from './embedded-services';

async function listening(): Promise<{ server: Server; port: number }> {
  const server = createServer((s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as { port: number }).port };
}

async function freePort(): Promise<number> {
  const { server, port } = await listening();
  await new Promise((r) => server.close(r));
  return port;
}

describe('the demo’s services', () => {
  it('uses what answers on the ports (or the URLs given) and starts nothing', async () => {
    const pg = await listening();
    const redis = await listening();
    try {
      const services = await startDemoServices({
        env: { DEMO_POSTGRES_PORT: String(pg.port), DEMO_REDIS_PORT: String(redis.port), PATH: '' },
        storageDir: '/nonexistent',
        log: () => undefined,
      });
      expect(services.env).toEqual({
        DATABASE_URL: `postgres://postgres@127.0.0.1:${pg.port}/trialdata`,
        REDIS_URL: `redis://127.0.0.1:${redis.port}`,
      });
      expect(services.banner).toEqual([
        `PostgreSQL 127.0.0.1:${pg.port} (already running)`,
        `Redis      127.0.0.1:${redis.port} (already running)`,
      ]);
      await services.stop();
      expect(await answers(pg.port)).toBe(true);

      const given = await startDemoServices({
        env: { DATABASE_URL: 'postgres://db/x', REDIS_URL: 'redis://r' },
        storageDir: '/x',
        log: () => undefined,
      });
      expect(given.env).toEqual({});
      expect(given.banner).toEqual(['PostgreSQL DATABASE_URL', 'Redis      REDIS_URL']);
    } finally {
      pg.server.close();
      redis.server.close();
    }
  });

  it('says in one line how to get Redis when nothing answers and redis-server is not on the PATH', async () => {
    const port = await freePort();
    const failure = startDemoServices({
      env: { DATABASE_URL: 'postgres://db/x', DEMO_REDIS_PORT: String(port), PATH: '/nonexistent' },
      storageDir: '/x',
      log: () => undefined,
    });
    await expect(failure).rejects.toThrow(
      `Redis: nothing answers on 127.0.0.1:${port} and redis-server is not on the PATH: install it (Debian/Ubuntu: apt-get install redis-server), run \`docker compose up -d redis\`, or set REDIS_URL`,
    );
    await failure.catch((e: Error) => expect(e.message).not.toContain('\n'));
  });

  it('refuses a port that is not one', async () => {
    await expect(startDemoServices({ env: { DEMO_POSTGRES_PORT: 'x' }, storageDir: '/x', log: () => undefined })).rejects.toThrow(
      'DEMO_POSTGRES_PORT must be a port number (1-65535)',
    );
  });
});
