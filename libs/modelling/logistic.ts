import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { ModelInputError } from './errors';
import { pchisq, qnorm, twoSidedP } from './stats';
import { firthLogistic, firthProfiles } from './firth';
import type { Ranks } from './survival-data';
import {
  column,
  crossprodDense,
  independentDenseColumns,
  multiply,
  packRows,
  selectColumns,
  toArray,
  toDense,
  unpackRows,
  type Dense,
} from './dense';

/**
 * Binary logistic regression fitted as R's glm.fit does (binomial family, logit link): same start
 * (mustart = (y + 0.5) / 2), same IRLS updates and convergence rule, same clamping of the linear
 * predictor at +-30, so estimates, iteration counts and warnings agree with R.
 */

const DBL_EPSILON = 2.220446049250313e-16;
const LINK_THRESHOLD = 30;
/** Relative residual norm below which a column counts as a linear combination of earlier ones. */
const ALIAS_TOLERANCE = 1e-7;
/** qnorm(0.975), computed on first use (stats.ts loads its functions lazily). */
let z975: number | undefined;
const Z_975 = (): number => (z975 ??= qnorm(0.975));

export interface LogisticInput {
  /** Outcome, 0 or 1. */
  y: number[];
  /** Covariate rows, without an intercept column (one is added). */
  X: number[][];
  /** Covariate names, one per column of X. */
  names: string[];
  /** Firth's penalised likelihood (Jeffreys prior) instead of maximum likelihood. */
  firth?: boolean;
  /** Firth: profile intervals and penalised LR p-values (default); false gives Wald rows (bootstrap refits). */
  profile?: boolean;
  maxIter?: number;
  epsilon?: number;
}

export interface TestStatistic {
  statistic: number;
  df: number;
  p: number;
}

export interface CoefficientRow {
  term: string;
  estimate: number;
  se: number;
  z: number;
  p: number;
  lower: number;
  upper: number;
  ratio: number;
  ratioLower: number;
  ratioUpper: number;
}

/** Discrimination and overall accuracy of a linear predictor, as rms::lrm's stats compute them. */
export interface Discrimination {
  /** C statistic (AUC): Mann-Whitney with ties counted half. */
  C: number;
  /** DeLong standard error of C. */
  seC: number;
  /** Somers' Dxy = 2 (C - 0.5). */
  Dxy: number;
  /** Brier score of plogis(lp). */
  brier: number;
  /** Nagelkerke R2 as lrm's stats "R2" (NaN when no LR statistic is given). */
  R2: number;
  /** Gini mean difference of the linear predictor (lrm "g"). */
  g: number;
  /** Gini mean difference of the predicted probabilities (lrm "gp"). */
  gp: number;
}

export interface LogisticResult {
  model: 'logistic';
  method: 'ml' | 'firth';
  n: number;
  events: number;
  coefficients: CoefficientRow[];
  /** Terms dropped because they are constant or a linear combination of earlier terms (R: NA). */
  aliased: string[];
  /** vcov of the estimated coefficients, in `coefficients` order (intercept first). */
  covariance: number[][];
  logLik: { null: number; model: number };
  deviance: { null: number; residual: number };
  tests: { lr: TestStatistic; wald: TestStatistic; score: TestStatistic };
  concordance: { estimate: number; se: number };
  discrimination: Discrimination;
  iterations: number;
  converged: boolean;
  warnings: string[];
}

/** The numerical side of a fit, used by validation and calibration. */
export interface LogisticCore {
  beta: number[];
  covariance: number[][];
  linearPredictor: number[];
  fitted: number[];
  deviance: number;
  logLik: number;
  iterations: number;
  converged: boolean;
  /** Fitted probabilities within 10 * DBL_EPSILON of 0 or 1 (R's glm.fit warning). */
  boundaryFitted: boolean;
}

export interface IrlsOptions {
  maxIter?: number;
  epsilon?: number;
  offset?: number[];
}

