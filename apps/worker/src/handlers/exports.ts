import type { HandlerMap } from '../../../../libs/queue';
import type { WorkerContext } from '../context';

/** Processors of the exports queue: thin (load the row, call the library, record the result). */
export function exportsHandlers(_ctx: WorkerContext): HandlerMap {
  return {};
}
