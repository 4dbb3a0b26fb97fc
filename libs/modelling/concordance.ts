/**
 * Harrell's concordance for survival data and its infinitesimal jackknife standard error, counted as
 * survival::concordancefit does (timewt "n"), in O(n log n) with Fenwick trees over the predictor ranks.
 */
import { ModelInputError } from './errors';
import { codeStrata, denseRanks, pickRanks, sortByKey, type Ranks } from './survival-data';

export interface ConcordanceOptions {
  strata?: readonly (string | number)[];
  /**
   * true when a higher predictor means a shorter time, as for a Cox linear predictor
   * (concordance(coxph fit) uses reverse = TRUE).
   */
  reverse?: boolean;
  /** The times' ranks by row, when the caller has them (a bootstrap validation ranks the original times once). */
  timeRanks?: Ranks;
  /**
   * The predictor's ranks by row (gaps allowed, every rank below `count`, which sizes the pair counts'
   * trees), when the caller has them: not ranked again here (a bootstrap replicate ranks its linear
   * predictor once for the test and the training sample).
   */
  predictorRanks?: Ranks;
  /**
   * false: the estimate and pair counts only, `se` NaN (a bootstrap replicate's Dxy): no influence
   * counts, so no second tree of deaths and no per-row look-ups in it.
   */
  se?: boolean;
}

export interface ConcordanceResult {
  estimate: number;
  se: number;
  /** Pair counts in survival's naming (after `reverse` has swapped concordant and discordant). */
  concordant: number;
  discordant: number;
  tiedX: number;
  tiedY: number;
  tiedXY: number;
}

/** Sums over ranks 0..m-1 with O(log m) update and prefix queries. */
class Fenwick {
  private readonly tree: Float64Array;
  private readonly point: Float64Array;
  total = 0;
  constructor(private readonly m: number) {
    this.tree = new Float64Array(m + 1);
    this.point = new Float64Array(m);
  }
  add(rank: number, w: number): void {
    this.point[rank] += w;
    this.total += w;
    for (let i = rank + 1; i <= this.m; i += i & -i) this.tree[i] += w;
  }
  /** Sum over ranks < rank. */
  below(rank: number): number {
    let s = 0;
    for (let i = rank; i > 0; i -= i & -i) s += this.tree[i];
    return s;
  }
  at(rank: number): number {
    return this.point[rank];
  }
}

/**
 * Concordance of `predictor` with right-censored survival: comparable pairs are an event and a subject
 * still at risk later (censored at the same time counts as later); pairs tied on the event time are not
 * comparable, predictor ties count one half.
 */
export function concordance(
  time: readonly number[],
  event: readonly (0 | 1)[],
  predictor: readonly number[],
  options: ConcordanceOptions = {},
): ConcordanceResult {
  const n = time.length;
  if (event.length !== n || predictor.length !== n) {
    throw new ModelInputError('time, event and predictor must have the same length');
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(time[i]) || !Number.isFinite(predictor[i])) {
      throw new ModelInputError(`row ${i + 1} has a missing time or predictor`);
    }
  }
  const { codes, labels } = codeStrata(options.strata, n);
  // Influence counts per subject: pairs it takes part in that are concordant, discordant, tied on x.
  const influence = options.se !== false;
  const infC = new Float64Array(influence ? n : 0);
  const infD = new Float64Array(influence ? n : 0);
  const infT = new Float64Array(influence ? n : 0);
  const count = { c: 0, d: 0, tx: 0, ty: 0, txy: 0 };

  const byStratum: number[][] = labels.map(() => []);
  for (let i = 0; i < n; i++) byStratum[codes[i]].push(i);
  for (const rows of byStratum) {
    if (rows.length > 0)
      countStratum(rows, time, event, predictor, influence ? { infC, infD, infT } : null, count, options.timeRanks, options.predictorRanks);
  }

  const npair = count.c + count.d + count.tx;
  let somer = 0;
  let variance = 0;
  if (npair > 0) {
    somer = (count.c - count.d) / npair;
    for (let i = 0; influence && i < n; i++) {
      const dfbeta = (infC[i] - infD[i]) / npair - (somer / npair) * (infC[i] + infD[i] + infT[i]);
      variance += dfbeta * dfbeta;
    }
    variance /= 4;
  }
  let estimate = (somer + 1) / 2;
  let concordant = count.c;
  let discordant = count.d;
  if (options.reverse) {
    estimate = 1 - estimate;
    [concordant, discordant] = [discordant, concordant];
  }
  return {
    estimate,
    se: influence ? Math.sqrt(variance) : NaN,
    concordant,
    discordant,
    tiedX: count.tx,
    tiedY: count.ty - count.txy,
    tiedXY: count.txy,
  };
}

/**
 * The ranks of `values` at `rows`, by position in `rows`: read off the caller's ranks of every row when
 * given (gaps allowed), or ranked here (denseRanks).
 */
function ranksAt(rows: readonly number[], values: readonly number[], given?: Ranks): { rank: Int32Array; count: number } {
  if (given) return pickRanks(given, rows);
  const of = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) of[k] = values[rows[k]];
  return denseRanks(of);
}

