import { QueueName, type HandlerMap } from '@trialdata/queue';
import type { WorkerContext } from '../context';
import { documentsHandlers } from './documents';
import { exportsHandlers } from './exports';
import { maintenanceHandlers } from './maintenance';
import { modelsHandlers } from './models';
import { notificationsHandlers } from './notifications';
import { reconcileHandlers } from './reconcile';

/** Each queue's processors; one file per capability. */
export function allHandlers(ctx: WorkerContext): Record<QueueName, HandlerMap> {
  return {
    [QueueName.Maintenance]: { ...maintenanceHandlers(ctx), ...reconcileHandlers(ctx) },
    [QueueName.Notifications]: notificationsHandlers(ctx),
    [QueueName.Documents]: documentsHandlers(ctx),
    [QueueName.Exports]: exportsHandlers(ctx),
    [QueueName.Models]: modelsHandlers(ctx),
  };
}