export function plogis(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

/**
 * R's C_logit_linkinv (the linear predictor clamped at +-30), given e = exp(eta): the IRLS loop keeps
 * e for muEtaOf, one exp per row and iteration.
 */
function linkinvOf(eta: number, e: number): number {
  const t = eta < -LINK_THRESHOLD ? DBL_EPSILON : eta > LINK_THRESHOLD ? 1 / DBL_EPSILON : e;
  return t / (1 + t);
}

/** R's C_logit_mu_eta, given e = exp(eta). */
function muEtaOf(eta: number, e: number): number {
  if (eta > LINK_THRESHOLD || eta < -LINK_THRESHOLD) return DBL_EPSILON;
  const opexp = 1 + e;
  return e / (opexp * opexp);
}

function yLogY(y: number, mu: number): number {
  return y !== 0 ? y * Math.log(y / mu) : 0;
}

export function binomialDeviance(y: ArrayLike<number>, mu: ArrayLike<number>): number {
  let dev = 0;
  for (let i = 0; i < y.length; i++) dev += 2 * (yLogY(y[i], mu[i]) + yLogY(1 - y[i], 1 - mu[i]));
  return dev;
}

export function bernoulliLogLik(y: ArrayLike<number>, mu: ArrayLike<number>): number {
  let ll = 0;
  for (let i = 0; i < y.length; i++) ll += y[i] === 1 ? Math.log(mu[i]) : Math.log(1 - mu[i]);
  return ll;
}

/** Log-likelihood of the intercept-only model. */
export function nullLogLik(y: number[]): number {
  const n = y.length;
  const e = y.reduce((s, v) => s + v, 0);
  return (e > 0 ? e * Math.log(e / n) : 0) + (n - e > 0 ? (n - e) * Math.log((n - e) / n) : 0);
}

/** Solves A x = b for symmetric positive definite A; null when A is not positive definite. */
export function solveSpd(A: number[][], b: number[]): number[] | null {
  const chol = new CholeskyDecomposition(new Matrix(A));
  if (!chol.isPositiveDefinite()) return null;
  const x = chol.solve(Matrix.columnVector(b)).getColumn(0);
  return x.every(Number.isFinite) ? x : null;
}

/** Inverse of a symmetric positive definite matrix; null when not positive definite. */
export function invertSpd(A: number[][]): number[][] | null {
  const chol = new CholeskyDecomposition(new Matrix(A));
  if (!chol.isPositiveDefinite()) return null;
  const inv = chol.solve(Matrix.eye(A.length)).to2DArray();
  // The solve is not exactly symmetric in floating point; later Cholesky factorisations insist on it.
  const sym = inv.map((row, a) => row.map((v, b) => (v + inv[b][a]) / 2));
  return sym.every((row) => row.every(Number.isFinite)) ? sym : null;
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * IRLS exactly as R's glm.fit for binomial/logit with unit weights. The covariance is taken from the
 * weights of the last iteration, as summary.glm takes it from the last QR decomposition.
 * X must include the intercept column if one is wanted and must have full column rank; row arrays
 * are packed first (dense.ts), a packed design is used as it is.
 */
export function irlsLogistic(y: number[], X: number[][] | Dense, options: IrlsOptions = {}): LogisticCore {
  const maxIter = options.maxIter ?? 25;
  const epsilon = options.epsilon ?? 1e-8;
  const D = toDense(X);
  const { n, p, data } = D;
  const offset = options.offset;
  // The current linear predictor, exp of it and the fitted probabilities, overwritten by each step
  // (there is no step halving to go back from: see below).
  const mu = new Float64Array(n);
  const eta = new Float64Array(n);
  const expEta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mu[i] = (y[i] + 0.5) / 2;
    eta[i] = Math.log(mu[i] / (1 - mu[i]));
    expEta[i] = Math.exp(eta[i]);
  }
  let devold = binomialDeviance(y, mu);
  let beta: number[] | null = null;
  // X'WX of the last iteration's weights: the information the covariance is taken from.
  let information: number[][] = [];
  let converged = false;
  let iterations = 0;
  const w = new Float64Array(n);
  for (let iter = 1; iter <= maxIter; iter++) {
    iterations = iter;
    const xtwz = new Array<number>(p).fill(0);
    for (let i = 0; i < n; i++) {
      const d = muEtaOf(eta[i], expEta[i]);
      const variance = mu[i] * (1 - mu[i]);
      const zi = eta[i] - (offset === undefined ? 0 : offset[i]) + (y[i] - mu[i]) / d;
      const wi = (d * d) / variance;
      w[i] = wi;
      const base = i * p;
      for (let a = 0; a < p; a++) xtwz[a] += data[base + a] * wi * zi;
    }
    const xtwx = crossprodDense(D, w);
    const start = solveSpd(xtwx, xtwz);
    if (!start) throw new ModelInputError('the design matrix is singular at an IRLS step (collinear covariates?)');
    information = xtwx;
    // No step halving: with the linear predictor clamped at +-30 the deviance is always finite,
    // which is the only case in which glm.fit halves a binomial step. The new linear predictor, its
    // probabilities and the deviance in one pass (in binomialDeviance's order, so the same sum).
    let dev = 0;
    for (let i = 0; i < n; i++) {
      const base = i * p;
      let s = 0;
      for (let a = 0; a < p; a++) s += data[base + a] * start[a];
      const v = offset === undefined ? s : s + offset[i];
      const e = Math.exp(v);
      const m = linkinvOf(v, e);
      eta[i] = v;
      expEta[i] = e;
      mu[i] = m;
      dev += 2 * (yLogY(y[i], m) + yLogY(1 - y[i], 1 - m));
    }
    beta = start;
    if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < epsilon) {
      converged = true;
      devold = dev;
      break;
    }
    devold = dev;
  }
  const finalBeta = beta as number[];
  const covariance = invertSpd(information);
  if (!covariance) throw new ModelInputError('the information matrix is singular');
  const boundaryEps = 10 * DBL_EPSILON;
  let boundaryFitted = false;
  for (let i = 0; i < n; i++) if (mu[i] > 1 - boundaryEps || mu[i] < boundaryEps) boundaryFitted = true;
  return {
    beta: finalBeta,
    covariance,
    linearPredictor: toArray(offset === undefined ? eta : multiply(D, finalBeta)),
    fitted: toArray(mu),
    deviance: devold,
    logLik: bernoulliLogLik(y, mu),
    iterations,
    converged,
    boundaryFitted,
  };
}

