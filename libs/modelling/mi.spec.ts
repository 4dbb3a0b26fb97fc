import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelInputError } from './errors';
import { fitModel, type ModelSpec } from './fit';
import { mice, nelsonAalen, poolChiSquare, poolRubin, pt, qt } from './mi';
import { readCells } from './design';
import reference from './reference/mi/reference.json';
import d2Reference from './reference/mi/d2.json';

/**
 * Reference: reference/mi/make-reference.R (mice 3.15). Rubin's rules are checked exactly against
 * mice::pool on given estimates and variances; the imputations themselves agree with mice only in
 * distribution (different random numbers), so pooled estimates are checked against the Monte Carlo
 * distribution of mice's pooled estimate over `runs` independent seeds (m = 50 each): ours (m = 50, one
 * seed) minus mice's mean over the runs has SD sd * sqrt(1 + 1/runs), if both draw from the same
 * distribution, and must be within 4 of those SDs.
 */
const csv = readFileSync(join(__dirname, 'reference', 'mi', 'data.csv'), 'utf8');

interface RubinCase {
  terms: string[];
  m: number;
  estimates: number[][];
  variances: number[][];
  dfcom: number;
  estimate: number[];
  ubar: number[];
  b: number[];
  t: number[];
  df: number[];
  riv: number[];
  lambda: number[];
  fmi: number[];
  p_value: number[];
  conf_low: number[];
  conf_high: number[];
  statistic: number[];
}
interface McRuns {
  terms: string[];
  runs: number;
  m: number;
  estimate_mean: number[];
  estimate_sd: number[];
  se_mean: number[];
  se_sd: number[];
}
const rubin = reference.rubin as unknown as Record<'logistic' | 'cox', RubinCase>;
const runs = reference.mice_runs as unknown as Record<'logistic' | 'cox', McRuns>;

function rel(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1);
}

describe("Rubin's rules (mice::pool)", () => {
  for (const kind of ['logistic', 'cox'] as const) {
    it(`${kind}: every pool() column and summary()'s p and 95% limits within 1e-8`, () => {
      const r = rubin[kind];
      r.terms.forEach((term, j) => {
        const p = poolRubin(
          r.estimates.map((row) => row[j]),
          r.variances.map((row) => row[j]),
          r.dfcom,
        );
        const pairs: [string, number, number][] = [
          ['estimate', p.estimate, r.estimate[j]],
          ['ubar', p.ubar, r.ubar[j]],
          ['b', p.b, r.b[j]],
          ['t', p.t, r.t[j]],
          ['df', p.df, r.df[j]],
          ['riv', p.riv, r.riv[j]],
          ['lambda', p.lambda, r.lambda[j]],
          ['fmi', p.fmi, r.fmi[j]],
          ['statistic', p.statistic, r.statistic[j]],
          ['p', p.p, r.p_value[j]],
          ['lower', p.lower, r.conf_low[j]],
          ['upper', p.upper, r.conf_high[j]],
        ];
        for (const [name, ours, theirs] of pairs) {
          if (!(rel(ours, theirs) < 1e-8)) throw new Error(`${kind} ${term} ${name}: ${ours} vs mice ${theirs}`);
        }
      });
    });
  }

  it('t quantiles and tails as R (qt, pt)', () => {
    // R: qt(0.975, c(3, 10.5, 100, 1e6)); pt(-2.5, c(3, 10.5, 100))
    const q = [3.1824463052837078, 2.2138402929187873, 1.9839715185235516, 1.9599663568141066];
    [3, 10.5, 100, 1e6].forEach((df, i) => expect(rel(qt(0.975, df), q[i])).toBeLessThan(1e-10));
    const p = [0.0438533235040327526, 0.0152131363205442668, 0.0070228945620385841];
    [3, 10.5, 100].forEach((df, i) => expect(Math.abs(pt(-2.5, df) - p[i])).toBeLessThan(1e-12));
  });

  it('needs at least two imputations', () => {
    expect(() => poolRubin([1], [1])).toThrow(RangeError);
  });

  it("D2 as mitml's (behind mice::D2): F, its denominator df and p within 1e-8", () => {
    for (const c of d2Reference as { d: number[]; k: number; F: number; v: number; p: number }[]) {
      const ours = poolChiSquare(c.d, c.k);
      expect(rel(ours.F, c.F)).toBeLessThan(1e-8);
      expect(rel(ours.df2, c.v)).toBeLessThan(1e-8);
      expect(Math.abs(ours.p - c.p) / Math.max(c.p, 1e-300)).toBeLessThan(1e-8);
      expect(ours.statistic).toBeCloseTo(c.F * c.k, 10);
    }
  });

  it('D2 of equal statistics is the statistic itself (no between-imputation variance)', () => {
    const d = poolChiSquare([6, 6, 6], 2);
    expect(d.statistic).toBeCloseTo(6, 12);
    expect(d.p).toBeCloseTo(Math.exp(-3), 10); // F(2, Inf) upper tail = chi-square(2)
  });
});

