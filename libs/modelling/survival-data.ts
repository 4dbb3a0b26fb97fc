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

/**
 * Values' places in ascending order: `rank[i]` orders value i among the others (equal values, equal
 * ranks; gaps allowed), every rank below `count`. denseRanks gives them without gaps.
 */
export interface Ranks {
  rank: ArrayLike<number>;
  count: number;
}

/** Some rows' ranks read off every row's (same order, gaps allowed, same count): a subset or a bootstrap sample, not ranked again. */
export function pickRanks(of: Ranks, rows: readonly number[]): { rank: Int32Array; count: number } {
  const rank = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) rank[k] = of.rank[rows[k]];
  return { rank, count: of.count };
}

/**
 * Row indices sorted by stratum, then time ascending (stable, as R's order(strata, time)). `timeRanks`:
 * the times' ranks when the caller has them (a bootstrap sample's, read off the original rows' ranks),
 * instead of ranking them here.
 */
export function orderByStratumTime(time: readonly number[], strata: Int32Array, timeRanks?: Ranks): Int32Array {
  const n = time.length;
  const times = timeRanks ?? denseRanks(Float64Array.from(time));
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
  return of.length >= RADIX_MIN ? radixRanks(of) : searchRanks(of);
}

/** Below this many values the sort-and-search below is as quick as the radix passes. */
const RADIX_MIN = 64;

/**
 * denseRanks by an LSD radix sort of the values' bit patterns (8 passes of a byte, a pass skipped when
 * every value has the same byte there): a double's bits, with the sign bit flipped for positives and
 * every bit flipped for negatives, order as unsigned integers exactly as the doubles do, so equal keys
 * are equal values (-0 is made 0 first). About four times quicker than sorting and then searching each
 * value (2,000 values: ~40 us against ~170 us); a bootstrap Cox replicate ranks twice.
 */
function radixRanks(of: Float64Array): { rank: Int32Array; count: number } {
  const n = of.length;
  const copy = new Float64Array(n);
  for (let i = 0; i < n; i++) copy[i] = of[i] === 0 ? 0 : of[i];
  const words = new Uint32Array(copy.buffer);
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1];
    const l = words[2 * i];
    const negative = h >>> 31 === 1;
    hi[i] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    lo[i] = negative ? ~l >>> 0 : l;
  }
  let order = new Int32Array(n);
  let spare = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const counts = new Int32Array(257);
  for (let pass = 0; pass < 8; pass++) {
    const key = pass < 4 ? lo : hi;
    const shift = (pass % 4) * 8;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((key[i] >>> shift) & 255) + 1]++;
    let same = false;
    for (let d = 1; d <= 256; d++) if (counts[d] === n) same = true;
    if (same) continue;
    for (let d = 1; d <= 256; d++) counts[d] += counts[d - 1];
    for (let k = 0; k < n; k++) {
      const i = order[k];
      spare[counts[(key[i] >>> shift) & 255]++] = i;
    }
    [order, spare] = [spare, order];
  }
  const rank = new Int32Array(n);
  let count = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (k > 0) {
      const j = order[k - 1];
      if (hi[i] !== hi[j] || lo[i] !== lo[j]) count++;
    }
    rank[i] = count;
  }
  return { rank, count: n > 0 ? count + 1 : 0 };
}

function searchRanks(of: Float64Array): { rank: Int32Array; count: number } {
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
 * (a stable sort): by counting when there are few possible keys, else by sorting key * n + position as
 * numbers, a native sort of a Float64Array instead of a comparator called n log n times. null when
 * key * n + position could pass 2^53 (exactness).
 */
export function sortByKey(key: Float64Array, bound: number): Int32Array | null {
  const n = key.length;
  // Few possible keys (a bootstrap sample's stratum and time ranks): a counting sort, stable as well.
  if (bound <= 4 * n + 1024) {
    const start = new Int32Array(bound + 1);
    for (let i = 0; i < n; i++) start[key[i] + 1]++;
    for (let k = 1; k <= bound; k++) start[k] += start[k - 1];
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[start[key[i]]++] = i;
    return order;
  }
  if (bound * n >= Number.MAX_SAFE_INTEGER) return null;
  const keyed = new Float64Array(n);
  for (let i = 0; i < n; i++) keyed[i] = key[i] * n + i;
  keyed.sort();
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = keyed[k] % n;
  return order;
}
