import { concordance } from './concordance';
import { CoxTies, fitCoxCoefficients } from './cox';
import { ModelInputError } from './errors';
import { firthLogistic } from './firth';
import { packRows } from './dense';
import {
  concordanceIndex,
  giniMd,
  giniMdByRank,
  independentColumns,
  irlsLogistic,
  nagelkerkeR2,
  nullLogLik,
  plogis,
  withIntercept,
} from './logistic';
import { bootstrapIndices, createRng } from './rng';
import { codeStrata, denseRanks, orderByStratumTime, pickRanks, type Ranks } from './survival-data';

/**
 * Bootstrap internal validation with optimism correction, as rms::validate (method "boot") does it
 * through predab.resample: each replicate fits the model to a bootstrap sample, measures it on that
 * sample (training) and on the original data (test); optimism = mean(training - test) over the
 * replicates whose fit succeeded; corrected = apparent - optimism.
 *
 * Replicates are independent pure functions of (kind, data, seed, replicate index), so a caller may
 * run them on worker threads and combine them with `summariseValidation`. The resamples come from
 * rng.ts, not R's generator: apparent indexes match R exactly, optimism only statistically.
 */

export interface LogisticValidationData {
  y: number[];
  /** Covariates without the intercept column. */
  X: number[][];
  /** Refit every sample (and the apparent model) by Firth's penalised likelihood rather than ML. */
  firth?: boolean;
}

export interface CoxValidationData {
  time: number[];
  event: (0 | 1)[];
  strata?: (string | number)[];
  X: number[][];
  ties?: CoxTies;
}

export interface ValidationDataMap {
  logistic: LogisticValidationData;
  cox: CoxValidationData;
}

export type ValidationKind = keyof ValidationDataMap;
export type IndexValues = Record<string, number>;

/** One bootstrap replicate: index values on the bootstrap sample (train) and the original data (test). */
export interface ReplicateResult {
  replicate: number;
  /** false when the model could not be fitted to the bootstrap sample (rms: "divergence or singularity"). */
  ok: boolean;
  train: IndexValues;
  test: IndexValues;
}

export interface ValidationIndex {
  name: string;
  apparent: number;
  optimism: number;
  corrected: number;
  /** Mean over successful replicates, as validate's `training` and `test` columns. */
  training: number;
  test: number;
  /** Replicates that contributed (validate's `n`). */
  n: number;
}

export interface ValidationResult {
  B: number;
  seed: number;
  /** Replicates whose fit failed and were left out. */
  failed: number;
  indexes: ValidationIndex[];
}

/** What a model kind supplies to the bootstrap: its fit on some rows and its index measures. */
export interface Validator<D> {
  /** Index names in rms::validate's order, excluding ones derived after resampling (Emax). */
  readonly names: readonly string[];
  size(data: D): number;
  apparent(data: D): IndexValues;
  /** Train/test indexes for a bootstrap sample (row indices); null if the fit fails. */
  replicate(data: D, sample: number[]): { train: IndexValues; test: IndexValues } | null;
  /** Adds indexes computed from the aggregated table (logistic Emax). */
  finish?(indexes: ValidationIndex[]): ValidationIndex[];
}

// ---------------------------------------------------------------- logistic (validate.lrm)

const LOGISTIC_NAMES = ['Dxy', 'R2', 'Intercept', 'Slope', 'D', 'U', 'Q', 'B', 'g'] as const;

function brier(lp: number[], y: number[]): number {
  return lp.reduce((s, v, i) => s + (y[i] - plogis(v)) ** 2, 0) / y.length;
}

/** validate.lrm's discrim(evalfit = TRUE): indexes of a fit on the rows it was fitted to. */
function logisticFitIndexes(lp: number[], y: number[], lr: number): IndexValues {
  const n = y.length;
  const D = (lr - 1) / n;
  const U = -2 / n;
  return {
    Dxy: 2 * concordanceIndex(lp, y).C - 1,
    R2: nagelkerkeR2(lr, y),
    Intercept: 0,
    Slope: 1,
    D,
    U,
    Q: D - U,
    B: brier(lp, y),
    g: giniMd(lp),
  };
}

