/**
 * Test of proportional hazards, as survival (>= 3.0) cox.zph: a score test for adding beta_j * g(t) terms
 * to the fitted model, with g the transformed time centred over the events, using the full 2p x 2p
 * information matrix at the fitted coefficients (port of survival's zph1).
 */
import { Matrix, solve } from 'ml-matrix';
import type { CoxFit } from './cox';
import { ModelInputError } from './errors';
import { pchisq } from './stats';
import { checkSurvivalData, codeStrata, orderByStratumTime, SurvivalData } from './survival-data';

export type ZphTransform = 'km' | 'identity' | 'rank' | 'log';

export interface ZphTerm {
  term: string;
  chisq: number;
  df: number;
  p: number;
}

export interface ZphResult {
  transform: ZphTransform;
  terms: ZphTerm[];
  global: { chisq: number; df: number; p: number };
}

export interface ZphData extends SurvivalData {
  /** The same rows and columns the model was fitted to. */
  X: readonly (readonly number[])[];
}

export function coxZph(fit: CoxFit, data: ZphData, options: { transform?: ZphTransform } = {}): ZphResult {
  const transform = options.transform ?? 'km';
  const n = checkSurvivalData(data);
  if (data.X.length !== n) throw new ModelInputError(`time has ${n} values but X has ${data.X.length} rows`);
  const keep = fit.terms.map((_, j) => j).filter((j) => !fit.aliased.includes(fit.terms[j]));
  const p = keep.length;
  if (p === 0) throw new ModelInputError('no estimable coefficients to test');

  const eta = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let j = 0; j < fit.terms.length; j++) s += fit.beta[j] * (data.X[r][j] - fit.means[j]);
    eta[r] = s;
  }
  const gtime = transformedTime(data.time, data.event, transform);
  const { codes } = codeStrata(data.strata, n);
  const order = orderByStratumTime(data.time, codes);

  // Centre X (unweighted, all rows) for stability, as zph1 does.
  const covar: Float64Array[] = keep.map((j) => {
    const col = new Float64Array(n);
    let mean = 0;
    for (let r = 0; r < n; r++) mean += data.X[r][j];
    mean /= n;
    for (let r = 0; r < n; r++) col[r] = data.X[r][j] - mean;
    return col;
  });
  const { u, imat } = scoreAndInformation(data, order, codes, covar, eta, gtime, fit.ties === 'efron');

  const chisqFor = (rows: number[], score: number[]): number => {
    const sub = new Matrix(rows.map((i) => rows.map((j) => imat[i][j])));
    const x = solve(sub, Matrix.columnVector(score));
    let s = 0;
    for (let i = 0; i < score.length; i++) s += score[i] * x.get(i, 0);
    return s;
  };
  const base = Array.from({ length: p }, (_, i) => i);
  const zeros = new Array<number>(p).fill(0);
  const terms: ZphTerm[] = keep.map((j, k) => {
    const chisq = chisqFor([...base, p + k], [...zeros, u[p + k]]);
    return { term: fit.terms[j], chisq, df: 1, p: pchisq(chisq, 1, false) };
  });
  const globalChisq = chisqFor(
    Array.from({ length: 2 * p }, (_, i) => i),
    [...zeros, ...u.slice(p)],
  );
  return { transform, terms, global: { chisq: globalChisq, df: p, p: pchisq(globalChisq, p, false) } };
}

