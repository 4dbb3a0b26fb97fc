/**
 * A model fitted on multiply imputed data (spec `impute`): mice.ts-style MICE with PMM (mi.ts) on the
 * model's columns, the model fitted to each completed set by the ordinary single fit, and the fits
 * combined:
 *  - coefficients by Rubin's rules with Barnard-Rubin df (mice::pool; dfcom = n - p for logistic, as
 *    glm's df.residual, and events - p for Cox, as mice's get.dfcom for coxph); intervals and p from t(df);
 *  - model tests (LR, Wald, score), anova rows and the proportional-hazards tests by D2 (Li, Meng,
 *    Raghunathan & Rubin 1991, mitml's/mice::D2's formula): the chi-square-scale value F * k and the
 *    F test's p;
 *  - concordance by Rubin's rules on C and its SE; log-likelihoods, the bootstrap indexes (apparent,
 *    optimism, corrected) and Cox survival at the requested times as averages over imputations.
 * Bootstrap validation runs in each completed data set (the same seed in each) and the indexes are
 * averaged over imputations (Wahl et al. 2016, "val-MI").
 * Cox imputation models use the event indicator and the Nelson-Aalen cumulative hazard as predictors,
 * not the time (White & Royston 2009); time and event must be observed (rows missing either are dropped).
 * Only type imports from fit.ts: fit.ts calls in here with its own single-fit function.
 */
import { formulaColumns, parseFormula } from './formula';
import { readCells, type ColumnLevels, type ModelColumns } from './design';
import { ModelInputError } from './errors';
import type { TestStatistic, CoefficientRow } from './logistic';
import type { SavedModel } from './predict';
import type {
  FitModelOptions,
  ModelFigures,
  ModelResult,
  ModelSpec,
  ModelValidation,
  PhTest,
  BaselineSurvivalPoint,
  LogisticModelSpec,
  CoxModelSpec,
} from './fit';
import { DEFAULT_DONORS, DEFAULT_IMPUTATIONS, DEFAULT_MAXIT, MAX_IMPUTATIONS, mice, nelsonAalen, poolChiSquare, poolRubin } from './mi';
import type { ImputeCell } from './mi';

/** The spec's `impute` option. */
export interface ImputeSpec {
  /** Imputed data sets (default 5, at most 200). */
  m?: number;
  /** MICE iterations (default 5). */
  maxit?: number;
  /** PMM donors (default 5). */
  donors?: number;
  /** Seed of the imputations (default: the spec's seed, else 1). */
  seed?: number;
}

/** What an imputed fit reports beside the pooled numbers (`result.imputation`). */
export interface ImputationInfo {
  m: number;
  method: 'pmm';
  maxit: number;
  donors: number;
  seed: number;
  /** Missing cells per model column over all rows. */
  missing: Record<string, number>;
  /** Columns imputed, in the order they are visited. */
  imputed: string[];
  /** Predictors of the imputation models. */
  predictors: string;
  /** Rubin's rules per coefficient (mice::pool's columns). */
  pooled: { term: string; ubar: number; b: number; t: number; dfcom: number; df: number; riv: number; lambda: number; fmi: number }[];
  /** How tests, bootstrap indexes and the rest were combined. */
  combined: string;
}

type FitOne = (
  spec: ModelSpec,
  input: ModelColumns,
  options: FitModelOptions,
) => Promise<{ result: ModelResult; figures: ModelFigures; saved: SavedModel }>;

