import { ModelInputError } from './errors';
import { qnorm } from './stats';

/**
 * Minimum sample size for developing a prediction model (Riley et al., Stat Med 2019 parts I-II;
 * BMJ 2020;368:m441), following the R package pmsampsize 1.1.x: criterion 1, expected shrinkage
 * >= `shrinkage`; criterion 2, apparent - adjusted Nagelkerke R2 <= 0.05; criterion 3, overall risk
 * (binary: the intercept; survival: cumulative incidence at `timepoint`) within +-0.05. Binary
 * outcomes may add criterion 4 of the BMJ paper (mean absolute prediction error, van Smeden et al.
 * 2019), which pmsampsize itself does not apply; it is used only when `mape` is given.
 */

export interface SampleSizeCriterion {
  criterion: 1 | 2 | 3 | 4;
  description: string;
  n: number;
  /** Expected shrinkage at this n (criteria 1 and 2), as pmsampsize's table reports it. */
  shrinkage: number;
  events: number;
  /** Events per candidate predictor parameter. */
  epp: number;
}

export interface SampleSizeResult {
  type: 'binary' | 'survival';
  criteria: SampleSizeCriterion[];
  n: number;
  /** Expected events at the final n (pmsampsize's `events`, not rounded). */
  events: number;
  epp: number;
  shrinkage: number;
  parameters: number;
  /** Cox-Snell R2 used (given or approximated from the C statistic). */
  rsquared: number;
  /** Largest Cox-Snell R2 possible for this outcome frequency. */
  maxRsquared: number;
  /** Nagelkerke R2 = rsquared / maxRsquared. */
  nagelkerkeRsquared: number;
}

export interface BinarySampleSizeInput {
  parameters: number;
  prevalence: number;
  /** Cox-Snell R2 of an existing model (adjusted); give this or `cstatistic`. */
  rsquared?: number;
  /** C statistic of an existing model, converted to a Cox-Snell R2 (Riley, Van Calster, Collins 2021). */
  cstatistic?: number;
  shrinkage?: number;
  /** Target mean absolute prediction error for criterion 4 (BMJ 2020 suggests 0.05); off by default. */
  mape?: number;
}

export interface SurvivalSampleSizeInput {
  parameters: number;
  rsquared: number;
  /** Overall event rate, per unit of the time scale of `timepoint` and `meanfup`. */
  rate: number;
  timepoint: number;
  meanfup: number;
  shrinkage?: number;
}

function positive(name: string, value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value) || value <= 0) throw new ModelInputError(`${name} must be a positive number`);
  return value;
}

function fraction(name: string, value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value) || value <= 0 || value >= 1)
    throw new ModelInputError(`${name} must be between 0 and 1`);
  return value;
}

