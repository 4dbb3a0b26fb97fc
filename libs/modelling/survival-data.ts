import { ModelInputError } from './errors';

/** Right-censored survival data: one entry per subject. `event` is 1 for an event, 0 for censored. */
export interface SurvivalData {
  time: readonly number[];
  event: readonly (0 | 1)[];
  /** Separate baseline hazards (and risk sets) per stratum; covariate effects are shared. */
  strata?: readonly (string | number)[];
}

/** Strata recoded as 0-based integers, with labels in survival's order (numeric if all numeric, else text). */
export interface StrataCodes {
  codes: Int32Array;
  labels: string[];
}

export function checkSurvivalData(data: SurvivalData): number {
  const n = data.time.length;
  if (n === 0) throw new ModelInputError('no observations');
  if (data.event.length !== n) throw new ModelInputError(`time has ${n} values but event has ${data.event.length}`);
  if (data.strata && data.strata.length !== n) {
    throw new ModelInputError(`time has ${n} values but strata has ${data.strata.length}`);
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(data.time[i])) throw new ModelInputError(`time of row ${i + 1} is not a finite number`);
    const e = data.event[i] as number;
    if (e !== 0 && e !== 1) throw new ModelInputError(`event of row ${i + 1} must be 0 or 1`);
    if (data.strata) {
      const s = data.strata[i];
      if (s === null || s === undefined || (typeof s === 'number' && !Number.isFinite(s))) {
        throw new ModelInputError(`stratum of row ${i + 1} is missing`);
      }
    }
  }
  return n;
}

/** Recode strata like R's factor(): levels sorted numerically when every value is a number, else as text. */
export function codeStrata(strata: readonly (string | number)[] | undefined, n: number): StrataCodes {
  if (!strata) return { codes: new Int32Array(n), labels: [''] };
  const unique = [...new Set(strata.map((s) => String(s)))];
  const numeric = strata.every((s) => typeof s === 'number') || unique.every((s) => s.trim() !== '' && Number.isFinite(Number(s)));
  unique.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(unique.map((label, i) => [label, i]));
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = index.get(String(strata[i])) as number;
  return { codes, labels: unique };
}

/** Row indices sorted by stratum, then time ascending (stable, as R's order(strata, time)). */
export function orderByStratumTime(time: readonly number[], strata: Int32Array): Int32Array {
  const n = time.length;
  const times = denseRanks(Float64Array.from(time));
  let strataCount = 0;
  for (let i = 0; i < n; i++) strataCount = Math.max(strataCount, strata[i] + 1);
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) key[i] = strata[i] * times.count + times.rank[i];
  const keyed = sortByKey(key, strataCount * times.count);
  if (keyed) return keyed;
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => strata[a] - strata[b] || time[a] - time[b] || a - b);
  return Int32Array.from(idx);
}

/**
 * Each value's place among the distinct values in ascending order (0-based; -0 and 0 are one value),
 * and how many distinct values there are. Values must not be NaN.
 */
export function denseRanks(of: Float64Array): { rank: Int32Array; count: number } {
  const n = of.length;
  const values = of.slice().sort();
  let count = 0;
  for (let k = 0; k < n; k++) if (count === 0 || values[k] !== values[count - 1]) values[count++] = values[k];
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = of[i];
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (values[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    rank[i] = lo;
  }
  return { rank, count };
}

/**
 * Positions 0..n-1 in ascending order of a whole-number key in [0, bound), ties in position order
 * (a stable sort), by sorting key * n + position as numbers: a native sort of a Float64Array instead
 * of a comparator called n log n times. null when key * n + position could pass 2^53 (exactness).
 */
export function sortByKey(key: Float64Array, bound: number): Int32Array | null {
  const n = key.length;
  if (bound * n >= Number.MAX_SAFE_INTEGER) return null;
  const keyed = new Float64Array(n);
  for (let i = 0; i < n; i++) keyed[i] = key[i] * n + i;
  keyed.sort();
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = keyed[k] % n;
  return order;
}
