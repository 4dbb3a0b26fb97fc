import { fitCox, type CoxFit, type CoxTies, cumhazAt } from './cox';
import { ModelInputError } from './errors';
import { kaplanMeier } from './km';
import { concordanceIndex, independentColumns, irlsLogistic, withIntercept } from './logistic';
import { bootstrapIndices, createRng } from './rng';
import { pnorm } from './stats';

/**
 * Calibration of predicted risks as TRIPOD reports it, in rms's terms:
 * - calibration-in-the-large and calibration slope (logistic recalibration) and rms::val.prob's
 *   Eavg/E90/Emax from the smoothed calibration curve lowess(p, y, iter = 0) (`valProb`);
 * - rms::calibrate's bootstrap overfitting-corrected calibration curve for a logistic model
 *   (`calibrateLogistic`, lowess at val.prob's grid) and for a Cox model at a horizon u with
 *   cmethod = "KM" (`calibrateCox`: Kaplan-Meier at u in groups of about m patients).
 * Bootstrap resamples come from rng.ts (one stream per replicate) unless given: with R's own
 * resamples (`samples`) the corrected curves equal rms's to rounding.
 */

export interface CalibrationSummary {
  /** Intercept of glm(y ~ offset(lp)): 0 when the mean predicted risk equals the event rate. */
  interceptInTheLarge: number;
  /** Slope of glm(y ~ lp): 1 when predictions are neither too extreme nor too modest. */
  slope: number;
  /** Intercept accompanying the slope in glm(y ~ lp). */
  slopeIntercept: number;
}

export interface CalibrationPoint {
  predicted: number;
  observed: number;
}

export function calibrationInTheLarge(lp: number[], y: number[]): number {
  const fit = irlsLogistic(
    y,
    lp.map(() => [1]),
    { offset: lp },
  );
  return fit.beta[0];
}

export function calibrationSlope(lp: number[], y: number[]): { intercept: number; slope: number } {
  const fit = irlsLogistic(
    y,
    lp.map((v) => [1, v]),
  );
  return { intercept: fit.beta[0], slope: fit.beta[1] };
}

export function calibrationSummary(lp: number[], y: number[]): CalibrationSummary {
  const { intercept, slope } = calibrationSlope(lp, y);
  return { interceptInTheLarge: calibrationInTheLarge(lp, y), slope, slopeIntercept: intercept };
}

