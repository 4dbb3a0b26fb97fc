/**
 * Cox proportional hazards regression, a port of R survival's coxph.fit / coxfit6 (Efron and Breslow
 * ties, strata) so that estimates, information matrix, tests and warnings agree with R to many decimals.
 */
import { concordance } from './concordance';
import { ModelInputError } from './errors';
import { pchisq, qnorm, twoSidedP } from './stats';
import { checkSurvivalData, codeStrata, orderByStratumTime, SurvivalData } from './survival-data';

export type CoxTies = 'efron' | 'breslow';

export interface CoxInput extends SurvivalData {
  /** One row per subject, one column per covariate (already coded: dummies, numbers). */
  X: readonly (readonly number[])[];
  names: readonly string[];
  ties?: CoxTies;
  /** survival::coxph.control defaults. */
  maxIter?: number;
  eps?: number;
  tolerChol?: number;
  /**
   * The rows in stratum-then-time order, as orderByStratumTime(time, codes of strata) gives them: for a
   * caller that fits the same rows again and again (validation refits each replicate's linear
   * predictor on the original rows). Unset: computed here.
   */
  order?: Int32Array;
}

export interface CoxCoefficient {
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

export interface ChiSquareTest {
  statistic: number;
  df: number;
  p: number;
}

/** The step function survfit(fit) reports for one stratum, at the covariate means. */
export interface CoxBaselineCurve {
  stratum: string | null;
  time: number[];
  nRisk: number[];
  nEvent: number[];
  nCensor: number[];
  cumhaz: number[];
  survival: number[];
}

export interface CoxFit {
  model: 'cox';
  n: number;
  events: number;
  ties: CoxTies;
  /** Estimable coefficients only; aliased (singular) columns are listed in `aliased` instead. */
  coefficients: CoxCoefficient[];
  aliased: string[];
  logLik: { null: number; model: number };
  tests: { lr: ChiSquareTest; wald: ChiSquareTest; score: ChiSquareTest };
  concordance: { estimate: number; se: number };
  iterations: number;
  converged: boolean;
  warnings: string[];
  /** Every covariate name, in input order; `beta`, `means`, `variance` follow this order. */
  terms: string[];
  /** Coefficients with aliased ones set to 0 (as survfit.coxph uses them). */
  beta: number[];
  /** coxph's `var`: inverse information, rows and columns of aliased terms are 0. */
  variance: number[][];
  /** coxph's `means`: column means, except 0 for columns holding only -1, 0 and 1 (coxph's `nocenter`). */
  means: number[];
  /** x'beta - means'beta, in input row order (coxph's `linear.predictors`). */
  linearPredictors: number[];
  strata: string[] | null;
  baseline: CoxBaselineCurve[];
}

const DEFAULT_TOLER_CHOL = Math.pow(2.220446049250313e-16, 0.75);

/** What fitCox and fitCoxCoefficients share: the checked input, fitted by coxfit6's Newton-Raphson. */
interface CoreFit {
  n: number;
  p: number;
  events: number;
  ties: CoxTies;
  maxIter: number;
  eps: number;
  tolerChol: number;
  labels: string[];
  core: CoxCore;
  res: CoreResult;
  /** Columns the tolerant Cholesky set aside as singular (constant or collinear); their beta is not yet 0. */
  singular: boolean[];
}

function fitCore(input: CoxInput, lean = false): CoreFit {
  const n = checkSurvivalData(input);
  const ties: CoxTies = input.ties ?? 'efron';
  if (ties !== 'efron' && ties !== 'breslow') throw new ModelInputError(`unknown ties method "${String(ties)}"`);
  const maxIter = input.maxIter ?? 20;
  const eps = input.eps ?? 1e-9;
  const tolerChol = input.tolerChol ?? DEFAULT_TOLER_CHOL;
  const p = input.names.length;
  if (p === 0) throw new ModelInputError('a Cox model needs at least one covariate');
  if (input.X.length !== n) throw new ModelInputError(`time has ${n} values but X has ${input.X.length} rows`);
  for (let r = 0; r < n; r++) {
    const row = input.X[r];
    if (row.length !== p) throw new ModelInputError(`row ${r + 1} of X has ${row.length} values, expected ${p}`);
    for (let j = 0; j < p; j++) {
      if (!Number.isFinite(row[j])) throw new ModelInputError(`${input.names[j]} of row ${r + 1} is not a finite number`);
    }
  }
  let events = 0;
  for (let i = 0; i < n; i++) events += input.event[i];
  if (events === 0) throw new ModelInputError('no events: a Cox model needs at least one event');

  const { codes, labels } = codeStrata(input.strata, n);
  const order = input.order ?? orderByStratumTime(input.time, codes);
  const core = new CoxCore(input, order, codes, ties === 'efron' ? 1 : 0);
  const res = core.fit(maxIter, eps, tolerChol, lean);
  const singular = new Array<boolean>(p).fill(false);
  if (res.flag < p) for (let j = 0; j < p; j++) singular[j] = res.imat[j][j] === 0;
  return { n, p, events, ties, maxIter, eps, tolerChol, labels, core, res, singular };
}

/**
 * The coefficients and log-likelihoods of fitCox, the same doubles, without what a bootstrap
 * replicate does not use (standard errors, tests, warnings, linear predictors, concordance, baseline).
 * Its Newton-Raphson is CoxCore's lean one: the score and information of the converging step (which
 * only the variance would use) and of a step that is halved are never computed (a third of a
 * 10-covariate replicate's full passes over the data); aliasing is read off the information of the
 * last step taken before.
 */
export function fitCoxCoefficients(input: CoxInput): {
  beta: number[];
  logLik: { null: number; model: number };
  converged: boolean;
  aliased: boolean;
} {
  const { res, singular } = fitCore(input, true);
  return {
    beta: res.beta.map((b, j) => (singular[j] ? 0 : b)),
    logLik: { null: res.loglik[0], model: res.loglik[1] },
    converged: res.flag !== 1000,
    aliased: singular.includes(true),
  };
}

/** Fits a Cox model by Newton-Raphson on the partial likelihood, exactly as survival::coxph. */
export function fitCox(input: CoxInput): CoxFit {
  const { n, p, events, ties, maxIter, eps, tolerChol, labels, core, res, singular } = fitCore(input);
  const tolerInf = Math.sqrt(eps);
  const warnings: string[] = [];
  const beta = res.beta;
  const lp = new Array<number>(n);
  const offset = beta.reduce((s, b, j) => s + b * res.means[j], 0);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += input.X[r][j] * beta[j];
    lp[r] = s - offset;
  }

