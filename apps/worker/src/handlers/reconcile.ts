import { JobName, type HandlerMap } from '@trialdata/queue';
import type { WorkerContext } from '../context';
import { reconcileJobs, reconcilers } from '../reconcile';

/** The maintenance queue's reconcile job: every lost dataset, casebook and model job enqueued again. */
export function reconcileHandlers(ctx: WorkerContext): HandlerMap {
  const table = reconcilers(ctx);
  return { [JobName.ReconcileJobs]: async () => reconcileJobs(ctx, table) };
}