/**
 * Column indexes of X that are linearly independent of the columns before them (modified
 * Gram-Schmidt in column order, as R's dqrdc2 keeps the earlier of two collinear columns).
 */
export function independentColumns(X: number[][] | Dense): number[] {
  return independentDenseColumns(toDense(X), ALIAS_TOLERANCE);
}

/**
 * Signals quasi or complete separation: continuing Newton steps beyond glm's convergence keeps
 * moving some linear predictors (by about one unit per step towards +-infinity) instead of staying put.
 */
export function detectSeparation(y: number[], X: Dense, beta: number[]): boolean {
  const { n, p: cols, data } = X;
  let b = beta.slice();
  const lpBefore = multiply(X, b);
  for (let step = 0; step < 10; step++) {
    const p = multiply(X, b).map(plogis);
    const w = p.map((m) => Math.max(m * (1 - m), 1e-300));
    const grad = new Array<number>(cols).fill(0);
    for (let i = 0; i < n; i++) for (let a = 0; a < cols; a++) grad[a] += data[i * cols + a] * (y[i] - p[i]);
    const delta = solveSpd(crossprodDense(X, w), grad);
    if (!delta) return true;
    b = b.map((v, k) => v + delta[k]);
    if (!b.every(Number.isFinite)) return true;
  }
  const lpAfter = multiply(X, b);
  return lpAfter.some((v, i) => Math.abs(v - lpBefore[i]) > 3);
}

/**
 * Firth rows as logistf prints them by default: se and z from the inverse information, but the 95%
 * limits from the profile penalised likelihood and p from the penalised likelihood-ratio test.
 */
function firthRows(y: number[], X: number[][], core: LogisticCore, terms: string[]): CoefficientRow[] {
  const profiles = firthProfiles(y, X, core, Z_975() * Z_975());
  return terms.map((term, k) => {
    const row = coefficientRow(term, core.beta[k], Math.sqrt(core.covariance[k][k]));
    const { lower, upper, chisq } = profiles[k];
    return { ...row, p: pchisq(chisq, 1, false), lower, upper, ratioLower: Math.exp(lower), ratioUpper: Math.exp(upper) };
  });
}

function coefficientRow(term: string, estimate: number, se: number): CoefficientRow {
  const z = estimate / se;
  const lower = estimate - Z_975() * se;
  const upper = estimate + Z_975() * se;
  return {
    term,
    estimate,
    se,
    z,
    p: twoSidedP(z),
    lower,
    upper,
    ratio: Math.exp(estimate),
    ratioLower: Math.exp(lower),
    ratioUpper: Math.exp(upper),
  };
}

