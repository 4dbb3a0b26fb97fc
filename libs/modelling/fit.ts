/**
 * One model fit from a spec and a table, producing the result JSON of API.md ("Modelling, with or
 * without a server"): the same document for the CLI, the worker and GET /models/{id}. This file
 * only orchestrates the numerical modules (logistic, cox, coxzph, validate, sampsize) and turns
 * their output into the public shape; it never computes statistics of its own beyond plumbing.
 */
import { waldAnova, type AnovaRow } from './anova';
import { calibrationCurve, type CalibrationPoint } from './calibration';
import { calibrationInTheLarge } from './calibration';
import {
  checkCalibrationSpec,
  coxCalibration,
  logisticCalibration,
  type CalibrationOptions,
  type CalibrationResults,
} from './calibration-report';
import {
  baselineForLinearPredictor,
  baselineSurvival,
  fitCox,
  predictSurvival,
  type CoxBaselineCurve,
  type CoxFit,
  type CoxTies,
} from './cox';
import { coxZph } from './coxzph';
import { readModelCsv, type ModelData } from './csv';
import { buildDesign, type CodedVariable, type ColumnLevels, type ColumnPick, type Design, type ModelColumns } from './design';
import { ModelInputError } from './errors';
import { parseFormula } from './formula';
import { kaplanMeier, kaplanMeierAt, KM_CONF_TYPES, type KaplanMeierConfType } from './km';
import { fitLogistic, plogis, type CoefficientRow, type TestStatistic } from './logistic';
import { runReplicates } from './pool';
import { SAVED_MODEL_FORMAT, type SavedModel, type ShrinkageInfo } from './predict';
import { predictorRanges, type PredictorRange } from './points';
import { sampleSizeBinary, sampleSizeSurvival } from './sampsize';
import { apparentIndexes, summariseValidation, type ValidationDataMap, type ValidationKind } from './validate';
import { checkImpute, fitImputed, missingCounts, type ImputationInfo, type ImputeSpec } from './mi-fit';

// ------------------------------------------------------------------ spec

export interface LogisticModelSpec extends CalibrationOptions {
  model: 'logistic';
  outcome: string;
  covariates: string[];
  firth?: boolean;
  bootstrap?: number;
  seed?: number;
  /**
   * Uniform shrinkage of the presented model: true applies the bootstrap-corrected calibration slope
   * (needs bootstrap); a number in (0, 1] applies that factor (one found elsewhere, e.g. heuristic).
   */
  shrink?: boolean | number;
  /** Multiple imputation by chained equations (mi-fit.ts): fit on m imputed sets, pooled by Rubin's rules. */
  impute?: ImputeSpec;
}

export interface CoxModelSpec extends CalibrationOptions {
  model: 'cox';
  time: string;
  event: string;
  covariates: string[];
  strata?: string;
  ties?: CoxTies;
  /** Times at which to report survival at the covariate means (`baselineSurvival`). */
  times?: number[];
  /** Kaplan-Meier interval type (survfit's conf.type): log (default), log-log or plain. */
  confType?: KaplanMeierConfType;
  bootstrap?: number;
  seed?: number;
  /**
   * Uniform shrinkage of the presented model: true applies the bootstrap-corrected calibration slope
   * (needs bootstrap); a number in (0, 1] applies that factor (one found elsewhere, e.g. heuristic).
   */
  shrink?: boolean | number;
  /** Multiple imputation by chained equations (mi-fit.ts): fit on m imputed sets, pooled by Rubin's rules. */
  impute?: ImputeSpec;
}

/** A logistic model given as an R formula, `y ~ rcs(age, 4) + sex + factor(grade) + x:sex`. */
export interface LogisticFormulaSpec extends CalibrationOptions {
  model: 'logistic';
  formula: string;
  firth?: boolean;
  bootstrap?: number;
  seed?: number;
  /**
   * Uniform shrinkage of the presented model: true applies the bootstrap-corrected calibration slope
   * (needs bootstrap); a number in (0, 1] applies that factor (one found elsewhere, e.g. heuristic).
   */
  shrink?: boolean | number;
  /** Multiple imputation by chained equations (mi-fit.ts): fit on m imputed sets, pooled by Rubin's rules. */
  impute?: ImputeSpec;
}

/** A Cox model given as an R formula, `Surv(t, e) ~ age + sex + strata(site)`. */
export interface CoxFormulaSpec extends CalibrationOptions {
  model: 'cox';
  formula: string;
  ties?: CoxTies;
  times?: number[];
  confType?: KaplanMeierConfType;
  bootstrap?: number;
  seed?: number;
  /**
   * Uniform shrinkage of the presented model: true applies the bootstrap-corrected calibration slope
   * (needs bootstrap); a number in (0, 1] applies that factor (one found elsewhere, e.g. heuristic).
   */
  shrink?: boolean | number;
  /** Multiple imputation by chained equations (mi-fit.ts): fit on m imputed sets, pooled by Rubin's rules. */
  impute?: ImputeSpec;
}

export type ModelSpec = LogisticModelSpec | CoxModelSpec | LogisticFormulaSpec | CoxFormulaSpec;

export function isFormulaSpec(spec: ModelSpec): spec is LogisticFormulaSpec | CoxFormulaSpec {
  return typeof (spec as { formula?: unknown }).formula === 'string';
}

/** Largest bootstrap accepted: rms users rarely go beyond 1000, and each replicate refits the model. */
export const MAX_BOOTSTRAP = 2000;
/** Seed used when a bootstrap is asked for without one, so that an unseeded run is still reproducible. */
export const DEFAULT_SEED = 1;

// ------------------------------------------------------------------ result (API.md)

export interface ValidationRow {
  name: string;
  apparent: number;
  optimism: number;
  corrected: number;
}