/** Checks the `impute` option (ModelInputError naming the problem). */
export function checkImpute(spec: ModelSpec): void {
  const impute = (spec as { impute?: unknown }).impute;
  if (impute === undefined) return;
  if (impute === null || typeof impute !== 'object' || Array.isArray(impute))
    throw new ModelInputError('impute must be an object {m, maxit, donors, seed}');
  const raw = impute as Record<string, unknown>;
  const unknown = Object.keys(raw).filter((k) => !['m', 'maxit', 'donors', 'seed'].includes(k));
  if (unknown.length) throw new ModelInputError(`impute: unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
  const int = (key: string, lo: number, hi: number) => {
    const v = raw[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi))
      throw new ModelInputError(`impute.${key} must be an integer from ${lo} to ${hi} (got ${JSON.stringify(v)})`);
  };
  int('m', 2, MAX_IMPUTATIONS);
  int('maxit', 1, 100);
  int('donors', 1, 50);
  int('seed', -(2 ** 53 - 1), 2 ** 53 - 1);
  if ((spec as { shrink?: unknown }).shrink !== undefined)
    throw new ModelInputError('shrink is not available with impute: the shrinkage of a pooled model is not defined here');
}

interface SpecColumns {
  all: string[];
  time?: string;
  event?: string;
  factors: string[];
}

function specColumns(spec: ModelSpec, levels: ColumnLevels): SpecColumns {
  if (typeof (spec as { formula?: unknown }).formula === 'string') {
    const formula = parseFormula((spec as { formula: string }).formula);
    const all = formulaColumns(formula);
    const factors = formula.variables.filter((v) => v.kind === 'factor').map((v) => v.column);
    for (const s of formula.strata) factors.push(s);
    return {
      all,
      ...(formula.response.kind === 'surv' ? { time: formula.response.time, event: formula.response.event } : {}),
      factors: [...new Set([...factors, ...all.filter((c) => levels[c])])],
    };
  }
  if (spec.model === 'logistic') {
    const s = spec as LogisticModelSpec;
    return { all: [s.outcome, ...s.covariates], factors: [] };
  }
  const s = spec as CoxModelSpec;
  return {
    all: [s.time, s.event, ...s.covariates, ...(s.strata ? [s.strata] : [])],
    time: s.time,
    event: s.event,
    factors: s.strata ? [s.strata] : [],
  };
}

/** Missing cells per model column over all rows (an empty cell or NA), in the model's column order. */
export function missingCounts(spec: ModelSpec, input: string | Buffer | ModelColumns, levels: ColumnLevels = {}): Record<string, number> {
  const { all } = specColumns(spec, levels);
  const { cells } = readCells(input, all);
  return Object.fromEntries(all.map((c) => [c, cells[c].filter((x) => x === null).length]));
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Fits `spec` (with `impute`) on multiply imputed data; see the file comment. */
export async function fitImputed(
  spec: ModelSpec,
  input: string | Buffer | ModelColumns,
  options: FitModelOptions,
  fitOne: FitOne,
): Promise<{ result: ModelResult; figures: ModelFigures; saved: SavedModel }> {
  checkImpute(spec);
  const impute = (spec as { impute?: ImputeSpec }).impute ?? {};
  const seed = impute.seed ?? spec.seed ?? 1;
  const m = impute.m ?? DEFAULT_IMPUTATIONS;
  const levels = options.levels ?? {};
  const cols = specColumns(spec, levels);
  const { cells, total } = readCells(input, cols.all);
  const missing = Object.fromEntries(cols.all.map((c) => [c, cells[c].filter((x) => x === null).length]));
  const warnings: string[] = [];
  let rows = Array.from({ length: total }, (_, r) => r);
  const table: Record<string, ImputeCell[]> = {};
  const notPredictors: string[] = [];
  let predictors = 'all other model columns (factors as dummies)';
  const H = '.nelson_aalen';
  if (cols.time && cols.event) {
    const time = cols.time;
    const event = cols.event;
    const dropped = rows.filter((r) => cells[time][r] === null || cells[event][r] === null);
    if (dropped.length > 0) {
      warnings.push(`${dropped.length} of ${total} rows dropped because the time or the event is missing (they are not imputed)`);
      rows = rows.filter((r) => cells[time][r] !== null && cells[event][r] !== null);
    }
    if (rows.length === 0) throw new ModelInputError('no rows with both time and event observed');
    const t = rows.map((r) => {
      const c = cells[time][r] as string;
      if (!NUMBER.test(c)) throw new ModelInputError(`row ${r + 1}, column '${time}': '${c}' is not a number`);
      return Number(c);
    });
    const e = rows.map((r) => Number(cells[event][r]));
    const oneTwo = e.some((v) => v === 2) && e.every((v) => v === 1 || v === 2);
    const coded = e.map((v, i) => {
      if (oneTwo) return v === 2 ? 1 : 0;
      if (v !== 0 && v !== 1)
        throw new ModelInputError(`row ${rows[i] + 1}, column '${event}': the event must be 0 or 1 (or 1/2 with 2 = event)`);
      return v;
    });
    for (const c of cols.all) table[c] = rows.map((r) => cells[c][r]);
    table[H] = nelsonAalen(t, coded).map((h) => String(h));
    notPredictors.push(time);
    predictors = `all other model columns except the time, plus the Nelson-Aalen cumulative hazard (with the event indicator, White & Royston 2009)`;
  } else {
    for (const c of cols.all) table[c] = rows.map((r) => cells[c][r]);
  }
  const progress = options.onProgress ?? (() => undefined);
  const imputed = mice(table, {
    m,
    maxit: impute.maxit ?? DEFAULT_MAXIT,
    donors: impute.donors ?? DEFAULT_DONORS,
    seed,
    factors: cols.factors,
    notPredictors,
    onProgress: (done, all) => progress({ fraction: (0.1 * done) / all, stage: 'fitting' }),
  });
  if (imputed.visitSequence.length === 0)
    warnings.push(`nothing to impute: no model column has a missing value, so the ${m} imputed sets are the data itself`);
  for (const [target, removed] of Object.entries(imputed.removedPredictors))
    warnings.push(
      `imputation model for '${target}': predictors left out as mice's remove.lindep does (constant or collinear): ${removed.join(', ')}`,
    );
  const single = { ...spec } as ModelSpec & { impute?: unknown };
  delete single.impute;
  const fits: { result: ModelResult; figures: ModelFigures; saved: SavedModel }[] = [];
  for (let i = 0; i < m; i++) {
    const completed: Record<string, ImputeCell[]> = { ...imputed.completed[i] };
    delete completed[H];
    fits.push(
      await fitOne(single, completed, {
        ...options,
        onProgress: (p) => progress({ fraction: 0.1 + (0.9 * (i + p.fraction)) / m, stage: p.stage === 'done' ? 'fitting' : p.stage }),
      }),
    );
  }
  return combine(
    spec,
    fits,
    {
      m,
      method: 'pmm',
      maxit: imputed.maxit,
      donors: imputed.donors,
      seed,
      missing,
      imputed: imputed.visitSequence.filter((c) => c !== H),
      predictors,
      pooled: [],
      combined:
        "coefficients: Rubin's rules (Barnard-Rubin df, as mice::pool); tests, anova and PH tests: D2 (chi-square scale F*k, p from F); concordance: Rubin's rules; log-likelihoods, bootstrap indexes and survival at the given times: means over imputations (val-MI, Wahl et al. 2016: the bootstrap runs within each imputed set)",
    },
    warnings,
    rows.length,
  );
}