function validateInput(input: LogisticInput): void {
  const { y, X, names } = input;
  if (y.length === 0) throw new ModelInputError('no observations to fit');
  if (X.length !== y.length) throw new ModelInputError(`X has ${X.length} rows but y has ${y.length}`);
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v !== 0 && v !== 1) throw new ModelInputError(`outcome must be 0 or 1 (row ${i + 1} is ${v})`);
  }
  for (let i = 0; i < X.length; i++) {
    const row = X[i];
    if (row.length !== names.length) {
      throw new ModelInputError(`row ${i + 1} has ${row.length} covariates, expected ${names.length}`);
    }
    for (let j = 0; j < row.length; j++) {
      if (!Number.isFinite(row[j])) throw new ModelInputError(`covariate ${names[j]} is not a finite number in row ${i + 1}`);
    }
  }
  const events = y.reduce((s, v) => s + v, 0);
  if (events === 0) throw new ModelInputError('the outcome has no events (all 0): a logistic model cannot be fitted');
  if (events === y.length) throw new ModelInputError('the outcome has no non-events (all 1): a logistic model cannot be fitted');
}

/** Score test of all slopes = 0, evaluated at the intercept-only fit. */
function scoreTest(y: number[], X: Dense): TestStatistic {
  const { n, p, data } = X;
  const p0 = y.reduce((s, v) => s + v, 0) / n;
  const u = new Array<number>(p).fill(0);
  for (let i = 0; i < n; i++) for (let a = 0; a < p; a++) u[a] += data[i * p + a] * (y[i] - p0);
  const info = crossprodDense(X, new Float64Array(n).fill(p0 * (1 - p0)));
  const x = solveSpd(info, u);
  const df = p - 1;
  const statistic = x ? Math.max(0, dot(u, x)) : NaN;
  return { statistic, df, p: pchisq(statistic, df, false) };
}

function waldTest(beta: number[], covariance: number[][]): TestStatistic {
  const idx = beta.map((_, k) => k).slice(1);
  const df = idx.length;
  if (df === 0) return { statistic: 0, df: 0, p: 1 };
  const V = idx.map((a) => idx.map((b) => covariance[a][b]));
  const b = idx.map((k) => beta[k]);
  const x = solveSpd(V, b);
  const statistic = x ? dot(b, x) : NaN;
  return { statistic, df, p: pchisq(statistic, df, false) };
}

export function withIntercept(X: number[][]): number[][] {
  return X.map((row) => [1, ...row]);
}

