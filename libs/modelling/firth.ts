import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { ModelInputError } from './errors';
import type { LogisticCore } from './logistic';

/**
 * Firth's bias-reduced logistic regression (penalised likelihood l(b) + 0.5 log|I(b)|, i.e. a
 * Jeffreys prior), fitted as logistf::logistf.fit does: Newton-Raphson on the modified score
 * X'(y - p + h (0.5 - p)) with steps capped at `maxStep` and halved while the penalised
 * log-likelihood decreases. Estimates stay finite under separation. Intervals and p-values are
 * logistf's defaults: profile penalised likelihood and penalised likelihood ratio (firthProfiles).
 */

export interface FirthOptions {
  maxIter?: number;
  maxStep?: number;
  maxHalfSteps?: number;
  /** Convergence: largest coefficient change and largest modified-score component. */
  tolerance?: number;
}

interface FirthState {
  beta: number[];
  p: number[];
  info: Matrix;
  chol: CholeskyDecomposition;
  penalisedLogLik: number;
}

function plogis(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

function evaluate(y: number[], X: Matrix, beta: number[]): FirthState | null {
  const n = y.length;
  const eta = X.mmul(Matrix.columnVector(beta)).getColumn(0);
  const p = eta.map(plogis);
  const sqrtW = p.map((m) => Math.sqrt(m * (1 - m)));
  const Xw = X.clone();
  for (let i = 0; i < n; i++) for (let j = 0; j < X.columns; j++) Xw.set(i, j, X.get(i, j) * sqrtW[i]);
  const info = Xw.transpose().mmul(Xw);
  const chol = new CholeskyDecomposition(info);
  if (!chol.isPositiveDefinite()) return null;
  const L = chol.lowerTriangularMatrix;
  let logDet = 0;
  for (let j = 0; j < X.columns; j++) logDet += 2 * Math.log(L.get(j, j));
  let ll = 0;
  for (let i = 0; i < n; i++) {
    // log p and log(1 - p) from eta directly, so tiny probabilities do not underflow to log(0).
    ll += y[i] === 1 ? -Math.log1p(Math.exp(-eta[i])) : -Math.log1p(Math.exp(eta[i]));
  }
  const penalisedLogLik = ll + 0.5 * logDet;
  if (!Number.isFinite(penalisedLogLik)) return null;
  return { beta, p, info, chol, penalisedLogLik };
}

/** Modified score U* = X'(y - p + h (0.5 - p)), h the diagonal of the weighted hat matrix. */
function modifiedScore(y: number[], X: Matrix, state: FirthState): number[] {
  const n = y.length;
  const k = X.columns;
  const inv = state.chol.solve(Matrix.eye(k));
  const score = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const xi = X.getRow(i);
    const w = state.p[i] * (1 - state.p[i]);
    let h = 0;
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let b = 0; b < k; b++) s += inv.get(a, b) * xi[b];
      h += xi[a] * s;
    }
    h *= w;
    const r = y[i] - state.p[i] + h * (0.5 - state.p[i]);
    for (let a = 0; a < k; a++) score[a] += xi[a] * r;
  }
  return score;
}

export function firthLogistic(y: number[], rows: number[][], options: FirthOptions = {}): LogisticCore {
  const X = new Matrix(rows);
  const ybar = y.reduce((s, v) => s + v, 0) / y.length;
  // Start at the intercept-only estimate (logit of the shrunk mean, finite even for 0 or n events).
  const start = new Array<number>(X.columns).fill(0);
  start[0] = Math.log((ybar * y.length + 0.5) / ((1 - ybar) * y.length + 0.5));
  const { state: final, iterations, converged } = firthIterate(y, X, start, null, options);
  const inv = final.chol.solve(Matrix.eye(X.columns)).to2DArray();
  const covariance = inv.map((row, a) => row.map((v, b) => (v + inv[b][a]) / 2));
  const lp = X.mmul(Matrix.columnVector(final.beta)).getColumn(0);
  let deviance = 0;
  for (let i = 0; i < y.length; i++) deviance -= 2 * (y[i] === 1 ? Math.log(final.p[i]) : Math.log(1 - final.p[i]));
  return {
    beta: final.beta,
    covariance,
    linearPredictor: lp,
    fitted: final.p,
    deviance,
    logLik: final.penalisedLogLik,
    iterations,
    converged,
    boundaryFitted: false,
  };
}

/**
 * logistf.fit's Newton-Raphson: the modified score with the hat matrix of the full design, steps from
 * the inverse information of the free coefficients only (coefficient `fixed` held at its start value,
 * as logistf's profile and penalised likelihood-ratio fits do), capped at maxStep, halved while the
 * penalised log-likelihood decreases.
 */
