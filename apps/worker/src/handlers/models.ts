import type { HandlerMap } from '../../../../libs/queue';
import type { WorkerContext } from '../context';

/** Processors of the models queue: thin (load the row, call the library, record the result). */
export function modelsHandlers(_ctx: WorkerContext): HandlerMap {
  return {};
}
