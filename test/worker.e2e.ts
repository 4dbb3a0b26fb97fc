import { startApi, type TestApi } from './support/harness';
import { startTestWorker } from './support/worker';
import type { WorkerProcess } from '../apps/worker/src/worker';
import { JobName, QueueName } from '@trialdata/queue';
import { waitFor } from './support/wait';

let api: TestApi;
let worker: WorkerProcess;

beforeAll(async () => {
  api = await startApi();
  worker = await startTestWorker(api);
});

afterAll(async () => {
  await worker?.close();
  await api?.close();
});

describe('worker', () => {
  it('serves /health with database and Redis up', async () => {
    const res = await fetch(`http://127.0.0.1:${worker.port}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', db: 'up', redis: 'up' });
  });

  it('processes a job from Redis, and a repeated job id is added once', async () => {
    const queue = worker.context.queues.queue(QueueName.Maintenance);
    await worker.context.queues.add(JobName.Heartbeat, {}, { jobId: 'heartbeat-test' });
    await worker.context.queues.add(JobName.Heartbeat, {}, { jobId: 'heartbeat-test' });
    const job = await queue.getJob('heartbeat-test');
    expect(job).toBeDefined();
    await waitFor('the heartbeat job', () => job!.isCompleted());
    expect(await queue.getJobCounts('completed', 'waiting', 'active')).toMatchObject({ completed: 1, waiting: 0, active: 0 });
  });
});