/** validate.lrm's discrim(evalfit = FALSE): a frozen linear predictor recalibrated on new rows. */
function logisticTestIndexes(lp: number[], y: number[]): IndexValues {
  const n = y.length;
  const design = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    design[2 * i] = 1;
    design[2 * i + 1] = lp[i];
  }
  const refit = irlsLogistic(y, { n, p: 2, data: design });
  const [intercept, slope] = refit.beta;
  const lr = 2 * (refit.logLik - nullLogLik(y));
  const D = (lr - 1) / n;
  let l01 = 0;
  for (let i = 0; i < n; i++) l01 += y[i] * lp[i] - Math.log1p(Math.exp(lp[i]));
  const U = (-2 * l01 - refit.deviance - 2) / n;
  return {
    Dxy: 2 * concordanceIndex(lp, y).C - 1,
    R2: nagelkerkeR2(lr, y),
    Intercept: intercept,
    Slope: slope,
    D,
    U,
    Q: D - U,
    B: brier(lp, y),
    g: giniMd(lp.map((v) => slope * v)),
  };
}

/**
 * ML (glm) or Firth fit of one sample. For Firth, `lr` is the unpenalised likelihood ratio of the
 * Firth estimates against the intercept-only ML fit (what R2 and the indexes use: the fit's
 * discrimination and calibration, not its penalty).
 */
function fitLogisticRows(y: number[], X: number[][], firth = false): { beta: number[]; lr: number } | null {
  try {
    const design = packRows(X, { intercept: true });
    if (independentColumns(design).length < design.p) return null;
    if (firth) {
      const f = firthLogistic(y, withIntercept(X));
      if (!f.converged) return null;
      return { beta: f.beta, lr: -2 * nullLogLik(y) - f.deviance };
    }
    const fit = irlsLogistic(y, design);
    if (!fit.converged || fit.boundaryFitted) return null;
    return { beta: fit.beta, lr: 2 * (fit.logLik - nullLogLik(y)) };
  } catch {
    return null;
  }
}

function linearPredictor(X: number[][], beta: number[], intercept: boolean): number[] {
  const shift = intercept ? 1 : 0;
  const out = new Array<number>(X.length);
  for (let i = 0; i < X.length; i++) {
    const row = X[i];
    let s = intercept ? beta[0] : 0;
    for (let j = 0; j < row.length; j++) s += row[j] * beta[j + shift];
    out[i] = s;
  }
  return out;
}

/** validate.lrm's Emax: largest |p - calibrated p| over p in [0, 1] for the corrected intercept and slope. */
export function emax(intercept: number, slope: number): number {
  let best = 0;
  for (let k = 0; k <= 2000; k++) {
    const p = k * 0.0005;
    const P = plogis(intercept + slope * Math.log(p / (1 - p)));
    const d = Math.abs(p - P);
    if (Number.isFinite(d) && d > best) best = d;
  }
  return best;
}

export const logisticValidator: Validator<LogisticValidationData> = {
  names: LOGISTIC_NAMES,
  size: (data) => data.y.length,
  apparent(data) {
    const fit = fitLogisticRows(data.y, data.X, data.firth);
    if (!fit) throw new ModelInputError('the logistic model could not be fitted to the full data, so it cannot be validated');
    return logisticFitIndexes(linearPredictor(data.X, fit.beta, true), data.y, fit.lr);
  },
  replicate(data, sample) {
    const y = sample.map((i) => data.y[i]);
    const X = sample.map((i) => data.X[i]);
    if (y.every((v) => v === y[0])) return null;
    const fit = fitLogisticRows(y, X, data.firth);
    if (!fit) return null;
    const lpAll = linearPredictor(data.X, fit.beta, true);
    const train = logisticFitIndexes(
      sample.map((i) => lpAll[i]),
      y,
      fit.lr,
    );
    try {
      return { train, test: logisticTestIndexes(lpAll, data.y) };
    } catch {
      return null;
    }
  },
  finish(indexes) {
    const get = (name: string): ValidationIndex => indexes.find((ix) => ix.name === name) as ValidationIndex;
    const e = emax(get('Intercept').corrected, get('Slope').corrected);
    const row: ValidationIndex = { name: 'Emax', apparent: 0, training: 0, test: e, optimism: e, corrected: e, n: get('Dxy').n };
    const at = indexes.findIndex((ix) => ix.name === 'Slope') + 1;
    return [...indexes.slice(0, at), row, ...indexes.slice(at)];
  },
};