  // coxph.fit only warns when iter.max > 1; a fit stopped by the limit is always reported here.
  if (res.flag === 1000 || maxIter > 1) {
    const infs = new Array<number>(p).fill(0);
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let i = 0; i < p; i++) s += res.u[i] * res.imat[i][j];
      infs[j] = Math.abs(s);
    }
    if (res.flag === 1000) {
      warnings.push('Ran out of iterations and did not converge');
      if (lp.some((v) => v > 500) || infs.some((v) => !Number.isFinite(v))) {
        warnings.push('one or more coefficients may be infinite');
      }
    } else {
      const infinite = infs.map((v, j) => !Number.isFinite(res.u[j]) || (v > eps && v > tolerInf * Math.abs(beta[j])));
      const which = input.names.filter((_, j) => infinite[j] && !singular[j]);
      if (which.length > 0) {
        warnings.push(`Loglik converged before variable ${which.join(', ')}; coefficient may be infinite`);
      }
    }
  }
  const aliased = input.names.filter((_, j) => singular[j]);
  if (aliased.length > 0) {
    warnings.push(
      `X matrix deemed to be singular; ${aliased.join(', ')} ${aliased.length === 1 ? 'is' : 'are'} constant or collinear with other covariates and ${aliased.length === 1 ? 'was' : 'were'} dropped`,
    );
  }
  for (let j = 0; j < p; j++) if (singular[j]) beta[j] = 0;

  const z975 = qnorm(0.975);
  const coefficients: CoxCoefficient[] = [];
  for (let j = 0; j < p; j++) {
    if (singular[j]) continue;
    const estimate = beta[j];
    const se = Math.sqrt(res.imat[j][j]);
    const lower = estimate - z975 * se;
    const upper = estimate + z975 * se;
    coefficients.push({
      term: input.names[j],
      estimate,
      se,
      z: estimate / se,
      p: twoSidedP(estimate / se),
      lower,
      upper,
      ratio: Math.exp(estimate),
      ratioLower: Math.exp(lower),
      ratioUpper: Math.exp(upper),
    });
  }

  const df = coefficients.length;
  const keep = input.names.map((_, j) => j).filter((j) => !singular[j]);
  const lrStat = -2 * (res.loglik[0] - res.loglik[1]);
  const waldStat = quadraticForm(
    keep.map((i) => keep.map((j) => res.imat[i][j])),
    keep.map((j) => beta[j]),
    tolerChol,
  );
  const test = (statistic: number): ChiSquareTest => ({ statistic, df, p: pchisq(statistic, df, false) });

  const c = concordance(input.time, input.event, lp, { strata: input.strata, reverse: true });
  const baseline = core.baseline(lp, ties, input.strata ? labels : null);

  const fit: CoxFit = {
    model: 'cox',
    n,
    events,
    ties,
    coefficients,
    aliased,
    logLik: { null: res.loglik[0], model: res.loglik[1] },
    tests: { lr: test(lrStat), wald: test(waldStat), score: test(res.sctest) },
    concordance: { estimate: c.estimate, se: c.se },
    iterations: res.iter,
    converged: res.flag !== 1000,
    warnings,
    terms: [...input.names],
    beta,
    variance: res.imat,
    means: res.means,
    linearPredictors: lp,
    strata: input.strata ? labels : null,
    baseline,
  };
  return finite(fit);
}

