/**
 * A design matrix packed row-major into one Float64Array, for the loops that run over every row on
 * every iteration (IRLS, the alias check). An array of row arrays costs one object per row and a
 * pointer chase per cell; packed, a 100,000 x 21 design is one allocation read in order.
 *
 * The loops here add in the same order as the row-array versions they replace (rows ascending, then
 * columns), so their results are the same to the last bit.
 */

import { CholeskyDecomposition, Matrix } from 'ml-matrix';

export interface Dense {
  /** Rows. */
  n: number;
  /** Columns. */
  p: number;
  /** Row i, column j at data[i * p + j]. */
  data: Float64Array;
}

export function isDense(X: number[][] | Dense): X is Dense {
  return !Array.isArray(X);
}

/**
 * Packs row arrays; `intercept` puts a column of ones first, `columns` keeps only those columns (of
 * the matrix with the intercept, in the order given).
 */
export function packRows(X: number[][], options: { intercept?: boolean; columns?: number[] } = {}): Dense {
  const n = X.length;
  const shift = options.intercept ? 1 : 0;
  const width = (X[0]?.length ?? 0) + shift;
  const columns = options.columns ?? Array.from({ length: width }, (_, j) => j);
  const p = columns.length;
  const data = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const row = X[i];
    const base = i * p;
    for (let k = 0; k < p; k++) {
      const j = columns[k] - shift;
      data[base + k] = j < 0 ? 1 : row[j];
    }
  }
  return { n, p, data };
}

export function toDense(X: number[][] | Dense): Dense {
  return isDense(X) ? X : packRows(X);
}

/** A plain array of the values (Array.from is several times slower on a typed array). */
export function toArray(values: Float64Array): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return out;
}

/** The rows again as arrays (for the code paths that still take them: Firth, the separation check). */
export function unpackRows(D: Dense): number[][] {
  const rows: number[][] = new Array<number[]>(D.n);
  for (let i = 0; i < D.n; i++) rows[i] = toArray(D.data.subarray(i * D.p, (i + 1) * D.p));
  return rows;
}

/** Column j as its own array. */
export function column(D: Dense, j: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(D.n);
  for (let i = 0; i < D.n; i++) out[i] = D.data[i * D.p + j];
  return out;
}

/** Only the given columns, in that order. */
export function selectColumns(D: Dense, columns: number[]): Dense {
  if (columns.length === D.p && columns.every((j, k) => j === k)) return D;
  const p = columns.length;
  const data = new Float64Array(D.n * p);
  for (let i = 0; i < D.n; i++) for (let k = 0; k < p; k++) data[i * p + k] = D.data[i * D.p + columns[k]];
  return { n: D.n, p, data };
}

/**
 * X' diag(w) X (w omitted: X'X), as a p x p array of rows. Rows are taken two at a time, each sum
 * still adding row i's term before row i + 1's (a + u + v is (a + u) + v), so the result is the same
 * as one row at a time with half the loads and stores of the sums.
 */
export function crossprodDense(D: Dense, w?: ArrayLike<number>): number[][] {
  const { n, p, data } = D;
  const acc = new Float64Array(p * p);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const base = i * p;
    const next = base + p;
    const wi = w === undefined ? 1 : w[i];
    const wj = w === undefined ? 1 : w[i + 1];
    for (let a = 0; a < p; a++) {
      const u = wi * data[base + a];
      const v = wj * data[next + a];
      const row = a * p;
      for (let b = a; b < p; b++) acc[row + b] = acc[row + b] + u * data[base + b] + v * data[next + b];
    }
  }
  for (; i < n; i++) {
    const base = i * p;
    const wi = w === undefined ? 1 : w[i];
    for (let a = 0; a < p; a++) {
      const u = wi * data[base + a];
      const row = a * p;
      for (let b = a; b < p; b++) acc[row + b] += u * data[base + b];
    }
  }
  const out: number[][] = [];
  for (let a = 0; a < p; a++) {
    const r = new Array<number>(p);
    for (let b = 0; b < p; b++) r[b] = a <= b ? acc[a * p + b] : acc[b * p + a];
    out.push(r);
  }
  return out;
}

/** X beta (+ offset), one value per row. */
export function multiply(D: Dense, beta: ArrayLike<number>, offset?: ArrayLike<number>): Float64Array<ArrayBuffer> {
  const { n, p, data } = D;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const base = i * p;
    let s = 0;
    for (let a = 0; a < p; a++) s += data[base + a] * beta[a];
    out[i] = offset === undefined ? s : s + offset[i];
  }
  return out;
}

/**
 * Column indexes that are linearly independent of the columns before them: modified Gram-Schmidt in
 * column order (as R's dqrdc2 keeps the earlier of two collinear columns); a column whose residual
 * norm is below `tolerance` of its own norm is left out.
 */
export function independentDenseColumns(D: Dense, tolerance: number): number[] {
  const { n, p } = D;
  if (farFromCollinear(D, tolerance)) return Array.from({ length: p }, (_, j) => j);
  const basis: Float64Array[] = [];
  const kept: number[] = [];
  for (let j = 0; j < p; j++) {
    const v = column(D, j);
    const norm0 = Math.sqrt(dotArrays(v, v));
    if (norm0 === 0) continue;
    for (const q of basis) {
      const c = dotArrays(q, v);
      for (let i = 0; i < n; i++) v[i] -= c * q[i];
    }
    const norm = Math.sqrt(dotArrays(v, v));
    if (norm / norm0 < tolerance) continue;
    for (let i = 0; i < n; i++) v[i] = v[i] / norm;
    basis.push(v);
    kept.push(j);
  }
  return kept;
}

/**
 * Whether every column is far from the span of the columns before it, so that Gram-Schmidt would keep
 * them all: the Cholesky factor of X'X (ml-matrix's) has L_jj^2 / (X'X)_jj = the squared ratio Gram-Schmidt compares
 * with the tolerance. It is computed from X'X (one pass over the rows instead of p), so it is trusted
 * only far from the tolerance: each ratio above sqrt(tolerance) (1e-3.5 against 1e-7), where the
 * rounding of X'X and of the factorisation (relative 1e-10 at 100,000 rows) cannot move it across.
 */
function farFromCollinear(D: Dense, tolerance: number): boolean {
  const A = crossprodDense(D);
  const chol = new CholeskyDecomposition(new Matrix(A));
  if (!chol.isPositiveDefinite()) return false;
  const L = chol.lowerTriangularMatrix;
  return A.every((row, j) => row[j] > 0 && L.get(j, j) ** 2 / row[j] > tolerance);
}

function dotArrays(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
