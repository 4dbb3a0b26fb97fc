import { BullDispatchQueue } from '@trialdata/notifications';
import { ContactCipher } from '@trialdata/privacy';
import { DISPATCH_BATCH_SIZE, OutboxService } from '@trialdata/questionnaires';
import { JobName, type HandlerMap } from '@trialdata/queue';
import { parseQuietHours } from '@trialdata/scheduling';
import type { WorkerContext } from '../context';

/**
 * The outbox service as a worker builds it from its context (also used by tests and the benchmark).
 * `batchSize` 1 (the default) dispatches only the called message; the worker's jobs claim batches.
 */
export function outboxFromContext(ctx: WorkerContext, batchSize = 1): OutboxService {
  return new OutboxService(
    ctx.db,
    ctx.studies,
    new ContactCipher(ctx.config.dataKey),
    // The platform's sender: one pooled SMTP transport (SEND_CONCURRENCY connections) per process,
    // shared by every dispatch job, closed with the platform.
    ctx.platform.sender,
    new BullDispatchQueue(ctx.queues),
    ctx.clock,
    {
      publicUrl: ctx.config.publicUrl,
      quietHours: parseQuietHours(ctx.config.quietHours),
      sendingLeaseMs: ctx.config.sendingLeaseSeconds * 1000,
      batchSize,
    },
    ctx.log,
  );
}

/** Processors of the notifications queue: thin (load the row, call the library, record the result). */
export function notificationsHandlers(ctx: WorkerContext): HandlerMap {
  // A dispatch job sends its own message and claims up to DISPATCH_BATCH_SIZE - 1 other due ones.
  const outbox = outboxFromContext(ctx, DISPATCH_BATCH_SIZE);
  return {
    [JobName.DispatchMessage]: async (data: { messageId: string; sendAt: string; batch?: string[] }) =>
      outbox.dispatch(data.messageId, data.sendAt, data.batch),
    [JobName.ReconcileOutbox]: async () => {
      const result = await outbox.reconcile();
      if (result.added || result.promoted || result.replaced) ctx.log('outbox reconciled', result);
      return result;
    },
  };
}
