/**
 * Multiple imputation by chained equations with predictive mean matching, as R's mice (3.15) does it
 * by default for numeric columns, and Rubin's rules as mice::pool gives them. Pure: no services.
 *
 * MICE (van Buuren & Groothuis-Oudshoorn 2011): every incomplete column is first filled with random
 * draws from its observed values (mice's initialisation); then, `maxit` times, each incomplete column in
 * table order (mice's default visit sequence) is imputed from all other columns at their current values:
 *  - predictors: every other column (factors as treatment dummies, as model.matrix codes them), minus
 *    the ones mice's remove.lindep drops (variance <= 1e-4 or correlation >= 0.99 with the target among
 *    the rows where the target is observed);
 *  - the Bayesian linear regression draw of mice's .norm.draw: least squares c, residual df = n_obs - p,
 *    sigma* = sqrt(RSS / chisq(df)), beta* = c + chol((X'X)^-1)' z sigma*; a ridge of 1e-5 diag(X'X) when
 *    X'X is singular (mice's fallback);
 *  - type-1 matching (mice's matchtype 1): observed rows predicted with c, missing rows with beta*; each
 *    missing row takes the observed value of one of its `donors` (5) nearest observed rows, at random.
 * Text (factor) columns are imputed by PMM on their level index, as mice.impute.pmm does with a factor
 * (mice's own default for a factor is logreg/polyreg; this library uses PMM for every column and says so).
 * Each imputation is its own chain with its own random stream (rng.ts), so imputation i depends only on
 * (seed, i). Numbers agree with mice statistically, not draw for draw (R's Mersenne Twister differs).
 */
import { createRng, type Rng } from './rng';
import { ModelInputError } from './errors';

export type ImputeCell = string | null;

export interface MiceOptions {
  /** Number of imputed data sets (mice's m, default 5). */
  m?: number;
  /** Iterations of the chained equations (mice's maxit, default 5). */
  maxit?: number;
  seed?: number;
  /** Donors for predictive mean matching (mice's donors, default 5). */
  donors?: number;
  /** Columns that are factors even if their values look like numbers (factor(x), dictionary choice fields). */
  factors?: string[];
  /** Columns never used as predictors (a Cox model's time, replaced by the Nelson-Aalen hazard). */
  notPredictors?: string[];
  /** Progress after each imputed data set. */
  onProgress?: (done: number, total: number) => void;
}

export interface MiceResult {
  m: number;
  maxit: number;
  seed: number;
  donors: number;
  method: 'pmm';
  /** Missing cells per column, over all rows, in table order. */
  missing: Record<string, number>;
  /** The incomplete columns, in the order they are imputed. */
  visitSequence: string[];
  /** For each imputation the completed table (cells as text, donors' cells copied as they are). */
  completed: Record<string, ImputeCell[]>[];
  /** Predictors mice's remove.lindep rule left out, per target (last iteration of the first imputation). */
  removedPredictors: Record<string, string[]>;
}

export const MAX_IMPUTATIONS = 200;
export const DEFAULT_IMPUTATIONS = 5;
export const DEFAULT_MAXIT = 5;
export const DEFAULT_DONORS = 5;
/** Streams of the imputation chains start here, away from the bootstrap's streams 0..B-1. */
const STREAM_OFFSET = 1_000_003;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const collator = new Intl.Collator('en-US');

interface ColumnCoding {
  name: string;
  kind: 'numeric' | 'factor';
  /** Factors: the levels in R's sort order (numbers numerically, text as R's sort()). */
  levels: string[];
  observed: boolean[];
}

function codeColumn(name: string, cells: readonly ImputeCell[], factor: boolean): ColumnCoding {
  const present = cells.filter((c): c is string => c !== null);
  const numeric = present.every((c) => NUMBER.test(c));
  const kind = factor || !numeric ? 'factor' : 'numeric';
  const levels =
    kind === 'factor' ? [...new Set(present)].sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => collator.compare(a, b)) : [];
  return { name, kind, levels, observed: cells.map((c) => c !== null) };
}