export interface ModelValidation {
  B: number;
  seed: number;
  /** Replicates whose refit failed (separation, no events, ...) and were left out, as rms does. */
  failed: number;
  indexes: ValidationRow[];
}

export interface PhTest {
  terms: { term: string; chisq: number; df: number; p: number }[];
  global: { chisq: number; df: number; p: number };
}

export interface BaselineSurvivalPoint {
  time: number;
  survival: number;
  /** Present for stratified models only: one entry per stratum and time. */
  stratum?: string;
}

/**
 * Riley et al. (BMJ 2020;368:m441) minimum sample size for a model with this many candidate
 * parameters, this outcome frequency and this R-squared, set against the rows actually used.
 */
export interface SampleSizeCheck {
  outcome: 'binary' | 'survival';
  /** Candidate predictor parameters (every covariate asked for, dropped ones included). */
  parameters: number;
  /** Cox-Snell R-squared the calculation assumed. */
  rsquared: number;
  /** 'optimism-corrected' when a bootstrap was run (Riley's recommendation), else 'apparent'. */
  rsquaredSource: 'apparent' | 'optimism-corrected';
  /** Target expected shrinkage (criterion 1). */
  shrinkage: number;
  prevalence?: number;
  /** Events per unit of time, total follow-up time, mean follow-up and time point (survival). */
  rate?: number;
  meanFollowUp?: number;
  timepoint?: number;
  criteria: { criterion: number; description: string; n: number }[];
  required: number;
  requiredEvents: number;
  available: number;
  availableEvents: number;
  sufficient: boolean;
}

export interface ModelResult extends CalibrationResults {
  model: 'logistic' | 'cox';
  /** Logistic only: maximum likelihood or Firth's penalised likelihood. */
  method?: 'ml' | 'firth';
  n: number;
  events: number;
  /** Cox only. */
  ties?: CoxTies;
  coefficients: CoefficientRow[];
  logLik: { null: number; model: number };
  tests: { lr: TestStatistic; wald: TestStatistic; score: TestStatistic };
  concordance: { estimate: number; se: number };
  iterations: number;
  converged: boolean;
  warnings: string[];
  validation?: ModelValidation;
  phTest?: PhTest;
  baselineSurvival?: BaselineSurvivalPoint[];
  sampleSize?: SampleSizeCheck;
  /** Wald tests per predictor as rms::anova (see anova.ts). */
  anova?: AnovaRow[];
  /** Formula fits: how each variable was coded (knots, levels) and which columns each term holds. */
  design?: ModelDesign;
  /**
   * Which model the saved model (and its predictions) is: the fitted one, or the fitted one with its
   * coefficients multiplied by the bootstrap calibration slope (`shrink`). `coefficients` above are
   * always the fitted ones, with their standard errors.
   */
  presented: 'fitted' | 'shrunk';
  shrinkage?: ShrinkageInfo;
  /** Firth: the FLIC intercept (ML intercept given Firth's slopes), used by the saved model for predictions. */
  flic?: { intercept: number };
  /** Cox: the Kaplan-Meier curve of all rows used: median with limits, and at `times` the number at risk. */
  kaplanMeier?: KaplanMeierSummary;
  /** Missing cells per model column over all rows (without impute: rows missing any of them were dropped). */
  missing?: Record<string, number>;
  /** Fits with `impute`: how the data were imputed and the fits pooled (mi-fit.ts). */
  imputation?: ImputationInfo;
}

export interface KaplanMeierSummary {
  confType: KaplanMeierConfType;
  conf: number;
  /** quantile(survfit, 0.5); a limit (or the median) the curve does not reach is absent (R's NA). */
  median: { estimate?: number; lower?: number; upper?: number };
  lastFollowUp: number;
  /** summary(survfit, times, extend = TRUE) at the spec's times; an interval survfit gives as NA is absent. */
  atTimes?: { time: number; nRisk: number; survival: number; lower?: number; upper?: number }[];
}

export interface ModelDesign {
  formula: string;
  variables: CodedVariable[];
  terms: { label: string; columns: string[] }[];
  strata?: string[];
}

/** What a report draws beyond the result: curves that need the data, not only the fit. */
export interface ModelFigures {
  /** Logistic: lowess of outcome on predicted risk (apparent). */
  calibrationCurve?: CalibrationPoint[];
  /** Cox: predicted vs Kaplan-Meier survival at `time` in fifths of the linear predictor. */
  groupedCalibration?: {
    time: number;
    groups: { predicted: number; observed: number; lower: number | null; upper: number | null; n: number }[];
  };
  /** Cox: Kaplan-Meier curves in thirds of the linear predictor (low, middle, high risk). */
  riskGroups?: { label: string; n: number; events: number; steps: { time: number; survival: number; nRisk: number }[] }[];
  /** Display ranges of the numeric predictors (rms::datadist's), for the points table (points.ts). */
  ranges?: Record<string, PredictorRange>;
}

export interface FitProgress {
  /** 0..1 over the whole fit, bootstrap included. */
  fraction: number;
  stage: 'reading' | 'fitting' | 'validating' | 'done';
}

export interface FitModelOptions {
  onProgress?: (progress: FitProgress) => void;
  /** Columns that are factors with known levels (a dataset's choice fields, from its dictionary). */
  levels?: ColumnLevels;
  /** Worker threads for the bootstrap (pool.ts); default one per core. */
  threads?: number;
}

export type { ModelColumns };

// ------------------------------------------------------------------ entry points

/** Fits the model of `spec` to a CSV text (API.md's input) or to columns, and returns the result JSON. */
export async function fitModel(
  spec: ModelSpec,
  input: string | Buffer | ModelColumns,
  options: FitModelOptions = {},
): Promise<ModelResult> {
  return (await fitModelWithFigures(spec, input, options)).result;
}