/** g(t) for each row, centred on its mean over the events (cox.zph's `gtime`). */
function transformedTime(time: readonly number[], event: readonly (0 | 1)[], transform: ZphTransform): Float64Array {
  const n = time.length;
  const g = new Float64Array(n);
  if (transform === 'identity') for (let i = 0; i < n; i++) g[i] = time[i];
  else if (transform === 'log') {
    for (let i = 0; i < n; i++) {
      if (!(time[i] > 0)) throw new ModelInputError('the log transform needs positive times');
      g[i] = Math.log(time[i]);
    }
  } else if (transform === 'rank') {
    const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a] - time[b]);
    for (let k = 0; k < n;) {
      let end = k;
      while (end < n && time[idx[end]] === time[idx[k]]) end++;
      for (let j = k; j < end; j++) g[idx[j]] = (k + 1 + end) / 2;
      k = end;
    }
  } else if (transform === 'km') {
    // 1 - S(t-) from the Kaplan-Meier curve of all rows, ignoring strata.
    const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a] - time[b]);
    let atRisk = n;
    let km = 1;
    for (let k = 0; k < n;) {
      let end = k;
      let d = 0;
      while (end < n && time[idx[end]] === time[idx[k]]) d += event[idx[end++]];
      for (let j = k; j < end; j++) g[idx[j]] = 1 - km;
      if (d > 0) km *= (atRisk - d) / atRisk;
      atRisk -= end - k;
      k = end;
    }
  } else {
    throw new ModelInputError(`unknown transform "${String(transform)}"`);
  }
  let sum = 0;
  let events = 0;
  for (let i = 0; i < n; i++) {
    if (event[i] === 1) {
      sum += g[i];
      events++;
    }
  }
  const mean = sum / events;
  for (let i = 0; i < n; i++) g[i] -= mean;
  return g;
}

/** zph1: score for the g(t)-interaction terms and the full information matrix at the fitted beta. */
function scoreAndInformation(
  data: ZphData,
  order: Int32Array,
  strata: Int32Array,
  covar: Float64Array[],
  eta: Float64Array,
  gtime: Float64Array,
  efron: boolean,
): { u: number[]; imat: number[][] } {
  const p = covar.length;
  const { time, event } = data;
  const u = new Array<number>(2 * p).fill(0);
  const imat = Array.from({ length: 2 * p }, () => new Array<number>(2 * p).fill(0));
  const a = new Array<number>(p).fill(0);
  const a2 = new Array<number>(p).fill(0);
  const cmat = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const cmat2 = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  let denom = 0;
  let cstrat = -1;
  let ip = order.length - 1;
  while (ip >= 0) {
    let person = order[ip];
    if (strata[person] !== cstrat) {
      cstrat = strata[person];
      denom = 0;
      for (let i = 0; i < p; i++) {
        a[i] = 0;
        cmat[i].fill(0);
      }
    }
    const dtime = time[person];
    const timewt = gtime[person];
    let ndead = 0;
    let deadwt = 0;
    let denom2 = 0;
    for (; ip >= 0; ip--) {
      person = order[ip];
      if (time[person] !== dtime || strata[person] !== cstrat) break;
      const risk = Math.exp(eta[person]);
      if (event[person] === 0) {
        denom += risk;
        for (let i = 0; i < p; i++) {
          a[i] += risk * covar[i][person];
          for (let j = 0; j <= i; j++) cmat[i][j] += risk * covar[i][person] * covar[j][person];
        }
      } else {
        ndead++;
        deadwt += 1;
        denom2 += risk;
        for (let i = 0; i < p; i++) {
          u[i] += covar[i][person];
          u[i + p] += timewt * covar[i][person];
          a2[i] += risk * covar[i][person];
          for (let j = 0; j <= i; j++) cmat2[i][j] += risk * covar[i][person] * covar[j][person];
        }
      }
    }
    if (ndead > 0) {
      // Breslow, and Efron with its 1/ndead steps (identical when there is one death).
      const steps = efron ? ndead : 1;
      const wtave = deadwt / steps;
      for (let k = 0; k < steps; k++) {
        denom += denom2 / steps;
        for (let i = 0; i < p; i++) {
          a[i] += a2[i] / steps;
          const mean = a[i] / denom;
          u[i] -= wtave * mean;
          u[i + p] -= timewt * wtave * mean;
          for (let j = 0; j <= i; j++) {
            cmat[i][j] += cmat2[i][j] / steps;
            const temp = (wtave * (cmat[i][j] - mean * a[j])) / denom;
            imat[j][i] += temp;
            imat[j][i + p] += temp * timewt;
            imat[j + p][i + p] += temp * timewt * timewt;
          }
        }
      }
      for (let i = 0; i < p; i++) {
        a2[i] = 0;
        cmat2[i].fill(0);
      }
    }
  }
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < i; j++) {
      imat[i][j] = imat[j][i];
      imat[i][j + p] = imat[j][i + p];
      imat[i + p][j + p] = imat[j + p][i + p];
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) imat[i + p][j] = imat[j][i + p];
  return { u, imat };
}
