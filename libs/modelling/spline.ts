import { ModelInputError } from './errors';

/**
 * Restricted cubic splines as rms's rcs() makes them: knots by Hmisc::rcspline.eval's default
 * algorithm (quantiles .05/.35/.65/.95 and friends; outer knots at the 5th smallest and largest value
 * below 100 observations; a heavily tied end value becomes its own knot), and the basis with norm = 2
 * (terms divided by the squared span of the outer knots, so they stay in the units of x).
 */

/** R's quantile(x, p, type = 7) on a sorted vector, with R's arithmetic. */
export function quantile7(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  const index = 1 + Math.max(n - 1, 0) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const qs = sorted[lo - 1];
  if (!(index > lo && sorted[hi - 1] !== qs)) return qs;
  const h = index - lo;
  return (1 - h) * qs + h * sorted[hi - 1];
}

function seq(from: number, to: number, length: number): number[] {
  // R's seq(from, to, length.out = n): from + i * by, and exactly `to` at the end.
  if (length === 1) return [from];
  const by = (to - from) / (length - 1);
  return Array.from({ length }, (_, i) => (i === length - 1 ? to : from + i * by));
}

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  const m = n >> 1;
  return n % 2 === 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

/** Hmisc::rcspline.eval(x, nk = nk) knots (fractied = 0.05), warnings as text. */
export function rcsKnots(x: readonly number[], nk: number, name = 'x'): { knots: number[]; warnings: string[] } {
  const warnings: string[] = [];
  let xx = x.filter((v) => Number.isFinite(v));
  const n = xx.length;
  if (n < 6) throw new ModelInputError(`rcs(${name}): knots need at least 6 non-missing values (${n} found)`);
  const xu = [...new Set(xx)].sort((a, b) => a - b);
  const nxu = xu.length;
  let knots: number[];
  if (nxu - 2 <= nk) {
    warnings.push(`rcs(${name}): ${nk} knots requested with ${nxu} unique values of ${name}; knots set to the ${nxu - 2} interior values`);
    knots = xu.slice(1, -1);
  } else {
    let outer = nk > 3 ? 0.05 : 0.1;
    if (nk > 6) outer = 0.025;
    let nke = nk;
    let firstknot: number[] = [];
    let lastknot: number[] = [];
    let overrideFirst = false;
    let overrideLast = false;
    // table(xx) / n: the share of each distinct value, in sorted order.
    const counts = new Map<number, number>();
    for (const v of xx) counts.set(v, (counts.get(v) ?? 0) + 1);
    const f = xu.map((v) => (counts.get(v) as number) / n);
    const fractied = 0.05;
    if (Math.max(...f.slice(1, -1)) < fractied) {
      if (f[0] >= fractied) {
        const min = xu[0];
        const first = Math.min(...xx.filter((v) => v > min));
        firstknot = [first];
        xx = xx.filter((v) => v > first);
        nke--;
        overrideFirst = true;
      }
      if (f[f.length - 1] >= fractied) {
        const max = Math.max(...xx);
        const last = Math.max(...xx.filter((v) => v < max));
        lastknot = [last];
        xx = xx.filter((v) => v < last);
        nke--;
        overrideLast = true;
      }
    }
    const sorted = [...xx].sort((a, b) => a - b);
    if (nke === 1) knots = [median(sorted)];
    else if (nxu <= nke) knots = xu.slice();
    else {
      const p = nke === 2 ? seq(0.5, 1 - outer, nke) : seq(outer, 1 - outer, nke);
      knots = p.map((q) => quantile7(sorted, q));
      if (new Set(knots).size < Math.min(nke, 3)) {
        knots = seq(outer, 1 - outer, 2 * nke).map((q) => quantile7(sorted, q));
        if (firstknot.length && new Set(knots).size < 3) {
          const midval = firstknot.length && lastknot.length ? (firstknot[0] + lastknot[0]) / 2 : median(sorted);
          knots = [firstknot[0], midval, lastknot.length ? lastknot[0] : quantile7(sorted, 1 - outer)].sort((a, b) => a - b);
        }
        const nu = new Set(knots).size;
        if (nu < 3) throw new ModelInputError(`rcs(${name}): fewer than 3 distinct knots could be placed; use fewer knots or a factor`);
        warnings.push(
          `rcs(${name}): could not obtain ${nke} interior knots with the default algorithm; used an alternate one giving ${nu} knots`,
        );
      }
      if (sorted.length < 100) {
        if (!overrideFirst) knots[0] = sorted[4];
        if (!overrideLast) knots[nke - 1] = sorted[sorted.length - 5];
      }
    }
    knots = [...firstknot, ...knots, ...lastknot];
  }
  knots = [...new Set(knots)].sort((a, b) => a - b);
  if (knots.length < 3) throw new ModelInputError(`rcs(${name}): fewer than 3 distinct knots; use fewer knots or a factor`);
  if (knots.length < nk) warnings.push(`rcs(${name}): ${knots.length} distinct knots instead of ${nk} (tied values)`);
  return { knots, warnings };
}

/** The nonlinear basis terms of rcspline.eval(x, knots, norm = 2) for one value (x itself excluded). */
export function rcsBasis(x: number, knots: readonly number[]): number[] {
  const nk = knots.length;
  const knot1 = knots[0];
  const knotnk = knots[nk - 1];
  const knotnk1 = knots[nk - 2];
  const kd = Math.pow(knotnk - knot1, 2 / 3);
  const cube = (v: number) => {
    const p = Math.max(v / kd, 0);
    return p * p * p;
  };
  const out = new Array<number>(nk - 2);
  for (let j = 0; j < nk - 2; j++) {
    out[j] = cube(x - knots[j]) + ((knotnk1 - knots[j]) * cube(x - knotnk) - (knotnk - knots[j]) * cube(x - knotnk1)) / (knotnk - knotnk1);
  }
  return out;
}