/** fitModel plus the curves a report draws. */
export async function fitModelWithFigures(
  spec: ModelSpec,
  input: string | Buffer | ModelColumns,
  options: FitModelOptions = {},
): Promise<{ result: ModelResult; figures: ModelFigures; saved: SavedModel }> {
  checkSpec(spec);
  const progress = options.onProgress ?? (() => undefined);
  progress({ fraction: 0, stage: 'reading' });
  if (spec.impute !== undefined) {
    const imputed = await fitImputed(spec, input, options, fitModelWithFigures);
    imputed.result = finiteResult(imputed.result);
    progress({ fraction: 1, stage: 'done' });
    return imputed;
  }
  const prepared = prepare(spec, input, options.levels ?? {});
  prepared.strataLabels = strataLabels(prepared.strataColumns, options.levels ?? {});
  const out = spec.model === 'logistic' ? await fitLogisticSpec(spec, prepared, options) : await fitCoxSpec(spec, prepared, options);
  out.result.missing = missingCounts(spec, input, options.levels ?? {});
  out.result = finiteResult(out.result);
  out.figures.ranges = predictorRanges(prepared.X, prepared.picks, prepared.variables);
  progress({ fraction: 1, stage: 'done' });
  return out;
}

// ------------------------------------------------------------------ spec checks

function checkSpec(spec: ModelSpec): void {
  const raw = spec as unknown as Record<string, unknown>;
  if (raw === null || typeof raw !== 'object') throw new ModelInputError('the model spec must be an object');
  if (raw.model !== 'logistic' && raw.model !== 'cox')
    throw new ModelInputError(`model must be "logistic" or "cox" (got ${JSON.stringify(raw.model)})`);
  if (raw.formula !== undefined) {
    if (typeof raw.formula !== 'string' || raw.formula.trim() === '') throw new ModelInputError('formula must be a non-empty text');
    const both = ['outcome', 'time', 'event', 'covariates', 'strata'].filter((k) => raw[k] !== undefined);
    if (both.length > 0)
      throw new ModelInputError(`a formula replaces ${both.join(', ')}: give either the formula or the columns, not both`);
  } else {
    checkColumnsSpec(spec as LogisticModelSpec | CoxModelSpec);
  }
  if (spec.model === 'cox') {
    if (spec.ties !== undefined && spec.ties !== 'efron' && spec.ties !== 'breslow') {
      throw new ModelInputError(`ties must be "efron" or "breslow" (got ${JSON.stringify(spec.ties)})`);
    }
    if (
      spec.times !== undefined &&
      (!Array.isArray(spec.times) || spec.times.length === 0 || !spec.times.every((t) => Number.isFinite(t) && t >= 0))
    ) {
      throw new ModelInputError('times must be a list of non-negative numbers');
    }
    if (spec.confType !== undefined && !KM_CONF_TYPES.includes(spec.confType))
      throw new ModelInputError(`confType must be one of ${KM_CONF_TYPES.join(', ')} (got ${JSON.stringify(spec.confType)})`);
  }
  if (spec.bootstrap !== undefined && (!Number.isInteger(spec.bootstrap) || spec.bootstrap < 1 || spec.bootstrap > MAX_BOOTSTRAP)) {
    throw new ModelInputError(`bootstrap must be an integer from 1 to ${MAX_BOOTSTRAP} (got ${spec.bootstrap})`);
  }
  if (
    spec.shrink !== undefined &&
    typeof spec.shrink !== 'boolean' &&
    !(typeof spec.shrink === 'number' && Number.isFinite(spec.shrink) && spec.shrink > 0 && spec.shrink <= 1)
  )
    throw new ModelInputError('shrink must be true (the bootstrap calibration slope) or a factor in (0, 1]');
  if (spec.shrink === true && spec.bootstrap === undefined)
    throw new ModelInputError('shrink needs a bootstrap: the shrinkage factor is the bootstrap-corrected calibration slope');
  if (spec.seed !== undefined && (!Number.isInteger(spec.seed) || Math.abs(spec.seed) > 2 ** 53 - 1)) {
    throw new ModelInputError(`seed must be an integer (got ${spec.seed})`);
  }
  checkCalibrationSpec(spec);
  checkImpute(spec);
}

function checkColumnsSpec(spec: LogisticModelSpec | CoxModelSpec): void {
  const covariates = (spec as unknown as Record<string, unknown>).covariates;
  if (!Array.isArray(covariates) || covariates.length === 0 || !covariates.every((c) => typeof c === 'string' && c.length > 0)) {
    throw new ModelInputError('covariates must name at least one column (or give a formula)');
  }
  const dup = covariates.find((c, i) => covariates.indexOf(c) !== i);
  if (dup !== undefined) throw new ModelInputError(`covariate '${dup}' is named twice`);
  const named = (key: string, value: unknown): string => {
    if (typeof value !== 'string' || value.length === 0) throw new ModelInputError(`${key} must name a column`);
    if (covariates.includes(value)) throw new ModelInputError(`column '${value}' is both the ${key} and a covariate`);
    return value;
  };
  if (spec.model === 'logistic') named('outcome', spec.outcome);
  else {
    const time = named('time', spec.time);
    const event = named('event', spec.event);
    if (time === event) throw new ModelInputError(`column '${time}' is both the time and the event`);
    if (spec.strata !== undefined) {
      const strata = named('strata', spec.strata);
      if (strata === time || strata === event)
        throw new ModelInputError(`column '${strata}' cannot be the strata and the ${strata === time ? 'time' : 'event'}`);
    }
  }
}

// ------------------------------------------------------------------ reading