// ---------------------------------------------------------------- Cox (validate.cph)

const COX_NAMES = ['Dxy', 'R2', 'Slope', 'D', 'U', 'Q', 'g'] as const;

/** Cox partial log-likelihood at a fixed linear predictor (coxph with init and iter.max = 0). */
export function coxPartialLogLik(
  time: number[],
  event: (0 | 1)[],
  eta: number[],
  ties: CoxTies = 'efron',
  strata?: (string | number)[],
  /** partialLogLikOrder(time, strata), for a caller evaluating the same rows many times. */
  given?: { codes: Int32Array; order: readonly number[] },
): number {
  const n = time.length;
  const { codes, order } = given ?? partialLogLikOrder(time, strata);
  let ll = 0;
  let k = 0;
  while (k < n) {
    // one stratum, processed from the longest time down so the risk set only grows
    const stratum = codes[order[k]];
    let riskSum = 0;
    while (k < n && codes[order[k]] === stratum) {
      const t = time[order[k]];
      let eventSum = 0;
      let eventEta = 0;
      let d = 0;
      while (k < n && codes[order[k]] === stratum && time[order[k]] === t) {
        const i = order[k];
        const r = Math.exp(eta[i]);
        riskSum += r;
        if (event[i] === 1) {
          eventSum += r;
          eventEta += eta[i];
          d++;
        }
        k++;
      }
      if (d === 0) continue;
      ll += eventEta;
      for (let j = 0; j < d; j++) ll -= Math.log(ties === 'efron' ? riskSum - (j / d) * eventSum : riskSum);
    }
  }
  return ll;
}

/** coxPartialLogLik's order: by stratum, then from the longest time down, ties by row. */
function partialLogLikOrder(time: number[], strata?: (string | number)[]): { codes: Int32Array; order: number[] } {
  return partialLogLikOrderOf(time, codeStrata(strata, time.length).codes);
}

function partialLogLikOrderOf(time: number[], codes: Int32Array): { codes: Int32Array; order: number[] } {
  return { codes, order: time.map((_, i) => i).sort((a, b) => codes[a] - codes[b] || time[b] - time[a] || a - b) };
}

interface OriginalOrders {
  /** fitCox's stratum-then-time order, for the refit of each replicate's linear predictor. */
  fit: Int32Array;
  /** coxPartialLogLik's order, for the frozen partial likelihood. */
  logLik: { codes: Int32Array; order: number[] };
  /** Each row's time among the distinct times (denseRanks): a bootstrap sample's order and concordances. */
  times: { rank: Int32Array; count: number };
}

/**
 * What every replicate's test on the original rows needs of their order, computed once per
 * validation (and per worker thread): the refit's stratum-then-time order and the frozen partial
 * likelihood's order. Keyed by the data object, which a validation never changes.
 */
const originalOrders = new WeakMap<CoxValidationData, OriginalOrders>();

function ordersOf(data: CoxValidationData): OriginalOrders {
  let orders = originalOrders.get(data);
  if (!orders) {
    const { codes } = codeStrata(data.strata, data.time.length);
    orders = {
      fit: orderByStratumTime(data.time, codes),
      logLik: partialLogLikOrderOf(data.time, codes),
      times: denseRanks(Float64Array.from(data.time)),
    };
    originalOrders.set(data, orders);
  }
  return orders;
}

/**
 * A bootstrap sample's stratum-then-time order, as fitCox would sort it, from its times' ranks; its
 * strata coded on the sample itself, as fitCox codes them (a sample without a stratum's rows can sort
 * its labels otherwise than the full data does).
 */
export function sampleOrder(sample: { time: number[]; strata?: (string | number)[] }, timeRanks: Ranks): Int32Array {
  return orderByStratumTime(sample.time, codeStrata(sample.strata, sample.time.length).codes, timeRanks);
}

/** new Set(values).size === 1 without building the set (SameValueZero: NaN equals NaN, -0 equals 0). */
function allSame(values: readonly number[]): boolean {
  const first = values[0];
  for (let i = 1; i < values.length; i++) {
    const v = values[i];
    if (v !== first && !(v !== v && first !== first)) return false;
  }
  return values.length > 0;
}

