import { JobName, QueueName, assertHandlers, queueOf } from './queues';

describe('assertHandlers', () => {
  const ok = async () => undefined;

  it('accepts a queue whose every job has a handler', () => {
    expect(() => assertHandlers(QueueName.Maintenance, { [JobName.Heartbeat]: ok, [JobName.ReconcileJobs]: ok })).not.toThrow();
  });

  it('refuses to start when a job has no handler', () => {
    expect(() => assertHandlers(QueueName.Maintenance, {})).toThrow('Queue maintenance: no handler for job(s) heartbeat, reconcile-jobs');
  });

  it('refuses a handler for a job that does not exist', () => {
    expect(() =>
      assertHandlers(QueueName.Maintenance, { [JobName.Heartbeat]: ok, [JobName.ReconcileJobs]: ok, bogus: ok } as never),
    ).toThrow(/unknown job\(s\) bogus/);
  });

  it('finds the queue of a job', () => {
    expect(queueOf(JobName.Heartbeat)).toBe(QueueName.Maintenance);
  });
});
