import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import Redis from 'ioredis';
import { Client } from 'pg';
import type { INestApplication } from '@nestjs/common';
import { createApi } from '../../apps/api/src/app';
import { PlatformToken } from '../../apps/api/src/platform';
import { loadConfig, type AppConfig } from '@trialdata/config';
import { Database, createDataSource, dropDatabase, migrate } from '@trialdata/database';
import type { Platform } from '@trialdata/platform';
import { STUDY_DEFINITIONS, loadStudies, type StudyRegistry } from '@trialdata/protocol';
import { TestClock } from './clock';

export const ADMIN = { email: 'admin@test.trialdata.org', password: 'admin-password-123' };
export const PASSWORD = 'member-password-123';

/** Base URLs of the real services; CI and developers point these at their own. */
const PG = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestApi {
  app: INestApplication;
  url: string;
  config: AppConfig;
  studies: StudyRegistry;
  db: Database;
  /** The API's services as the composition root (libs/platform) built them. */
  platform: Platform;
  /** The owner's URL (superuser in tests): for tampering and assertions straight on the database. */
  databaseUrl: string;
  /** With `appRole`: the least-privilege login role the API (and test workers) connect as. */
  appDatabaseUrl?: string;
  /** The API's clock: the one passed to startApi, or a clock ticking from TEST_EPOCH. Workers share it. */
  clock: () => Date;
  request<T = any>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<Reply<T>>;
  login(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/** A fresh database per test file: a unique name, migrated, dropped at the end. */
export function freshDatabaseUrl(): string {
  const url = new URL(PG);
  url.pathname = `/trialdata_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  return url.toString();
}

export function testConfig(databaseUrl: string, extra: Record<string, string> = {}): AppConfig {
  return loadConfig({
    DATABASE_URL: databaseUrl,
    REDIS_URL: REDIS,
    REDIS_PREFIX: `trialdata_test_${randomBytes(4).toString('hex')}`,
    JWT_SECRET: randomBytes(24).toString('hex'),
    DATA_KEY: randomBytes(32).toString('base64'),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent',
    LOGIN_RATE_PER_MINUTE: '1000',
    STORAGE_DIR: `/tmp/${new URL(databaseUrl).pathname.slice(1)}`,
    ...extra,
  });
}

/** Starts the real API on an ephemeral port against a fresh database and the real Redis. */
export async function startApi(
  options: {
    env?: Record<string, string>;
    clock?: () => Date;
    studies?: StudyRegistry;
    /** Connect as a login role of this test's own (APP_DATABASE_URL), created by migrate and dropped at close. */
    appRole?: boolean;
  } = {},
): Promise<TestApi> {
  const databaseUrl = freshDatabaseUrl();
  const appDatabaseUrl = options.appRole ? appRoleUrl(databaseUrl) : undefined;
  await migrate(databaseUrl, { appUrl: appDatabaseUrl });
  const config = testConfig(databaseUrl, { ...(appDatabaseUrl ? { APP_DATABASE_URL: appDatabaseUrl } : {}), ...options.env });
  const studies = options.studies ?? loadStudies(STUDY_DEFINITIONS);
  // Never the machine's clock: a test's dates must mean the same on any day it runs.
  const clock = options.clock ?? TestClock.ticking().now;
  const app = await createApi({ config, studies, clock });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1') + '/api/v1';
  const db = app.get(Database);
  const platform = app.get<Platform>(PlatformToken);

  async function request<T>(
    method: string,
    path: string,
    o: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.raw !== undefined) body = o.raw;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(url + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  return {
    app,
    url,
    config,
    studies,
    db,
    platform,
    databaseUrl,
    appDatabaseUrl,
    clock,
    request,
    async login(email, password = PASSWORD) {
      const r = await request<{ accessToken: string }>('POST', '/auth/login', { body: { email, password } });
      if (r.status !== 200) throw new Error(`login ${email} failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.accessToken;
    },
    async close() {
      await app.close();
      await dropDatabase(databaseUrl);
      if (appDatabaseUrl) await dropTestRole(databaseUrl, decodeURIComponent(new URL(appDatabaseUrl).username));
      await removeTestTraces(config);
    },
  };
}

/**
 * A login role for one test database: roles are cluster-wide and test files run in parallel on one
 * server, so its name carries the database's unique name.
 */
export function appRoleUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.username = `${url.pathname.slice(1)}_app`;
  url.password = randomBytes(12).toString('hex');
  return url.toString();
}

/** Drops a role this test created (after its database is gone, so it owns and holds nothing). */
export async function dropTestRole(ownerUrl: string, role: string): Promise<void> {
  if (!/^trialdata_test_[a-z0-9_]+$/.test(role)) throw new Error(`refusing to drop role ${role}: not a test role`);
  const admin = new URL(ownerUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP ROLE IF EXISTS "${role}"`);
  } finally {
    await client.end();
  }
}

/** What a test run leaves outside its database: the Redis keys under its prefix and its storage folder. */
export async function removeTestTraces(config: AppConfig): Promise<void> {
  const redis = new Redis(config.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.redis.prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    /* Redis down (the health test points at a closed port): nothing was written there */
  } finally {
    redis.disconnect();
  }
  await rm(config.storageDir, { recursive: true, force: true });
}

/** A separate connection for assertions straight on the database (and for tampering). */
export async function openDatabase(url: string): Promise<Database> {
  const ds = await createDataSource(url, { poolSize: 2 }).initialize();
  return new Database(ds);
}
