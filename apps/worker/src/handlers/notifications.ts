import type { HandlerMap } from '../../../../libs/queue';
import type { WorkerContext } from '../context';

/** Processors of the notifications queue: thin (load the row, call the library, record the result). */
export function notificationsHandlers(_ctx: WorkerContext): HandlerMap {
  return {};
}
