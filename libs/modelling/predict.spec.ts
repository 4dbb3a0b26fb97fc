import type { ColumnLevels } from './design';
import { ModelInputError } from './errors';
import { fitModelWithFigures, type ModelSpec } from './fit';
import { checkSavedModel, predictionCsv, predictModel, type SavedModel } from './predict';
import reference from './reference/predict/reference.json';

type Cells = Record<string, (string | null)[]>;
interface Example {
  name: string;
  model: 'logistic' | 'cox';
  formula: string;
  ties?: 'efron' | 'breslow';
  levels: { value: string; label: string }[] | null;
  n: number;
  coef: number[];
  coef_names: string[];
  means?: number[];
  lp: (number | null)[];
  risk: (number | null)[];
  times?: number[];
  survival?: (number | null)[][];
  last_time?: number;
  shrink: number;
  shrunk_intercept?: number;
  shrunk_lp: (number | null)[];
  shrunk_risk?: (number | null)[];
  shrunk_survival?: (number | null)[][];
}
const examples = reference.examples as unknown as Example[];
const train = reference.train as unknown as Cells;
const fresh = reference.fresh as unknown as Cells;

/** The tolerance the coefficients are held to elsewhere (formula.spec.ts): 1e-6, relative to max(|R|, 1). */
const TOL = 1e-6;

function close(actual: number | null, expected: number | null, what: string): void {
  if (expected === null) {
    if (actual !== null) throw new Error(`${what}: ${actual} where R gives NA`);
    return;
  }
  if (actual === null) throw new Error(`${what}: no prediction where R gives ${expected}`);
  if (!(Math.abs(actual - expected) / Math.max(Math.abs(expected), 1) < TOL))
    throw new Error(`${what}: ${actual} vs R ${expected} (tolerance ${TOL})`);
}

function specOf(ex: Example, shrink?: number): ModelSpec {
  const extra = shrink !== undefined ? { shrink } : {};
  return ex.model === 'logistic'
    ? { model: 'logistic', formula: ex.formula, ...extra }
    : { model: 'cox', formula: ex.formula, ties: ex.ties ?? 'efron', ...extra };
}

async function savedFor(ex: Example, shrink?: number): Promise<SavedModel> {
  const levels: ColumnLevels = ex.levels ? { smoke: { levels: ex.levels } } : {};
  const { saved } = await fitModelWithFigures(specOf(ex, shrink), train, { levels });
  // Saved as model.json and read back: what predict sees is the file, not the object.
  return checkSavedModel(JSON.parse(JSON.stringify(saved)));
}