function firthIterate(
  y: number[],
  X: Matrix,
  start: number[],
  fixed: number | null,
  options: FirthOptions,
): { state: FirthState; iterations: number; converged: boolean } {
  // logistf stops at 25 iterations with tolerances of 1e-5; converging to 1e-9 under separation (estimates
  // of 10 or more, reached in steps of at most 5 with halving) can take more.
  const maxIter = options.maxIter ?? 100;
  const maxStep = options.maxStep ?? 5;
  const maxHalfSteps = options.maxHalfSteps ?? 25;
  const tolerance = options.tolerance ?? 1e-9;
  const k = X.columns;
  const free = Array.from({ length: k }, (_, j) => j).filter((j) => j !== fixed);
  let state = evaluate(y, X, start);
  if (!state) throw new ModelInputError('Firth fit: the information matrix is singular (collinear covariates?)');
  let converged = false;
  let iterations = 0;
  const freeScore = (st: FirthState) => {
    const score = modifiedScore(y, X, st);
    return free.map((j) => score[j]);
  };
  for (let iter = 1; iter <= maxIter; iter++) {
    iterations = iter;
    const score = freeScore(state);
    let step: number[];
    if (fixed === null) step = state.chol.solve(Matrix.columnVector(score)).getColumn(0);
    else {
      const current = state;
      const sub = new Matrix(free.map((a) => free.map((b) => current.info.get(a, b))));
      const chol = new CholeskyDecomposition(sub);
      if (!chol.isPositiveDefinite()) break;
      step = chol.solve(Matrix.columnVector(score)).getColumn(0);
    }
    let delta = new Array<number>(k).fill(0);
    free.forEach((j, a) => (delta[j] = step[a]));
    const largest = Math.max(...delta.map(Math.abs));
    if (largest > maxStep) delta = delta.map((d) => (d * maxStep) / largest);
    let next: FirthState | null = null;
    for (let half = 0; half <= maxHalfSteps; half++) {
      const current: FirthState = state;
      const candidate = evaluate(
        y,
        X,
        current.beta.map((b, j) => b + delta[j]),
      );
      if (candidate && candidate.penalisedLogLik >= current.penalisedLogLik - 1e-12) {
        next = candidate;
        break;
      }
      delta = delta.map((d) => d / 2);
    }
    if (!next) break;
    const change = Math.max(...delta.map(Math.abs));
    state = next;
    const scoreMax = Math.max(0, ...freeScore(state).map(Math.abs));
    if (change <= tolerance || scoreMax <= tolerance) {
      converged = scoreMax <= Math.sqrt(tolerance);
      if (converged) break;
    }
  }
  return { state, iterations, converged };
}

/** logistf's defaults: 95% profile penalised-likelihood intervals and penalised likelihood-ratio tests. */
export interface FirthProfile {
  lower: number;
  upper: number;
  /** 2 (l*(full) - l*(beta_j = 0)), the penalised likelihood-ratio statistic (1 df). */
  chisq: number;
}

/** Penalised log-likelihood maximised with coefficient j held at `value` (the penalty from the full design). */
function profileLogLik(y: number[], X: Matrix, beta: number[], j: number, value: number, options: FirthOptions): number {
  const start = [...beta];
  start[j] = value;
  const { state } = firthIterate(y, X, start, j, { maxIter: 100, ...options });
  return state.penalisedLogLik;
}

/**
 * Profile penalised-likelihood limits and the penalised LR statistic for each coefficient of a Firth
 * fit: the values b where 2 (l*max - l*(b)) equals the chi-square quantile, found by bracketing out
 * from the estimate in half standard errors and then Illinois regula falsi to 1e-11 (logistf locates
 * them by its own iteration with tolerance 1e-4; the limits are the same points).
 */
export function firthProfiles(y: number[], rows: number[][], fit: LogisticCore, quantile: number): FirthProfile[] {
  const X = new Matrix(rows);
  const top = fit.logLik;
  const options: FirthOptions = { tolerance: 1e-10 };
  return fit.beta.map((b, j) => {
    const se = Math.sqrt(fit.covariance[j][j]);
    const excess = (value: number) => {
      try {
        return 2 * (top - profileLogLik(y, X, fit.beta, j, value, options)) - quantile;
      } catch {
        // The information is singular this far out: the penalised likelihood has long fallen below the limit.
        return Infinity;
      }
    };
    // Bracket in half standard errors (far-out values make the weights underflow), then bisect.
    const limit = (direction: 1 | -1): number => {
      const step = Math.max(se, 1e-6) / 2;
      let inner = b;
      let outer = b + direction * step;
      for (let tries = 0; excess(outer) < 0; tries++) {
        if (tries > 400) return direction * Infinity;
        inner = outer;
        outer += direction * step;
      }
      // Illinois (regula falsi with halving): superlinear, so a limit takes ~10 restricted fits, not ~40.
      let fa = excess(inner);
      let fb = excess(outer);
      if (!Number.isFinite(fb)) {
        // A singular restricted fit at the far end: bisect until the bracket has finite ends.
        for (let it = 0; it < 60 && !Number.isFinite(fb); it++) {
          const mid = (inner + outer) / 2;
          const fm = excess(mid);
          if (fm < 0) {
            inner = mid;
            fa = fm;
          } else {
            outer = mid;
            fb = fm;
          }
        }
      }
      let side = 0;
      for (let it = 0; it < 200 && Math.abs(outer - inner) > 1e-11 * Math.max(1, Math.abs(b)); it++) {
        const mid = Number.isFinite(fb) && fb !== fa ? outer - (fb * (outer - inner)) / (fb - fa) : (inner + outer) / 2;
        const fm = excess(mid);
        if (fm === 0) return mid;
        if (fm < 0) {
          inner = mid;
          fa = fm;
          if (side === -1) fb /= 2;
          side = -1;
        } else {
          outer = mid;
          fb = fm;
          if (side === 1) fa /= 2;
          side = 1;
        }
      }
      return (inner + outer) / 2;
    };
    const chisq = Math.max(0, 2 * (top - profileLogLik(y, X, fit.beta, j, 0, options)));
    return { lower: limit(-1), upper: limit(1), chisq };
  });
}
