import { BullDispatchQueue, ChannelSender } from '@trialdata/notifications';
import { ContactCipher } from '@trialdata/privacy';
import { OutboxService } from '@trialdata/questionnaires';
import { JobName, type HandlerMap } from '@trialdata/queue';
import { parseQuietHours } from '@trialdata/scheduling';
import type { WorkerContext } from '../context';

/** The outbox service as a worker builds it from its context (also used by tests and the benchmark). */
export function outboxFromContext(ctx: WorkerContext): OutboxService {
  const sender = new ChannelSender({
    smtpUrl: ctx.config.smtpUrl,
    from: ctx.config.mailFrom,
    log: ctx.log,
  });
  return new OutboxService(
    ctx.db,
    ctx.studies,
    new ContactCipher(ctx.config.dataKey),
    sender,
    new BullDispatchQueue(ctx.queues),
    ctx.clock,
    {
      publicUrl: ctx.config.publicUrl,
      quietHours: parseQuietHours(ctx.config.quietHours),
      sendingLeaseMs: ctx.config.sendingLeaseSeconds * 1000,
    },
    ctx.log,
  );
}

/** Processors of the notifications queue: thin (load the row, call the library, record the result). */
export function notificationsHandlers(ctx: WorkerContext): HandlerMap {
  const outbox = outboxFromContext(ctx);
  return {
    [JobName.DispatchMessage]: async (data: { messageId: string; sendAt: string }) => outbox.dispatch(data.messageId, data.sendAt),
    [JobName.ReconcileOutbox]: async () => {
      const result = await outbox.reconcile();
      if (result.added || result.promoted || result.replaced) ctx.log('outbox reconciled', result);
      return result;
    },
  };
}
