import { JobName, type HandlerMap } from '../../../../libs/queue';
import type { WorkerContext } from '../context';
import { reconcileModels } from './models';

export function maintenanceHandlers(ctx: WorkerContext): HandlerMap {
  return {
    [JobName.Heartbeat]: async () => {
      await ctx.db.ping();
      // Once a minute: model fits whose job Redis lost are queued again from PostgreSQL.
      const requeuedModels = await reconcileModels(ctx);
      return { at: ctx.clock().toISOString(), requeuedModels };
    },
  };
}