describe.each(examples)('saved model and predictions for new patients agree with R: $name', (ex) => {
  it('keeps the fitted coefficients (and coxph means), and predicts lp, risk and survival as predict/survfit(fit, newdata)', async () => {
    const saved = await savedFor(ex);
    expect(saved.presented).toBe('fitted');
    const coefficients = ex.model === 'logistic' ? [saved.intercept ?? NaN, ...saved.coefficients] : saved.coefficients;
    expect(coefficients).toHaveLength(ex.coef.length);
    ex.coef.forEach((b, j) => close(coefficients[j], b, `coefficient ${ex.coef_names[j]}`));
    if (ex.means) ex.means.forEach((m, j) => close(saved.means?.[j] ?? NaN, m, `mean of ${ex.coef_names[j]}`));

    const result = predictModel(saved, fresh, ex.times ? { times: ex.times } : {});
    expect(result.rows).toHaveLength(ex.lp.length);
    result.rows.forEach((row, i) => {
      close(row.lp, ex.lp[i], `row ${i + 1} lp`);
      close(row.risk, ex.risk[i], `row ${i + 1} risk`);
      ex.survival?.[i].forEach((s, k) => close(row.survival?.[k] ?? null, s, `row ${i + 1} survival at ${ex.times?.[k]}`));
    });
    if (ex.model === 'cox') {
      expect(result.means?.map((m) => m.term)).toEqual(saved.design.map((c) => c.name));
      expect(result.warnings.some((w) => /beyond the last follow-up/.test(w))).toBe(true);
    }
    expect(result.warnings.some((w) => /miss a value the model needs/.test(w))).toBe(true);
  });

  it(`presents the uniformly shrunk model (factor ${ex.shrink}) as R re-estimates it`, async () => {
    const saved = await savedFor(ex, ex.shrink);
    expect(saved.presented).toBe('shrunk');
    expect(saved.shrinkage).toMatchObject({ factor: ex.shrink, source: 'given' });
    if (ex.shrunk_intercept !== undefined) close(saved.intercept ?? null, ex.shrunk_intercept, 'shrunk intercept');
    const result = predictModel(saved, fresh, ex.times ? { times: ex.times } : {});
    expect(result.presented).toBe('shrunk');
    result.rows.forEach((row, i) => {
      close(row.lp, ex.shrunk_lp[i], `row ${i + 1} shrunk lp`);
      if (ex.shrunk_risk) close(row.risk, ex.shrunk_risk[i], `row ${i + 1} shrunk risk`);
      ex.shrunk_survival?.[i].forEach((s, k) => close(row.survival?.[k] ?? null, s, `row ${i + 1} shrunk survival at ${ex.times?.[k]}`));
    });
  });
});

describe('predictModel', () => {
  const logistic = examples.find((e) => e.name === 'logistic-spline') as Example;

  it('refuses a level the model was not fitted with, and a missing column, naming row and column', async () => {
    const saved = await savedFor(logistic);
    const bad = { ...fresh, sex: fresh.sex.map((s, i) => (i === 2 ? 'X' : s)) };
    expect(() => predictModel(saved, bad)).toThrow(/row 3, column 'sex': 'X' is not a level the model was fitted with \(F, M\)/);
    const { grade: _grade, ...noGrade } = fresh;
    expect(() => predictModel(saved, noGrade)).toThrow(/'grade' not found/);
    expect(() => predictModel(saved, fresh, { times: [1] })).toThrow(ModelInputError);
  });

  it('writes CSV: the input columns, then lp and risk (NA where a value is missing)', async () => {
    const saved = await savedFor(logistic);
    const csv = 'age,sex,grade,x\n60,M,2,0.5\n70,F,1,\n';
    const result = predictModel(saved, csv);
    const text = predictionCsv(result, {
      header: ['age', 'sex', 'grade', 'x'],
      records: [
        ['60', 'M', '2', '0.5'],
        ['70', 'F', '1', ''],
      ],
    });
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('age,sex,grade,x,lp,risk');
    expect(lines[1]).toMatch(/^60,M,2,0.5,-?\d/);
    expect(lines[2]).toBe('70,F,1,,NA,NA');
  });

  it('shrink: true takes the factor from the bootstrap-corrected calibration slope and says so', async () => {
    const { result, saved } = await fitModelWithFigures(
      { model: 'logistic', formula: logistic.formula, bootstrap: 20, seed: 3, shrink: true },
      train,
      { threads: 1 },
    );
    const slope = result.validation?.indexes.find((ix) => ix.name === 'Slope')?.corrected;
    expect(result.presented).toBe('shrunk');
    expect(result.shrinkage).toMatchObject({ factor: slope, source: 'bootstrap calibration slope', B: 20, seed: 3 });
    expect(saved.presented).toBe('shrunk');
    expect(saved.coefficients[0]).toBeCloseTo((result.coefficients[1].estimate * (slope as number)) as number, 12);
  });

  it('refuses shrink: true without a bootstrap', async () => {
    await expect(fitModelWithFigures({ model: 'logistic', formula: logistic.formula, shrink: true }, train)).rejects.toThrow(
      /shrink needs a bootstrap/,
    );
  });
});