function coxDxy(
  data: { time: number[]; event: (0 | 1)[]; strata?: (string | number)[] },
  lp: number[],
  timeRanks: Ranks,
  predictorRanks?: Ranks,
): number {
  const c = concordance(data.time, data.event, lp, { reverse: true, strata: data.strata, timeRanks, predictorRanks, se: false });
  return 2 * c.estimate - 1;
}

function subsetCox(data: CoxValidationData, rows: number[]): CoxValidationData {
  return {
    time: rows.map((i) => data.time[i]),
    event: rows.map((i) => data.event[i]),
    strata: data.strata ? rows.map((i) => (data.strata as (string | number)[])[i]) : undefined,
    X: rows.map((i) => data.X[i]),
    ties: data.ties,
  };
}

function fitCoxRows(data: CoxValidationData, order?: Int32Array): { beta: number[]; logLik: { null: number; model: number } } | null {
  try {
    const names = data.X[0].map((_, j) => `x${j + 1}`);
    // validate.cph refits with iter.max = 10, eps = 1e-4 and treats aliasing as failure. Only beta and
    // the log-likelihoods are used here: fitCox's numbers without its summaries.
    const fit = fitCoxCoefficients({
      time: data.time,
      event: data.event,
      strata: data.strata,
      X: data.X,
      names,
      ties: data.ties,
      maxIter: 10,
      eps: 1e-4,
      order,
    });
    if (!fit.converged || fit.aliased) return null;
    return { beta: fit.beta, logLik: fit.logLik };
  } catch {
    return null;
  }
}

/** `lpRanks`: the linear predictor's ranks when the caller has them (a replicate ranks it once). */
function coxFitIndexes(
  data: CoxValidationData,
  lp: number[],
  logLik: { null: number; model: number },
  times: Ranks,
  lpRanks?: Ranks,
): IndexValues {
  const n = lp.length;
  if (allSame(lp)) return { Dxy: 0, R2: 0, Slope: 1, D: 0, U: 0, Q: 0, g: giniMd(lp) };
  const lr = -2 * (logLik.null - logLik.model);
  const ll0 = -2 * logLik.null;
  const D = (lr - 1) / ll0;
  const U = -2 / ll0;
  return {
    Dxy: coxDxy(data, lp, times, lpRanks),
    R2: (1 - Math.exp(-lr / n)) / (1 - Math.exp(-ll0 / n)),
    Slope: 1,
    D,
    U,
    Q: D - U,
    g: lpRanks ? giniMdByRank(lp, lpRanks) : giniMd(lp),
  };
}

function coxTestIndexes(data: CoxValidationData, lp: number[], lpRanks: Ranks): IndexValues | null {
  const n = lp.length;
  if (allSame(lp)) return { Dxy: 0, R2: 0, Slope: 1, D: 0, U: 0, Q: 0, g: 0 };
  const orders = ordersOf(data);
  const refit = fitCoxRows({ ...data, X: lp.map((v) => [v]) }, orders.fit);
  if (!refit) return null;
  const slope = refit.beta[0];
  const lr = -2 * (refit.logLik.null - refit.logLik.model);
  const ll0 = -2 * refit.logLik.null;
  const D = (lr - 1) / ll0;
  const frozen = coxPartialLogLik(data.time, data.event, lp, data.ties ?? 'efron', data.strata, orders.logLik);
  const U = (-2 * (frozen - refit.logLik.model)) / ll0;
  return {
    Dxy: coxDxy(data, lp, orders.times, lpRanks),
    R2: (1 - Math.exp(-lr / n)) / (1 - Math.exp(-ll0 / n)),
    Slope: slope,
    D,
    U,
    Q: D - U,
    g: giniMdByRank(lp, lpRanks, slope),
  };
}