export function fitLogistic(input: LogisticInput): LogisticResult {
  validateInput(input);
  const { y, names } = input;
  const warnings: string[] = [];
  const fullX = packRows(input.X, { intercept: true });
  const terms = ['(Intercept)', ...names];
  const kept = independentColumns(fullX);
  const aliased = terms.filter((_, j) => !kept.includes(j));
  if (!kept.includes(0)) throw new ModelInputError('the intercept is not estimable');
  for (const j of terms.map((_, k) => k).filter((k) => !kept.includes(k))) {
    const values = column(fullX, j);
    const constant = values.every((v) => v === values[0]);
    warnings.push(
      constant
        ? `covariate '${terms[j]}' is constant; it was dropped (aliased with the intercept, NA in R's glm)`
        : `covariate '${terms[j]}' is a linear combination of earlier terms (collinear); it was dropped (NA in R's glm)`,
    );
  }
  const design = selectColumns(fullX, kept);
  // Firth still takes row arrays; a plain ML fit never needs them.
  let rows: number[][] | undefined;
  const X = (): number[][] => (rows ??= unpackRows(design));
  const keptTerms = kept.map((j) => terms[j]);
  const core = input.firth
    ? firthLogistic(y, X(), { maxIter: input.maxIter })
    : irlsLogistic(y, design, { maxIter: input.maxIter, epsilon: input.epsilon });
  const n = y.length;
  const events = y.reduce((s, v) => s + v, 0);
  // logistf reports penalised log-likelihoods for both models; the LR test compares them.
  const ll0 = input.firth
    ? firthLogistic(
        y,
        X().map((row) => [row[0]]),
        {},
      ).logLik
    : nullLogLik(y);

  if (!core.converged) warnings.push(input.firth ? 'Firth fit: algorithm did not converge' : 'glm.fit: algorithm did not converge');
  if (!input.firth) {
    if (core.boundaryFitted) warnings.push('glm.fit: fitted probabilities numerically 0 or 1 occurred');
    // glm only notices separation when a fitted probability is within 1e-15 of 0 or 1; a separated
    // fit can converge before that (linear predictors of 20-25), so a large linear predictor also
    // triggers the check. Non-separated data rarely get there, so the extra Newton steps are rare.
    const extreme = core.linearPredictor.some((v) => Math.abs(v) > 15);
    if (kept.length > 1 && (core.boundaryFitted || !core.converged || extreme) && detectSeparation(y, design, core.beta)) {
      warnings.push(
        'complete or quasi-complete separation: some coefficients diverge to infinity and their estimates, ' +
          'standard errors and tests are not meaningful; refit with --firth (penalised likelihood)',
      );
    }
  }

  const df = kept.length - 1;
  const lrStatistic = Math.max(0, 2 * (core.logLik - ll0));
  const lr: TestStatistic = { statistic: lrStatistic, df, p: pchisq(lrStatistic, df, false) };
  const disc = discrimination(core.linearPredictor, y, lrStatistic);
  return {
    model: 'logistic',
    method: input.firth ? 'firth' : 'ml',
    n,
    events,
    coefficients:
      input.firth && input.profile !== false
        ? firthRows(y, X(), core, keptTerms)
        : keptTerms.map((term, k) => coefficientRow(term, core.beta[k], Math.sqrt(core.covariance[k][k]))),
    aliased,
    covariance: core.covariance,
    logLik: { null: ll0, model: core.logLik },
    deviance: { null: -2 * nullLogLik(y), residual: core.deviance },
    tests: { lr, wald: waldTest(core.beta, core.covariance), score: scoreTest(y, design) },
    concordance: { estimate: disc.C, se: disc.seC },
    discrimination: disc,
    iterations: core.iterations,
    converged: core.converged,
    warnings,
  };
}

/** Mid-ranks (1-based), ties averaged, as R's rank(). */
export function midRanks(x: number[]): number[] {
  const order = x.map((_, i) => i).sort((a, b) => x[a] - x[b]);
  const ranks = new Array<number>(x.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && x[order[j + 1]] === x[order[i]]) j++;
    const r = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

/**
 * C statistic (Hmisc::somers2) with its DeLong standard error, from one sort: walking the values in
 * order, a tie group's members have as mid-rank among all and as placement among the other group
 * counts of the events and non-events before and within the group. The counts are exact and the sums
 * run in row order, so this is the same to the last bit as ranking all values and each group
 * separately (concordanceByRanks), with one sort instead of three.
 */
export function concordanceIndex(x: number[], y: number[]): { C: number; se: number } {
  const n = x.length;
  let n1 = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(x[i])) return concordanceByRanks(x, y);
    if (y[i] === 1) n1++;
  }
  const n0 = n - n1;
  if (n1 === 0 || n0 === 0) return { C: NaN, se: NaN };
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => x[a] - x[b]);
  // Per row: an event's mid-rank among all and its share of non-events below it (ties half); a
  // non-event's share of events above it (ties half).
  const rank = new Float64Array(n);
  const placement = new Float64Array(n);
  let eventsBefore = 0;
  let nonBefore = 0;
  for (let g = 0; g < n;) {
    const v = x[order[g]];
    let h = g;
    let e = 0;
    let o = 0;
    for (; h < n && x[order[h]] === v; h++) {
      if (y[order[h]] === 1) e++;
      else o++;
    }
    for (let k = g; k < h; k++) {
      const i = order[k];
      if (y[i] === 1) {
        rank[i] = (2 * (eventsBefore + nonBefore) + e + o + 1) / 2;
        placement[i] = (2 * nonBefore + o) / 2 / n0;
      } else placement[i] = 1 - (2 * eventsBefore + e) / 2 / n1;
    }
    eventsBefore += e;
    nonBefore += o;
    g = h;
  }
  const v10 = new Array<number>(n1);
  const v01 = new Array<number>(n0);
  let rankSum = 0;
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (y[i] === 1) {
      rankSum += rank[i];
      v10[a++] = placement[i];
    } else v01[b++] = placement[i];
  }
  const C = (rankSum / n1 - (n1 + 1) / 2) / n0;
  return { C, se: Math.sqrt(sampleVariance(v10) / n1 + sampleVariance(v01) / n0) };
}