/** Runs MICE with PMM on a table of text cells (null = missing); see the file comment. */
export function mice(table: Record<string, readonly ImputeCell[]>, options: MiceOptions = {}): MiceResult {
  const m = options.m ?? DEFAULT_IMPUTATIONS;
  const maxit = options.maxit ?? DEFAULT_MAXIT;
  const seed = options.seed ?? 1;
  const donors = options.donors ?? DEFAULT_DONORS;
  if (!Number.isInteger(m) || m < 2 || m > MAX_IMPUTATIONS)
    throw new ModelInputError(`the number of imputations must be an integer from 2 to ${MAX_IMPUTATIONS} (got ${m})`);
  if (!Number.isInteger(maxit) || maxit < 1 || maxit > 100)
    throw new ModelInputError(`maxit must be an integer from 1 to 100 (got ${maxit})`);
  if (!Number.isInteger(donors) || donors < 1 || donors > 50)
    throw new ModelInputError(`donors must be an integer from 1 to 50 (got ${donors})`);
  if (!Number.isInteger(seed)) throw new ModelInputError(`seed must be an integer (got ${seed})`);
  const names = Object.keys(table);
  if (names.length === 0) throw new ModelInputError('nothing to impute: no columns');
  const n = table[names[0]].length;
  for (const v of names) if (table[v].length !== n) throw new ModelInputError(`column '${v}' has ${table[v].length} values, expected ${n}`);
  const factors = new Set(options.factors ?? []);
  const notPredictors = new Set(options.notPredictors ?? []);
  const codings = names.map((v) => codeColumn(v, table[v], factors.has(v)));
  const missing = Object.fromEntries(codings.map((c) => [c.name, c.observed.filter((o) => !o).length]));
  const visit = codings.filter((c) => missing[c.name] > 0);
  for (const c of visit) {
    if (missing[c.name] === n) throw new ModelInputError(`column '${c.name}' has no observed values: it cannot be imputed`);
    if (notPredictors.has(c.name)) throw new ModelInputError(`column '${c.name}' has missing values but cannot be imputed here`);
  }
  const completed: Record<string, ImputeCell[]>[] = [];
  const removedPredictors: Record<string, string[]> = {};
  // Numbers once: a numeric column's values, a factor's 1-based level index (NaN = missing).
  const values = codings.map((c) => yValues(c, table[c.name] as ImputeCell[]));
  const observedRows = codings.map((c) => c.observed.map((o, r) => (o ? r : -1)).filter((r) => r >= 0));
  for (let i = 0; i < m; i++) {
    const rng = createRng(seed, STREAM_OFFSET + i);
    // current[j][r]: the value in use; source[j][r]: the row whose observed cell it is.
    const current = values.map((v) => Float64Array.from(v));
    const source = codings.map(() => Int32Array.from({ length: n }, (_, r) => r));
    // Initialisation: mice.impute.sample, a random draw (with replacement) from the observed values.
    for (const c of visit) {
      const j = codings.indexOf(c);
      const obs = observedRows[j];
      for (let r = 0; r < n; r++)
        if (!c.observed[r]) {
          const donor = obs[rng.int(obs.length)];
          current[j][r] = values[j][donor];
          source[j][r] = donor;
        }
    }
    for (let it = 0; it < maxit; it++) {
      for (const target of visit) {
        const t = codings.indexOf(target);
        const predictors = codings.map((c, j) => j).filter((j) => j !== t && !notPredictors.has(codings[j].name));
        const { X, labels } = predictorMatrix(
          predictors.map((j) => codings[j]),
          predictors.map((j) => current[j]),
          n,
        );
        const ry = target.observed;
        const keep = removeLinDep(X, values[t], ry);
        if (i === 0 && it === maxit - 1) {
          const removed = labels.filter((_, j) => !keep[j]);
          if (removed.length > 0) removedPredictors[target.name] = removed;
        }
        const kept = keep.map((k, j) => (k ? j : -1)).filter((j) => j >= 0);
        const Xk = X.map((row) => {
          const out: number[] = [1];
          for (let a = 0; a < kept.length; a++) out.push(row[kept[a]]);
          return out;
        });
        const donorRows = pmm(values[t], ry, Xk, donors, rng);
        const obs = observedRows[t];
        let k = 0;
        for (let r = 0; r < n; r++)
          if (!ry[r]) {
            const donor = obs[donorRows[k++]];
            current[t][r] = values[t][donor];
            source[t][r] = donor;
          }
      }
    }
    completed.push(Object.fromEntries(codings.map((c, j) => [c.name, Array.from(source[j], (r) => table[c.name][r])])));
    options.onProgress?.(i + 1, m);
  }
  return { m, maxit, seed, donors, method: 'pmm', missing, visitSequence: visit.map((c) => c.name), completed, removedPredictors };
}