describe('mice-style imputation', () => {
  it("Nelson-Aalen hazard equals mice::nelsonaalen's", () => {
    const { cells } = readCells(csv, ['time', 'status']);
    const H = nelsonAalen(
      cells.time.map(Number),
      cells.status.map((s) => (s === '1' ? 1 : 0)),
    );
    const expected = reference.nelson_aalen as number[];
    H.forEach((h, i) => expect(Math.abs(h - expected[i])).toBeLessThan(1e-12));
  });

  it('PMM fills only missing cells, each with a value observed in the same column; chains depend only on (seed, i)', () => {
    const { cells } = readCells(csv, ['age', 'bmi', 'smoke', 'sex', 'x', 'y']);
    const a = mice(cells, { m: 3, seed: 7 });
    expect(a.missing).toEqual({ age: 111, bmi: 105, smoke: 95, sex: 0, x: 0, y: 0 });
    expect(a.visitSequence).toEqual(['age', 'bmi', 'smoke']);
    for (const done of a.completed) {
      for (const [column, values] of Object.entries(cells)) {
        const observed = new Set(values.filter((v) => v !== null));
        done[column].forEach((v, r) => {
          if (values[r] !== null) expect(v).toBe(values[r]);
          else expect(observed.has(v as string)).toBe(true);
        });
      }
    }
    const b = mice(cells, { m: 4, seed: 7 });
    expect(b.completed.slice(0, 3)).toEqual(a.completed);
    expect(mice(cells, { m: 3, seed: 8 }).completed[0]).not.toEqual(a.completed[0]);
  });

  it('refuses a column with no observed value and out-of-range options', () => {
    expect(() => mice({ a: [null, null], b: ['1', '2'] })).toThrow(ModelInputError);
    expect(() => mice({ a: ['1', null], b: ['1', '2'] }, { m: 1 })).toThrow(ModelInputError);
  });
});

describe('pooled fits agree with mice within Monte Carlo error', () => {
  const cases: { kind: 'logistic' | 'cox'; spec: ModelSpec }[] = [
    { kind: 'logistic', spec: { model: 'logistic', formula: 'y ~ age + bmi + smoke + sex + x', impute: { m: 50, seed: 2026 } } },
    { kind: 'cox', spec: { model: 'cox', formula: 'Surv(time, status) ~ age + bmi + smoke + sex + x', impute: { m: 50, seed: 2026 } } },
  ];
  for (const { kind, spec } of cases) {
    it(`${kind}: m = 50, each pooled estimate and SE within 4 Monte Carlo SDs of mice's mean over ${runs[kind].runs} seeds`, async () => {
      const result = await fitModel(spec, csv);
      const ref = runs[kind];
      expect(result.coefficients.map((c) => c.term)).toEqual(ref.terms);
      expect(result.n).toBe(400);
      expect(result.missing).toEqual(
        kind === 'logistic'
          ? { y: 0, age: 111, bmi: 105, smoke: 95, sex: 0, x: 0 }
          : { time: 0, status: 0, age: 111, bmi: 105, smoke: 95, sex: 0, x: 0 },
      );
      expect(result.imputation).toMatchObject({ m: 50, method: 'pmm', maxit: 5, donors: 5, imputed: ['age', 'bmi', 'smoke'] });
      const k = Math.sqrt(1 + 1 / ref.runs);
      ref.terms.forEach((term, j) => {
        const c = result.coefficients[j];
        const zEst = (c.estimate - ref.estimate_mean[j]) / (ref.estimate_sd[j] * k);
        const zSe = (c.se - ref.se_mean[j]) / (ref.se_sd[j] * k);
        if (!(Math.abs(zEst) < 4))
          throw new Error(`${term}: estimate ${c.estimate} vs mice ${ref.estimate_mean[j]} (sd ${ref.estimate_sd[j]}): z = ${zEst}`);
        if (!(Math.abs(zSe) < 4)) throw new Error(`${term}: se ${c.se} vs mice ${ref.se_mean[j]} (sd ${ref.se_sd[j]}): z = ${zSe}`);
      });
      const pooled = result.imputation!.pooled;
      expect(pooled.map((p) => p.term)).toEqual(ref.terms);
      for (const p of pooled) {
        expect(p.fmi).toBeGreaterThan(0);
        expect(p.fmi).toBeLessThan(1);
      }
    }, 300_000);
  }
});