/** survfit(fit)'s survival at the covariate means at each requested time; one curve per stratum. */
export function baselineSurvival(
  fit: CoxFit,
  times: readonly number[],
  options: { strata?: readonly string[] } = {},
): { stratum: string | null; time: number; survival: number }[] {
  const curves = options.strata ? fit.baseline.filter((c) => options.strata?.includes(c.stratum ?? '')) : fit.baseline;
  const out: { stratum: string | null; time: number; survival: number }[] = [];
  for (const curve of curves) {
    for (const t of times) out.push({ stratum: curve.stratum, time: t, survival: Math.exp(-cumhazAt(curve, t)) });
  }
  return out;
}

/**
 * survfit.coxph's baseline curves for a fixed linear predictor (centred, in input row order): the
 * curves of a model whose coefficients are given rather than estimated, as coxph(init = b,
 * iter.max = 0) then survfit(). Used for a uniformly shrunk model, whose baseline hazard is
 * re-estimated with the shrunk linear predictor.
 */
export function baselineForLinearPredictor(data: SurvivalData & { ties?: CoxTies }, lp: readonly number[]): CoxBaselineCurve[] {
  const n = checkSurvivalData(data);
  if (lp.length !== n) throw new ModelInputError(`time has ${n} values but the linear predictor has ${lp.length}`);
  const ties: CoxTies = data.ties ?? 'efron';
  const { codes, labels } = codeStrata(data.strata, n);
  const order = orderByStratumTime(data.time, codes);
  const core = new CoxCore({ ...data, X: [], names: [] }, order, codes, ties === 'efron' ? 1 : 0);
  return core.baseline(lp, ties, data.strata ? labels : null);
}