/** R's lowess() (Cleveland's clowess). Returns x sorted ascending and the smoothed y. */
export function lowess(
  xIn: number[],
  yIn: number[],
  options: { f?: number; iter?: number; delta?: number } = {},
): { x: number[]; y: number[] } {
  const n = xIn.length;
  const order = xIn.map((_, i) => i).sort((a, b) => xIn[a] - xIn[b] || a - b);
  const x = order.map((i) => xIn[i]);
  const y = order.map((i) => yIn[i]);
  if (n < 2) return { x, y: y.slice() };
  const f = options.f ?? 2 / 3;
  const nsteps = options.iter ?? 3;
  const delta = options.delta ?? 0.01 * (x[n - 1] - x[0]);
  const ns = Math.max(2, Math.min(n, Math.trunc(f * n + 1e-7)));
  const ys = new Array<number>(n).fill(0);
  const rw = new Array<number>(n).fill(1);
  const res = new Array<number>(n).fill(0);
  const w = new Array<number>(n).fill(0);

  // 0-based port of clowess/lowest from R's src/library/stats/src/lowess.c
  const lowest = (xs: number, nleft: number, nright: number, userw: boolean): number | null => {
    const range = x[n - 1] - x[0];
    const h = Math.max(xs - x[nleft], x[nright] - xs);
    const h9 = 0.999 * h;
    const h1 = 0.001 * h;
    let a = 0;
    let j = nleft;
    while (j < n) {
      w[j] = 0;
      const r = Math.abs(x[j] - xs);
      if (r <= h9) {
        if (r <= h1) w[j] = 1;
        else {
          const q = r / h;
          const c = 1 - q * q * q;
          w[j] = c * c * c;
        }
        if (userw) w[j] *= rw[j];
        a += w[j];
      } else if (x[j] > xs) break;
      j++;
    }
    const nrt = j - 1;
    if (a <= 0) return null;
    for (j = nleft; j <= nrt; j++) w[j] /= a;
    if (h > 0) {
      a = 0;
      for (j = nleft; j <= nrt; j++) a += w[j] * x[j];
      let b = xs - a;
      let c = 0;
      for (j = nleft; j <= nrt; j++) c += w[j] * (x[j] - a) * (x[j] - a);
      if (Math.sqrt(c) > 0.001 * range) {
        b /= c;
        for (j = nleft; j <= nrt; j++) w[j] *= b * (x[j] - a) + 1;
      }
    }
    let out = 0;
    for (j = nleft; j <= nrt; j++) out += w[j] * y[j];
    return out;
  };

  for (let iter = 1; iter <= nsteps + 1; iter++) {
    let nleft = 0;
    let nright = ns - 1;
    let last = -1;
    let i = 0;
    for (;;) {
      if (nright < n - 1) {
        const d1 = x[i] - x[nleft];
        const d2 = x[nright + 1] - x[i];
        if (d1 > d2) {
          nleft++;
          nright++;
          continue;
        }
      }
      const fitted = lowest(x[i], nleft, nright, iter > 1);
      ys[i] = fitted ?? y[i];
      if (last < i - 1) {
        const denom = x[i] - x[last];
        for (let j = last + 1; j < i; j++) {
          const alpha = (x[j] - x[last]) / denom;
          ys[j] = alpha * ys[i] + (1 - alpha) * ys[last];
        }
      }
      last = i;
      const cut = x[last] + delta;
      for (i = last + 1; i < n; i++) {
        if (x[i] > cut) break;
        if (x[i] === x[last]) {
          ys[i] = ys[last];
          last = i;
        }
      }
      i = Math.max(last + 1, i - 1);
      if (last >= n - 1) break;
    }
    if (iter > nsteps) break;
    // robustness weights (only used when iter > 0)
    for (let k = 0; k < n; k++) res[k] = y[k] - ys[k];
    const sc = res.reduce((s, r) => s + Math.abs(r), 0) / n;
    const absRes = res.map(Math.abs).sort((p, q) => p - q);
    const m1 = Math.floor(n / 2);
    let cmad: number;
    if (n % 2 === 0) cmad = 3 * (absRes[m1 - 1] + absRes[m1]);
    else cmad = 6 * absRes[m1];
    if (cmad < 1e-7 * sc) break;
    const c9 = 0.999 * cmad;
    const c1 = 0.001 * cmad;
    for (let k = 0; k < n; k++) {
      const r = Math.abs(res[k]);
      if (r <= c1) rw[k] = 1;
      else if (r <= c9) rw[k] = (1 - (r / cmad) ** 2) ** 2;
      else rw[k] = 0;
    }
  }
  return { x, y: ys };
}

/**
 * Smoothed calibration curve: lowess of the outcome on the predicted probability with no robustness
 * iterations, as rms uses it. One point per distinct predicted probability, for plotting.
 */
export function calibrationCurve(predicted: number[], y: number[]): CalibrationPoint[] {
  const smooth = lowess(predicted, y, { iter: 0 });
  const points: CalibrationPoint[] = [];
  smooth.x.forEach((p, i) => {
    if (i > 0 && p === smooth.x[i - 1]) return;
    points.push({ predicted: p, observed: smooth.y[i] });
  });
  return points;
}

// ------------------------------------------------------------------ R helpers

/** R's approx(x, y, xout, rule = 1) after regularize.values: NA (null) outside the range of x. */
export function approx(
  xIn: readonly number[],
  yIn: readonly number[],
  xout: readonly number[],
  ties: 'first' | 'mean' = 'mean',
): (number | null)[] {
  const order = xIn.map((_, i) => i).sort((a, b) => xIn[a] - xIn[b] || a - b);
  const x: number[] = [];
  const y: number[] = [];
  for (let k = 0; k < order.length;) {
    let end = k;
    let sum = 0;
    while (end < order.length && xIn[order[end]] === xIn[order[k]]) sum += yIn[order[end++]];
    x.push(xIn[order[k]]);
    y.push(ties === 'first' ? yIn[order[k]] : sum / (end - k));
    k = end;
  }
  const n = x.length;
  return xout.map((v) => {
    if (n === 0 || !(v >= x[0] && v <= x[n - 1])) return null;
    if (n === 1) return y[0];
    let i = 0;
    let j = n - 1;
    while (i < j - 1) {
      const ij = (i + j) >> 1;
      if (v < x[ij]) j = ij;
      else i = ij;
    }
    if (v === x[j]) return y[j];
    if (v === x[i]) return y[i];
    return y[i] + (y[j] - y[i]) * ((v - x[i]) / (x[j] - x[i]));
  });
}

