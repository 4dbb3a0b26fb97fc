import { buildDesign, levelsFromDictionary, type ColumnLevels } from './design';
import { ModelInputError } from './errors';
import { fitModel, type ModelResult } from './fit';
import { parseFormula } from './formula';
import reference from './reference/formula/reference.json';
import { rcsBasis, rcsKnots } from './spline';

type Cells = Record<string, (string | null)[]>;
interface Example {
  name: string;
  model: 'logistic' | 'cox';
  formula: string;
  data: Cells;
  levels: { value: string; label: string }[] | null;
  ties?: 'efron' | 'breslow';
  n: number;
  terms: string[];
  estimate: number[];
  se: number[];
  logLik: number;
  anova?: { term: string; chisq: number; df: number; p: number }[];
}
const examples = reference.examples as unknown as Example[];
const data = reference.data as unknown as Record<string, Cells>;

function relClose(actual: number, expected: number, tol: number, what = ''): void {
  const scale = Math.max(Math.abs(expected), 1e-8);
  if (!(Math.abs(actual - expected) / scale < tol)) throw new Error(`${what}: ${actual} vs R ${expected} (tolerance ${tol} relative)`);
}

describe('parseFormula', () => {
  it('expands a*b and orders terms as R’s terms(): main effects first, variables by first appearance', () => {
    const f = parseFormula('y ~ x:sex + rcs(age,4) + a*b + factor(grade)');
    expect(f.response).toEqual({ kind: 'binary', outcome: 'y' });
    expect(f.terms.map((t) => t.label)).toEqual(['rcs(age, 4)', 'a', 'b', 'factor(grade)', 'x:sex', 'a:b']);
  });

  it('reads Surv(time, event) and strata()', () => {
    const f = parseFormula('Surv(fu_days, died) ~ age + strata(site)');
    expect(f.response).toEqual({ kind: 'surv', time: 'fu_days', event: 'died' });
    expect(f.strata).toEqual(['site']);
    expect(f.terms.map((t) => t.label)).toEqual(['age']);
  });

  it('expands a*b*c into every interaction, and (a + b):c', () => {
    expect(parseFormula('y ~ a*b*c').terms.map((t) => t.label)).toEqual(['a', 'b', 'c', 'a:b', 'a:c', 'b:c', 'a:b:c']);
    expect(parseFormula('y ~ (a + b):c').terms.map((t) => t.label)).toEqual(['a:c', 'b:c']);
  });

  it('names the place of a mistake', () => {
    expect(() => parseFormula('y ~ age +')).toThrow(/at character 10/);
    expect(() => parseFormula('y ~ rcs(age, 9)')).toThrow(/3 to 7 knots/);
    expect(() => parseFormula('y ~ log(age)')).toThrow(/log\(\) is not supported/);
    expect(() => parseFormula('y ~ y + age')).toThrow(/both the response and a predictor/);
    expect(() => parseFormula('y ~ age + strata(site)')).toThrow(/Cox models only/);
    expect(() => parseFormula('y ~ age - 1')).toThrow(ModelInputError);
  });
});

describe('rcs(): rms’s knots and basis', () => {
  it.each(reference.knots.map((k) => [`${k.data} ${k.column} k=${k.k}`, k] as const))('places knots as rms::rcs does (%s)', (_, k) => {
    const values = 'values' in k ? (k.values as number[]) : data[k.data][k.column].filter((c) => c !== null).map(Number);
    const { knots } = rcsKnots(values, k.k, k.column);
    expect(knots).toHaveLength(k.knots.length);
    knots.forEach((v, j) => relClose(v, k.knots[j], 1e-12, `knot ${j + 1}`));
  });

  it('evaluates the basis as Hmisc::rcspline.eval (norm = 2)', () => {
    const { knots, x, values } = reference.basis;
    x.forEach((xi, i) => rcsBasis(xi, knots).forEach((v, j) => expect(v).toBeCloseTo((values as number[][])[i][j], 10)));
  });
});

function levelsOf(ex: Example): ColumnLevels {
  return ex.levels ? { smoke: { levels: ex.levels } } : {};
}

function specOf(ex: Example) {
  return ex.model === 'logistic'
    ? { model: 'logistic' as const, formula: ex.formula }
    : { model: 'cox' as const, formula: ex.formula, ties: ex.ties ?? 'efron' };
}

