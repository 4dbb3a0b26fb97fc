/**
 * Our side of bench/modelling.bench.ts's whole-process lines, the counterpart of bench/reference/modelling.R:
 * one `node` process that reads the CSV the way `trial fit` does (readFileSync, then libs/modelling's
 * readModelCsv, which fitModel calls for CSV input) and fits. The bench times this process from spawn to
 * exit; the process prints, one per line,
 *   startup <s>       from process start to the first line of main (Node start-up and module loading)
 *   read <s>          readFileSync + readModelCsv
 *   seconds <s>       the fit (or the bootstrap validation) alone, after the CSV is read
 *   coef <b1>,...     coefficients (Cox: slopes; logistic: intercept first), as R's script prints them
 *   dxy <d>           validate tasks: the optimism-corrected Dxy
 * Usage: node dist/bench/fit-process.js <csv> coxph|glm|validate-lrm|validate-cph [B] [threads]
 *   threads (validate tasks): threads for the replicates, this one included; default as the CLI's (one per core, at most 8).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  apparentIndexes,
  fitCox,
  fitLogistic,
  readModelCsv,
  runReplicates,
  summariseValidation,
  type ValidationDataMap,
  type ValidationKind,
} from '@trialdata/modelling';

/** What the bench's in-process bootstrap line times: apparent indexes, B replicates (on the pool), the summary. */
async function validation<K extends ValidationKind>(kind: K, data: ValidationDataMap[K], B: number, threads?: number): Promise<number> {
  const apparent = apparentIndexes(kind, data);
  const replicates = await runReplicates(kind, data, 2026, B, threads === undefined ? {} : { threads });
  return summariseValidation(kind, apparent, replicates, 2026).indexes.find((ix) => ix.name === 'Dxy')!.corrected;
}

async function main(): Promise<void> {
  const startup = performance.now() / 1000;
  const [csv, task, b, t] = process.argv.slice(2);
  if (!csv || !['coxph', 'glm', 'validate-lrm', 'validate-cph'].includes(task))
    throw new Error('usage: node fit-process.js <csv> coxph|glm|validate-lrm|validate-cph [B] [threads]');
  const t0 = performance.now();
  const text = readFileSync(csv);
  const header = String(text.subarray(0, text.indexOf('\n')))
    .trim()
    .split(',');
  const xs = header.filter((h) => /^x\d+$/.test(h));
  const survival = task === 'coxph' || task === 'validate-cph';
  const response = survival ? ['time', 'status'] : ['y'];
  const data = readModelCsv(text, [...response, ...xs]);
  const X = Array.from({ length: data.n }, (_, i) => xs.map((x) => data.columns[x][i]));
  const time = data.columns.time;
  const event = data.columns.status as (0 | 1)[];
  const y = data.columns.y;
  const t1 = performance.now();
  const lines: string[] = [];
  if (task === 'coxph') {
    const fit = fitCox({ time, event, X, names: xs, ties: 'efron' });
    lines.push(`coef ${fit.coefficients.map((c) => c.estimate).join(',')}`);
  } else if (task === 'glm') {
    const fit = fitLogistic({ y, X, names: xs });
    lines.push(`coef ${fit.coefficients.map((c) => c.estimate).join(',')}`);
  } else {
    const B = Number(b ?? 200);
    const threads = t === undefined ? undefined : Number(t);
    const dxy = survival
      ? await validation('cox', { time, event, X, ties: 'efron' }, B, threads)
      : await validation('logistic', { y, X }, B, threads);
    lines.push(`dxy ${dxy}`);
  }
  const t2 = performance.now();
  console.log([`startup ${startup}`, `read ${(t1 - t0) / 1000}`, `seconds ${(t2 - t1) / 1000}`, ...lines].join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
