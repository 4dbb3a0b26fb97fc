/**
 * Runs bootstrap replicates (validate.ts) on worker threads. Each replicate is a pure function of
 * (kind, data, seed, replicate index), so the pool hands out indexes one at a time to whichever
 * thread is free and sorts the results by index: the summary is identical to an in-process run,
 * whatever the number of threads or the order in which replicates finish.
 *
 * This thread takes indexes too, one replicate per turn of the event loop (so progress and a job's
 * lock renewals still run between them): it is warm from the full-data fit, while a new worker first
 * loads its modules and runs its first few dozen replicates at half speed before its code is
 * optimised (measured: 14 ms a Cox replicate on 2,000 x 10 over the first 60, 7 ms after). On two
 * cores, this thread and one worker finished 200 such replicates sooner than two workers did. The
 * workers are kept between validations (below), so only a process's first validation pays their
 * warm-up.
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
  /**
   * Threads computing replicates, this one included (it works beside threads - 1 workers); default:
   * one per available core, at most 8 and at most B. 0 or 1 = this thread alone.
   */
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

/**
 * Workers kept between validations, warm: a worker that has run replicates before runs the next
 * validation's at full speed from its first (a new one loads its modules and runs its first few dozen
 * replicates at about half speed). Idle workers do not keep the process alive (unref) and end after
 * IDLE_MS unused; a worker that failed or was stopped mid-run is never returned here.
 */
const IDLE_MS = 15 * 60_000;
const spare: Worker[] = [];
let idleTimer: NodeJS.Timeout | null = null;

/** Ends the idle workers kept for the next validation (a process shutting down; tests). */
export async function closeReplicatePool(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  await Promise.all(spare.splice(0).map((w) => w.terminate()));
}

/** Workers kept idle now (for tests and the benchmark). */
export function idleReplicateWorkers(): number {
  return spare.length;
}

function takeWorker(script: string): Worker {
  const kept = spare.pop();
  if (kept) {
    kept.ref();
    return kept;
  }
  const worker = new Worker(script);
  // A kept worker that dies while idle (out of memory, killed) is forgotten, not handed out; its error
  // has a listener even between runs, so it cannot surface as the process's uncaught exception.
  const forget = () => {
    const at = spare.indexOf(worker);
    if (at >= 0) spare.splice(at, 1);
  };
  worker.on('exit', forget);
  worker.on('error', forget);
  return worker;
}

function keepWorker(worker: Worker): void {
  worker.postMessage({ done: true });
  worker.unref();
  spare.push(worker);
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => void closeReplicatePool(), IDLE_MS);
  idleTimer.unref();
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
    const detach: Array<() => void> = [];
    let next = 0;
    let settled = false;
    const finish = (keep: boolean) => {
      settled = true;
      detach.forEach((off) => off());
      for (const w of workers) {
        if (keep) keepWorker(w);
        else void w.terminate();
      }
    };
    const fail = (error: Error) => {
      if (settled) return;
      finish(false);
      reject(error);
    };
    const record = (result: ReplicateResult) => {
      results.push(result);
      onProgress?.(results.length, B);
      if (results.length === B && !settled) {
        // Every index was handed out once and has come back: no worker has work left, so all are kept.
        finish(true);
        resolve(results.sort((a, b) => a.replicate - b.replicate));
      }
    };
    const feed = (worker: Worker) => {
      if (next < B) worker.postMessage({ replicate: next++ });
    };
    for (let t = 0; t < threads - 1; t++) {
      const worker = takeWorker(script);
      workers.push(worker);
      const onMessage = (message: { result?: ReplicateResult; replicate?: number; error?: string }) => {
        if (settled) return;
        if (message.error !== undefined || !message.result) {
          fail(new Error(`bootstrap replicate ${message.replicate} failed: ${message.error}`));
          return;
        }
        record(message.result);
        if (!settled) feed(worker);
      };
      const onExit = (code: number) => fail(new Error(`a bootstrap worker thread exited with code ${code}`));
      worker.on('message', onMessage);
      worker.on('error', fail);
      worker.on('exit', onExit);
      detach.push(() => {
        worker.off('message', onMessage);
        worker.off('error', fail);
        worker.off('exit', onExit);
      });
      worker.postMessage({ init: { kind, data, seed } });
      // Two indexes ahead: the next one waits in the worker's queue while this thread, busy with a
      // replicate of its own, has not yet read the worker's last result.
      feed(worker);
      feed(worker);
    }
    // This thread's share: one replicate, then back to the event loop (worker messages, progress).
    const here = () => {
      if (settled || next >= B) return;
      let result: ReplicateResult;
      try {
        result = bootstrapReplicate(kind, data, seed, next++);
      } catch (error) {
        fail(error as Error);
        return;
      }
      record(result);
      setImmediate(here);
    };
    setImmediate(here);
  });
}
