import { JobName, type HandlerMap } from '../../../../libs/queue';
import type { WorkerContext } from '../context';

export function maintenanceHandlers(ctx: WorkerContext): HandlerMap {
  return {
    [JobName.Heartbeat]: async () => {
      await ctx.db.ping();
      return { at: ctx.clock().toISOString() };
    },
  };
}