/** Predicted survival to `time` for one subject (covariates in `fit.terms` order), as survfit(fit, newdata). */
export function predictSurvival(fit: CoxFit, xRow: readonly number[], time: number, stratum?: string): number {
  if (xRow.length !== fit.terms.length) {
    throw new ModelInputError(`expected ${fit.terms.length} covariate values, got ${xRow.length}`);
  }
  let curve = fit.baseline[0];
  if (fit.strata) {
    const found = fit.baseline.find((c) => c.stratum === stratum);
    if (!found) throw new ModelInputError(`unknown stratum "${String(stratum)}"; expected one of ${fit.strata.join(', ')}`);
    curve = found;
  }
  let eta = 0;
  for (let j = 0; j < xRow.length; j++) eta += fit.beta[j] * (xRow[j] - fit.means[j]);
  return Math.exp(-cumhazAt(curve, time) * Math.exp(eta));
}

/** The baseline cumulative hazard at t: the last step at or before t (0 before the first, flat after the last). */
export function cumhazAt(curve: { readonly time: readonly number[]; readonly cumhaz: readonly number[] }, t: number): number {
  let lo = 0;
  let hi = curve.time.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (curve.time[mid] <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? 0 : curve.cumhaz[found];
}

interface CoreResult {
  beta: number[];
  means: number[];
  u: number[];
  imat: number[][];
  loglik: [number, number];
  sctest: number;
  iter: number;
  flag: number;
}

/** The data sorted by stratum and time, centred and scaled, with coxfit6's work arrays. */
class CoxCore {
  private readonly n: number;
  private readonly p: number;
  private readonly time: Float64Array;
  private readonly status: Int32Array;
  /** 1 when this (sorted) row is the last of its stratum. */
  private readonly lastInStratum: Int32Array;
  private readonly sortedStrata: Int32Array;
  /** The scaled covariates, row-major in sorted order: row k, covariate j at rows[k * p + j]. */
  private readonly rows: Float64Array;
  readonly means: number[];
  readonly scale: number[];
  private readonly u: number[];
  private readonly a: Float64Array;
  private readonly a2: Float64Array;
  private readonly imat: number[][];
  /** Lower triangles of coxfit6's cmat and cmat2, flat: [i][j] at i * p + j. */
  private readonly cmat: Float64Array;
  private readonly cmat2: Float64Array;
  /** imat as iterate accumulates it, flat ([j][i] at j * p + i), copied into imat at the end. */
  private readonly info: Float64Array;

  constructor(
    input: CoxInput,
    private readonly order: Int32Array,
    strata: Int32Array,
    private readonly method: 0 | 1,
  ) {
    const n = (this.n = order.length);
    const p = (this.p = input.names.length);
    this.time = new Float64Array(n);
    this.status = new Int32Array(n);
    this.sortedStrata = new Int32Array(n);
    this.lastInStratum = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const r = order[k];
      this.time[k] = input.time[r];
      this.status[k] = input.event[r];
      this.sortedStrata[k] = strata[r];
    }
    for (let k = 0; k < n - 1; k++) this.lastInStratum[k] = this.sortedStrata[k + 1] !== this.sortedStrata[k] ? 1 : 0;
    this.lastInStratum[n - 1] = 1;

    // Row by row into the sorted row-major block, then each column centred and scaled in place (the
    // same additions, in the same order, as column by column).
    const rows = (this.rows = new Float64Array(n * p));
    const zeroOne = new Array<boolean>(p).fill(true);
    for (let k = 0; k < n; k++) {
      const row = input.X[order[k]];
      const base = k * p;
      for (let j = 0; j < p; j++) {
        const v = row[j];
        rows[base + j] = v;
        if (v !== 0 && v !== 1 && v !== -1) zeroOne[j] = false;
      }
    }
    this.means = [];
    this.scale = [];
    for (let j = 0; j < p; j++) {
      // coxph(nocenter = c(-1, 0, 1)): such columns are neither centred nor scaled, and their mean is 0.
      if (zeroOne[j]) {
        this.means.push(0);
        this.scale.push(1);
        continue;
      }
      let mean = 0;
      for (let k = 0; k < n; k++) mean += rows[k * p + j];
      mean /= n;
      let abs = 0;
      for (let k = 0; k < n; k++) {
        const c = rows[k * p + j] - mean;
        rows[k * p + j] = c;
        abs += Math.abs(c);
      }
      const s = abs > 0 ? n / abs : 1;
      for (let k = 0; k < n; k++) rows[k * p + j] *= s;
      this.means.push(mean);
      this.scale.push(s);
    }
    const square = () => Array.from({ length: p }, () => new Array<number>(p).fill(0));
    this.u = new Array<number>(p).fill(0);
    this.a = new Float64Array(p);
    this.a2 = new Float64Array(p);
    this.imat = square();
    this.cmat = new Float64Array(p * p);
    this.cmat2 = new Float64Array(p * p);
    this.info = new Float64Array(p * p);
  }

  /**
   * coxfit6's main loop: Newton-Raphson with step halving, on the scaled covariates. `lean`: each new
   * step's log-likelihood first (iterate without its score and information, the same double), those
   * only when the step is taken, so a step that converges or is halved costs one cheap pass instead of
   * a full one. The same betas and log-likelihoods; `u`, `imat` and `flag` are then those of the last
   * step taken before (fitCoxCoefficients reads only the flag, for aliasing); and a converging step
   * whose log-likelihood is finite is taken without its score and information checked for overflow.
   */
  fit(maxIter: number, eps: number, toler: number, lean = false): CoreResult {
    const { p, u, imat, scale } = this;
    const beta = new Array<number>(p).fill(0);
    const newbeta = new Array<number>(p).fill(0);
    const loglik: [number, number] = [0, 0];
    let iter = 0;
    let flag: number;

    loglik[0] = this.iterate(beta);
    loglik[1] = loglik[0];
    const a = [...u];
    flag = cholesky2(imat, p, toler);
    chsolve2(imat, p, a);
    let sctest = 0;
    for (let i = 0; i < p; i++) sctest += u[i] * a[i];

    const finish = (converged: boolean): CoreResult => {
      chinv2(imat, p);
      for (let i = 0; i < p; i++) {
        beta[i] *= scale[i];
        u[i] /= scale[i];
        imat[i][i] *= scale[i] * scale[i];
        for (let j = 0; j < i; j++) {
          imat[j][i] *= scale[i] * scale[j];
          imat[i][j] = imat[j][i];
        }
      }
      return {
        beta,
        means: this.means,
        u: [...u],
        imat: imat.map((row) => [...row]),
        loglik,
        sctest,
        iter,
        flag: converged ? flag : 1000,
      };
    };

    if (maxIter === 0 || !Number.isFinite(loglik[0])) return finish(true);

    for (let i = 0; i < p; i++) newbeta[i] = beta[i] + a[i];
    let halving = 0;
    for (iter = 1; iter <= maxIter; iter++) {
      const newlk = this.iterate(newbeta, !lean);
      const scoreAndInformation = (): boolean => {
        flag = cholesky2(imat, p, toler);
        for (let i = 0; i < p; i++) {
          if (!Number.isFinite(u[i])) return false;
          for (let j = 0; j < p; j++) if (!Number.isFinite(imat[i][j])) return false;
        }
        return true;
      };
      let notfinite = !Number.isFinite(newlk);
      if (!lean && !scoreAndInformation()) notfinite = true;
      if (!notfinite && Math.abs(1 - loglik[1] / newlk) <= eps) {
        loglik[1] = newlk;
        for (let i = 0; i < p; i++) beta[i] = newbeta[i];
        if (halving) flag = -2;
        return finish(true);
      }
      // lean: the step is taken, so its score and information are needed now.
      if (lean && !notfinite && newlk >= loglik[1]) {
        this.iterate(newbeta);
        notfinite = !scoreAndInformation();
      }
      if (notfinite || newlk < loglik[1]) {
        halving++;
        for (let i = 0; i < p; i++) newbeta[i] = (newbeta[i] + halving * beta[i]) / (halving + 1);
      } else {
        halving = 0;
        loglik[1] = newlk;
        chsolve2(imat, p, u);
        for (let i = 0; i < p; i++) {
          beta[i] = newbeta[i];
          newbeta[i] = newbeta[i] + u[i];
        }
      }
    }
    // coxfit6 reports maxiter + 1 here and inverts the recomputed information without factoring it
    // first, which leaves only 1/diagonal in coxph's `var`; this keeps the full inverse instead.
    iter = maxIter;
    if (maxIter > 1) {
      loglik[1] = this.iterate(beta);
      cholesky2(imat, p, toler);
    }
    return finish(false);
  }

  /**
   * One pass over the data at `beta` (scaled scale): log partial likelihood, score `u` and information
   * `imat` (upper triangle, imat[j][i] for j <= i). Walks backwards in time accumulating risk-set sums,
   * so each pass is O(n p^2). `full` false: the log partial likelihood alone, in O(n p), the same
   * double (its additions are the same, in the same order), with `u` and `imat` left as they were.
   */
  private iterate(beta: readonly number[], full = true): number {
    const { n, p, time, status, rows, u, a, a2, imat, info, cmat, cmat2, lastInStratum } = this;
    let loglik = 0;
    let denom = 0;
    if (full) {
      for (let i = 0; i < p; i++) {
        u[i] = 0;
        a2[i] = 0;
      }
      info.fill(0);
      cmat2.fill(0);
    }
    const x = new Float64Array(p);
    for (let person = n - 1; person >= 0;) {
      if (lastInStratum[person] === 1) {
        denom = 0;
        if (full) {
          a.fill(0);
          cmat.fill(0);
        }
      }
      const dtime = time[person];
      let ndead = 0;
      let deadwt = 0;
      let denom2 = 0;
      while (person >= 0 && time[person] === dtime) {
        let zbeta = 0;
        const base = person * p;
        for (let i = 0; i < p; i++) {
          x[i] = rows[base + i];
          zbeta += beta[i] * x[i];
        }
        const risk = Math.exp(zbeta);
        if (status[person] === 0) {
          denom += risk;
          for (let i = 0; full && i < p; i++) {
            const rx = risk * x[i];
            a[i] += rx;
            const ci = i * p;
            for (let j = 0; j <= i; j++) cmat[ci + j] += rx * x[j];
          }
        } else {
          ndead++;
          deadwt += 1;
          denom2 += risk;
          loglik += zbeta;
          for (let i = 0; full && i < p; i++) {
            const rx = risk * x[i];
            u[i] += x[i];
            a2[i] += rx;
            const ci = i * p;
            for (let j = 0; j <= i; j++) cmat2[ci + j] += rx * x[j];
          }
        }
        person--;
        if (person >= 0 && lastInStratum[person] === 1) break;
      }
      if (ndead > 0) {
        if (this.method === 0 || ndead === 1) {
          denom += denom2;
          loglik -= deadwt * Math.log(denom);
          for (let i = 0; full && i < p; i++) {
            a[i] += a2[i];
            const mean = a[i] / denom;
            u[i] -= deadwt * mean;
            for (let j = 0; j <= i; j++) {
              cmat[i * p + j] += cmat2[i * p + j];
              info[j * p + i] += (deadwt * (cmat[i * p + j] - mean * a[j])) / denom;
            }
          }
        } else {
          // Efron: the tied deaths enter the denominator in steps of 1/ndead. Each step adds the same
          // quotients (a2 / ndead, cmat2 / ndead): divided once here, the same doubles as dividing at
          // every step, so the arithmetic is coxfit6's to the last bit.
          const wtave = deadwt / ndead;
          const denomStep = denom2 / ndead;
          for (let i = 0; full && i < p; i++) {
            a2[i] /= ndead;
            for (let j = 0; j <= i; j++) cmat2[i * p + j] /= ndead;
          }
          for (let k = 0; k < ndead; k++) {
            denom += denomStep;
            loglik -= wtave * Math.log(denom);
            for (let i = 0; full && i < p; i++) {
              a[i] += a2[i];
              const mean = a[i] / denom;
              u[i] -= wtave * mean;
              const ci = i * p;
              for (let j = 0; j <= i; j++) {
                cmat[ci + j] += cmat2[ci + j];
                info[j * p + i] += (wtave * (cmat[ci + j] - mean * a[j])) / denom;
              }
            }
          }
        }
        if (full) {
          a2.fill(0);
          cmat2.fill(0);
        }
      }
    }
    if (full) for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) imat[i][j] = info[i * p + j];
    return loglik;
  }

  /** survfit.coxph's curves at the covariate means (agsurv: ctype 2 for Efron fits, 1 for Breslow). */
  baseline(lp: readonly number[], ties: CoxTies, labels: string[] | null): CoxBaselineCurve[] {
    const { n, order, time, status, sortedStrata } = this;
    const curves: CoxBaselineCurve[] = [];
    let end = n - 1;
    while (end >= 0) {
      const stratum = sortedStrata[end];
      let start = end;
      while (start > 0 && sortedStrata[start - 1] === stratum) start--;
      const steps: { time: number; nRisk: number; nEvent: number; nCensor: number; haz: number }[] = [];
      let riskSum = 0;
      let atRisk = 0;
      for (let k = end; k >= start;) {
        const t = time[k];
        let d = 0;
        let c = 0;
        let deathRisk = 0;
        while (k >= start && time[k] === t) {
          const r = Math.exp(lp[order[k]]);
          riskSum += r;
          atRisk++;
          if (status[k] === 1) {
            d++;
            deathRisk += r;
          } else c++;
          k--;
        }
        let haz = 0;
        if (d > 0) {
          if (ties === 'breslow') haz = d / riskSum;
          else {
            let s = 0;
            for (let j = 0; j < d; j++) s += 1 / (riskSum - (deathRisk * j) / d);
            haz = s; // d * mean of the d terms
          }
        }
        steps.push({ time: t, nRisk: atRisk, nEvent: d, nCensor: c, haz });
      }
      steps.reverse();
      let cum = 0;
      const cumhaz = steps.map((s) => (cum += s.haz));
      curves.push({
        stratum: labels ? labels[stratum] : null,
        time: steps.map((s) => s.time),
        nRisk: steps.map((s) => s.nRisk),
        nEvent: steps.map((s) => s.nEvent),
        nCensor: steps.map((s) => s.nCensor),
        cumhaz,
        survival: cumhaz.map((h) => Math.exp(-h)),
      });
      end = start - 1;
    }
    return curves.reverse();
  }
}