/**
 * Positions 0..m-1 of a stratum's rows as concordance3 walks them: longest time first, censored before
 * events at a time, then by predictor rank, ties by position (a stable sort). As one whole-number key
 * sorted natively (sortByKey) when it is exact, which is several times faster than a comparator sort
 * (each bootstrap replicate of a Cox validation sorts twice); the comparator otherwise, same order.
 */
function walkOrder(
  rows: number[],
  time: readonly number[],
  event: readonly (0 | 1)[],
  rank: Int32Array,
  distinct: number,
  given?: Ranks,
): Int32Array {
  const m = rows.length;
  const { rank: timeRank, count: timeCount } = ranksAt(rows, time, given);
  const key = new Float64Array(m);
  for (let k = 0; k < m; k++) key[k] = ((timeCount - 1 - timeRank[k]) * 2 + (event[rows[k]] === 0 ? 0 : 1)) * distinct + rank[k];
  const keyed = sortByKey(key, timeCount * 2 * distinct);
  if (keyed) return keyed;
  const positions = new Array<number>(m);
  for (let k = 0; k < m; k++) positions[k] = k;
  positions.sort((a, b) => time[rows[b]] - time[rows[a]] || event[rows[a]] - event[rows[b]] || rank[a] - rank[b]);
  return Int32Array.from(positions);
}

/**
 * concordance3 for one stratum: walk from the longest time down, deaths after censorings at a tie.
 * Rows are handled by their position k in `rows` (typed arrays, no maps); the counts are sums of whole
 * numbers, exact in any order.
 */
function countStratum(
  rows: number[],
  time: readonly number[],
  event: readonly (0 | 1)[],
  x: readonly number[],
  /** Per-row influence counts for the standard error; null: pair counts only. */
  inf: { infC: Float64Array; infD: Float64Array; infT: Float64Array } | null,
  count: { c: number; d: number; tx: number; ty: number; txy: number },
  timeRanks?: Ranks,
  predictorRanks?: Ranks,
): void {
  const m = rows.length;
  // A row's rank is its predictor value's place among the distinct values (gaps allowed when given).
  const { rank, count: distinct } = ranksAt(rows, x, predictorRanks);
  const sorted = walkOrder(rows, time, event, rank, distinct, timeRanks);
  const all = new Fenwick(distinct);
  const deaths = new Fenwick(inf ? distinct : 0);
  /** Adds sign x (deaths below, above and at row k's rank) to its concordant, discordant and tied counts. */
  const settle = (k: number, sign: 1 | -1): void => {
    if (!inf) return;
    const lt = deaths.below(rank[k]);
    const eq = deaths.at(rank[k]);
    const gt = deaths.total - lt - eq;
    inf.infC[rows[k]] += sign * lt;
    inf.infD[rows[k]] += sign * gt;
    inf.infT[rows[k]] += sign * eq;
  };
  // Pair counts of this stratum (whole numbers, so adding them to `count` at the end is exact).
  let c = 0;
  let d = 0;
  let tx = 0;
  let ty = 0;
  let txy = 0;

  for (let k = 0; k < m;) {
    const i = sorted[k];
    const ri = rank[i];
    if (event[rows[i]] === 0) {
      settle(i, -1);
      all.add(ri, 1);
      k++;
      continue;
    }
    const t = time[rows[i]];
    let end = k;
    while (end < m && time[rows[sorted[end]]] === t) end++;
    // Pass 1: each death against everyone already known to live longer.
    let tiedOnX = 0;
    for (let j = k; j < end; j++) {
      const dead = sorted[j];
      const rd = rank[dead];
      ty += j - k;
      if (j > k && rank[sorted[j - 1]] === rd) tiedOnX++;
      else tiedOnX = 0;
      txy += tiedOnX;
      const lt = all.below(rd);
      const eq = all.at(rd);
      const gt = all.total - lt - eq;
      c += gt;
      d += lt;
      tx += eq;
      if (inf) {
        inf.infC[rows[dead]] += gt;
        inf.infD[rows[dead]] += lt;
        inf.infT[rows[dead]] += eq;
      }
    }
    if (inf) for (let j = k; j < end; j++) deaths.add(rank[sorted[j]], 1);
    // Pass 2: start each death's "longer survivor" counts from here, then put it at risk for earlier deaths.
    for (let j = k; j < end; j++) {
      settle(sorted[j], -1);
      all.add(rank[sorted[j]], 1);
    }
    k = end;
  }
  count.c += c;
  count.d += d;
  count.tx += tx;
  count.ty += ty;
  count.txy += txy;
  if (inf) for (let k = 0; k < m; k++) settle(k, 1);
}

/** C statistic (area under the ROC curve) of predicted probabilities `p` for a 0/1 outcome `y`; ties count 1/2. */
export function binaryConcordance(y: readonly (0 | 1)[], p: readonly number[]): number {
  if (y.length !== p.length) throw new ModelInputError('y and p must have the same length');
  const idx = Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[a] - p[b]);
  let positives = 0;
  let rankSum = 0;
  for (let k = 0; k < idx.length;) {
    let end = k;
    while (end < idx.length && p[idx[end]] === p[idx[k]]) end++;
    const midRank = (k + 1 + end) / 2;
    for (let j = k; j < end; j++) {
      if (y[idx[j]] === 1) {
        positives++;
        rankSum += midRank;
      }
    }
    k = end;
  }
  const negatives = y.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new ModelInputError('the C statistic needs at least one positive and one negative outcome');
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
