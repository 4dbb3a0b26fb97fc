import { startWorker, type WorkerOptions, type WorkerProcess } from '../../apps/worker/src/worker';
import type { TestApi } from './harness';

/** A real worker in this process, on the test API's database, Redis prefix and clock. */
export async function startTestWorker(api: TestApi, options: WorkerOptions = {}): Promise<WorkerProcess> {
  return startWorker({ ...api.config, workerPort: 0 }, api.studies, () => undefined, { schedulers: false, clock: api.clock, ...options });
}