/** R's quantile(x, probs, type = 7). */
export function quantile7(xIn: readonly number[], probs: readonly number[]): number[] {
  const x = [...xIn].sort((a, b) => a - b);
  const n = x.length;
  return probs.map((p) => {
    const index = 1 + Math.max(n - 1, 0) * p;
    const lo = Math.floor(index);
    const hi = Math.ceil(index);
    const qs = x[lo - 1];
    if (index > lo && x[hi - 1] !== qs) {
      const h = index - lo;
      return (1 - h) * qs + h * x[hi - 1];
    }
    return qs;
  });
}

/** R's seq(from, to, length.out = length). */
export function seqLength(from: number, to: number, length: number): number[] {
  if (length <= 2) return [from, to].slice(0, length);
  if (from === to) return new Array<number>(length).fill(from);
  const n1 = length - 1;
  const by = (to - from) / n1;
  return [from, ...Array.from({ length: n1 - 1 }, (_, k) => from + (k + 1) * by), to];
}

// ------------------------------------------------------------------ rms::val.prob

/** rms::val.prob's indexes (plus CITL), in TRIPOD's and rms's terms. */
export interface ValProb {
  n: number;
  /** Calibration-in-the-large: intercept of glm(y ~ offset(logit(p))). 0 = mean risk equals event rate. */
  citl: number;
  /** val.prob `Intercept` and `Slope`: glm(y ~ logit(p)) (logistic recalibration). */
  intercept: number;
  slope: number;
  /** val.prob `Eavg`, `E90`, `Emax`: mean, 90th centile and maximum of |p - lowess(p, y, iter = 0) at p|. */
  eavg: number;
  e90: number;
  emax: number;
  /** val.prob `Brier`: mean (p - y)^2. */
  brier: number;
  /** val.prob `C (ROC)` and `Dxy`. */
  c: number;
  dxy: number;
  /** val.prob `S:z`, `S:p`: Spiegelhalter's z test of calibration. */
  spiegelhalter: { z: number; p: number };
}

/** rms::val.prob(p, y) for predicted probabilities p and a 0/1 outcome y. */
export function valProb(p: readonly number[], y: readonly number[]): ValProb {
  const n = y.length;
  if (p.length !== n) throw new ModelInputError('predictions and outcomes differ in length');
  if (n < 2) throw new ModelInputError('calibration needs at least two observations');
  if (!y.some((v) => v === 1) || !y.some((v) => v === 0)) throw new ModelInputError('calibration needs both outcomes (0 and 1)');
  const logit = p.map((v) => Math.log(v / (1 - v)));
  const finite = logit.map((_, i) => i).filter((i) => Number.isFinite(logit[i]));
  const ly = finite.map((i) => y[i]);
  const lx = finite.map((i) => logit[i]);
  const precise = { epsilon: 1e-14, maxIter: 100 };
  const citl = irlsLogistic(
    ly,
    lx.map(() => [1]),
    { offset: lx, ...precise },
  ).beta[0];
  const recal = irlsLogistic(
    ly,
    lx.map((v) => [1, v]),
    precise,
  ).beta;
  const smooth = lowess([...p], [...y], { iter: 0 });
  const cal = approx(smooth.x, smooth.y, p, 'mean');
  const err = p.map((v, i) => Math.abs(v - (cal[i] as number)));
  const { C } = concordanceIndex(lx, ly);
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (y[i] - p[i]) * (1 - 2 * p[i]);
    den += (1 - 2 * p[i]) * (1 - 2 * p[i]) * p[i] * (1 - p[i]);
  }
  const z = num / Math.sqrt(den);
  return {
    n,
    citl,
    intercept: recal[0],
    slope: recal[1],
    eavg: err.reduce((s, e) => s + e, 0) / n,
    e90: quantile7(err, [0.9])[0],
    emax: err.reduce((a, b) => Math.max(a, b), 0),
    brier: p.reduce((s, v, i) => s + (v - y[i]) ** 2, 0) / n,
    c: C,
    dxy: 2 * C - 1,
    spiegelhalter: { z, p: 2 * pnorm(-Math.abs(z)) },
  };
}

