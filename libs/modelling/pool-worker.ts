/**
 * Worker-thread entry of the bootstrap pool (pool.ts). It runs only from the compiled dist (worker
 * threads cannot load TypeScript). The pool keeps a worker between validations, warm: each validation
 * sends its data once (`init`), then replicate indexes, each result posted back as soon as it is done
 * so the parent can report progress; `done` drops the data while the worker waits for the next one.
 */
import { parentPort } from 'node:worker_threads';
import { bootstrapReplicate, type ValidationDataMap, type ValidationKind } from './validate';

interface Init {
  kind: ValidationKind;
  data: ValidationDataMap[ValidationKind];
  seed: number;
}

type Message = { init: Init } | { replicate: number } | { done: true };

let current: Init | null = null;

parentPort?.on('message', (message: Message) => {
  if ('init' in message) {
    current = message.init;
    return;
  }
  if ('done' in message) {
    current = null;
    return;
  }
  try {
    if (!current) throw new Error('no validation data sent before the replicate');
    parentPort?.postMessage({ result: bootstrapReplicate(current.kind, current.data as never, current.seed, message.replicate) });
  } catch (error) {
    parentPort?.postMessage({ replicate: message.replicate, error: (error as Error).message });
  }
});