/**
 * survival's cholesky2: C = F D F' with a tolerance for singular (redundant) columns, whose pivot is set
 * to 0. Reads the upper triangle (m[i][j], i < j) and writes the factor into the lower triangle.
 * Returns the rank (negative if the matrix is not non-negative definite).
 */
export function cholesky2(m: number[][], n: number, toler: number): number {
  let nonneg = 1;
  let eps = 0;
  for (let i = 0; i < n; i++) {
    if (m[i][i] > eps) eps = m[i][i];
    for (let j = i + 1; j < n; j++) m[j][i] = m[i][j];
  }
  if (eps === 0) return 0;
  eps *= toler;
  let rank = 0;
  for (let i = 0; i < n; i++) {
    const pivot = m[i][i];
    if (!Number.isFinite(pivot) || pivot < eps) {
      m[i][i] = 0;
      if (pivot < -8 * eps) nonneg = -1;
    } else {
      rank++;
      for (let j = i + 1; j < n; j++) {
        const temp = m[j][i] / pivot;
        m[j][i] = temp;
        m[j][j] -= temp * temp * pivot;
        for (let k = j + 1; k < n; k++) m[k][j] -= temp * m[k][i];
      }
    }
  }
  return rank * nonneg;
}

/** survival's chsolve2: overwrites y with the solution of A b = y, given cholesky2's factor of A. */
export function chsolve2(m: number[][], n: number, y: number[]): void {
  for (let i = 0; i < n; i++) {
    let temp = y[i];
    for (let j = 0; j < i; j++) temp -= y[j] * m[i][j];
    y[i] = temp;
  }
  for (let i = n - 1; i >= 0; i--) {
    if (m[i][i] === 0) y[i] = 0;
    else {
      let temp = y[i] / m[i][i];
      for (let j = i + 1; j < n; j++) temp -= y[j] * m[j][i];
      y[i] = temp;
    }
  }
}