/** The fit's input, whichever way the model was given: complete rows, coded. */
interface Prepared {
  /** Design columns (no intercept), one row per complete data row. */
  X: number[][];
  names: string[];
  /** logistic: the outcome; cox: time and event. */
  response: Record<string, number[]>;
  responseColumns: string[];
  strata?: string[];
  rowNumbers: number[];
  warnings: string[];
  /** Candidate parameters for the sample-size check: design columns, dropped ones included. */
  parameters: number;
  design?: Design;
  /** What a saved model needs to code a new row: the variables, and the picks of each design column. */
  variables: CodedVariable[];
  picks: ColumnPick[][];
  strataColumns: string[];
  strataLabels?: Record<string, string>;
}

/** A single strata column that is a dataset's choice field is labelled; the saved model maps its codes. */
function strataLabels(columns: string[], levels: ColumnLevels): Record<string, string> | undefined {
  if (columns.length !== 1 || !levels[columns[0]]) return undefined;
  return Object.fromEntries(levels[columns[0]].levels.map((l) => [l.value, l.label]));
}

function prepare(spec: ModelSpec, input: string | Buffer | ModelColumns, levels: ColumnLevels): Prepared {
  if (isFormulaSpec(spec)) {
    const formula = parseFormula(spec.formula);
    if (spec.model === 'logistic' && formula.response.kind !== 'binary')
      throw new ModelInputError(`a logistic model's formula has one outcome column on the left (y ~ ...), not Surv()`);
    if (spec.model === 'cox' && formula.response.kind !== 'surv')
      throw new ModelInputError(`a Cox model's formula has Surv(time, event) on the left`);
    const design = buildDesign(formula, input, levels);
    const responseColumns =
      formula.response.kind === 'binary' ? [formula.response.outcome] : [formula.response.time, formula.response.event];
    return {
      X: design.X,
      names: design.names,
      response: design.response,
      responseColumns,
      ...(design.strata ? { strata: design.strata } : {}),
      rowNumbers: design.rowNumbers,
      warnings: design.warnings,
      parameters: design.names.length,
      design,
      variables: design.variables,
      picks: design.picks,
      strataColumns: formula.strata,
    };
  }
  const responseColumns = spec.model === 'logistic' ? [spec.outcome] : [spec.time, spec.event];
  const strataColumn = spec.model === 'cox' ? spec.strata : undefined;
  const data = readInput(input, [...responseColumns, ...spec.covariates], strataColumn ? [strataColumn] : []);
  if (data.n === 0) throw new ModelInputError('no complete rows: every row misses a model variable');
  return {
    X: rowsOf(data, spec.covariates),
    names: spec.covariates,
    response: Object.fromEntries(responseColumns.map((c) => [c, data.columns[c]])),
    responseColumns,
    ...(strataColumn ? { strata: data.text[strataColumn] ?? data.columns[strataColumn].map(String) } : {}),
    rowNumbers: data.rowNumbers,
    warnings: data.warnings,
    parameters: spec.covariates.length,
    variables: spec.covariates.map((c) => ({ label: c, column: c, kind: 'numeric' as const })),
    picks: spec.covariates.map((_, j) => [{ variable: j, basis: 0 }]),
    strataColumns: strataColumn ? [strataColumn] : [],
  };
}

function readInput(input: string | Buffer | ModelColumns, numeric: string[], text: string[]): ModelData {
  if (typeof input === 'string' || Buffer.isBuffer(input)) return readModelCsv(input, numeric, { text });
  return readColumns(input, numeric, text);
}

/** The columns form of readModelCsv: same dropping rule, same messages, 1-based row numbers. */
function readColumns(input: ModelColumns, numeric: string[], textNames: string[]): ModelData {
  const all = [...numeric, ...textNames.filter((t) => !numeric.includes(t))];
  const absent = all.filter((v) => !Array.isArray(input[v]));
  if (absent.length > 0)
    throw new ModelInputError(`column${absent.length > 1 ? 's' : ''} ${absent.map((v) => `'${v}'`).join(', ')} not found`);
  const total = input[all[0]].length;
  for (const v of all)
    if (input[v].length !== total) throw new ModelInputError(`column '${v}' has ${input[v].length} values, expected ${total}`);
  const isMissing = (x: unknown) => x === null || x === undefined || x === '' || x === 'NA' || (typeof x === 'number' && Number.isNaN(x));
  const columns: Record<string, number[]> = Object.fromEntries(numeric.map((v) => [v, [] as number[]]));
  const text: Record<string, string[]> = Object.fromEntries(textNames.filter((t) => !numeric.includes(t)).map((v) => [v, [] as string[]]));
  const rowNumbers: number[] = [];
  let dropped = 0;
  for (let r = 0; r < total; r++) {
    if (all.some((v) => isMissing(input[v][r]))) {
      dropped++;
      continue;
    }
    for (const v of numeric) {
      const cell = input[v][r];
      const value = typeof cell === 'number' ? cell : Number(String(cell).trim());
      if (!Number.isFinite(value) || (typeof cell === 'string' && cell.trim() === ''))
        throw new ModelInputError(`row ${r + 1}, column '${v}': '${String(cell)}' is not a number`);
      columns[v].push(value);
    }
    for (const v of Object.keys(text)) text[v].push(String(input[v][r]));
    rowNumbers.push(r + 1);
  }
  const warnings =
    dropped > 0 ? [`${dropped} of ${total} rows dropped because of missing values in model variables (${all.join(', ')})`] : [];
  return { columns, text, n: rowNumbers.length, dropped, rowNumbers, warnings };
}

function rowsOf(data: ModelData, names: string[]): number[][] {
  return Array.from({ length: data.n }, (_, i) => names.map((name) => data.columns[name][i]));
}

function where(prepared: Prepared, i: number, column: string): string {
  return `row ${prepared.rowNumbers[i]}, column '${column}'`;
}

