import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { reconcileCasebooks } from '../apps/worker/src/handlers/documents';
import { reconcileModels } from '../apps/worker/src/handlers/models';
import type { WorkerProcess } from '../apps/worker/src/worker';
import { datasetCsvPath } from '@trialdata/modelling';
import { JobName, JobQueues, QueueName, jobIdOf } from '@trialdata/queue';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { startApi, type TestApi } from './support/harness';
import { waitFor } from './support/wait';
import { startTestWorker } from './support/worker';

/**
 * One shape for background work (issue 9 item 4): a casebook job and a model-fit job deleted from
 * Redis while no worker runs are found again from PostgreSQL by the worker's one reconciler
 * (`reconcile-jobs`), like a lost dataset job, and each completes exactly once. Also: partial
 * dataset folders a killed build left are removed when a worker starts (issue 15 item 8).
 */
let api: TestApi;
let world: World;
let queues: JobQueues;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  api = await startApi();
  world = await setUpWorld(api);
  queues = new JobQueues(api.config.redis);
}, 180_000);

afterAll(async () => {
  await worker?.close();
  await queues?.close();
  await api?.close();
});

const sql = (q: string, p: unknown[] = []) => api.db.dataSource.query(q, p);

/** R's survival::lung (complete rows) with a 0/1 outcome `dead`, as test/models.e2e.ts fits it. */
function lungCsv(): string {
  const ref = JSON.parse(readFileSync(join(__dirname, '..', 'libs', 'modelling', 'reference', 'cox', 'lung-efron.json'), 'utf8')) as {
    data: { time: number[]; event: number[]; X: number[][] };
  };
  const lines = ['participant,time,dead,age'];
  ref.data.time.forEach((t, i) =>
    lines.push([`POTEISS-LUMC-${String(i + 1).padStart(4, '0')}`, t, ref.data.event[i], ref.data.X[i][0]].join(',')),
  );
  return lines.join('\n') + '\n';
}

/** A ready dataset registered straight in the database, with its data.csv where the modelling worker reads it. */
async function readyDataset(): Promise<string> {
  const [{ id }] = await sql(
    `INSERT INTO datasets (study_code, version, kind, reason, status, created_at) VALUES ('POTEISS', 1, 'interim', 'jobs e2e', 'ready', now()) RETURNING id`,
  );
  const path = datasetCsvPath(api.config.storageDir, id);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, lungCsv());
  return id;
}

/** Completed jobs of a queue whose payload names `id` (under any job id of its kind). */
async function completedRuns(queue: QueueName, key: 'casebookId' | 'modelId', id: string): Promise<number> {
  const jobs = await queues.queue(queue).getJobs(['completed'], 0, -1);
  return jobs.filter((j) => (j.data as Record<string, unknown>)[key] === id).length;
}

describe('the job-kind registry', () => {
  it('names every kind’s job from its payload, the same way every time', () => {
    expect(jobIdOf(JobName.CasebookPdf, { casebookId: 'c1' })).toBe('casebook-c1');
    expect(jobIdOf(JobName.FitModel, { modelId: 'm1' })).toBe('model-m1');
    expect(jobIdOf(JobName.FitModel, { modelId: 'm1', rerun: 5 })).toBe('model-m1-5');
    expect(jobIdOf(JobName.BuildDataset, { datasetId: 'd1' })).toBe('dataset-d1');
    expect(jobIdOf(JobName.BuildDataset, { datasetId: 'd1', attempt: 2 })).toBe('dataset-d1-2');
    expect(jobIdOf(JobName.DispatchMessage, { messageId: 'x', sendAt: '2026-11-27T09:00:00.000Z' })).toBe(
      `x.${Date.parse('2026-11-27T09:00:00.000Z')}`,
    );
  });
});