describe('formula fits agree with R (glm, coxph; rms::anova)', () => {
  const fits = new Map<string, ModelResult>();
  beforeAll(async () => {
    for (const ex of examples) fits.set(ex.name, await fitModel(specOf(ex), ex.data, { levels: levelsOf(ex) }));
  });

  it.each(examples.map((ex) => [ex.name, ex] as const))('%s: R’s coefficient names, estimates to 1e-6 and SEs to 1e-5', (_, ex) => {
    const result = fits.get(ex.name) as ModelResult;
    expect(result.n).toBe(ex.n);
    expect(result.coefficients.map((c) => c.term)).toEqual(ex.terms);
    result.coefficients.forEach((c, k) => {
      relClose(c.estimate, ex.estimate[k], 1e-6, `${c.term} estimate`);
      relClose(c.se, ex.se[k], 1e-5, `${c.term} se`);
    });
    relClose(result.logLik.model, ex.logLik, 1e-8, 'logLik');
    expect(result.design?.formula).toBe(ex.formula);
  });

  it.each(examples.filter((ex) => ex.anova).map((ex) => [ex.name, ex] as const))(
    '%s: Wald chi-squares as rms::anova, row for row',
    (_, ex) => {
      const result = fits.get(ex.name) as ModelResult;
      expect(result.anova?.map((r) => r.term)).toEqual(ex.anova?.map((r) => r.term));
      ex.anova?.forEach((row, k) => {
        const mine = (result.anova as NonNullable<ModelResult['anova']>)[k];
        expect(mine.df).toBe(row.df);
        relClose(mine.chisq, row.chisq, 1e-5, `${row.term} chisq`);
        relClose(mine.p, row.p, 1e-4, `${row.term} p`);
      });
    },
  );

  it('counts the sample-size check’s parameters from the formula (rcs(age, 4) = 3, a 3-level factor = 2)', () => {
    const result = fits.get('spline-by-sex') as ModelResult;
    expect(result.sampleSize?.parameters).toBe(12);
  });

  it('reports how each variable was coded, for a saved model', () => {
    const result = fits.get('spline-by-sex') as ModelResult;
    const age = result.design?.variables.find((v) => v.label === 'rcs(age, 4)');
    expect(age).toMatchObject({ kind: 'rcs', names: ['age', "age'", "age''"] });
    const smoke = result.design?.variables.find((v) => v.label === 'smoke');
    expect(smoke).toEqual({
      label: 'smoke',
      column: 'smoke',
      kind: 'factor',
      values: ['0', '1', '2'],
      levels: ['never', 'former', 'current'],
    });
    expect(result.design?.terms.find((t) => t.label === 'rcs(age, 4):sex')?.columns).toEqual(['age:sexM', "age':sexM", "age'':sexM"]);
  });
});

describe('buildDesign', () => {
  it('reads CSV text the same as columns, dropping incomplete rows with a warning', () => {
    const columns = { y: [1, 0, 1, 0, null], sex: ['F', 'M', 'M', 'F', 'M'], grade: [1, 2, 2, 3, 1] };
    const text = 'y,sex,grade\n1,F,1\n0,M,2\n1,M,2\n0,F,3\nNA,M,1\n';
    const f = parseFormula('y ~ sex + factor(grade)');
    const a = buildDesign(f, columns);
    const b = buildDesign(f, text);
    expect(a.names).toEqual(['sexM', 'factor(grade)2', 'factor(grade)3']);
    expect(b.X).toEqual(a.X);
    expect(a.X[1]).toEqual([1, 1, 0]);
    expect(a.warnings).toEqual(['1 of 5 rows dropped because of missing values in model variables (y, sex, grade)']);
  });

  it('codes TRUE/FALSE as R’s logical (xTRUE) and drops unused dictionary levels with a warning', () => {
    const d = buildDesign(
      parseFormula('y ~ flag + smoke'),
      { y: [0, 1, 0, 1], flag: ['TRUE', 'FALSE', 'T', 'F'], smoke: [0, 2, 2, 0] },
      {
        smoke: {
          levels: [
            { value: '0', label: 'never' },
            { value: '1', label: 'former' },
            { value: '2', label: 'current' },
          ],
        },
      },
    );
    expect(d.names).toEqual(['flagTRUE', 'smokecurrent']);
    expect(d.warnings[0]).toMatch(/'former' not present/);
  });

  it('refuses a text column in rcs() and a one-level factor, naming the column', () => {
    expect(() => buildDesign(parseFormula('y ~ rcs(sex, 3)'), { y: [0, 1], sex: ['F', 'M'] })).toThrow(/'sex' is not a numeric column/);
    expect(() => buildDesign(parseFormula('y ~ sex'), { y: [0, 1], sex: ['female', 'female'] })).toThrow(
      /column 'sex' has a single level \(female\)/,
    );
  });

  it('reads choice levels and text levels from a REDCap dictionary.csv', () => {
    const dictionary = [
      '"Variable / Field Name","Form Name","Section Header","Field Type","Field Label","Choices, Calculations, OR Slider Labels","Field Note"',
      'modic,baseline,,radio,Modic type,"0, none | 1, type 1 | 2, type 2",',
      'sex,participant,,text,Sex,,"one of: female, male"',
      'age,participant,,text,Age,,years',
    ].join('\n');
    expect(levelsFromDictionary(dictionary)).toEqual({
      modic: {
        levels: [
          { value: '0', label: 'none' },
          { value: '1', label: 'type 1' },
          { value: '2', label: 'type 2' },
        ],
      },
      sex: {
        levels: [
          { value: 'female', label: 'female' },
          { value: 'male', label: 'male' },
        ],
      },
    });
  });
});

describe('fitModel with a formula', () => {
  it('refuses a formula together with covariates, and a Surv() formula for a logistic model', async () => {
    await expect(fitModel({ model: 'logistic', formula: 'y ~ x', covariates: ['x'] } as never, { y: [0, 1], x: [1, 2] })).rejects.toThrow(
      /either the formula or the columns/,
    );
    await expect(fitModel({ model: 'logistic', formula: 'Surv(t, e) ~ x' }, { t: [1], e: [1], x: [1] })).rejects.toThrow(/not Surv/);
  });
});