/** The target as a number: numeric value, or a factor's 1-based level index (as.integer of a factor). */
function yValues(c: ColumnCoding, cells: readonly ImputeCell[]): number[] {
  return cells.map((x) => (x === null ? NaN : c.kind === 'numeric' ? Number(x) : c.levels.indexOf(x) + 1));
}

/** model.matrix of the predictors without intercept: numbers as they are, factors (level index) as treatment dummies. */
function predictorMatrix(predictors: ColumnCoding[], current: Float64Array[], n: number): { X: number[][]; labels: string[] } {
  const labels: string[] = [];
  for (const c of predictors) {
    if (c.kind === 'numeric') labels.push(c.name);
    else for (const level of c.levels.slice(1)) labels.push(`${c.name}${level}`);
  }
  const X: number[][] = [];
  for (let r = 0; r < n; r++) {
    const row: number[] = [];
    for (let j = 0; j < predictors.length; j++) {
      const c = predictors[j];
      const v = current[j][r];
      if (c.kind === 'numeric') row.push(v);
      else for (let level = 2; level <= c.levels.length; level++) row.push(v === level ? 1 : 0);
    }
    X.push(row);
  }
  return { X, labels };
}

function variance(values: number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
}

/**
 * mice's remove.lindep (eps = 1e-4, maxcor = 0.99): among rows where the target is observed, drop
 * predictors with variance <= eps or correlation >= maxcor with the target (all when the target's
 * variance is below eps). mice's further eigenvalue check is replaced by the ridge fallback of the
 * regression draw.
 */
function removeLinDep(X: number[][], y: number[], ry: boolean[]): boolean[] {
  const p = X[0]?.length ?? 0;
  const rows = ry.map((o, r) => (o ? r : -1)).filter((r) => r >= 0);
  const yobs = rows.map((r) => y[r]);
  if (yobs.length < 2 || variance(yobs) < 1e-4) return new Array<boolean>(p).fill(false);
  // One pass: sums for every predictor's variance and its covariance with the target (shifted by the
  // first observed row, for numerical stability).
  const n = rows.length;
  const x0 = X[rows[0]];
  const y0 = yobs[0];
  const sx = new Float64Array(p);
  const sxx = new Float64Array(p);
  const sxy = new Float64Array(p);
  let sy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const x = X[rows[i]];
    const dy = yobs[i] - y0;
    sy += dy;
    syy += dy * dy;
    for (let j = 0; j < p; j++) {
      const dx = x[j] - x0[j];
      sx[j] += dx;
      sxx[j] += dx * dx;
      sxy[j] += dx * dy;
    }
  }
  const vy = (syy - (sy * sy) / n) / (n - 1);
  const keep: boolean[] = [];
  for (let j = 0; j < p; j++) {
    const vx = (sxx[j] - (sx[j] * sx[j]) / n) / (n - 1);
    const cov = (sxy[j] - (sx[j] * sy) / n) / (n - 1);
    keep.push(vx > 1e-4 && cov / Math.sqrt(vx * vy) < 0.99);
  }
  return keep;
}

// ------------------------------------------------------------------ regression draw and matching

/** Cholesky factor L (lower) of a symmetric positive definite matrix, or null if it is not. */
function cholesky(A: number[][]): number[][] | null {
  const p = A.length;
  const L = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    let s = A[j][j];
    for (let k = 0; k < j; k++) s -= L[j][k] ** 2;
    if (!(s > 1e-12 * Math.max(Math.abs(A[j][j]), 1e-300))) return null;
    L[j][j] = Math.sqrt(s);
    for (let i = j + 1; i < p; i++) {
      let t = A[i][j];
      for (let k = 0; k < j; k++) t -= L[i][k] * L[j][k];
      L[i][j] = t / L[j][j];
    }
  }
  return L;
}

