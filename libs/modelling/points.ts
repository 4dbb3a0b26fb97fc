/**
 * A points table (the tabular form of rms::nomogram) from a saved model: for each predictor, the points
 * its values earn, and for a total of points the linear predictor and the risk (logistic) or the
 * survival at given times (Cox). Built from the presented coefficients (shrunk when the model was
 * shrunk), so it predicts what `trial predict` predicts.
 *
 * As rms does: a predictor's contribution is the sum of β·basis over its design columns (its spline
 * terms together); the predictor with the widest range of contributions gets 0–100 points and the
 * others the same scale; numeric predictors run over rms::datadist's display range of the model's rows,
 * factors over their levels. A model with an interaction is not
 * additive in its predictors, so no table is made (rms draws one axis per level; use predict instead).
 */
import { cumhazAt } from './cox';
import type { CodedVariable, ColumnPick } from './design';
import { plogis } from './logistic';
import type { SavedModel } from './predict';
import { quantile7, rcsBasis } from './spline';

export interface PredictorRange {
  /** rms::datadist's Low:prediction and High:prediction (see predictorRanges). */
  low: number;
  high: number;
}

export interface PointsTable {
  /** One point is this much of the linear predictor. */
  lpPerPoint: number;
  predictors: { label: string; column: string; rows: { value: string; points: number }[] }[];
  /** Total points → linear predictor and risk (logistic) or survival at `times` (Cox, unstratified). */
  totals: { points: number; lp: number; risk?: number; survival?: number[] }[];
  times?: number[];
}

export type PointsOutcome = { table: PointsTable } | { reason: string };

/**
 * The display range of each numeric (or spline) predictor, from its linear design column, as
 * rms::datadist computes Low:prediction and High:prediction: the quantiles q and 1 − q (R's type 7)
 * with q = 10 / max(n, 200); the extremes when the predictor has fewer than 4 distinct values or the
 * two quantiles coincide.
 */
export function predictorRanges(
  X: readonly number[][],
  picks: readonly ColumnPick[][],
  variables: readonly CodedVariable[],
): Record<string, PredictorRange> {
  const out: Record<string, PredictorRange> = {};
  variables.forEach((v, index) => {
    if (v.kind === 'factor') return;
    const column = picks.findIndex((p) => p.length === 1 && p[0].variable === index && p[0].basis === 0);
    if (column < 0 || X.length === 0) return;
    const sorted = X.map((row) => row[column]).sort((a, b) => a - b);
    const extremes = { low: sorted[0], high: sorted[sorted.length - 1] };
    if (new Set(sorted).size < 4) return void (out[v.column] = extremes);
    const q = 10 / Math.max(sorted.length, 200);
    const low = quantile7(sorted, q);
    const high = quantile7(sorted, 1 - q);
    out[v.column] = low === high ? extremes : { low, high };
  });
  return out;
}

function basis(variable: CodedVariable, value: number): number[] {
  if (variable.kind === 'numeric') return [value];
  if (variable.kind === 'rcs') return [value, ...rcsBasis(value, variable.knots)];
  return variable.levels.map((_, j) => (j === value ? 1 : 0));
}

/** 1, 2, 2.5 or 5 times a power of ten: about `count` round values covering [low, high]. */
export function roundValues(low: number, high: number, count = 6): number[] {
  if (!(high > low)) return [low];
  const raw = (high - low) / (count - 1);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const values: number[] = [];
  for (let v = Math.ceil(low / step) * step; v <= high + step * 1e-9; v += step) values.push(Number(v.toPrecision(12)));
  if (values.length === 0 || values[0] > low) values.unshift(low);
  if (values[values.length - 1] < high) values.push(high);
  return values;
}

export interface PointsOptions {
  /** Cox: survival at these times for each total (unstratified models). */
  times?: number[];
  /** The values to score per numeric predictor, instead of round values over its range (as nomogram(fit, age = …)). */
  values?: Record<string, number[]>;
}

export function pointsTable(model: SavedModel, ranges: Record<string, PredictorRange>, options: PointsOptions = {}): PointsOutcome {
  const interaction = model.design.find((c) => new Set(c.picks.map((p) => p.variable)).size > 1);
  if (interaction)
    return {
      reason: `the model has an interaction (${interaction.name}), so its predictors' points do not add up; use predict for a patient`,
    };
  const predictors = model.variables.map((variable, index) => {
    const columns = model.design.map((c, j) => ({ c, j })).filter(({ c }) => c.picks[0]?.variable === index);
    let grid: { value: string; x: number }[];
    if (variable.kind === 'factor') grid = variable.levels.map((level, k) => ({ value: level, x: k }));
    else {
      const range = ranges[variable.column];
      const given = options.values?.[variable.column];
      if (!range && !given) return null;
      grid = (given ?? roundValues(range.low, range.high)).map((x) => ({ value: String(x), x }));
    }
    const contributions = grid.map(({ x }) => {
      const b = basis(variable, x);
      return columns.reduce((s, { c, j }) => s + model.coefficients[j] * c.picks.reduce((p, pick) => p * b[pick.basis], 1), 0);
    });
    return { variable, grid, contributions };
  });
  const missing = predictors.findIndex((p) => p === null);
  if (missing >= 0) return { reason: `no data range is known for ${model.variables[missing].label}` };
  const present = predictors as NonNullable<(typeof predictors)[number]>[];
  const spans = present.map((p) => Math.max(...p.contributions) - Math.min(...p.contributions));
  const widest = Math.max(...spans);
  if (!(widest > 0)) return { reason: 'every coefficient is 0: no predictor moves the prediction' };
  const lpPerPoint = widest / 100;
  // The linear predictor at 0 points: every predictor at its lowest contribution (Cox: centred as coxph).
  let base = model.intercept ?? 0;
  for (const p of present) base += Math.min(...p.contributions);
  if (model.model === 'cox') base -= model.coefficients.reduce((s, b, j) => s + b * (model.means?.[j] ?? 0), 0);
  const maxTotal = present.reduce((s, p, k) => s + spans[k] / lpPerPoint, 0);
  const survivalTimes = model.model === 'cox' && !model.strata && options.times?.length ? options.times : undefined;
  const totals = roundValues(0, maxTotal, 9).map((points) => {
    const lp = base + points * lpPerPoint;
    if (model.model === 'logistic') return { points, lp, risk: plogis(lp) };
    const curve = model.baseline?.[0];
    return survivalTimes && curve
      ? { points, lp, survival: survivalTimes.map((t) => Math.exp(-cumhazAt(curve, t) * Math.exp(lp))) }
      : { points, lp };
  });
  return {
    table: {
      lpPerPoint,
      predictors: present.map((p) => {
        const low = Math.min(...p.contributions);
        return {
          label: p.variable.label,
          column: p.variable.column,
          rows: p.grid.map((g, k) => ({ value: g.value, points: (p.contributions[k] - low) / lpPerPoint })),
        };
      }),
      totals,
      ...(survivalTimes ? { times: survivalTimes } : {}),
    },
  };
}