// ------------------------------------------------------------------ rms::calibrate (bootstrap)

export interface CalibrateOptions {
  /** Bootstrap replicates; 0 gives the apparent curve only (optimism and corrected null). */
  B: number;
  seed: number;
  /** 0-based bootstrap samples to use instead of drawing them (R's, for agreement tests). */
  samples?: readonly (readonly number[])[];
  onProgress?: (done: number, total: number) => void;
}

/** One point of a bootstrap calibration curve (rms::calibrate's columns). */
export interface CalibrateRow {
  /** logistic: predy (the grid of predicted probabilities); Cox: mean predicted survival at u in the group. */
  predicted: number;
  /** logistic: calibrated.orig (lowess of y on p at predy); Cox: the group's Kaplan-Meier survival at u. */
  apparent: number | null;
  /** logistic: calibrated.corrected; Cox: KM.corrected. Both = apparent - optimism. */
  corrected: number | null;
  /** Mean (training - test) over the replicates in which this point could be evaluated. */
  optimism: number | null;
  training: number | null;
  test: number | null;
  /** Replicates that contributed (calibrate's `n`). */
  n: number;
}

export interface LogisticCalibrate {
  method: 'boot';
  B: number;
  seed: number;
  /** Replicates whose refit failed (separation, singular) and were left out, as rms does. */
  failed: number;
  rows: CalibrateRow[];
}

export interface CoxCalibrateGroup extends CalibrateRow {
  /** calibrate's index.orig: KM - mean predicted. */
  error: number | null;
  /** Patients and events in the group; Greenwood standard error of -log KM at u (calibrate's std.err). */
  size: number;
  events: number;
  stdErr: number | null;
}

export interface CoxCalibrate {
  method: 'boot';
  cmethod: 'KM';
  u: number;
  m: number;
  B: number;
  seed: number;
  failed: number;
  /** The cut points on predicted survival at u that define the groups (kept fixed over replicates). */
  cuts: number[];
  groups: CoxCalibrateGroup[];
}

function samplesFor(n: number, options: CalibrateOptions): number[][] {
  const { B, seed, samples } = options;
  if (!Number.isInteger(B) || B < 0) throw new ModelInputError(`the number of bootstrap replicates must be a whole number (got ${B})`);
  if (samples) {
    if (samples.length !== B) throw new ModelInputError(`expected ${B} bootstrap samples, got ${samples.length}`);
    return samples.map((s) => [...s]);
  }
  return Array.from({ length: B }, (_, b) => bootstrapIndices(n, createRng(seed, b)));
}

function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

async function runYielding<T>(steps: Generator<void, T>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** predab.resample's accumulation: per point, mean training and test over replicates where both exist. */
function accumulate(
  apparent: (number | null)[],
  replicates: { train: (number | null)[]; test: (number | null)[] }[],
): { training: number | null; test: number | null; optimism: number | null; n: number }[] {
  return apparent.map((_, k) => {
    let train = 0;
    let test = 0;
    let n = 0;
    for (const r of replicates) {
      const a = r.train[k];
      const b = r.test[k];
      if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b)) continue;
      train += a;
      test += b;
      n++;
    }
    if (n === 0) return { training: null, test: null, optimism: null, n };
    return { training: train / n, test: test / n, optimism: train / n - test / n, n };
  });
}

/** lrm.fit for calibrate: ML, failing on a singular design, non-convergence or a boundary fit. */
function fitLogisticBeta(y: number[], X: number[][]): number[] | null {
  try {
    if (y.every((v) => v === y[0])) return null;
    const design = withIntercept(X);
    if (independentColumns(design).length < design[0].length) return null;
    const fit = irlsLogistic(y, design, { epsilon: 1e-14, maxIter: 100 });
    if (!fit.converged || fit.boundaryFitted || !fit.beta.every(Number.isFinite)) return null;
    return fit.beta;
  } catch {
    return null;
  }
}

