import type { HandlerMap } from '../../../../libs/queue';
import type { WorkerContext } from '../context';

/** Processors of the documents queue: thin (load the row, call the library, record the result). */
export function documentsHandlers(_ctx: WorkerContext): HandlerMap {
  return {};
}
