import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ModelsService } from '../apps/api/src/models/models.service';
import type { WorkerProcess } from '../apps/worker/src/worker';
import { datasetCsvPath } from '@trialdata/modelling';
import { JobQueues } from '@trialdata/queue';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { startApi, type Reply, type TestApi } from './support/harness';
import { startRedisServer, type TestRedis } from './support/redis-server';
import { waitFor } from './support/wait';
import { startTestWorker } from './support/worker';

/**
 * Nothing hangs when Redis is down (issue 15 item 8). The API and a worker run on a redis-server of
 * this test's own, which it stops: every request that must enqueue answers within 2 s, either 503
 * with nothing committed (a retry then does the work once) or 201/202 with the row committed and the
 * job left to the worker's reconciler, which enqueues it when Redis is back. After the restart (an
 * empty Redis) every job completes, and no retry made a second row.
 */
const DEADLINE_MS = 2_000;

let redis: TestRedis;
let api: TestApi;
let world: World;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  redis = await startRedisServer();
  api = await startApi({ env: { REDIS_URL: redis.url } });
  world = await setUpWorld(api);
  // Schedules re-registered and the reconciler run every half second, for rows of any age.
  worker = await startTestWorker(api, { schedulers: true, schedulerRefreshMs: 500, reconcileEveryMs: 500, reconcileGraceMs: 0 });
}, 180_000);

afterAll(async () => {
  await redis?.start(); // the harness removes its keys; the worker closes its queues
  await worker?.close();
  await api?.close();
  await redis?.stop();
});

const sql = (q: string, p: unknown[] = []) => api.db.dataSource.query(q, p);
const count = async (q: string, p: unknown[] = []): Promise<number> => Number((await sql(q, p))[0].n);

/** One request, with how long it took to answer. */
async function timed(method: string, path: string, options: { token: string; body?: unknown }): Promise<Reply & { ms: number }> {
  const started = performance.now();
  const reply = await api.request(method, path, options);
  return { ...reply, ms: performance.now() - started };
}

function lungCsv(): string {
  const ref = JSON.parse(readFileSync(join(__dirname, '..', 'libs', 'modelling', 'reference', 'cox', 'lung-efron.json'), 'utf8')) as {
    data: { time: number[]; event: number[]; X: number[][] };
  };
  const lines = ['participant,dead,age'];
  ref.data.time.forEach((_, i) =>
    lines.push([`POTEISS-LUMC-${String(i + 1).padStart(4, '0')}`, ref.data.event[i], ref.data.X[i][0]].join(',')),
  );
  return lines.join('\n') + '\n';
}

