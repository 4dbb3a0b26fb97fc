/** Typed access to the JSON written by make-reference.R (R survival), for the specs. */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

export interface CoxReference {
  name: string;
  formula: string;
  ties: 'efron' | 'breslow';
  survivalVersion: string;
  droppedIncomplete: number;
  n: number;
  nevent: number;
  data: { time: number[]; event: (0 | 1)[]; names: string[]; X: number[][]; strata: string[] | null };
  coefficients: Record<'estimate' | 'se' | 'z' | 'p' | 'lower' | 'upper' | 'ratio' | 'ratioLower' | 'ratioUpper', number[]> & {
    names: string[];
  };
  var: number[][];
  means: number[];
  linearPredictors: number[];
  logLik: { null: number; model: number };
  tests: Record<'lr' | 'wald' | 'score', { statistic: number; df: number; p: number }>;
  iterations: number;
  concordance: { estimate: number; se: number; count: Record<string, number> };
  phTest: { terms: { term: string; chisq: number; df: number; p: number }[]; global: { chisq: number; df: number; p: number } };
  baselineTimes: number[];
  baselineAt: { stratum: string | null; time: number[]; surv: number[] }[];
  baselineCurve: { stratum: string | null; time: number[]; surv: number[]; cumhaz: number[] }[];
}

export interface KmReference {
  name: string;
  data: { time: number[]; event: (0 | 1)[] };
  steps: Record<'time' | 'nRisk' | 'nEvent' | 'nCensor' | 'survival' | 'stdErr' | 'lower' | 'upper', (number | null)[]>;
  median: { estimate: number | null; lower: number | null; upper: number | null };
}

export interface DegenerateReference {
  collinear: { names: string[]; estimate: (number | null)[]; se: number[]; logLik: number[]; iterations: number };
  monotone: { names: string[]; estimate: number[]; logLik: number[]; iterations: number; warning: string };
}

const dir = __dirname;

function read<T>(file: string): T {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
}

export function coxReferences(): CoxReference[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('-km.json') && f !== 'degenerate.json')
    .sort()
    .map((f) => read<CoxReference>(f));
}

export function kmReferences(): KmReference[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('-km.json'))
    .sort()
    .map((f) => read<KmReference>(f));
}

export function degenerateReference(): DegenerateReference {
  return read<DegenerateReference>('degenerate.json');
}

/** Throws with both numbers when |actual - expected| exceeds tol relative to |expected| (absolute near 0). */
export function expectClose(actual: number | null | undefined, expected: number | null, tol: number, what = ''): void {
  if (expected === null || actual === null || actual === undefined) {
    if (actual !== expected) throw new Error(`${what}: expected ${String(expected)}, got ${String(actual)}`);
    return;
  }
  const scale = Math.max(Math.abs(expected), 1e-8);
  const err = Math.abs(actual - expected) / scale;
  if (!(err <= tol)) throw new Error(`${what}: expected ${expected}, got ${actual} (relative error ${err} > ${tol})`);
}
