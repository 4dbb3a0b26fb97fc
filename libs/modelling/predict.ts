import { stringify } from 'csv-stringify/sync';
import { notANumber } from './csv';
import { readCells, type CodedVariable, type ColumnPick, type ModelColumns } from './design';
import { ModelInputError } from './errors';
import { plogis } from './logistic';
import { rcsBasis } from './spline';
import { cumhazAt, type CoxTies } from './cox';

/**
 * Saved models and prediction (API.md "Model development": `--out model.json`, `trial predict`,
 * POST /models/{id}/predict). A saved model holds what it takes to code a new row as the fit coded
 * its data (variables with their knots and levels, and which basis columns make each design column),
 * the coefficients of the model presented (fitted, or uniformly shrunk), and for Cox the covariate
 * means and the baseline cumulative hazard at those means. Predictions are those of R:
 * logistic `predict(glm, newdata)` (lp) and `plogis(lp)` (risk); Cox `predict(coxph, newdata,
 * type = "lp", reference = "sample")` (lp = (x - means)'beta), `exp(lp)` (risk) and
 * `summary(survfit(coxph, newdata), times)` (survival).
 */

export const SAVED_MODEL_FORMAT = 'trial-model/1';

export interface SavedBaseline {
  /** The stratum's label, as the fit named it; null for an unstratified model. */
  stratum: string | null;
  time: number[];
  cumhaz: number[];
}

export interface SavedModel {
  format: typeof SAVED_MODEL_FORMAT;
  model: 'logistic' | 'cox';
  /** The formula fitted, or null for a model given as columns. */
  formula: string | null;
  /** 'ml' or 'firth' (logistic). */
  method?: 'ml' | 'firth';
  ties?: CoxTies;
  /** Columns a new row needs (response excluded). */
  columns: string[];
  variables: CodedVariable[];
  /** Design columns, in coefficient order: each the product of its picks' basis columns. */
  design: { name: string; picks: ColumnPick[] }[];
  /** Logistic intercept. */
  intercept?: number;
  /** One per design column; aliased (inestimable) columns are 0, as survfit and predict.glm take them. */
  coefficients: number[];
  /** Cox: coxph's means, subtracted before the linear predictor (0 for 0/1 columns: coxph's nocenter). */
  means?: number[];
  /** Cox strata: the columns, and for a single coded column the label of each data value. */
  strata?: { columns: string[]; labels?: Record<string, string> };
  baseline?: SavedBaseline[];
  /** Which coefficients these are: the fit's, or the fit's times the uniform shrinkage factor. */
  presented: 'fitted' | 'shrunk';
  shrinkage?: ShrinkageInfo;
}

export interface ShrinkageInfo {
  /** The factor applied: the bootstrap-corrected calibration slope (rms::validate's Slope), or one given. */
  factor: number;
  source: 'bootstrap calibration slope' | 'given';
  B?: number;
  seed?: number;
  /** Logistic: the intercept re-estimated with the shrunk linear predictor as offset. */
  intercept?: number;
  /** The shrunk coefficients, by design column name. */
  coefficients: { term: string; estimate: number }[];
}

export interface PredictionRow {
  /** 1-based data row (header excluded). */
  row: number;
  /** null when the row misses a value the model needs. */
  lp: number | null;
  /** Logistic: predicted probability; Cox: relative risk exp(lp). */
  risk: number | null;
  /** Cox: survival at each of `times`, in order. */
  survival?: (number | null)[];
  /** Cox, stratified: the row's stratum. */
  stratum?: string | null;
}

export interface PredictionResult {
  model: 'logistic' | 'cox';
  presented: 'fitted' | 'shrunk';
  shrinkage?: number;
  /** Cox: the covariate means subtracted before the linear predictor, by design column. */
  means?: { term: string; mean: number }[];
  times?: number[];
  rows: PredictionRow[];
  warnings: string[];
}

export interface PredictOptions {
  /** Cox: times at which to give survival. */
  times?: number[];
}

