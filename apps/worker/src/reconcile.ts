import { JobName, type WorkJob } from '@trialdata/queue';
import type { WorkerContext } from './context';
import { reconcileCasebooks } from './handlers/documents';
import { reconcileDatasets } from './handlers/exports';
import { reconcileModels } from './handlers/models';
import { DISPATCH_BATCH_SIZE } from '@trialdata/questionnaires';
import { outboxFromContext } from './handlers/notifications';

export interface ReconcileOptions {
  /** Rows younger than this are left alone: their request may still be enqueueing (default 2 minutes). */
  graceMs?: number;
}

/** One kind's reconcile query: finds its rows in PostgreSQL that have no live job, and enqueues them again. */
export type Reconciler = (options: ReconcileOptions) => Promise<unknown>;

/**
 * Every work kind of libs/queue's job-kind registry with its reconcile query; the record type makes a
 * new kind without one a type error. Dispatch's query is the outbox's (it also hands BullMQ the
 * messages that fall due), run by its own `reconcile-outbox` schedule on the notifications queue;
 * the others run together in the maintenance queue's `reconcile-jobs` (apps/worker/src/worker.ts
 * registers both schedules, and runs `reconcile-jobs` once at start).
 */
export function reconcilers(ctx: WorkerContext): Record<WorkJob, Reconciler> {
  let outbox: ReturnType<typeof outboxFromContext> | undefined;
  return {
    [JobName.DispatchMessage]: () => (outbox ??= outboxFromContext(ctx, DISPATCH_BATCH_SIZE)).reconcile(),
    [JobName.BuildDataset]: (o) => reconcileDatasets(ctx, o),
    [JobName.CasebookPdf]: (o) => reconcileCasebooks(ctx, o),
    [JobName.FitModel]: (o) => reconcileModels(ctx, o.graceMs ?? DEFAULT_GRACE_MS),
  };
}

export const DEFAULT_GRACE_MS = 120_000;

/** The kinds `reconcile-jobs` covers: all but dispatch, which the outbox's own schedule reconciles. */
export const RECONCILED_BY_MAINTENANCE: WorkJob[] = [JobName.BuildDataset, JobName.CasebookPdf, JobName.FitModel];

/**
 * Runs the given kinds' reconcile queries one after the other. A kind that fails (Redis or the
 * database away) is logged and reported, and the others still run; the next run tries again.
 */
export async function reconcileJobs(
  ctx: WorkerContext,
  table: Record<WorkJob, Reconciler>,
  kinds: WorkJob[] = RECONCILED_BY_MAINTENANCE,
  options: ReconcileOptions = {},
): Promise<Partial<Record<WorkJob, unknown>>> {
  const out: Partial<Record<WorkJob, unknown>> = {};
  for (const kind of kinds) {
    try {
      out[kind] = await table[kind]({ graceMs: options.graceMs ?? ctx.reconcileGraceMs ?? DEFAULT_GRACE_MS });
    } catch (error) {
      ctx.log('reconcile failed', { kind, error: error instanceof Error ? error.message : String(error) });
      out[kind] = { error: error instanceof Error ? error.message : String(error) };
    }
  }
  return out;
}