function shrinkageN(parameters: number, rsquared: number, shrinkage: number): number {
  return Math.ceil(parameters / ((shrinkage - 1) * Math.log(1 - rsquared / shrinkage)));
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Cox-Snell R2 implied by a C statistic and prevalence: the large-sample limit of pmsampsize's
 * cstat2rsq (which simulates 10^6 linear predictors from two unit-variance normals whose means differ
 * by sqrt(2) qnorm(C) and fits a logistic model). With equal variances the logistic model is exact,
 * so LR / n tends to twice the mutual information of outcome and predictor, computed here by
 * quadrature instead of simulation (pmsampsize's value carries simulation noise of about 1e-3).
 */
export function cstatisticToRsquared(cstatistic: number, prevalence: number): number {
  fraction('prevalence', prevalence);
  if (!(cstatistic > 0.5 && cstatistic < 1)) throw new ModelInputError('the C statistic must be between 0.5 and 1');
  const mu = Math.SQRT2 * qnorm(cstatistic);
  // pmsampsize draws prevalence * n from N(0, 1) and labels them 0; the result is symmetric in the labels.
  const p0 = prevalence;
  const p1 = 1 - prevalence;
  const phi = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  const entropy = (q: number): number => (q <= 0 || q >= 1 ? 0 : -q * Math.log(q) - (1 - q) * Math.log(1 - q));
  const lo = Math.min(0, mu) - 12;
  const hi = Math.max(0, mu) + 12;
  const steps = 20000;
  const h = (hi - lo) / steps;
  let conditional = 0;
  for (let k = 0; k <= steps; k++) {
    const x = lo + k * h;
    const f0 = p0 * phi(x);
    const f1 = p1 * phi(x - mu);
    const f = f0 + f1;
    const weight = k === 0 || k === steps ? 1 : k % 2 === 1 ? 4 : 2;
    if (f > 0) conditional += weight * f * entropy(f1 / f);
  }
  conditional *= h / 3;
  const information = entropy(p1) - conditional;
  return 1 - Math.exp(-2 * information);
}

export function sampleSizeBinary(input: BinarySampleSizeInput): SampleSizeResult {
  const parameters = positive('parameters', input.parameters);
  const prevalence = fraction('prevalence', input.prevalence);
  const shrinkage = fraction('shrinkage', input.shrinkage ?? 0.9);
  if ((input.rsquared === undefined) === (input.cstatistic === undefined)) {
    throw new ModelInputError('give exactly one of rsquared (Cox-Snell) or cstatistic');
  }
  const r2 =
    input.rsquared !== undefined ? fraction('rsquared', input.rsquared) : cstatisticToRsquared(input.cstatistic as number, prevalence);
  if (shrinkage < r2) throw new ModelInputError('shrinkage must not be below the R-squared (log(1 - R2/S) is undefined)');

  const n1 = shrinkageN(parameters, r2, shrinkage);
  const e1 = n1 * prevalence;
  const lnLnull = e1 * Math.log(e1 / n1) + (n1 - e1) * Math.log(1 - e1 / n1);
  const maxR2 = 1 - Math.exp((2 * lnLnull) / n1);
  if (maxR2 < r2) throw new ModelInputError(`the R-squared is larger than the maximum possible (${maxR2.toFixed(3)}) for this prevalence`);
  const s2 = r2 / (r2 + 0.05 * maxR2);
  const n2 = shrinkageN(parameters, r2, s2);
  const n3 = Math.ceil((1.96 / 0.05) ** 2 * prevalence * (1 - prevalence));
  const row = (criterion: 1 | 2 | 3 | 4, description: string, n: number, s: number): SampleSizeCriterion => ({
    criterion,
    description,
    n,
    shrinkage: s,
    events: n * prevalence,
    epp: round2((n * prevalence) / parameters),
  });
  const finalShrinkage = Math.max(s2, shrinkage);
  const criteria = [
    row(1, `expected shrinkage of predictor effects >= ${shrinkage}`, n1, shrinkage),
    row(2, 'apparent - adjusted Nagelkerke R-squared <= 0.05', n2, s2),
    row(3, 'overall risk (intercept) estimated within +-0.05', n3, finalShrinkage),
  ];
  if (input.mape !== undefined) {
    const mape = fraction('mape', input.mape);
    // van Smeden et al. 2019: ln(MAPE) = -0.508 + 0.259 ln(prevalence) + 0.504 ln(P) - 0.544 ln(n)
    const n4 = Math.ceil(Math.exp((-0.508 + 0.259 * Math.log(prevalence) + 0.504 * Math.log(parameters) - Math.log(mape)) / 0.544));
    criteria.push(row(4, `mean absolute prediction error <= ${mape}`, n4, finalShrinkage));
  }
  const n = Math.max(...criteria.map((c) => c.n));
  return {
    type: 'binary',
    criteria,
    n,
    events: n * prevalence,
    epp: round2((n * prevalence) / parameters),
    shrinkage: finalShrinkage,
    parameters,
    rsquared: r2,
    maxRsquared: maxR2,
    nagelkerkeRsquared: r2 / maxR2,
  };
}

export function sampleSizeSurvival(
  input: SurvivalSampleSizeInput,
): SampleSizeResult & { riskInterval: { risk: number; lower: number; upper: number } } {
  const parameters = positive('parameters', input.parameters);
  const r2 = fraction('rsquared', input.rsquared);
  const rate = positive('rate', input.rate);
  const timepoint = positive('timepoint', input.timepoint);
  const meanfup = positive('meanfup', input.meanfup);
  const shrinkage = fraction('shrinkage', input.shrinkage ?? 0.9);
  if (shrinkage < r2) throw new ModelInputError('shrinkage must not be below the R-squared (log(1 - R2/S) is undefined)');

  // pmsampsize fixes an arbitrary reference study of n = 10000 with the given rate and follow-up.
  const nRef = 10000;
  const eventsRef = Math.ceil(rate * meanfup * nRef);
  const lnLnull = eventsRef * Math.log(eventsRef / nRef) - eventsRef;
  const maxR2 = 1 - Math.exp((2 * lnLnull) / nRef);
  if (maxR2 < r2) throw new ModelInputError(`the R-squared is larger than the maximum possible (${maxR2.toFixed(3)})`);
  const n1 = shrinkageN(parameters, r2, shrinkage);
  const s2 = r2 / (r2 + 0.05 * maxR2);
  const n2 = shrinkageN(parameters, r2, s2);
  // Criterion 3 is a check, not a requirement: the 95% CI of the risk at the timepoint at max(n1, n2).
  const n3 = Math.max(n1, n2);
  const personYears = Math.round(meanfup * n3 * 10) / 10;
  const half = 1.96 * Math.sqrt(rate / personYears);
  const risk = 1 - Math.exp(-rate * timepoint);
  const upper = 1 - Math.exp(-(rate + half) * timepoint);
  const lower = 1 - Math.exp(-(rate - half) * timepoint);
  const events = (n: number): number => n * rate * meanfup;
  const finalShrinkage = Math.max(s2, shrinkage);
  const row = (criterion: 1 | 2 | 3, description: string, n: number, s: number): SampleSizeCriterion => ({
    criterion,
    description,
    n,
    shrinkage: s,
    events: events(n),
    epp: round2(events(n) / parameters),
  });
  const criteria = [
    row(1, `expected shrinkage of predictor effects >= ${shrinkage}`, n1, shrinkage),
    row(2, 'apparent - adjusted Nagelkerke R-squared <= 0.05', n2, s2),
    row(3, `overall risk at time ${timepoint} estimated precisely (see riskInterval)`, n3, finalShrinkage),
  ];
  const n = Math.max(n1, n2, n3);
  return {
    type: 'survival',
    criteria,
    n,
    events: events(n),
    epp: round2(events(n) / parameters),
    shrinkage: finalShrinkage,
    parameters,
    rsquared: r2,
    maxRsquared: maxR2,
    nagelkerkeRsquared: r2 / maxR2,
    riskInterval: { risk, lower, upper },
  };
}