export const coxValidator: Validator<CoxValidationData> = {
  names: COX_NAMES,
  size: (data) => data.time.length,
  apparent(data) {
    const fit = fitCoxRows(data);
    if (!fit) throw new ModelInputError('the Cox model could not be fitted to the full data, so it cannot be validated');
    return coxFitIndexes(data, linearPredictor(data.X, fit.beta, false), fit.logLik, ordersOf(data).times);
  },
  replicate(data, sample) {
    const boot = subsetCox(data, sample);
    if (!boot.event.some((e) => e === 1)) return null;
    const sampleTimes = pickRanks(ordersOf(data).times, sample);
    const fit = fitCoxRows(boot, sampleOrder(boot, sampleTimes));
    if (!fit) return null;
    const lpAll = linearPredictor(data.X, fit.beta, false);
    // Ranked once: both concordances and both Gini's mean differences read these ranks (the sample's
    // read off the original rows', as its times' are), not a sort each.
    const lpRanks = denseRanks(Float64Array.from(lpAll));
    const test = coxTestIndexes(data, lpAll, lpRanks);
    if (!test) return null;
    return {
      train: coxFitIndexes(
        boot,
        sample.map((i) => lpAll[i]),
        fit.logLik,
        sampleTimes,
        pickRanks(lpRanks, sample),
      ),
      test,
    };
  },
};

// ---------------------------------------------------------------- the bootstrap

const validators: { [K in ValidationKind]: Validator<ValidationDataMap[K]> } = {
  logistic: logisticValidator,
  cox: coxValidator,
};

function validatorFor<K extends ValidationKind>(kind: K): Validator<ValidationDataMap[K]> {
  const v = validators[kind] as Validator<ValidationDataMap[K]> | undefined;
  if (!v) throw new ModelInputError(`no validation for model kind "${String(kind)}"`);
  return v;
}

/** validate's index.orig for the model fitted to all rows. */
export function apparentIndexes<K extends ValidationKind>(kind: K, data: ValidationDataMap[K]): IndexValues {
  return validatorFor(kind).apparent(data);
}

/**
 * One bootstrap replicate, a pure function of its arguments (safe to run on a worker thread): the
 * bootstrap sample is drawn from stream `replicateIndex` of the generator seeded with `seed`.
 */
export function bootstrapReplicate<K extends ValidationKind>(
  kind: K,
  data: ValidationDataMap[K],
  seed: number,
  replicateIndex: number,
): ReplicateResult {
  const validator = validatorFor(kind);
  const sample = bootstrapIndices(validator.size(data), createRng(seed, replicateIndex));
  const result = validator.replicate(data, sample);
  return result ? { replicate: replicateIndex, ok: true, ...result } : { replicate: replicateIndex, ok: false, train: {}, test: {} };
}

/** Combines apparent indexes and replicate results as predab.resample does. */
export function summariseValidation<K extends ValidationKind>(
  kind: K,
  apparent: IndexValues,
  replicates: ReplicateResult[],
  seed: number,
): ValidationResult {
  const validator = validatorFor(kind);
  const ok = replicates.filter((r) => r.ok);
  let indexes: ValidationIndex[] = validator.names.map((name) => {
    let train = 0;
    let test = 0;
    let n = 0;
    for (const r of ok) {
      const a = r.train[name];
      const b = r.test[name];
      if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
      train += a;
      test += b;
      n++;
    }
    const training = n > 0 ? train / n : NaN;
    const testing = n > 0 ? test / n : NaN;
    const optimism = training - testing;
    return { name, apparent: apparent[name], training, test: testing, optimism, corrected: apparent[name] - optimism, n };
  });
  if (validator.finish) indexes = validator.finish(indexes);
  return { B: replicates.length, seed, failed: replicates.length - ok.length, indexes };
}

export interface ValidateOptions<K extends ValidationKind> {
  kind: K;
  data: ValidationDataMap[K];
  B: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
}

/** Runs the B replicates in this thread, in order. */
export function validate<K extends ValidationKind>(options: ValidateOptions<K>): ValidationResult {
  const { kind, data, B, seed, onProgress } = options;
  if (!Number.isInteger(B) || B < 1) throw new ModelInputError(`the number of bootstrap replicates must be a positive integer (got ${B})`);
  if (!Number.isInteger(seed)) throw new ModelInputError(`the bootstrap seed must be an integer (got ${seed})`);
  const apparent = apparentIndexes(kind, data);
  const replicates: ReplicateResult[] = [];
  for (let b = 0; b < B; b++) {
    replicates.push(bootstrapReplicate(kind, data, seed, b));
    onProgress?.(b + 1, B);
  }
  return summariseValidation(kind, apparent, replicates, seed);
}