describe('fits with impute', () => {
  it('bootstrap validation runs within each imputed set and the indexes are averaged (val-MI)', async () => {
    const formula = 'y ~ age + bmi + smoke + sex + x';
    const spec: ModelSpec = { model: 'logistic', formula, bootstrap: 15, seed: 11, impute: { m: 3, seed: 5 } };
    const pooled = await fitModel(spec, csv);
    const { cells } = readCells(csv, ['y', 'age', 'bmi', 'smoke', 'sex', 'x']);
    const sets = mice(cells, { m: 3, seed: 5 }).completed;
    const singles = await Promise.all(sets.map((set) => fitModel({ model: 'logistic', formula, bootstrap: 15, seed: 11 }, set)));
    expect(pooled.validation?.indexes.length).toBeGreaterThan(0);
    for (const ix of pooled.validation!.indexes) {
      const each = singles.map((s) => s.validation!.indexes.find((x) => x.name === ix.name)!);
      expect(ix.apparent).toBeCloseTo(each.reduce((s, x) => s + x.apparent, 0) / 3, 12);
      expect(ix.optimism).toBeCloseTo(each.reduce((s, x) => s + x.optimism, 0) / 3, 12);
      expect(ix.corrected).toBeCloseTo(each.reduce((s, x) => s + x.corrected, 0) / 3, 12);
    }
    // and the coefficients are Rubin's pool of the same three fits
    pooled.coefficients.forEach((c, j) => {
      const p = poolRubin(
        singles.map((s) => s.coefficients[j].estimate),
        singles.map((s) => s.coefficients[j].se ** 2),
        400 - 6,
      );
      expect(c.estimate).toBeCloseTo(p.estimate, 12);
      expect(c.se).toBeCloseTo(p.se, 12);
      expect(c.p).toBeCloseTo(p.p, 12);
    });
  }, 300_000);

  it('impute on complete columns says so and reports no non-finite numbers', async () => {
    const result = await fitModel({ model: 'logistic', formula: 'y ~ x + sex', impute: { m: 3 } }, csv);
    expect(result.warnings.join(' ')).toMatch(/nothing to impute/);
    expect(result.warnings.join(' ')).not.toMatch(/not finite/);
    expect(result.imputation?.imputed).toEqual([]);
  });

  it('a fit without impute reports its missing counts and the rows it dropped', async () => {
    const result = await fitModel({ model: 'logistic', formula: 'y ~ age + bmi + x' }, csv);
    expect(result.missing).toEqual({ y: 0, age: 111, bmi: 105, x: 0 });
    expect(result.imputation).toBeUndefined();
    expect(result.warnings.join(' ')).toMatch(/dropped/);
  });

  it('refuses impute options out of range and impute with shrink', async () => {
    await expect(fitModel({ model: 'logistic', formula: 'y ~ age', impute: { m: 1 } }, csv)).rejects.toThrow(/impute.m/);
    await expect(fitModel({ model: 'logistic', formula: 'y ~ age', impute: { m: 5, shrink: 1 } as never }, csv)).rejects.toThrow(/unknown/);
    await expect(fitModel({ model: 'logistic', formula: 'y ~ age', bootstrap: 10, shrink: true, impute: {} }, csv)).rejects.toThrow(
      /shrink/,
    );
  });
});