function sampleVariance(v: number[]): number {
  if (v.length < 2) return 0;
  const m = v.reduce((s, a) => s + a, 0) / v.length;
  return v.reduce((s, a) => s + (a - m) ** 2, 0) / (v.length - 1);
}

/** concordanceIndex by mid-ranks of all values and of each group (what a NaN, which no search can place, leaves to the sort). */
export function concordanceByRanks(x: number[], y: number[]): { C: number; se: number } {
  const ranks = midRanks(x);
  const events = x.map((_, i) => i).filter((i) => y[i] === 1);
  const nonEvents = x.map((_, i) => i).filter((i) => y[i] !== 1);
  const n1 = events.length;
  const n0 = nonEvents.length;
  if (n1 === 0 || n0 === 0) return { C: NaN, se: NaN };
  const meanRank = events.reduce((s, i) => s + ranks[i], 0) / n1;
  const C = (meanRank - (n1 + 1) / 2) / n0;
  // DeLong placements: for an event, the share of non-events it outranks; for a non-event, the share
  // of events that outrank it (ties half). Ranks within each group give them without pairwise loops.
  const rEvents = midRanks(events.map((i) => x[i]));
  const rNon = midRanks(nonEvents.map((i) => x[i]));
  const v10 = events.map((i, k) => (ranks[i] - rEvents[k]) / n0);
  const v01 = nonEvents.map((i, k) => 1 - (ranks[i] - rNon[k]) / n1);
  return { C, se: Math.sqrt(sampleVariance(v10) / n1 + sampleVariance(v01) / n0) };
}

/** Gini's mean difference (Hmisc::GiniMd). */
export function giniMd(x: number[]): number {
  const n = x.length;
  if (n < 2) return NaN;
  const mean = x.reduce((s, v) => s + v, 0) / n;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = x[i] - mean;
  sorted.sort();
  return giniSum(sorted);
}

function giniSum(sorted: Float64Array): number {
  const n = sorted.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += ((4 * (i + 1 - (n - 1) / 2)) / n / (n - 1)) * sorted[i];
  return s;
}

/**
 * giniMd(x.map((v) => scale * v)), the same double, placing the values by x's ranks (a counting sort)
 * instead of sorting them: for a caller that has the ranks already (a bootstrap replicate ranks its
 * linear predictor once for the concordance). A positive scale keeps x's order and a negative one
 * reverses it, rounding included (multiplying and subtracting the mean are monotone), and equal values
 * may sit in any order; a zero or non-finite scale goes through giniMd. `ranks.rank[i]` is x[i]'s rank
 * (denseRanks', or with gaps).
 */
export function giniMdByRank(x: readonly number[], ranks: Ranks, scale = 1): number {
  const n = x.length;
  if (!(scale > 0 || scale < 0) || !Number.isFinite(scale) || n < 2) return giniMd(x.map((v) => scale * v));
  const y = scale === 1 ? x : x.map((v) => scale * v);
  const mean = y.reduce((s, v) => s + v, 0) / n;
  const { rank, count } = ranks;
  const start = new Int32Array(count + 1);
  for (let i = 0; i < n; i++) start[(scale > 0 ? rank[i] : count - 1 - rank[i]) + 1]++;
  for (let k = 1; k <= count; k++) start[k] += start[k - 1];
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[start[scale > 0 ? rank[i] : count - 1 - rank[i]]++] = y[i] - mean;
  return giniSum(sorted);
}

/** Nagelkerke R2 from the LR statistic, as rms::lrm.fit. */
export function nagelkerkeR2(lr: number, y: number[]): number {
  const n = y.length;
  return (1 - Math.exp(-lr / n)) / (1 - Math.exp((2 * nullLogLik(y)) / n));
}

export function brierScore(lp: number[], y: number[]): number {
  return lp.reduce((s, v, i) => s + (plogis(v) - y[i]) ** 2, 0) / y.length;
}

export function discrimination(lp: number[], y: number[], lr = NaN): Discrimination {
  const { C, se } = concordanceIndex(lp, y);
  return {
    C,
    seC: se,
    Dxy: 2 * (C - 0.5),
    brier: brierScore(lp, y),
    R2: nagelkerkeR2(lr, y),
    g: giniMd(lp),
    gp: giniMd(lp.map(plogis)),
  };
}
