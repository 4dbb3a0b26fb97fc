/**
 * Worker-thread entry of the bootstrap pool (pool.ts). It runs only from the compiled dist (worker
 * threads cannot load TypeScript): it receives the data once, then replicate indexes, and posts each
 * replicate's result back as soon as it is done so the parent can report progress.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { bootstrapReplicate, type ValidationDataMap, type ValidationKind } from './validate';

interface Init {
  kind: ValidationKind;
  data: ValidationDataMap[ValidationKind];
  seed: number;
}

const { kind, data, seed } = workerData as Init;

parentPort?.on('message', (message: { replicate: number } | { stop: true }) => {
  if ('stop' in message) {
    parentPort?.close();
    return;
  }
  try {
    parentPort?.postMessage({ result: bootstrapReplicate(kind, data as never, seed, message.replicate) });
  } catch (error) {
    parentPort?.postMessage({ replicate: message.replicate, error: (error as Error).message });
  }
});