/** Formula fits: rms-style anova, and the coding a saved model needs. */
function designParts(
  prepared: Prepared,
  names: string[],
  beta: number[],
  covariance: number[][],
  dropped: string[],
): Pick<ModelResult, 'anova' | 'design'> {
  const design = prepared.design;
  if (!design) return {};
  return {
    anova: waldAnova(design, names, beta, covariance, dropped),
    design: {
      formula: design.formula.text,
      variables: design.variables,
      terms: design.terms.map((t) => ({ label: t.label, columns: t.columns.map((c) => design.columns[c].name) })),
      ...(design.formula.strata.length ? { strata: design.formula.strata } : {}),
    },
  };
}

// ------------------------------------------------------------------ logistic

async function fitLogisticSpec(
  spec: LogisticModelSpec | LogisticFormulaSpec,
  prepared: Prepared,
  options: FitModelOptions,
): Promise<{ result: ModelResult; figures: ModelFigures; saved: SavedModel }> {
  const outcome = prepared.responseColumns[0];
  const y = prepared.response[outcome];
  y.forEach((v, i) => {
    if (v !== 0 && v !== 1) throw new ModelInputError(`${where(prepared, i, outcome)}: the outcome must be 0 or 1, not ${v}`);
  });
  const { X, names } = prepared;
  options.onProgress?.({ fraction: 0.02, stage: 'fitting' });
  const fit = fitLogistic({ y, X, names, firth: spec.firth === true });
  const warnings = [...prepared.warnings, ...fit.warnings];

  const kept = names.filter((c) => fit.coefficients.some((row) => row.term === c));
  const keptX = X.map((row) => kept.map((c) => row[names.indexOf(c)]));
  const intercept = fit.coefficients[0].estimate;
  const slopes = kept.map((c) => (fit.coefficients.find((row) => row.term === c) as CoefficientRow).estimate);
  const lp = keptX.map((row) => row.reduce((s, v, j) => s + v * slopes[j], intercept));

  const result: ModelResult = {
    model: 'logistic',
    method: fit.method,
    n: fit.n,
    events: fit.events,
    coefficients: fit.coefficients,
    logLik: fit.logLik,
    tests: fit.tests,
    concordance: fit.concordance,
    iterations: fit.iterations,
    converged: fit.converged,
    warnings,
    presented: 'fitted',
    // The covariance includes the intercept (row 0); anova tests slopes only.
    ...designParts(
      prepared,
      kept,
      slopes,
      fit.covariance.slice(1).map((row) => row.slice(1)),
      fit.aliased,
    ),
  };
  if (spec.bootstrap !== undefined) {
    // A Firth model is validated by refitting Firth to every sample (rms::validate(lrm) would refit ML).
    result.validation = await bootstrap(
      'logistic',
      { y, X: keptX, ...(spec.firth ? { firth: true } : {}) },
      spec.bootstrap,
      spec.seed ?? DEFAULT_SEED,
      options,
      warnings,
    );
  }
  Object.assign(result, await logisticCalibration(spec, { y, X: keptX, lp }, spec.seed ?? DEFAULT_SEED, warnings));
  const sampleSize = logisticSampleSize(prepared.parameters, fit.n, fit.events, fit.logLik, result.validation, warnings);
  if (sampleSize) result.sampleSize = sampleSize;
  const byName = new Map(kept.map((c, j) => [c, slopes[j]]));
  if (fit.method === 'firth') {
    // FLIC (Puhr et al. 2017): Firth's slopes with the intercept re-estimated by ML given them, so that
    // the average predicted risk equals the observed one; the saved model predicts with it.
    const slopesOnly = keptX.map((row) => row.reduce((s, v, j) => s + v * slopes[j], 0));
    result.flic = { intercept: calibrationInTheLarge(slopesOnly, y) };
  }
  const saved: SavedModel = {
    ...savedBase(spec, prepared),
    method: fit.method,
    intercept: result.flic?.intercept ?? intercept,
    coefficients: names.map((c) => byName.get(c) ?? 0),
  };
  if (spec.shrink) {
    const factor = typeof spec.shrink === 'number' ? spec.shrink : shrinkageFactor(result.validation, warnings);
    if (factor !== undefined) {
      const shrunkOffset = keptX.map((row) => row.reduce((s, v, j) => s + v * slopes[j] * factor, 0));
      const shrunkIntercept = calibrationInTheLarge(shrunkOffset, y);
      saved.intercept = shrunkIntercept;
      saved.coefficients = saved.coefficients.map((b) => b * factor);
      saved.presented = result.presented = 'shrunk';
      saved.shrinkage = result.shrinkage = {
        factor,
        ...shrinkageSource(spec.shrink, result.validation),
        intercept: shrunkIntercept,
        coefficients: [
          { term: '(Intercept)', estimate: shrunkIntercept },
          ...kept.map((c, j) => ({ term: c, estimate: slopes[j] * factor })),
        ],
      };
    }
  }
  let figures: ModelFigures = {};
  try {
    figures = { calibrationCurve: calibrationCurve(lp.map(plogis), y) };
  } catch {
    // A figure is a nicety: a fit whose calibration curve cannot be smoothed still has its result.
  }
  return { result, figures, saved };
}

// ------------------------------------------------------------------ Cox

