import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type * as Modelling from '@trialdata/modelling';

/**
 * The bootstrap pool as it ships: worker threads run only from the compiled build (dist/, which CI
 * builds before the tests; `npm run build:server` locally), so this loads libs/modelling from there.
 * This thread takes replicates beside the workers (pool.ts); whatever thread computes which replicate,
 * the results are those of an in-process run, in replicate order, and progress counts every one.
 */
const root = resolve(__dirname, '..');
const built = join(root, 'dist/libs/modelling/index.js');
let modelling: typeof Modelling;

beforeAll(() => {
  if (!existsSync(built)) throw new Error('dist/libs/modelling/index.js is missing: run `npm run build:server` first');
  modelling = createRequire(__filename)(built) as typeof Modelling;
  expect(modelling.poolUsesThreads()).toBe(true);
});

function data(n: number, p: number): { y: number[]; time: number[]; event: (0 | 1)[]; X: number[][] } {
  let s = 7;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const X = Array.from({ length: n }, () => Array.from({ length: p }, () => Math.round((next() * 4 - 2) * 1000) / 1000));
  const lp = X.map((row) => row[0] - 0.5 * row[1]);
  return {
    X,
    y: lp.map((v) => (next() < 1 / (1 + Math.exp(-v)) ? 1 : 0)),
    time: lp.map((v) => Math.ceil(-Math.log(1 - next()) * 300 * Math.exp(-v))),
    event: lp.map(() => (next() < 0.75 ? 1 : 0)),
  };
}

describe('bootstrap replicates on worker threads (compiled build)', () => {
  const d = data(300, 4);
  const cases = [
    ['logistic', { y: d.y, X: d.X }],
    ['cox', { time: d.time, event: d.event, X: d.X, ties: 'efron' }],
  ] as const;

  for (const [kind, input] of cases) {
    it(`${kind}: this thread and two workers give the in-process replicates, in order, with progress for each`, async () => {
      const B = 40;
      const alone = await modelling.runReplicates(kind, input as never, 11, B, { threads: 1 });
      const seen: number[] = [];
      const pooled = await modelling.runReplicates(kind, input as never, 11, B, { threads: 3, onProgress: (done) => seen.push(done) });
      expect(pooled).toEqual(alone);
      expect(pooled.map((r) => r.replicate)).toEqual(Array.from({ length: B }, (_, b) => b));
      expect(seen).toEqual(Array.from({ length: B }, (_, b) => b + 1));
      expect(alone.filter((r) => r.ok).length).toBeGreaterThan(B / 2);
    });
  }

  it("rejects when a replicate fails, wherever it ran, and keeps none of the failed run's workers", async () => {
    await modelling.runReplicates('cox', cases[1][1] as never, 11, 8, { threads: 3 });
    expect(modelling.idleReplicateWorkers()).toBe(2);
    await expect(modelling.runReplicates('nonsense' as never, { y: d.y, X: d.X } as never, 11, 6, { threads: 3 })).rejects.toThrow();
    expect(modelling.idleReplicateWorkers()).toBe(0);
  });

  it('keeps its workers between validations, and a kept worker computes the next one from its own data', async () => {
    await modelling.closeReplicatePool();
    const B = 30;
    const [, coxInput] = cases[1];
    const other = data(200, 3);
    const logisticInput = { y: other.y, X: other.X };
    const coxAlone = await modelling.runReplicates('cox', coxInput as never, 5, B, { threads: 1 });
    const logisticAlone = await modelling.runReplicates('logistic', logisticInput as never, 6, B, { threads: 1 });

    expect(await modelling.runReplicates('cox', coxInput as never, 5, B, { threads: 3 })).toEqual(coxAlone);
    expect(modelling.idleReplicateWorkers()).toBe(2);
    // The same two workers, now given other data, another kind and another seed.
    expect(await modelling.runReplicates('logistic', logisticInput as never, 6, B, { threads: 3 })).toEqual(logisticAlone);
    expect(modelling.idleReplicateWorkers()).toBe(2);
    // Fewer threads than kept workers: one is taken, the other waits; more: a new one joins them.
    expect(await modelling.runReplicates('cox', coxInput as never, 5, B, { threads: 2 })).toEqual(coxAlone);
    expect(modelling.idleReplicateWorkers()).toBe(2);
    expect(await modelling.runReplicates('cox', coxInput as never, 5, B, { threads: 4 })).toEqual(coxAlone);
    expect(modelling.idleReplicateWorkers()).toBe(3);

    await modelling.closeReplicatePool();
    expect(modelling.idleReplicateWorkers()).toBe(0);
  });

  it('kept workers do not keep a process alive: a CLI-like process ends by itself after its validation', () => {
    const script = `const m = require(${JSON.stringify(built)});
      let s = 3; const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
      const X = Array.from({ length: 120 }, () => [r() * 2 - 1, r() * 2 - 1]);
      const y = X.map((x) => (r() < 1 / (1 + Math.exp(-x[0])) ? 1 : 0));
      m.runReplicates('logistic', { y, X }, 1, 10, { threads: 2 }).then((reps) => {
        console.log(JSON.stringify({ replicates: reps.length, kept: m.idleReplicateWorkers() }));
      });`;
    // No process.exit: were a kept worker still referenced, the child would hang until the timeout.
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(JSON.parse(out)).toEqual({ replicates: 10, kept: 1 });
  });
});

afterAll(async () => {
  await modelling?.closeReplicatePool();
});