function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function pooledTest(tests: TestStatistic[]): TestStatistic & { df2: number } {
  const d2 = poolChiSquare(
    tests.map((t) => t.statistic),
    tests[0].df,
  );
  // No between-imputation variation (nothing was missing): F(k, Inf), and no finite df2 to report.
  return { statistic: d2.statistic, df: d2.df, p: d2.p, ...(Number.isFinite(d2.df2) ? { df2: d2.df2 } : {}) } as TestStatistic & {
    df2: number;
  };
}

/** Warnings of the single fits: each distinct message once, with how many imputations gave it. */
function mergedWarnings(fits: { result: ModelResult }[]): string[] {
  const counts = new Map<string, number>();
  for (const f of fits) for (const w of new Set(f.result.warnings)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts].map(([w, k]) => (k === fits.length ? w : `(${k} of ${fits.length} imputations) ${w}`));
}

function combine(
  spec: ModelSpec,
  fits: { result: ModelResult; figures: ModelFigures; saved: SavedModel }[],
  info: ImputationInfo,
  warnings: string[],
  n: number,
): { result: ModelResult; figures: ModelFigures; saved: SavedModel } {
  const first = fits[0].result;
  // Terms estimable in every imputation (an aliased column in one imputed set is left out, with a warning).
  const terms = first.coefficients
    .map((c) => c.term)
    .filter((term) => fits.every((f) => f.result.coefficients.some((c) => c.term === term)));
  const lost = first.coefficients.map((c) => c.term).filter((t) => !terms.includes(t));
  if (lost.length) warnings.push(`not estimable in every imputed set, so not pooled: ${lost.join(', ')}`);
  const dfcom = Math.max((first.model === 'cox' ? Math.round(mean(fits.map((f) => f.result.events))) : n) - terms.length, 1);
  const coefficients: CoefficientRow[] = [];
  for (const term of terms) {
    const rowsOf = fits.map((f) => f.result.coefficients.find((c) => c.term === term) as CoefficientRow);
    const p = poolRubin(
      rowsOf.map((r) => r.estimate),
      rowsOf.map((r) => r.se ** 2),
      dfcom,
    );
    coefficients.push({
      term,
      estimate: p.estimate,
      se: p.se,
      z: p.statistic,
      p: p.p,
      lower: p.lower,
      upper: p.upper,
      ratio: Math.exp(p.estimate),
      ratioLower: Math.exp(p.lower),
      ratioUpper: Math.exp(p.upper),
    });
    info.pooled.push({ term, ubar: p.ubar, b: p.b, t: p.t, dfcom: p.dfcom, df: p.df, riv: p.riv, lambda: p.lambda, fmi: p.fmi });
  }
  const concordance = poolRubin(
    fits.map((f) => f.result.concordance.estimate),
    fits.map((f) => f.result.concordance.se ** 2),
  );
  const result: ModelResult = {
    model: first.model,
    ...(first.method ? { method: first.method } : {}),
    n,
    events: Math.round(mean(fits.map((f) => f.result.events))),
    ...(first.ties ? { ties: first.ties } : {}),
    coefficients,
    logLik: { null: mean(fits.map((f) => f.result.logLik.null)), model: mean(fits.map((f) => f.result.logLik.model)) },
    tests: {
      lr: pooledTest(fits.map((f) => f.result.tests.lr)),
      wald: pooledTest(fits.map((f) => f.result.tests.wald)),
      score: pooledTest(fits.map((f) => f.result.tests.score)),
    },
    concordance: { estimate: concordance.estimate, se: concordance.se },
    iterations: Math.max(...fits.map((f) => f.result.iterations)),
    converged: fits.every((f) => f.result.converged),
    warnings: [...warnings, ...mergedWarnings(fits)],
    presented: 'fitted',
    missing: info.missing,
    imputation: info,
  };
  if (fits.every((f) => f.result.validation)) result.validation = pooledValidation(fits.map((f) => f.result.validation as ModelValidation));
  else if (fits.some((f) => f.result.validation))
    result.warnings.push('bootstrap validation failed in some imputed sets; it is not reported');
  if (first.anova && fits.every((f) => f.result.anova?.length === first.anova?.length)) {
    result.anova = first.anova.map((row, j) => {
      const d2 = poolChiSquare(
        fits.map((f) => (f.result.anova as NonNullable<ModelResult['anova']>)[j].chisq),
        row.df,
      );
      return { term: row.term, chisq: d2.statistic, df: row.df, p: d2.p };
    });
  }
  if (first.design) {
    result.design = first.design;
    const knots = (r: ModelResult) => JSON.stringify(r.design?.variables.map((v) => ('knots' in v ? v.knots : null)));
    if (fits.some((f) => knots(f.result) !== knots(first)))
      result.warnings.push(
        "spline knots differ between imputed sets (each set places them at its own quantiles, as with(mids, ...) does); the design shown is the first set's",
      );
  }
  if (first.phTest && fits.every((f) => f.result.phTest?.terms.length === first.phTest?.terms.length)) {
    const ph = fits.map((f) => f.result.phTest as PhTest);
    const pool = (values: number[], df: number) => {
      const d2 = poolChiSquare(values, df);
      return { chisq: d2.statistic, df, p: d2.p };
    };
    result.phTest = {
      terms: first.phTest.terms.map((t, j) => ({
        term: t.term,
        ...pool(
          ph.map((p) => p.terms[j].chisq),
          t.df,
        ),
      })),
      global: pool(
        ph.map((p) => p.global.chisq),
        first.phTest.global.df,
      ),
    };
  }
  if (first.baselineSurvival && fits.every((f) => f.result.baselineSurvival?.length === first.baselineSurvival?.length)) {
    result.baselineSurvival = first.baselineSurvival.map((b, j) => ({
      ...b,
      survival: mean(fits.map((f) => (f.result.baselineSurvival as BaselineSurvivalPoint[])[j].survival)),
    }));
  }
  if (first.kaplanMeier) result.kaplanMeier = first.kaplanMeier;
  if (first.flic) result.flic = { intercept: mean(fits.map((f) => (f.result.flic as { intercept: number }).intercept)) };
  result.warnings.push(
    'sample-size check not reported for imputed fits: it is not pooled across imputations; run it on a complete-case fit',
  );

  const saved: SavedModel = {
    ...fits[0].saved,
    coefficients: fits[0].saved.coefficients.map((_, j) => mean(fits.map((f) => f.saved.coefficients[j]))),
  };
  if (saved.intercept !== undefined) saved.intercept = mean(fits.map((f) => f.saved.intercept as number));
  if (saved.means) saved.means = saved.means.map((_, j) => mean(fits.map((f) => (f.saved.means as number[])[j])));
  if (saved.baseline) {
    const same = fits.every(
      (f) =>
        f.saved.baseline?.length === saved.baseline?.length &&
        f.saved.baseline?.every((c, s) => c.time.length === saved.baseline?.[s].time.length),
    );
    if (same)
      saved.baseline = saved.baseline.map((c, s) => ({
        ...c,
        cumhaz: c.cumhaz.map((_, k) => mean(fits.map((f) => (f.saved.baseline as NonNullable<SavedModel['baseline']>)[s].cumhaz[k]))),
      }));
    else result.warnings.push("the saved model keeps the first imputed set's baseline hazard (the imputed strata differ between sets)");
  }
  void spec;
  return { result, figures: fits[0].figures, saved };
}

/** val-MI: each index's apparent, optimism and corrected value averaged over the imputed sets. */
function pooledValidation(validations: ModelValidation[]): ModelValidation {
  const first = validations[0];
  return {
    B: first.B,
    seed: first.seed,
    failed: validations.reduce((s, v) => s + v.failed, 0),
    indexes: first.indexes.map((ix) => {
      const same = validations.map((v) => v.indexes.find((x) => x.name === ix.name) ?? ix);
      return {
        name: ix.name,
        apparent: mean(same.map((x) => x.apparent)),
        optimism: mean(same.map((x) => x.optimism)),
        corrected: mean(same.map((x) => x.corrected)),
      };
    }),
  };
}