/** Inverse of A = L L' from its Cholesky factor. */
function choleskyInverse(L: number[][]): number[][] {
  const p = L.length;
  // Linv (lower), then A^-1 = Linv' Linv.
  const Li = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    Li[j][j] = 1 / L[j][j];
    for (let i = j + 1; i < p; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= L[i][k] * Li[k][j];
      Li[i][j] = s / L[i][i];
    }
  }
  const inv = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < p; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < p; k++) s += Li[k][i] * Li[k][j];
      inv[i][j] = inv[j][i] = s;
    }
  return inv;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

/** Standard normal draw (Box-Muller; 1 - u keeps the logarithm finite). */
export function rnorm(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/** Gamma(shape, 1) draw: Marsaglia & Tsang (2000), with the shape < 1 boost. */
export function rgamma(shape: number, rng: Rng): number {
  if (shape < 1) return rgamma(shape + 1, rng) * Math.pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rnorm(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Chi-square(df) draw. */
export function rchisq(df: number, rng: Rng): number {
  return 2 * rgamma(df / 2, rng);
}

/**
 * mice's .norm.draw (estimice with ls.meth "qr"): least-squares coefficients c on the observed rows
 * and a draw beta* from their posterior under a flat prior.
 */
export function normDraw(y: number[], ry: boolean[], X: number[][], rng: Rng): { coef: number[]; beta: number[]; sigma: number } {
  const rows = ry.map((o, r) => (o ? r : -1)).filter((r) => r >= 0);
  const p = X[0].length;
  const flat = new Float64Array(p * p);
  const xtyFlat = new Float64Array(p);
  for (const r of rows) {
    const x = X[r];
    const yr = y[r];
    for (let a = 0; a < p; a++) {
      const xa = x[a];
      xtyFlat[a] += xa * yr;
      const base = a * p;
      for (let b = 0; b <= a; b++) flat[base + b] += xa * x[b];
    }
  }
  const xtx = Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, b) => (b <= a ? flat[a * p + b] : flat[b * p + a])));
  const xty = Array.from(xtyFlat);
  let L = cholesky(xtx);
  if (!L) {
    // mice: "(nearly) multi-collinear", solve(xtx + diag(diag(xtx) * ridge)) with ridge = 1e-5
    const pen = xtx.map((row, a) => row.map((v, b) => (a === b ? v + Math.max(v, 1e-12) * 1e-5 : v)));
    L = cholesky(pen);
    if (!L) throw new ModelInputError('an imputation model could not be fitted (its predictors are collinear)');
  }
  const v = choleskyInverse(L);
  const coef = v.map((row) => row.reduce((s, vij, j) => s + vij * xty[j], 0));
  let rss = 0;
  for (const r of rows) rss += (y[r] - dot(X[r], coef)) ** 2;
  const df = Math.max(rows.length - p, 1);
  const sigma = Math.sqrt(rss / rchisq(df, rng));
  const Lv = cholesky(v) ?? v.map((row, a) => row.map((_, b) => (a === b ? Math.sqrt(Math.max(v[a][a], 0)) : 0)));
  const z = Array.from({ length: p }, () => rnorm(rng));
  const beta = coef.map((c, a) => c + Lv[a].reduce((s, l, b) => s + l * z[b], 0) * sigma);
  return { coef, beta, sigma };
}

/**
 * Predictive mean matching (mice.impute.pmm, matchtype 1): for each missing row, in row order, the
 * index (among the observed rows, in row order) of the donor drawn from its `donors` nearest neighbours
 * in predicted value. Ties in distance are broken at random, as mice's matchindex does.
 */
export function pmm(y: number[], ry: boolean[], X: number[][], donors: number, rng: Rng): number[] {
  const { coef, beta } = normDraw(y, ry, X, rng);
  const obs: number[] = [];
  const mis: number[] = [];
  for (let r = 0; r < ry.length; r++) (ry[r] ? obs : mis).push(r);
  const yhatObs = Float64Array.from(obs, (r) => dot(X[r], coef));
  const yhatMis = mis.map((r) => dot(X[r], beta));
  // Shuffle, then a stable sort: equal predictions end up in random order (mice shuffles before sorting too).
  const shuffledOrder = obs.map((_, k) => k);
  for (let k = shuffledOrder.length - 1; k > 0; k--) {
    const j = rng.int(k + 1);
    const tmp = shuffledOrder[k];
    shuffledOrder[k] = shuffledOrder[j];
    shuffledOrder[j] = tmp;
  }
  shuffledOrder.sort((u, w) => yhatObs[u] - yhatObs[w]);
  const sorted = Float64Array.from(shuffledOrder, (k) => yhatObs[k]);
  const d = Math.min(donors, obs.length);
  return yhatMis.map((target) => {
    // First sorted position with value >= target, then widen to the d nearest.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    let left = lo - 1;
    let right = lo;
    const picked: number[] = [];
    while (picked.length < d) {
      const dl = left >= 0 ? target - sorted[left] : Infinity;
      const dr = right < sorted.length ? sorted[right] - target : Infinity;
      if (dl <= dr) picked.push(shuffledOrder[left--]);
      else picked.push(shuffledOrder[right++]);
    }
    return picked[rng.int(d)];
  });
}