describe('jobs Redis lost', () => {
  let casebookId: string;
  let modelId: string;
  let partialDead: string;
  let partialLive: string;

  it('are deleted from Redis while no worker runs; partial dataset folders are left by a killed build', async () => {
    const enrolled = await api.request('POST', '/studies/TEIAS/participants', {
      token: world.tokens['coordinator.LUMC'],
      body: enrolment(api.studies.get('TEIAS'), 'LUMC'),
    });
    expect(enrolled.status).toBe(201);
    const casebook = await api.request('POST', `/participants/${enrolled.body.id}/casebook`, { token: world.tokens.monitor });
    expect(casebook.status).toBe(202);
    casebookId = casebook.body.id;
    expect(casebook.body.jobId).toBe(jobIdOf(JobName.CasebookPdf, { casebookId }));

    const model = await api.request('POST', `/datasets/${await readyDataset()}/models`, {
      token: world.tokens.statistician,
      body: { model: 'logistic', outcome: 'dead', covariates: ['age'] },
    });
    expect(model.status).toBe(202);
    modelId = model.body.id;

    // Both wait in Redis (no worker yet); Redis loses them.
    const documents = queues.queue(QueueName.Documents);
    const models = queues.queue(QueueName.Models);
    expect(await documents.getJobState(`casebook-${casebookId}`)).toBe('waiting');
    expect(await models.getJobState(`model-${modelId}`)).toBe('waiting');
    await documents.remove(`casebook-${casebookId}`);
    await models.remove(`model-${modelId}`);
    expect(await documents.getJobState(`casebook-${casebookId}`)).toBe('unknown');
    expect(await models.getJobState(`model-${modelId}`)).toBe('unknown');

    // A build killed mid-way leaves `.tmp-<dataset id>-<random>`; one of a dataset that is not
    // building is garbage, a fresh one of a building dataset may be another worker's live build.
    const datasets = join(api.config.storageDir, 'datasets');
    partialDead = join(datasets, `.tmp-${randomUUID()}-0badf00d`);
    mkdirSync(partialDead, { recursive: true });
    writeFileSync(join(partialDead, 'data.csv'), 'participant\nhalf');
    // Requested after the test clock's now, so that no reconcile query takes it up.
    const later = new Date(api.clock().getTime() + 86400_000);
    const [{ id: building }] = await sql(
      `INSERT INTO datasets (study_code, version, kind, reason, status, created_at, requested_at) VALUES ('POTEISS', 2, 'interim', 'live build', 'building', $1, $1) RETURNING id`,
      [later],
    );
    partialLive = join(datasets, `.tmp-${building}-1234abcd`);
    mkdirSync(partialLive, { recursive: true });
    writeFileSync(join(partialLive, 'data.csv'), 'participant\n');
  });

  it('a starting worker removes the partial folder of no live build, and keeps the live one', async () => {
    worker = await startTestWorker(api, { schedulers: true, reconcileEveryMs: 500, reconcileGraceMs: 0 });
    expect(existsSync(partialDead)).toBe(false);
    expect(existsSync(partialLive)).toBe(true);
  });

  it('the worker’s reconciler enqueues both again from PostgreSQL, and each completes exactly once', async () => {
    await waitFor(
      'the casebook ready',
      async () => (await sql(`SELECT status FROM casebooks WHERE id = $1`, [casebookId]))[0].status === 'ready',
    );
    await waitFor('the model done', async () => (await sql(`SELECT status FROM models WHERE id = $1`, [modelId]))[0].status === 'done');
    // Let the scheduled reconciler run a few more times over the finished rows.
    const maintenance = queues.queue(QueueName.Maintenance);
    const runs = async () => (await maintenance.getJobs(['completed'], 0, -1)).filter((j) => j.name === JobName.ReconcileJobs).length;
    const before = await runs();
    await waitFor('three more reconciler runs', async () => (await runs()) >= before + 3);

    expect(await completedRuns(QueueName.Documents, 'casebookId', casebookId)).toBe(1);
    expect(await completedRuns(QueueName.Models, 'modelId', modelId)).toBe(1);
    expect(await queues.queue(QueueName.Documents).getJobState(`casebook-${casebookId}`)).toBe('completed');
    // Nothing is left for a reconcile query to do.
    expect((await reconcileCasebooks(worker!.context, { graceMs: 0 })).requeued).toEqual([]);
    expect(await reconcileModels(worker!.context, 0)).toEqual([]);
    const report = await api.request('GET', `/models/${modelId}`, { token: world.tokens.statistician });
    expect(report.body).toMatchObject({ status: 'done', report: true });
  });
});
