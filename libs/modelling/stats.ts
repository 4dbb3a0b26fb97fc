import normal from '@stdlib/stats-base-dists-normal';
import chisquare from '@stdlib/stats-base-dists-chisquare';

/** Standard normal distribution function; `lowerTail = false` gives P(Z > x) without cancellation. */
export function pnorm(x: number, lowerTail = true): number {
  return lowerTail ? normal.cdf(x, 0, 1) : normal.cdf(-x, 0, 1);
}

/** Standard normal quantile. */
export function qnorm(p: number): number {
  return normal.quantile(p, 0, 1);
}

/**
 * Chi-square distribution function. The upper tail for df 1 and 2 is computed in closed form so that
 * tiny p-values keep their precision (as R's pchisq(lower.tail = FALSE) does); other df use 1 - cdf.
 */
export function pchisq(x: number, df: number, lowerTail = true): number {
  if (lowerTail) return chisquare.cdf(x, df);
  if (!(x > 0)) return 1;
  if (df === 1) return 2 * normal.cdf(-Math.sqrt(x), 0, 1);
  if (df === 2) return Math.exp(-x / 2);
  return Math.max(0, 1 - chisquare.cdf(x, df));
}

/** Two-sided p-value of a standard normal statistic. */
export function twoSidedP(z: number): number {
  return 2 * normal.cdf(-Math.abs(z), 0, 1);
}