/**
 * Cumulative hazard of the null Cox model at each row's own time, as mice::nelsonaalen gives it
 * (survival::basehaz(coxph(Surv(time, status) ~ 1)): with coxph's default Efron ties the increment at a
 * time with d events among n at risk is sum_{k<d} 1/(n - k)). White & Royston (2009) use it, with the
 * event indicator, in the imputation models of a Cox model's covariates.
 */
export function nelsonAalen(time: readonly number[], event: readonly (0 | 1)[]): number[] {
  const n = time.length;
  const distinct = [...new Set(time)].sort((a, b) => a - b);
  const atRisk = new Map<number, number>();
  const deaths = new Map<number, number>();
  for (let i = 0; i < n; i++) deaths.set(time[i], (deaths.get(time[i]) ?? 0) + event[i]);
  const sortedTimes = [...time].sort((a, b) => a - b);
  let idx = 0;
  for (const t of distinct) {
    while (idx < n && sortedTimes[idx] < t) idx++;
    atRisk.set(t, n - idx);
  }
  const H = new Map<number, number>();
  let cum = 0;
  for (const t of distinct) {
    const d = deaths.get(t) ?? 0;
    const r = atRisk.get(t) ?? 0;
    for (let k = 0; k < d; k++) cum += 1 / (r - k);
    H.set(t, cum);
  }
  return time.map((t) => H.get(t) ?? 0);
}

// ------------------------------------------------------------------ Rubin's rules

export interface PooledEstimate {
  m: number;
  /** Qbar: the mean of the estimates. */
  estimate: number;
  /** Within-imputation variance (mean of the squared SEs). */
  ubar: number;
  /** Between-imputation variance (variance of the estimates, divisor m - 1). */
  b: number;
  /** Total variance ubar + (1 + 1/m) b. */
  t: number;
  se: number;
  /** Complete-data residual df (Infinity when unknown). */
  dfcom: number;
  /** Barnard-Rubin (1999) adjusted degrees of freedom, as mice::pool. */
  df: number;
  /** Relative increase in variance due to nonresponse, (1 + 1/m) b / ubar. */
  riv: number;
  /** Proportion of the total variance due to nonresponse, (1 + 1/m) b / t. */
  lambda: number;
  /** Fraction of missing information, (riv + 2 / (df + 3)) / (riv + 1). */
  fmi: number;
  /** estimate / se, referred to t(df). */
  statistic: number;
  p: number;
  lower: number;
  upper: number;
}

/** mice's barnard.rubin: lambda floored at 1e-4. */
export function barnardRubinDf(m: number, b: number, t: number, dfcom = Infinity): number {
  let lambda = ((1 + 1 / m) * b) / t;
  if (lambda < 1e-4) lambda = 1e-4;
  const dfold = (m - 1) / lambda ** 2;
  if (!Number.isFinite(dfcom)) return dfold;
  const dfobs = ((dfcom + 1) / (dfcom + 3)) * dfcom * (1 - lambda);
  return (dfold * dfobs) / (dfold + dfobs);
}

/**
 * Rubin's rules for one parameter (mice::pool with rule "rubin1987", summary(conf.int = TRUE)):
 * the estimates and squared standard errors of the m imputed data sets' fits.
 */