/** A table of new rows as objects (the API's body) turned into named columns. */
export function columnsFromRows(rows: readonly Record<string, string | number | null | undefined>[], names: string[]): ModelColumns {
  return Object.fromEntries(names.map((name) => [name, rows.map((r) => (name in r ? r[name] : undefined))]));
}

/** Checks the shape of a model.json read from disk or storage; throws a ModelInputError naming what is wrong. */
export function checkSavedModel(value: unknown): SavedModel {
  const m = value as Partial<SavedModel> | null;
  if (!m || typeof m !== 'object' || m.format !== SAVED_MODEL_FORMAT)
    throw new ModelInputError(`not a saved model (expected "format": "${SAVED_MODEL_FORMAT}", as written by fit --out)`);
  if ((m.model !== 'logistic' && m.model !== 'cox') || !Array.isArray(m.variables) || !Array.isArray(m.design))
    throw new ModelInputError('the saved model is incomplete (model, variables or design missing)');
  if (!Array.isArray(m.coefficients) || m.coefficients.length !== m.design.length)
    throw new ModelInputError('the saved model is incomplete (one coefficient per design column expected)');
  if (m.model === 'cox' && (!Array.isArray(m.baseline) || !Array.isArray(m.means)))
    throw new ModelInputError('the saved Cox model has no baseline hazard or means');
  return m as SavedModel;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const LOGICAL: Record<string, string> = {
  TRUE: 'TRUE',
  T: 'TRUE',
  true: 'TRUE',
  True: 'TRUE',
  FALSE: 'FALSE',
  F: 'FALSE',
  false: 'FALSE',
  False: 'FALSE',
};

/** The basis columns of one variable for one cell: x (numeric), x and its spline terms (rcs), indicators (factor). */
function basisOf(variable: CodedVariable, cell: string, row: number): number[] {
  if (variable.kind === 'numeric' || variable.kind === 'rcs') {
    if (!NUMBER.test(cell)) throw new ModelInputError(`row ${row}, column '${variable.column}': ${notANumber(cell)}`);
    const x = Number(cell);
    return variable.kind === 'numeric' ? [x] : [x, ...rcsBasis(x, variable.knots)];
  }
  let k = variable.values.indexOf(cell);
  if (k < 0 && NUMBER.test(cell)) k = variable.values.findIndex((v) => NUMBER.test(v) && Number(v) === Number(cell));
  if (k < 0 && cell in LOGICAL) k = variable.values.indexOf(LOGICAL[cell]);
  if (k < 0) k = variable.levels.indexOf(cell);
  if (k < 0)
    throw new ModelInputError(
      `row ${row}, column '${variable.column}': '${cell}' is not a level the model was fitted with (${variable.levels.join(', ')})`,
    );
  return variable.levels.map((_, j) => (j === k ? 1 : 0));
}

/** Linear predictor, risk and survival for new rows, as R's predict and survfit(fit, newdata). */
export function predictModel(saved: SavedModel, input: string | Buffer | ModelColumns, options: PredictOptions = {}): PredictionResult {
  const model = checkSavedModel(saved);
  const times = options.times;
  if (times !== undefined) {
    if (model.model !== 'cox') throw new ModelInputError('times are for Cox models (survival at given times)');
    if (times.length === 0 || !times.every((t) => Number.isFinite(t) && t >= 0))
      throw new ModelInputError('times must be a list of non-negative numbers');
  }
  const strataColumns = model.strata?.columns ?? [];
  const needed = [...new Set([...model.variables.map((v) => v.column), ...strataColumns])];
  const { cells, total } = readCells(input, needed);
  const warnings: string[] = [];
  const incomplete: number[] = [];
  const rows: PredictionRow[] = [];
  for (let r = 0; r < total; r++) {
    const row = r + 1;
    if (needed.some((c) => cells[c][r] === null)) {
      incomplete.push(row);
      rows.push({
        row,
        lp: null,
        risk: null,
        ...(times ? { survival: times.map(() => null) } : {}),
        ...(model.strata ? { stratum: null } : {}),
      });
      continue;
    }
    const bases = model.variables.map((v) => basisOf(v, cells[v.column][r] as string, row));
    const x = model.design.map((col) => col.picks.reduce((s, p) => s * bases[p.variable][p.basis], 1));
    let lp = model.intercept ?? 0;
    for (let j = 0; j < x.length; j++) lp += model.coefficients[j] * (x[j] - (model.means?.[j] ?? 0));
    if (model.model === 'logistic') {
      rows.push({ row, lp, risk: plogis(lp) });
      continue;
    }
    const curve = baselineFor(model, strataColumns, cells, r, row);
    const out: PredictionRow = { row, lp, risk: Math.exp(lp) };
    if (model.strata) out.stratum = curve.stratum;
    if (times) out.survival = times.map((t) => Math.exp(-cumhazAt(curve, t) * Math.exp(lp)));
    rows.push(out);
  }
  if (incomplete.length > 0)
    warnings.push(
      `${incomplete.length} of ${total} rows miss a value the model needs (${needed.join(', ')}); their predictions are empty (rows ${abbreviate(incomplete)})`,
    );
  if (times && model.baseline) {
    for (const curve of model.baseline) {
      const last = curve.time[curve.time.length - 1];
      const beyond = times.filter((t) => t > last);
      if (beyond.length > 0)
        warnings.push(
          `time${beyond.length > 1 ? 's' : ''} ${beyond.join(', ')} beyond the last follow-up (${last})${curve.stratum !== null ? ` of stratum ${curve.stratum}` : ''}: survival is held at its last value, as survfit does, and is an extrapolation`,
        );
    }
  }
  return {
    model: model.model,
    presented: model.presented,
    ...(model.shrinkage ? { shrinkage: model.shrinkage.factor } : {}),
    ...(model.model === 'cox' ? { means: model.design.map((c, j) => ({ term: c.name, mean: model.means?.[j] ?? 0 })) } : {}),
    ...(times ? { times } : {}),
    rows,
    warnings,
  };
}

function abbreviate(rows: number[]): string {
  return rows.length <= 10 ? rows.join(', ') : `${rows.slice(0, 10).join(', ')}, ...`;
}

function baselineFor(
  model: SavedModel,
  columns: string[],
  cells: Record<string, (string | null)[]>,
  r: number,
  row: number,
): SavedBaseline {
  const curves = model.baseline as SavedBaseline[];
  if (columns.length === 0) return curves[0];
  let key: string;
  if (columns.length === 1) {
    const cell = cells[columns[0]][r] as string;
    key = model.strata?.labels?.[cell] ?? cell;
  } else key = columns.map((c) => `${c}=${cells[c][r] as string}`).join(', ');
  const found =
    curves.find((c) => c.stratum === key) ??
    (NUMBER.test(key) ? curves.find((c) => c.stratum !== null && NUMBER.test(c.stratum) && Number(c.stratum) === Number(key)) : undefined);
  if (!found)
    throw new ModelInputError(
      `row ${row}: stratum '${key}' was not in the data the model was fitted to (${curves.map((c) => c.stratum).join(', ')})`,
    );
  return found;
}

/** CSV of the input columns followed by lp, risk and survival_<t> (the CLI's output). */
export function predictionCsv(result: PredictionResult, input: { header: string[]; records: string[][] }): string {
  const num = (x: number | null | undefined) => (x === null || x === undefined ? 'NA' : String(x));
  const extra = ['lp', 'risk', ...(result.times ?? []).map((t) => `survival_${t}`)];
  const rows = [[...input.header, ...extra]];
  result.rows.forEach((p, i) => rows.push([...(input.records[i] ?? []), num(p.lp), num(p.risk), ...(p.survival ?? []).map(num)]));
  return stringify(rows, { record_delimiter: '\n', quoted_match: /\r/ });
}
