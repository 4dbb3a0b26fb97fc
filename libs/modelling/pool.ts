/**
 * Runs bootstrap replicates (validate.ts) on worker threads. Each replicate is a pure function of
 * (kind, data, seed, replicate index), so the pool hands out indexes one at a time to whichever
 * thread is free and sorts the results by index: the summary is identical to an in-process run,
 * whatever the number of threads or the order in which replicates finish.
 *
 * Worker threads load JavaScript only, so the pool uses the compiled `pool-worker.js` beside this
 * file (the CLI, API and worker run from dist). Running from TypeScript source (vitest, ts-node) it
 * falls back to running the replicates in this thread, in order.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { bootstrapReplicate, type ReplicateResult, type ValidationDataMap, type ValidationKind } from './validate';

export interface ReplicateOptions {
  /** Called after each finished replicate with (done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Worker threads to use; default: one per available core, at most 8 and at most B. 0 or 1 = in process. */
  threads?: number;
}

/** The compiled worker script, or null when running from TypeScript source. */
function workerScript(): string | null {
  const self = typeof __filename === 'string' ? __filename : '';
  if (!self.endsWith('.js')) return null;
  const script = join(__dirname, 'pool-worker.js');
  return existsSync(script) ? script : null;
}

/** True when replicates will be spread over worker threads (the compiled build), false in process. */
export function poolUsesThreads(): boolean {
  return workerScript() !== null;
}

/** Replicates 0..B-1 sorted by index, each computed exactly as bootstrapReplicate(kind, data, seed, index). */
export async function runReplicates<K extends ValidationKind>(
  kind: K,
  data: ValidationDataMap[K],
  seed: number,
  B: number,
  options: ReplicateOptions = {},
): Promise<ReplicateResult[]> {
  const threads = Math.min(options.threads ?? Math.min(availableParallelism(), 8), B);
  const script = workerScript();
  if (!script || threads <= 1) return runInProcess(kind, data, seed, B, options.onProgress);
  return runOnThreads(script, kind, data, seed, B, threads, options.onProgress);
}

async function runInProcess<K extends ValidationKind>(
  kind: K,
  data: ValidationDataMap[K],
  seed: number,
  B: number,
  onProgress?: (done: number, total: number) => void,
): Promise<ReplicateResult[]> {
  const results: ReplicateResult[] = [];
  for (let b = 0; b < B; b++) {
    results.push(bootstrapReplicate(kind, data, seed, b));
    onProgress?.(b + 1, B);
    // Yield now and then so a job's progress updates and lock renewals are not starved.
    if (b % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
  }
  return results;
}

function runOnThreads<K extends ValidationKind>(
  script: string,
  kind: K,
  data: ValidationDataMap[K],
  seed: number,
  B: number,
  threads: number,
  onProgress?: (done: number, total: number) => void,
): Promise<ReplicateResult[]> {
  return new Promise((resolve, reject) => {
    const results: ReplicateResult[] = [];
    const workers: Worker[] = [];
    let next = 0;
    let failed = false;
    const stopAll = () => workers.forEach((w) => void w.terminate());
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      stopAll();
      reject(error);
    };
    const feed = (worker: Worker) => {
      if (next < B) worker.postMessage({ replicate: next++ });
      else worker.postMessage({ stop: true });
    };
    for (let t = 0; t < threads; t++) {
      const worker = new Worker(script, { workerData: { kind, data, seed } });
      workers.push(worker);
      worker.on('message', (message: { result?: ReplicateResult; replicate?: number; error?: string }) => {
        if (failed) return;
        if (message.error !== undefined || !message.result) {
          fail(new Error(`bootstrap replicate ${message.replicate} failed: ${message.error}`));
          return;
        }
        results.push(message.result);
        onProgress?.(results.length, B);
        if (results.length === B) {
          stopAll();
          resolve(results.sort((a, b) => a.replicate - b.replicate));
        } else feed(worker);
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (code !== 0 && results.length < B) fail(new Error(`a bootstrap worker thread exited with code ${code}`));
      });
      feed(worker);
    }
  });
}