export function poolRubin(estimates: readonly number[], variances: readonly number[], dfcom = Infinity, level = 0.95): PooledEstimate {
  const m = estimates.length;
  if (m < 2 || variances.length !== m) throw new RangeError('Rubin pooling needs at least 2 estimates with one variance each');
  const estimate = estimates.reduce((s, v) => s + v, 0) / m;
  const ubar = variances.reduce((s, v) => s + v, 0) / m;
  const b = estimates.reduce((s, v) => s + (v - estimate) ** 2, 0) / (m - 1);
  const t = ubar + (1 + 1 / m) * b;
  const df = barnardRubinDf(m, b, t, dfcom);
  const riv = ((1 + 1 / m) * b) / ubar;
  const lambda = ((1 + 1 / m) * b) / t;
  const fmi = (riv + 2 / (df + 3)) / (riv + 1);
  const se = Math.sqrt(t);
  const statistic = estimate / se;
  // summary.mipo: p = 2 (1 - pt(|statistic|, max(df, 0.001))); the upper tail keeps small p exact.
  const p = 2 * pt(-Math.abs(statistic), Math.max(df, 0.001));
  const q = qt((1 + level) / 2, df);
  return { m, estimate, ubar, b, t, se, dfcom, df, riv, lambda, fmi, statistic, p, lower: estimate - q * se, upper: estimate + q * se };
}

/**
 * D2 (Li, Meng, Raghunathan & Rubin 1991), as mitml::testModels(method = "D2") behind mice::D2: pools m
 * chi-square statistics with k df into an F statistic on (k, v) df. `statistic` is that F times k (on the
 * chi-square scale, to sit beside single-fit chi-squares); `p` is the F test's.
 */
export function poolChiSquare(chisq: readonly number[], k: number): { statistic: number; df: number; df2: number; p: number; F: number } {
  const m = chisq.length;
  if (m < 2) throw new RangeError('D2 needs at least 2 statistics');
  const mean = chisq.reduce((s, v) => s + v, 0) / m;
  const roots = chisq.map((d) => Math.sqrt(Math.max(d, 0)));
  const rootMean = roots.reduce((s, v) => s + v, 0) / m;
  const r = ((1 + 1 / m) * roots.reduce((s, v) => s + (v - rootMean) ** 2, 0)) / (m - 1);
  const F = Math.max(0, (mean / k - ((m + 1) / (m - 1)) * r) / (1 + r));
  const df2 = r > 0 ? Math.pow(k, -3 / m) * (m - 1) * (1 + 1 / r) ** 2 : Infinity;
  return { statistic: F * k, df: k, df2, p: pf(F, k, df2), F };
}

// ------------------------------------------------------------------ t and F distributions

/** log Gamma (Lanczos, g = 7, n = 9; relative error ~1e-15). */
export function lgamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta (modified Lentz). */
function betacf(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function pbeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lbt) * betacf(a, b, x)) / a;
  return 1 - (Math.exp(lbt) * betacf(b, a, 1 - x)) / b;
}

/** Student t distribution function (lower tail); df may be fractional or Infinity. */
export function pt(x: number, df: number): number {
  if (!Number.isFinite(df) || df > 1e10) {
    // normal limit
    return 0.5 * erfc(-x / Math.SQRT2);
  }
  const tail = 0.5 * pbeta(df / (df + x * x), df / 2, 0.5);
  return x < 0 ? tail : 1 - tail;
}

/** Student t quantile, by bisection then Newton polishing on pt. */
export function qt(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('qt needs 0 < p < 1');
  if (p < 0.5) return -qt(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (pt(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (pt(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Upper tail of the F(d1, d2) distribution. */
export function pf(F: number, d1: number, d2: number): number {
  if (!(F > 0)) return 1;
  if (!Number.isFinite(d2)) {
    // chi-square(d1) / d1 limit: upper tail of chi-square via the regularised gamma
    return upperGamma(d1 / 2, (F * d1) / 2);
  }
  return pbeta(d2 / (d2 + d1 * F), d2 / 2, d1 / 2);
}

function upperGamma(a: number, x: number): number {
  // Q(a, x) by series (x < a + 1) or continued fraction.
  const gln = lgamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let del = sum;
    let ap = a;
    for (let n = 0; n < 10000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-16) break;
    }
    return 1 - sum * Math.exp(-x + a * Math.log(x) - gln);
  }
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.exp(-x + a * Math.log(x) - gln) * h;
}

/** Complementary error function (via the regularised upper gamma: erfc(x) = Q(1/2, x^2) for x >= 0). */
function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x === 0) return 1;
  return upperGamma(0.5, x * x);
}