function logisticLp(X: readonly (readonly number[])[], beta: readonly number[]): number[] {
  return X.map((row) => row.reduce((s, v, j) => s + v * beta[j + 1], beta[0]));
}

/** calibrate.default's cal.error: lowess(plogis(lp), y, iter = 0) at predy, minus predy. */
function calError(lp: number[], y: number[], predy: number[]): (number | null)[] {
  const p = lp.map((v) => 1 / (1 + Math.exp(-v)));
  const smooth = lowess(p, y, { iter: 0 });
  return approx(smooth.x, smooth.y, predy, 'first').map((c, k) => (c === null ? null : c - predy[k]));
}

/**
 * rms::calibrate(lrm(y ~ X, x = TRUE, y = TRUE), method = "boot", B): the apparent lowess calibration
 * curve at predy = seq(p[5], p[n - 4], length = 50) of the sorted predictions, and the same curve
 * corrected for overfitting by the bootstrap (each sample refitted, its curve on the sample minus its
 * curve on the original data).
 */
export function calibrateLogistic(data: { y: number[]; X: number[][] }, options: CalibrateOptions): LogisticCalibrate {
  return runToEnd(logisticSteps(data, options));
}

/** calibrateLogistic that yields to the event loop between replicates (for a job that must keep its lock). */
export function calibrateLogisticAsync(data: { y: number[]; X: number[][] }, options: CalibrateOptions): Promise<LogisticCalibrate> {
  return runYielding(logisticSteps(data, options));
}

function* logisticSteps(data: { y: number[]; X: number[][] }, options: CalibrateOptions): Generator<void, LogisticCalibrate> {
  const { y, X } = data;
  const n = y.length;
  if (n < 11) throw new ModelInputError('a calibration curve needs more than 10 observations');
  const beta = fitLogisticBeta(y, X);
  if (!beta) throw new ModelInputError('the logistic model could not be fitted to the full data, so its calibration cannot be validated');
  const lp = logisticLp(X, beta);
  const sorted = lp.map((v) => 1 / (1 + Math.exp(-v))).sort((a, b) => a - b);
  const predy = seqLength(sorted[4], sorted[n - 5], 50);
  const orig = calError(lp, y, predy);
  const samples = samplesFor(n, options);
  const replicates: { train: (number | null)[]; test: (number | null)[] }[] = [];
  let failed = 0;
  for (const [b, sample] of samples.entries()) {
    const ys = sample.map((i) => y[i]);
    const bootBeta = fitLogisticBeta(
      ys,
      sample.map((i) => X[i]),
    );
    if (!bootBeta) failed++;
    else {
      const lpAll = logisticLp(X, bootBeta);
      replicates.push({
        train: calError(
          sample.map((i) => lpAll[i]),
          ys,
          predy,
        ),
        test: calError(lpAll, y, predy),
      });
    }
    options.onProgress?.(b + 1, samples.length);
    yield;
  }
  const acc = accumulate(orig, replicates);
  return {
    method: 'boot',
    B: options.B,
    seed: options.seed,
    failed,
    rows: predy.map((p, k) => {
      const apparent = orig[k] === null ? null : (orig[k] as number) + p;
      const { optimism } = acc[k];
      return {
        predicted: p,
        apparent,
        corrected: apparent === null || optimism === null ? null : apparent - optimism,
        optimism,
        training: acc[k].training,
        test: acc[k].test,
        n: acc[k].n,
      };
    }),
  };
}

export interface CoxCalibrationData {
  time: number[];
  event: (0 | 1)[];
  X: number[][];
  strata?: string[];
  ties?: CoxTies;
}

/**
 * Predicted survival at u for each row, as calibrate.cph takes it from cph's surv.summary: the
 * baseline survival of the row's stratum at the last time <= u + 1e-6, to the power exp(lp).
 * Null when u is beyond the stratum's follow-up (cph's surv.summary has no row for u then).
 */
function survivalAt(fit: CoxFit, X: readonly (readonly number[])[], strata: readonly string[] | undefined, u: number): number[] | null {
  const out: number[] = [];
  for (let i = 0; i < X.length; i++) {
    const curve = fit.strata ? fit.baseline.find((c) => c.stratum === strata?.[i]) : fit.baseline[0];
    if (!curve || curve.time.length === 0 || curve.time[curve.time.length - 1] < u) return null;
    let eta = 0;
    for (let j = 0; j < fit.beta.length; j++) eta += fit.beta[j] * (X[i][j] - fit.means[j]);
    out.push(Math.exp(-cumhazAt(curve, u + 1e-6) * Math.exp(eta)));
  }
  return out;
}

