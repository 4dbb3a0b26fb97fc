// The three functions only, not the distributions' umbrella packages: those load ~850 modules at
// start-up (0.4–0.7 s of a `trial fit` process, measured by bench/modelling.bench.ts's whole-process lines).
// Each is loaded on its first call: the chi-square one alone is 333 modules (0.1 s), and a bootstrap
// worker thread, which computes no p-values, would load all three for nothing before its first replicate.
import type NormalCdf from '@stdlib/stats-base-dists-normal-cdf';
import type NormalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import type ChisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';

let normalCdfFn: typeof NormalCdf | undefined;
let normalQuantileFn: typeof NormalQuantile | undefined;
let chisquareCdfFn: typeof ChisquareCdf | undefined;

// A synchronous lazy load is what these need (they are called from synchronous fitting code), so the
// one place in the libraries that uses require().
/* eslint-disable @typescript-eslint/no-require-imports */
function normalCdf(x: number, mu: number, sigma: number): number {
  normalCdfFn ??= require('@stdlib/stats-base-dists-normal-cdf') as typeof NormalCdf;
  return normalCdfFn(x, mu, sigma);
}

function normalQuantile(p: number, mu: number, sigma: number): number {
  normalQuantileFn ??= require('@stdlib/stats-base-dists-normal-quantile') as typeof NormalQuantile;
  return normalQuantileFn(p, mu, sigma);
}

function chisquareCdf(x: number, k: number): number {
  chisquareCdfFn ??= require('@stdlib/stats-base-dists-chisquare-cdf') as typeof ChisquareCdf;
  return chisquareCdfFn(x, k);
}
/* eslint-enable @typescript-eslint/no-require-imports */

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