describe('Redis down', () => {
  const reason = 'interim while Redis is down';
  const spec = { model: 'logistic', outcome: 'dead', covariates: ['age'] };
  let participantId: string;
  let datasetId: string;
  let failedId: string;
  const answers: Record<string, Reply & { ms: number }> = {};
  let deferredModelId: string;

  it('is reported by the readiness check', async () => {
    const enrolled = await api.request('POST', '/studies/TEIAS/participants', {
      token: world.tokens['coordinator.LUMC'],
      body: enrolment(api.studies.get('TEIAS'), 'LUMC'),
    });
    expect(enrolled.status).toBe(201);
    participantId = enrolled.body.id;
    [{ id: datasetId }] = await sql(
      `INSERT INTO datasets (study_code, version, kind, reason, status, created_at) VALUES ('POTEISS', 100, 'interim', 'for models', 'ready', now()) RETURNING id`,
    );
    [{ id: failedId }] = await sql(
      `INSERT INTO datasets (study_code, version, kind, reason, status, created_at, error) VALUES ('POTEISS', 101, 'interim', 'failed before', 'failed', now(), 'boom') RETURNING id`,
    );
    const path = datasetCsvPath(api.config.storageDir, datasetId);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, lungCsv());

    await redis.stop();
    const health = await waitFor('readiness to see Redis down', async () => {
      const r = await api.request('GET', '/health');
      return r.status === 503 ? r : null;
    });
    expect(health.body).toMatchObject({ status: 'error', redis: 'down' });
  });

  it('answers every request that enqueues within 2 s: 503 with nothing committed, or 201/202 with the row for the reconciler', async () => {
    answers.dataset = await timed('POST', '/studies/POTEISS/datasets', {
      token: world.tokens.data_manager,
      body: { kind: 'interim', reason },
    });
    answers.casebook = await timed('POST', `/participants/${participantId}/casebook`, { token: world.tokens.monitor });
    answers.model = await timed('POST', `/datasets/${datasetId}/models`, { token: world.tokens.statistician, body: spec });
    // Locking commits the lock and its dataset; the build is the reconciler's once Redis is back.
    answers.lock = await timed('POST', '/studies/TEIAS/lock', {
      token: world.tokens.data_manager,
      body: { reason: 'lock while Redis is down', override: true },
    });
    // Rebuilding a failed dataset commits the new attempt; the reconciler enqueues it.
    answers.rebuild = await timed('POST', `/datasets/${failedId}/rebuild`, { token: world.tokens.data_manager, body: {} });
    for (const [what, reply] of Object.entries(answers)) {
      expect(reply.ms, `${what} answered in ${Math.round(reply.ms)} ms`).toBeLessThan(DEADLINE_MS);
      expect([201, 202, 503], `${what}: ${reply.status} ${JSON.stringify(reply.body)}`).toContain(reply.status);
    }
    // As docs/ARCHITECTURE.md ("Jobs") says: the per-user queue limit asks Redis before any row is
    // written, so these three are 503 with nothing committed; the lock commits and answers 201.
    expect([answers.dataset.status, answers.casebook.status, answers.model.status]).toEqual([503, 503, 503]);
    expect(answers.lock.status).toBe(201);
    expect(answers.rebuild.status).toBe(202);
    expect(await count(`SELECT count(*) AS n FROM datasets WHERE reason = $1`, [reason])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM casebooks WHERE participant_id = $1`, [participantId])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM models WHERE dataset_id = $1`, [datasetId])).toBe(0);
    expect((await sql(`SELECT status FROM datasets WHERE id = $1`, [answers.lock.body.datasetId]))[0].status).toBe('building');
  });

  it('a service whose enqueue finds no Redis at all commits and leaves the job to the reconciler, within 2 s', async () => {
    // A producer that never reached Redis: without a bound, BullMQ would wait for it for ever.
    const queues = new JobQueues(api.config.redis);
    try {
      const models = new ModelsService(api.db, api.config.storageDir, queues);
      const actor = { userId: (await sql(`SELECT id FROM users WHERE email LIKE 'statistician%'`))[0].id } as never;
      const started = performance.now();
      deferredModelId = (await models.request(datasetId, actor, spec as never)).id;
      expect(performance.now() - started).toBeLessThan(DEADLINE_MS);
      expect((await sql(`SELECT status FROM models WHERE id = $1`, [deferredModelId]))[0].status).toBe('queued');
    } finally {
      await queues.close();
    }
  });

  it('when Redis is back, a retry of a 503 does the work once, and every job completes', async () => {
    await redis.start();
    await waitFor('readiness to see Redis up', async () => (await api.request('GET', '/health')).status === 200);
    const retry = async (what: string, send: () => Promise<Reply>, ok: number) => {
      if (answers[what].status !== 503) return answers[what];
      // The API's connections come back within a few seconds; until then the answer is still a quick 503.
      return waitFor(`${what} accepted after Redis is back`, async () => {
        const r = await send();
        if (r.status !== 503) expect(r.status).toBe(ok);
        return r.status === ok ? r : null;
      });
    };
    const dataset = await retry(
      'dataset',
      () => api.request('POST', '/studies/POTEISS/datasets', { token: world.tokens.data_manager, body: { kind: 'interim', reason } }),
      201,
    );
    const casebook = await retry(
      'casebook',
      () => api.request('POST', `/participants/${participantId}/casebook`, { token: world.tokens.monitor }),
      202,
    );
    const model = await retry(
      'model',
      () => api.request('POST', `/datasets/${datasetId}/models`, { token: world.tokens.statistician, body: spec }),
      202,
    );
    // The lock is not asked for twice: the study is locked, its one lock dataset builds.
    expect(
      (await api.request('POST', '/studies/TEIAS/lock', { token: world.tokens.data_manager, body: { reason: 'again', override: true } }))
        .status,
    ).toBe(409);

    expect(await count(`SELECT count(*) AS n FROM datasets WHERE reason = $1`, [reason])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM datasets WHERE study_code = 'TEIAS' AND kind = 'lock'`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM casebooks WHERE participant_id = $1`, [participantId])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM models WHERE dataset_id = $1`, [datasetId])).toBe(2); // the HTTP one and the service's

    const lockId: string = answers.lock.body.datasetId;
    for (const id of [dataset.body.id, lockId, failedId])
      await waitFor(
        `dataset ${id} ready`,
        async () => (await sql(`SELECT status FROM datasets WHERE id = $1`, [id]))[0].status === 'ready',
      );
    await waitFor(
      'the casebook ready',
      async () => (await sql(`SELECT status FROM casebooks WHERE id = $1`, [casebook.body.id]))[0].status === 'ready',
    );
    for (const id of [model.body.id, deferredModelId])
      await waitFor(`model ${id} done`, async () => (await sql(`SELECT status FROM models WHERE id = $1`, [id]))[0].status === 'done');
  });
});

describe('enrolment without consent', () => {
  it('is a 400 naming the field, not a 500', async () => {
    const body: Record<string, unknown> = enrolment(api.studies.get('TEIAS'), 'HMC');
    delete body.consent;
    const r = await api.request('POST', '/studies/TEIAS/participants', { token: world.tokens['coordinator.HMC'], body });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'consent' })]));
    const nullConsent = await api.request('POST', '/studies/TEIAS/participants', {
      token: world.tokens['coordinator.HMC'],
      body: { ...body, consent: null },
    });
    expect(nullConsent.status).toBe(400);
  });
});