interface GroupKm {
  x: (number | null)[];
  n: number[];
  events: number[];
  km: (number | null)[];
  stdErr: (number | null)[];
}

/** rms::groupkm(x, Surv(time, event), u, cuts): Kaplan-Meier at u within Hmisc::cut2(x, cuts) groups. */
export function groupKm(
  xIn: readonly number[],
  time: readonly number[],
  event: readonly (0 | 1)[],
  u: number,
  cutsIn: readonly number[],
): GroupKm {
  const x = xIn.map((v) => (Math.abs(v) < 1e-10 ? 0 : v));
  // Hmisc::cut2(x, cuts) with minmax: intervals (k2[i], k2[i+1]] where k2 = cuts - min.dif except the last.
  let cuts = [...cutsIn];
  const xMin = x.reduce((a, b) => Math.min(a, b), Infinity);
  const xMax = x.reduce((a, b) => Math.max(a, b), -Infinity);
  if (xMin < cuts[0]) cuts = [xMin, ...cuts];
  if (xMax > Math.max(...cuts)) cuts = [...cuts, xMax];
  const unique = [...new Set([...x, ...cuts])].sort((a, b) => a - b);
  let minDif = Infinity;
  for (let k = 1; k < unique.length; k++) minDif = Math.min(minDif, unique[k] - unique[k - 1]);
  minDif /= 2;
  const k2 = cuts.map((c, k) => (k === cuts.length - 1 ? c : c - minDif)).sort((a, b) => a - b);
  const g = k2.length - 1;
  // R's cut(): group k holds k2[k] < x <= k2[k + 1]; found by binary search, rows bucketed in one pass.
  const buckets: number[][] = Array.from({ length: g }, () => []);
  x.forEach((v, i) => {
    if (!(v > k2[0] && v <= k2[g])) return;
    let lo = 0;
    let hi = g - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v <= k2[mid + 1]) hi = mid;
      else lo = mid + 1;
    }
    buckets[lo].push(i);
  });
  const out: GroupKm = { x: [], n: [], events: [], km: [], stdErr: [] };
  for (let k = 0; k < g; k++) {
    const rows = buckets[k];
    const nobs = rows.length;
    if (nobs < 2) {
      out.x.push(nobs === 1 ? x[rows[0]] : null);
      out.n.push(0);
      out.events.push(0);
      out.km.push(null);
      out.stdErr.push(null);
      continue;
    }
    out.x.push(rows.reduce((s, i) => s + x[i], 0) / nobs);
    const fit = kaplanMeier(
      rows.map((i) => time[i]),
      rows.map((i) => event[i]),
    );
    let surv = 1;
    let se: number | null = 0;
    for (const step of fit.steps) {
      if (step.time > u + 1e-6) break;
      surv = step.survival;
      se = step.stdErr;
    }
    const last = fit.steps[fit.steps.length - 1];
    const beyond = u > last.time + 1e-6 && last.survival > 0;
    out.km.push(beyond ? null : surv);
    out.stdErr.push(beyond ? null : se);
    out.n.push(nobs);
    out.events.push(rows.reduce((s, i) => s + event[i], 0));
  }
  return out;
}

function fitCoxFor(data: CoxCalibrationData, rows: number[] | null, precise: boolean): CoxFit | null {
  const pick = <T>(v: T[]): T[] => (rows ? rows.map((i) => v[i]) : v);
  const event = pick(data.event);
  // calibrate.cph's coxfit: fewer than 5 events is a failed sample; cph's eps = 1e-4, iter.max = 10.
  if (event.reduce((s: number, e) => s + e, 0) < 5) return null;
  try {
    const X = pick(data.X);
    const fit = fitCox({
      time: pick(data.time),
      event,
      X,
      names: X[0].map((_, j) => `x${j + 1}`),
      ...(data.strata ? { strata: pick(data.strata) } : {}),
      ties: data.ties ?? 'efron',
      ...(precise ? {} : { maxIter: 10, eps: 1e-4 }),
    });
    if (!fit.converged || fit.aliased.length > 0) return null;
    return fit;
  } catch {
    return null;
  }
}

