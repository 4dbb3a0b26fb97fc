import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type Redis from 'ioredis';
import type { Database } from '@trialdata/database';
import { counted } from '@trialdata/accounts';
import { TooManyRequestsError } from '@trialdata/common';

/** Background work a user can ask for, each a row that stays `building`/`queued` until the worker is done. */
export type QueuedKind = 'casebook' | 'dataset' | 'model';

/**
 * The routes that queue work, by method and full path. Listed here rather than decorated so that
 * the limit is one table; `assertQueueQuotas` fails the boot if a route in it no longer exists.
 */
export const QUEUED_WORK: Readonly<Record<string, QueuedKind>> = {
  'POST /participants/:id/casebook': 'casebook',
  'POST /studies/:study/datasets': 'dataset',
  'POST /datasets/:id/models': 'model',
};

/** The user's unfinished rows of a kind: what the worker still has to do for them. */
const IN_FLIGHT: Record<QueuedKind, string> = {
  casebook: `SELECT count(*)::int AS n FROM casebooks WHERE requested_by = $1 AND status = 'building'`,
  dataset: `SELECT count(*)::int AS n FROM datasets WHERE created_by = $1 AND status = 'building'`,
  model: `SELECT count(*)::int AS n FROM models WHERE created_by = $1 AND status IN ('queued', 'running')`,
};

const LABEL: Record<QueuedKind, string> = { casebook: 'casebooks', dataset: 'datasets', model: 'model fits' };

/**
 * At most `limit` unfinished casebooks, datasets and model fits per user and kind, so that one
 * account cannot fill the worker's queue. The unfinished rows are counted in PostgreSQL; requests
 * admitted but not yet answered are counted in Redis (shared by every API process), so a burst of
 * parallel requests cannot slip past the count. Returns the release to call when the answer is sent.
 */
export async function admitQueuedWork(
  db: Database,
  redis: Redis,
  prefix: string,
  limit: number,
  kind: QueuedKind,
  userId: string,
): Promise<() => void> {
  const [{ n }] = (await db.dataSource.query(IN_FLIGHT[kind], [userId])) as [{ n: number }];
  const key = `${prefix}:quota:${kind}:${userId}`;
  const pending = await counted(async () => {
    const value = await redis.incr(key);
    await redis.pexpire(key, 120_000);
    return value;
  });
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    redis.decr(key).catch(() => undefined);
  };
  if (n + pending > limit) {
    release();
    throw new TooManyRequestsError(
      `You already have ${n} ${LABEL[kind]} waiting for the worker (at most ${limit} at once); try again when one is done`,
      undefined,
      { retryAfterSeconds: 30 },
    );
  }
  return release;
}

/** `METHOD /path` of a handler as declared (controller path + handler path, without the global prefix). */
export function routeKey(handler: object, controller: object): string | null {
  const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
  const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
  if (path === undefined || method === undefined) return null;
  const base = (Reflect.getMetadata(PATH_METADATA, controller) as string | undefined) ?? '';
  const joined = [base, Array.isArray(path) ? path[0] : path]
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
  return `${RequestMethod[method]} /${joined}`;
}

/** The queued kind of a route, if it queues work. */
export function queuedKindOf(handler: object, controller: object): QueuedKind | undefined {
  const key = routeKey(handler, controller);
  return key ? QUEUED_WORK[key] : undefined;
}

/** Start-up check: every route in QUEUED_WORK exists, so a renamed route cannot silently lose its limit. */
export function assertQueueQuotas(app: INestApplication): void {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const found = new Set<string>();
  for (const { instance, metatype } of discovery.getControllers()) {
    if (!instance || !metatype) continue;
    const proto = Object.getPrototypeOf(instance);
    for (const name of scanner.getAllMethodNames(proto)) {
      const key = routeKey(proto[name], metatype);
      if (key) found.add(key);
    }
  }
  const missing = Object.keys(QUEUED_WORK).filter((r) => !found.has(r));
  if (missing.length) throw new Error(`Queue limits name routes that do not exist: ${missing.join(', ')}`);
}