async function fitCoxSpec(
  spec: CoxModelSpec | CoxFormulaSpec,
  prepared: Prepared,
  options: FitModelOptions,
): Promise<{ result: ModelResult; figures: ModelFigures; saved: SavedModel }> {
  const [timeColumn, eventColumn] = prepared.responseColumns;
  const time = prepared.response[timeColumn];
  time.forEach((t, i) => {
    if (t < 0) throw new ModelInputError(`${where(prepared, i, timeColumn)}: a survival time cannot be negative (${t})`);
  });
  const event = codeEvents(prepared, eventColumn);
  const strata = prepared.strata;
  const { X, names } = prepared;
  options.onProgress?.({ fraction: 0.02, stage: 'fitting' });
  const ties = spec.ties ?? 'efron';
  const fit = fitCox({ time, event, X, names, strata, ties });
  const warnings = [...prepared.warnings, ...fit.warnings];

  const keep = fit.terms.map((_, j) => j).filter((j) => !fit.aliased.includes(fit.terms[j]));
  const result: ModelResult = {
    model: 'cox',
    n: fit.n,
    events: fit.events,
    ties,
    coefficients: fit.coefficients,
    logLik: fit.logLik,
    tests: fit.tests,
    concordance: fit.concordance,
    iterations: fit.iterations,
    converged: fit.converged,
    warnings,
    presented: 'fitted',
    ...designParts(
      prepared,
      keep.map((j) => fit.terms[j]),
      keep.map((j) => fit.beta[j]),
      keep.map((a) => keep.map((b) => fit.variance[a][b])),
      fit.aliased,
    ),
  };
  if (fit.coefficients.length > 0) {
    try {
      const zph = coxZph(fit, { time, event, strata, X });
      result.phTest = { terms: zph.terms, global: zph.global };
    } catch (error) {
      warnings.push(`proportional-hazards test not computed: ${(error as Error).message}`);
    }
  }
  const km = kaplanMeier(time, event, { confType: spec.confType ?? 'log' });
  const lastFollowUp = Math.max(...time);
  result.kaplanMeier = {
    confType: km.confType,
    conf: km.conf,
    median: withoutNulls(km.median),
    lastFollowUp,
    ...(spec.times ? { atTimes: kaplanMeierAt(km, spec.times).map((a) => withoutNulls(a)) } : {}),
  };
  const beyond = (spec.times ?? []).filter((t) => t > lastFollowUp);
  if (beyond.length > 0)
    warnings.push(
      `time${beyond.length > 1 ? 's' : ''} ${beyond.join(', ')} beyond the last follow-up (${lastFollowUp}): survival there is held at its last value, an extrapolation, and no one is at risk`,
    );
  if (spec.times) {
    result.baselineSurvival = baselineSurvival(fit, spec.times).map((b) => ({
      time: b.time,
      survival: b.survival,
      ...(fit.strata ? { stratum: b.stratum ?? '' } : {}),
    }));
  }
  if (spec.bootstrap !== undefined) {
    const keptX = X.map((row) => keep.map((j) => row[j]));
    result.validation = await bootstrap(
      'cox',
      { time, event, strata, X: keptX, ties },
      spec.bootstrap,
      spec.seed ?? DEFAULT_SEED,
      options,
      warnings,
    );
  }
  const estimableX = X.map((row) => keep.map((j) => row[j]));
  Object.assign(
    result,
    await coxCalibration(spec, { time, event, X, keptX: estimableX, strata, ties, fit }, spec.seed ?? DEFAULT_SEED, warnings),
  );
  const totalTime = time.reduce((s, t) => s + t, 0);
  const timepoint = spec.times?.[0] ?? median(time);
  const sampleSize = coxSampleSize(prepared.parameters, fit, totalTime, timepoint, result.validation, warnings);
  if (sampleSize) result.sampleSize = sampleSize;
  const saved: SavedModel = {
    ...savedBase(spec, prepared),
    ties,
    coefficients: [...fit.beta],
    means: [...fit.means],
    baseline: savedCurves(fit.baseline),
  };
  if (spec.shrink) {
    const factor = typeof spec.shrink === 'number' ? spec.shrink : shrinkageFactor(result.validation, warnings);
    if (factor !== undefined) {
      // The baseline hazard is re-estimated for the shrunk coefficients, as coxph(init = s * b, iter.max = 0).
      const lp = fit.linearPredictors.map((v) => v * factor);
      saved.baseline = savedCurves(baselineForLinearPredictor({ time, event, strata, ties }, lp));
      saved.coefficients = saved.coefficients.map((b) => b * factor);
      saved.presented = result.presented = 'shrunk';
      saved.shrinkage = result.shrinkage = {
        factor,
        ...shrinkageSource(spec.shrink, result.validation),
        coefficients: keep.map((j) => ({ term: fit.terms[j], estimate: fit.beta[j] * factor })),
      };
    }
  }
  return { result, figures: coxFigures(fit, time, event, X, strata, timepoint), saved };
}

// ------------------------------------------------------------------ saved model (predict.ts)

function savedBase(spec: ModelSpec, prepared: Prepared): SavedModel {
  const columns = [...new Set([...prepared.variables.map((v) => v.column), ...prepared.strataColumns])];
  return {
    format: SAVED_MODEL_FORMAT,
    model: spec.model,
    formula: isFormulaSpec(spec) ? spec.formula : null,
    columns,
    variables: prepared.variables,
    design: prepared.names.map((name, j) => ({ name, picks: prepared.picks[j] })),
    coefficients: [],
    ...(prepared.strataColumns.length
      ? { strata: { columns: prepared.strataColumns, ...(prepared.strataLabels ? { labels: prepared.strataLabels } : {}) } }
      : {}),
    presented: 'fitted',
  };
}

function savedCurves(curves: CoxBaselineCurve[]): SavedModel['baseline'] {
  return curves.map((c) => ({ stratum: c.stratum, time: c.time, cumhaz: c.cumhaz }));
}

function shrinkageSource(shrink: boolean | number, validation: ModelValidation | undefined): Pick<ShrinkageInfo, 'source' | 'B' | 'seed'> {
  return typeof shrink === 'number' || !validation
    ? { source: 'given' }
    : { source: 'bootstrap calibration slope', B: validation.B, seed: validation.seed };
}

