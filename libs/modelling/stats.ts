// The three functions only, not the distributions' umbrella packages: those load ~850 modules at
// start-up (0.4–0.7 s of a `trial fit` process, measured by bench/modelling.bench.ts's whole-process lines).
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';

/** Standard normal distribution function; `lowerTail = false` gives P(Z > x) without cancellation. */
export function pnorm(x: number, lowerTail = true): number {
  return lowerTail ? normalCdf(x, 0, 1) : normalCdf(-x, 0, 1);
}

/** Standard normal quantile. */
export function qnorm(p: number): number {
  return normalQuantile(p, 0, 1);
}

/**
 * Chi-square distribution function. The upper tail for df 1 and 2 is computed in closed form so that
 * tiny p-values keep their precision (as R's pchisq(lower.tail = FALSE) does); other df use 1 - cdf.
 */
export function pchisq(x: number, df: number, lowerTail = true): number {
  if (lowerTail) return chisquareCdf(x, df);
  if (!(x > 0)) return 1;
  if (df === 1) return 2 * normalCdf(-Math.sqrt(x), 0, 1);
  if (df === 2) return Math.exp(-x / 2);
  return Math.max(0, 1 - chisquareCdf(x, df));
}

/** Two-sided p-value of a standard normal statistic. */
export function twoSidedP(z: number): number {
  return 2 * normalCdf(-Math.abs(z), 0, 1);
}
