import { createServer } from 'node:net';
import { JobQueues, QueueUnavailableError } from './job-queues';
import { JobName } from './queues';

/** A port nothing listens on: Redis is down. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe('JobQueues while Redis is down', () => {
  let queues: JobQueues;
  const logged: string[] = [];

  beforeAll(async () => {
    queues = new JobQueues(
      { url: `redis://127.0.0.1:${await closedPort()}`, prefix: 'unit' },
      { timeoutMs: 300, log: (m) => logged.push(m) },
    );
  });

  afterAll(async () => {
    await queues.close();
  });

  it('refuses an add within its bound, as QueueUnavailableError (503)', async () => {
    const started = Date.now();
    const error = await queues.add(JobName.Heartbeat, {}, { jobId: 'h' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueueUnavailableError);
    expect((error as QueueUnavailableError).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('leaves work whose row has committed to the reconciler instead of failing', async () => {
    await expect(queues.enqueueAfterCommit(JobName.CasebookPdf, { casebookId: 'c1' })).resolves.toBe('deferred');
    expect(logged).toContain('enqueue deferred to the reconciler');
  });

  it('passes other errors through', async () => {
    await expect(queues.bounded('a bug', () => Promise.reject(new TypeError('not Redis')))).rejects.toBeInstanceOf(TypeError);
  });
});
