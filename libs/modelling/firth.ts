import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { ModelInputError } from './errors';
import type { LogisticCore } from './logistic';

/**
 * Firth's bias-reduced logistic regression (penalised likelihood l(b) + 0.5 log|I(b)|, i.e. a
 * Jeffreys prior), fitted as logistf::logistf.fit does: Newton-Raphson on the modified score
 * X'(y - p + h (0.5 - p)) with steps capped at `maxStep` and halved while the penalised
 * log-likelihood decreases. Estimates stay finite under separation. Intervals reported from this
 * fit are Wald intervals from the inverse information (logistf defaults to profile penalised
 * likelihood intervals, which are not computed here).
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
  const maxIter = options.maxIter ?? 25;
  const maxStep = options.maxStep ?? 5;
  const maxHalfSteps = options.maxHalfSteps ?? 25;
  const tolerance = options.tolerance ?? 1e-9;
  const X = new Matrix(rows);
  const ybar = y.reduce((s, v) => s + v, 0) / y.length;
  // Start at the intercept-only estimate (logit of the shrunk mean, finite even for 0 or n events).
  const start = new Array<number>(X.columns).fill(0);
  start[0] = Math.log((ybar * y.length + 0.5) / ((1 - ybar) * y.length + 0.5));
  let state = evaluate(y, X, start);
  if (!state) throw new ModelInputError('Firth fit: the information matrix is singular (collinear covariates?)');
  let converged = false;
  let iterations = 0;
  for (let iter = 1; iter <= maxIter; iter++) {
    iterations = iter;
    const score = modifiedScore(y, X, state);
    let delta = state.chol.solve(Matrix.columnVector(score)).getColumn(0);
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
    const scoreMax = Math.max(...modifiedScore(y, X, state).map(Math.abs));
    if (change <= tolerance || scoreMax <= tolerance) {
      converged = scoreMax <= Math.sqrt(tolerance);
      if (converged) break;
    }
  }
  const final = state;
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