/** The bootstrap-corrected calibration slope (rms::validate), or undefined with a warning saying why not. */
function shrinkageFactor(validation: ModelValidation | undefined, warnings: string[]): number | undefined {
  const slope = validation?.indexes.find((ix) => ix.name === 'Slope')?.corrected;
  if (slope === undefined || !Number.isFinite(slope) || slope <= 0) {
    warnings.push('shrinkage not applied: no usable bootstrap calibration slope; the fitted model is presented');
    return undefined;
  }
  if (slope > 1) warnings.push(`the bootstrap calibration slope is ${slope.toFixed(3)} (> 1): applying it expands the coefficients`);
  return slope;
}

/** JSON results carry no nulls: an NA of R is an absent key. */
function withoutNulls<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as { [K in keyof T]: Exclude<T[K], null> };
}

/** 0/1, or 1/2 as R's Surv reads it (2 = event, 1 = censored: survival's lung uses this coding). */
function codeEvents(prepared: Prepared, column: string): (0 | 1)[] {
  const values = prepared.response[column];
  const oneTwo = values.some((v) => v === 2) && values.every((v) => v === 1 || v === 2);
  return values.map((v, i) => {
    if (oneTwo) return v === 2 ? 1 : 0;
    if (v !== 0 && v !== 1)
      throw new ModelInputError(`${where(prepared, i, column)}: the event must be 0 or 1 (or 1/2 with 2 = event), not ${v}`);
    return v as 0 | 1;
  });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Thirds (or fifths) of the linear predictor; ties in the predictor stay in one group. */
function quantileGroups(lp: number[], groups: number): number[][] {
  const order = lp.map((_, i) => i).sort((a, b) => lp[a] - lp[b]);
  const out: number[][] = [];
  let start = 0;
  for (let g = 1; g <= groups && start < order.length; g++) {
    let end = g === groups ? order.length : Math.round((g * order.length) / groups);
    while (end < order.length && end > 0 && lp[order[end]] === lp[order[end - 1]]) end++;
    if (end > start) out.push(order.slice(start, end));
    start = end;
  }
  return out;
}

function coxFigures(fit: CoxFit, time: number[], event: (0 | 1)[], X: number[][], strata: string[] | undefined, at: number): ModelFigures {
  const lp = fit.linearPredictors;
  const figures: ModelFigures = {};
  try {
    const thirds = quantileGroups(lp, 3);
    const labels = thirds.length === 3 ? ['low risk', 'middle risk', 'high risk'] : thirds.map((_, g) => `group ${g + 1}`);
    figures.riskGroups = thirds.map((rows, g) => {
      const km = kaplanMeier(
        rows.map((i) => time[i]),
        rows.map((i) => event[i]),
      );
      return {
        label: labels[g],
        n: km.n,
        events: km.events,
        steps: km.steps.map((s) => ({ time: s.time, survival: s.survival, nRisk: s.nRisk })),
      };
    });
    const fifths = quantileGroups(lp, 5);
    figures.groupedCalibration = {
      time: at,
      groups: fifths.map((rows) => {
        const predicted = rows.reduce((s, i) => s + predictSurvival(fit, X[i], at, strata?.[i]), 0) / rows.length;
        const km = kaplanMeier(
          rows.map((i) => time[i]),
          rows.map((i) => event[i]),
        );
        const step = [...km.steps].reverse().find((s) => s.time <= at);
        return { predicted, observed: step?.survival ?? 1, lower: step ? step.lower : 1, upper: step ? step.upper : 1, n: rows.length };
      }),
    };
  } catch {
    // Figures are for the report only; a degenerate fit keeps its result without them.
  }
  return figures;
}

// ------------------------------------------------------------------ bootstrap

async function bootstrap<K extends ValidationKind>(
  kind: K,
  data: ValidationDataMap[K],
  B: number,
  seed: number,
  options: FitModelOptions,
  warnings: string[],
): Promise<ModelValidation | undefined> {
  let apparent: Record<string, number>;
  try {
    apparent = apparentIndexes(kind, data);
  } catch (error) {
    warnings.push(`bootstrap validation skipped: ${(error as Error).message}`);
    return undefined;
  }
  const replicates = await runReplicates(kind, data, seed, B, {
    threads: options.threads,
    onProgress: (done, total) => options.onProgress?.({ fraction: 0.05 + (0.9 * done) / total, stage: 'validating' }),
  });
  const summary = summariseValidation(kind, apparent, replicates, seed);
  if (summary.failed === B) {
    warnings.push(`bootstrap validation failed: the model could not be refitted to any of the ${B} bootstrap samples`);
    return undefined;
  }
  if (summary.failed > 0) {
    warnings.push(
      `${summary.failed} of ${B} bootstrap samples could not be refitted (divergence, separation or no events) and were left out, as rms::validate does`,
    );
  }
  return {
    B: summary.B,
    seed: summary.seed,
    failed: summary.failed,
    indexes: summary.indexes.map((ix) => ({ name: ix.name, apparent: ix.apparent, optimism: ix.optimism, corrected: ix.corrected })),
  };
}

// ------------------------------------------------------------------ sample size (Riley et al.)

/**
 * Cox-Snell R2 for the sample-size calculation. Riley et al. ask for an optimism-adjusted value, so
 * the bootstrap-corrected Nagelkerke R2 (times its maximum, 1 - exp(2 logLik.null / n)) is used when a
 * bootstrap was run; otherwise the apparent 1 - exp(-LR / n), which overstates it and so understates
 * the sample size required.
 */
function coxSnellR2(
  n: number,
  logLik: { null: number; model: number },
  validation: ModelValidation | undefined,
): { r2: number; source: SampleSizeCheck['rsquaredSource'] } {
  const corrected = validation?.indexes.find((ix) => ix.name === 'R2')?.corrected;
  if (corrected !== undefined && Number.isFinite(corrected)) {
    return { r2: corrected * (1 - Math.exp((2 * logLik.null) / n)), source: 'optimism-corrected' };
  }
  return { r2: 1 - Math.exp((-2 * (logLik.model - logLik.null)) / n), source: 'apparent' };
}

const SHRINKAGE = 0.9;

function logisticSampleSize(
  parameters: number,
  n: number,
  events: number,
  logLik: { null: number; model: number },
  validation: ModelValidation | undefined,
  warnings: string[],
): SampleSizeCheck | undefined {
  const { r2, source } = coxSnellR2(n, logLik, validation);
  // Below ~1e-8 the model explains nothing measurable and the formula's n runs to ~1e16.
  if (!(r2 > 1e-8)) {
    warnings.push('sample-size check skipped: the model explains no variation (R-squared ~ 0)');
    return undefined;
  }
  try {
    const prevalence = events / n;
    const s = sampleSizeBinary({ parameters, prevalence, rsquared: r2, shrinkage: SHRINKAGE });
    if (!Number.isFinite(s.n) || s.n > 1e9) {
      warnings.push('sample-size check skipped: the required size is not finite (the model is degenerate)');
      return undefined;
    }
    return {
      outcome: 'binary',
      parameters: s.parameters,
      rsquared: r2,
      rsquaredSource: source,
      shrinkage: SHRINKAGE,
      prevalence,
      criteria: s.criteria.map((c) => ({ criterion: c.criterion, description: c.description, n: c.n })),
      required: s.n,
      requiredEvents: Math.ceil(s.events),
      available: n,
      availableEvents: events,
      sufficient: n >= s.n,
    };
  } catch (error) {
    warnings.push(`sample-size check skipped: ${(error as Error).message}`);
    return undefined;
  }
}

function coxSampleSize(
  parameters: number,
  fit: CoxFit,
  totalTime: number,
  timepoint: number,
  validation: ModelValidation | undefined,
  warnings: string[],
): SampleSizeCheck | undefined {
  const { r2, source } = coxSnellR2(fit.n, fit.logLik, validation);
  // Below ~1e-8 the model explains nothing measurable and the formula's n runs to ~1e16.
  if (!(r2 > 1e-8)) {
    warnings.push('sample-size check skipped: the model explains no variation (R-squared ~ 0)');
    return undefined;
  }
  if (!(totalTime > 0) || !(timepoint > 0)) {
    warnings.push('sample-size check skipped: follow-up time is zero');
    return undefined;
  }
  try {
    const rate = fit.events / totalTime;
    const meanFollowUp = totalTime / fit.n;
    const s = sampleSizeSurvival({
      parameters,
      rsquared: r2,
      rate,
      timepoint,
      meanfup: meanFollowUp,
      shrinkage: SHRINKAGE,
    });
    if (!Number.isFinite(s.n) || s.n > 1e9) {
      warnings.push('sample-size check skipped: the required size is not finite (the model is degenerate)');
      return undefined;
    }
    return {
      outcome: 'survival',
      parameters: s.parameters,
      rsquared: r2,
      rsquaredSource: source,
      shrinkage: SHRINKAGE,
      rate,
      meanFollowUp,
      timepoint,
      // pmsampsize's criterion 3 for survival is a precision check whose interval is not repeated here.
      criteria: s.criteria.map((c) => ({ criterion: c.criterion, description: c.description.replace(' (see riskInterval)', ''), n: c.n })),
      required: s.n,
      requiredEvents: Math.ceil(s.events),
      available: fit.n,
      availableEvents: fit.events,
      sufficient: fit.n >= s.n,
    };
  } catch (error) {
    warnings.push(`sample-size check skipped: ${(error as Error).message}`);
    return undefined;
  }
}

// ------------------------------------------------------------------ JSON safety

/**
 * JSON has no NaN or Infinity (JSON.stringify writes null). Coefficients that overflow (separation:
 * an odds ratio's upper limit beyond 1e308) become the largest finite double of their sign, as
 * cox.ts does, so an interval still reads "unbounded"; any other non-finite number is a bug upstream,
 * reported in `warnings` rather than leaked as null.
 */
function finiteResult(result: ModelResult): ModelResult {
  for (const c of result.coefficients) {
    for (const key of ['estimate', 'se', 'z', 'lower', 'upper', 'ratio', 'ratioLower', 'ratioUpper'] as const) {
      if (!Number.isFinite(c[key])) {
        result.warnings.push(
          Number.isNaN(c[key])
            ? `${c.term}: ${key} could not be computed (NaN); it is shown as 0 and is not meaningful`
            : `${c.term}: ${key} overflowed (infinite); the estimate is not meaningful`,
        );
        c[key] = Number.isNaN(c[key]) ? 0 : Math.sign(c[key]) * Number.MAX_VALUE;
      }
    }
    if (!Number.isFinite(c.p)) {
      result.warnings.push(`${c.term}: p could not be computed; it is shown as 1 and is not meaningful`);
      c.p = 1;
    }
  }
  const bad: string[] = [];
  const walk = (value: unknown, path: string): unknown => {
    if (typeof value === 'number') {
      if (Number.isFinite(value)) return value;
      bad.push(path);
      return Number.isNaN(value) ? 0 : Math.sign(value) * Number.MAX_VALUE;
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}[${i}]`));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, path ? `${path}.${k}` : k)]));
    }
    return value;
  };
  const safe = walk(result, '') as ModelResult;
  if (bad.length > 0) safe.warnings.push(`not finite, replaced (the model is degenerate): ${bad.join(', ')}`);
  return safe;
}