/** calibrate.cph's distance: KM - mean predicted per group, NA with fewer than 5 events. */
function coxDistance(surv: number[], time: number[], event: (0 | 1)[], u: number, cuts: number[]): (number | null)[] {
  const gk = groupKm(surv, time, event, u, cuts);
  if (event.reduce((s: number, e) => s + e, 0) < 5) return gk.km.map(() => null);
  return gk.km.map((km, k) => (km === null || gk.x[k] === null ? null : km - (gk.x[k] as number)));
}

/**
 * rms::calibrate(cph(..., x = TRUE, y = TRUE, surv = TRUE, time.inc = u), cmethod = "KM", u, m, B):
 * patients grouped by predicted survival at u (cuts at the quantiles of c(0, 1, predicted), about m
 * per group), Kaplan-Meier at u per group against the mean prediction, and the bootstrap
 * overfitting correction of KM - predicted, the groups' cuts held fixed.
 */
export function calibrateCox(data: CoxCalibrationData, options: CalibrateOptions & { u: number; m?: number }): CoxCalibrate {
  return runToEnd(coxSteps(data, options));
}

/** calibrateCox that yields to the event loop between replicates. */
export function calibrateCoxAsync(data: CoxCalibrationData, options: CalibrateOptions & { u: number; m?: number }): Promise<CoxCalibrate> {
  return runYielding(coxSteps(data, options));
}

function* coxSteps(data: CoxCalibrationData, options: CalibrateOptions & { u: number; m?: number }): Generator<void, CoxCalibrate> {
  const { time, event, X, strata } = data;
  const n = time.length;
  const u = options.u;
  const m = options.m ?? 150;
  if (!(u > 0)) throw new ModelInputError('the calibration horizon must be a positive time');
  if (!Number.isInteger(m) || m < 2) throw new ModelInputError('m (patients per group) must be an integer of at least 2');
  const fit = fitCoxFor(data, null, true);
  if (!fit)
    throw new ModelInputError(
      'the Cox model could not be fitted to the full data (or has fewer than 5 events), so its calibration cannot be validated',
    );
  const survival = survivalAt(fit, X, strata, u);
  if (!survival) throw new ModelInputError(`the horizon ${u} is beyond the last follow-up time`);
  const g = Math.max(1, Math.floor(n / m));
  const cuts = [...new Set(quantile7([0, 1, ...survival], seqLength(0, 1, g + 1)))];
  const orig = groupKm(survival, time, event, u, cuts);
  const origError = orig.km.map((km, k) => (km === null || orig.x[k] === null ? null : km - (orig.x[k] as number)));
  const samples = samplesFor(n, options);
  const replicates: { train: (number | null)[]; test: (number | null)[] }[] = [];
  let failed = 0;
  for (const [b, sample] of samples.entries()) {
    const boot = fitCoxFor(data, sample, false);
    const bootStrata = strata ? sample.map((i) => strata[i]) : undefined;
    const train = boot
      ? survivalAt(
          boot,
          sample.map((i) => X[i]),
          bootStrata,
          u,
        )
      : null;
    const test = boot ? survivalAt(boot, X, strata, u) : null;
    if (!boot || !train || !test) failed++;
    else
      replicates.push({
        train: coxDistance(
          train,
          sample.map((i) => time[i]),
          sample.map((i) => event[i]),
          u,
          cuts,
        ),
        test: coxDistance(test, time, event, u, cuts),
      });
    options.onProgress?.(b + 1, samples.length);
    yield;
  }
  const acc = accumulate(origError, replicates);
  return {
    method: 'boot',
    cmethod: 'KM',
    u,
    m,
    B: options.B,
    seed: options.seed,
    failed,
    cuts,
    groups: origError.map((error, k) => {
      const { optimism } = acc[k];
      const apparent = orig.km[k];
      return {
        predicted: orig.x[k] as number,
        apparent,
        corrected: apparent === null || optimism === null ? null : apparent - optimism,
        optimism,
        training: acc[k].training,
        test: acc[k].test,
        n: acc[k].n,
        error,
        size: orig.n[k],
        events: orig.events[k],
        stdErr: orig.stdErr[k],
      };
    }),
  };
}