/** survival's chinv2: the (generalised) inverse from cholesky2's factor, into the upper triangle. */
export function chinv2(m: number[][], n: number): void {
  for (let i = 0; i < n; i++) {
    if (m[i][i] > 0) {
      m[i][i] = 1 / m[i][i];
      for (let j = i + 1; j < n; j++) {
        m[j][i] = -m[j][i];
        for (let k = 0; k < i; k++) m[j][k] += m[j][i] * m[i][k];
      }
    }
  }
  for (let i = 0; i < n; i++) {
    if (m[i][i] === 0) {
      for (let j = 0; j < i; j++) m[j][i] = 0;
      for (let j = i; j < n; j++) m[i][j] = 0;
    } else {
      for (let j = i + 1; j < n; j++) {
        const temp = m[j][i] * m[j][j];
        if (j !== i) m[i][j] = temp;
        for (let k = i; k < j; k++) m[i][k] += temp * m[j][k];
      }
    }
  }
}

/** b' V^-1 b with survival's tolerant Cholesky (coxph.wtest). */
function quadraticForm(v: number[][], b: number[], toler: number): number {
  const n = b.length;
  if (n === 0) return 0;
  const m = v.map((row) => [...row]);
  cholesky2(m, n, toler);
  const y = [...b];
  chsolve2(m, n, y);
  let s = 0;
  for (let i = 0; i < n; i++) s += b[i] * y[i];
  return s;
}

/**
 * Keeps a degenerate fit JSON-safe: an overflowed value becomes the largest finite double of its sign
 * (so an interval still reads "unbounded"), NaN becomes 0, and the coefficient gets a warning.
 */
function finite(fit: CoxFit): CoxFit {
  const guard = (v: number) => (Number.isNaN(v) ? 0 : Number.isFinite(v) ? v : Math.sign(v) * Number.MAX_VALUE);
  for (const c of fit.coefficients) {
    for (const key of ['estimate', 'se', 'z', 'lower', 'upper', 'ratio', 'ratioLower', 'ratioUpper'] as const) {
      if (!Number.isFinite(c[key])) {
        fit.warnings.push(`${c.term}: ${key} overflowed; the fit is degenerate`);
        c[key] = guard(c[key]);
      }
    }
    if (!Number.isFinite(c.p)) c.p = 1;
  }
  fit.variance = fit.variance.map((row) => row.map(guard));
  fit.linearPredictors = fit.linearPredictors.map(guard);
  for (const t of Object.values(fit.tests)) {
    if (!Number.isFinite(t.statistic)) {
      t.statistic = 0;
      t.p = 1;
    }
    if (!Number.isFinite(t.p)) t.p = 1;
  }
  return fit;
}
