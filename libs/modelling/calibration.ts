import { irlsLogistic } from './logistic';

/**
 * Calibration of predicted risks: calibration-in-the-large and calibration slope (logistic
 * recalibration, as rms::val.prob) and the smoothed calibration curve lowess(p, y, iter = 0) that
 * rms::val.prob and calibrate draw.
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
