import { ModelInputError } from './errors';
import { concordanceByRanks, concordanceIndex, fitLogistic, giniMd, giniMdByRank, LogisticResult, midRanks } from './logistic';
import { denseRanks } from './survival-data';
import { createRng } from './rng';
import reference from './reference/logistic/reference.json';

/** Values from libs/modelling/reference/logistic/make-reference.R (R glm and rms::lrm). */
interface Example {
  name: string;
  outcome: string;
  covariates: string[];
  data: Record<string, number[]>;
  glm: {
    terms: string[];
    estimate: number[];
    se: number[];
    z: number[];
    p: number[];
    logLik_model: number;
    logLik_null: number;
    deviance: number;
    iterations: number;
    converged: boolean;
    confint_wald_lower: number[];
    confint_wald_upper: number[];
    wald_chisq: number;
    score_chisq: number;
  };
  lrm: Record<string, number>;
}

const examples = reference.examples as unknown as Example[];

function relClose(actual: number, expected: number, tol: number): void {
  const scale = Math.max(Math.abs(expected), 1e-12);
  if (Math.abs(actual - expected) / scale > tol) {
    throw new Error(`expected ${expected}, got ${actual} (relative error ${Math.abs(actual - expected) / scale} > ${tol})`);
  }
}

function fitExample(ex: Example, firth = false): LogisticResult {
  const y = ex.data[ex.outcome];
  const X = y.map((_, i) => ex.covariates.map((c) => ex.data[c][i]));
  return fitLogistic({ y, X, names: ex.covariates, firth });
}

describe.each(examples.map((ex) => [ex.name, ex] as const))('logistic regression agrees with R glm on %s', (_name, ex) => {
  const fit = fitExample(ex);

  it('matches coefficients to 1e-6 and standard errors to 1e-5 relative', () => {
    expect(fit.coefficients.map((c) => c.term)).toEqual(ex.glm.terms);
    fit.coefficients.forEach((c, k) => {
      relClose(c.estimate, ex.glm.estimate[k], 1e-6);
      relClose(c.se, ex.glm.se[k], 1e-5);
      relClose(c.z, ex.glm.z[k], 1e-5);
      relClose(c.p, ex.glm.p[k], 1e-4);
      relClose(c.lower, ex.glm.confint_wald_lower[k], 1e-5);
      relClose(c.upper, ex.glm.confint_wald_upper[k], 1e-5);
      relClose(c.ratio, Math.exp(ex.glm.estimate[k]), 1e-6);
    });
  });

  it('matches the log-likelihoods, deviance and iteration count', () => {
    relClose(fit.logLik.model, ex.glm.logLik_model, 1e-6);
    relClose(fit.logLik.null, ex.glm.logLik_null, 1e-6);
    relClose(fit.deviance.residual, ex.glm.deviance, 1e-6);
    expect(fit.iterations).toBe(ex.glm.iterations);
    expect(fit.converged).toBe(ex.glm.converged);
    expect(fit.warnings).toEqual([]);
  });

  it('matches the LR, Wald and Rao score tests', () => {
    relClose(fit.tests.lr.statistic, 2 * (ex.glm.logLik_model - ex.glm.logLik_null), 1e-6);
    relClose(fit.tests.lr.statistic, ex.lrm['Model L.R.'], 1e-5);
    expect(fit.tests.lr.df).toBe(ex.lrm['d.f.']);
    relClose(fit.tests.wald.statistic, ex.glm.wald_chisq, 1e-5);
    // R's Rao test evaluates the score at the IRLS null fit (converged to 1e-8), not at exactly ybar.
    relClose(fit.tests.score.statistic, ex.glm.score_chisq, 1e-5);
  });

  it('matches lrm discrimination indexes C, Dxy, R2, Brier, g and gp to 1e-6', () => {
    relClose(fit.concordance.estimate, ex.lrm.C, 1e-6);
    relClose(fit.discrimination.Dxy, ex.lrm.Dxy, 1e-6);
    relClose(fit.discrimination.R2, ex.lrm.R2, 1e-6);
    relClose(fit.discrimination.brier, ex.lrm.Brier, 1e-6);
    relClose(fit.discrimination.g, ex.lrm.g, 1e-6);
    relClose(fit.discrimination.gp, ex.lrm.gp, 1e-6);
  });
});

describe('logistic regression on degenerate input', () => {
  const mt = examples.find((e) => e.name === 'mtcars') as Example;
  const y = mt.data.am;

  it('drops a collinear covariate with a warning, as glm reports it NA', () => {
    const X = y.map((_, i) => [mt.data.wt[i], mt.data.hp[i], 2 * mt.data.wt[i]]);
    const fit = fitLogistic({ y, X, names: ['wt', 'hp', 'wt2'] });
    expect(fit.aliased).toEqual(reference.collinear.aliased);
    expect(fit.coefficients.map((c) => c.term)).toEqual(['(Intercept)', 'wt', 'hp']);
    fit.coefficients.forEach((c, k) => relClose(c.estimate, reference.collinear.estimate[k] as number, 1e-6));
    expect(fit.warnings.join(' ')).toMatch(/wt2.*collinear/);
    expect(JSON.stringify(fit)).not.toMatch(/:null\b|NaN|Infinity/);
  });

  it('drops a constant covariate with a warning naming it', () => {
    const X = y.map((_, i) => [mt.data.wt[i], 5]);
    const fit = fitLogistic({ y, X, names: ['wt', 'site'] });
    expect(fit.aliased).toEqual(['site']);
    expect(fit.warnings.join(' ')).toMatch(/'site' is constant/);
    expect(fit.coefficients.every((c) => Number.isFinite(c.estimate) && Number.isFinite(c.se))).toBe(true);
  });

  it('refuses an outcome with no events', () => {
    expect(() => fitLogistic({ y: [0, 0, 0], X: [[1], [2], [3]], names: ['x'] })).toThrow(ModelInputError);
    expect(() => fitLogistic({ y: [0, 0, 0], X: [[1], [2], [3]], names: ['x'] })).toThrow(/no events/);
  });

  it('refuses an outcome where everyone has the event', () => {
    expect(() => fitLogistic({ y: [1, 1, 1], X: [[1], [2], [3]], names: ['x'] })).toThrow(/no non-events/);
  });

  it('refuses an outcome that is not 0/1', () => {
    expect(() => fitLogistic({ y: [0, 2, 1], X: [[1], [2], [3]], names: ['x'] })).toThrow(ModelInputError);
  });

  it('warns about complete separation as glm does and suggests Firth', () => {
    const sep = reference.separation;
    const fit = fitLogistic({ y: sep.y, X: sep.x.map((v) => [v]), names: ['x'] });
    for (const w of sep.warnings) expect(fit.warnings).toContain(w);
    expect(fit.warnings.join(' ')).toMatch(/separation.*--firth/);
    expect(fit.iterations).toBe(sep.iterations);
    relClose(fit.coefficients[1].estimate, sep.estimate[1], 1e-6);
  });

  it('gives finite estimates under complete separation with Firth', () => {
    const sep = reference.separation;
    const fit = fitLogistic({ y: sep.y, X: sep.x.map((v) => [v]), names: ['x'], firth: true });
    expect(fit.converged).toBe(true);
    expect(fit.method).toBe('firth');
    expect(fit.coefficients[1].estimate).toBeGreaterThan(0);
    expect(fit.coefficients[1].estimate).toBeLessThan(5);
    expect(fit.coefficients.every((c) => Number.isFinite(c.se))).toBe(true);
  });

  it('gives the Firth estimate of a 2x2 table: the log odds ratio with 0.5 added to each cell', () => {
    // cells: x=1: 6 events, 0 non-events; x=0: 3 events, 5 non-events (quasi-separated)
    const rows: Array<[number, number]> = [...Array(6).fill([1, 1]), ...Array(3).fill([0, 1]), ...Array(5).fill([0, 0])];
    const fit = fitLogistic({ y: rows.map((r) => r[1]), X: rows.map((r) => [r[0]]), names: ['x'], firth: true });
    const expected = Math.log(((6.5 / 0.5) * 5.5) / 3.5);
    relClose(fit.coefficients[1].estimate, expected, 1e-8);
    relClose(fit.coefficients[0].estimate, Math.log(3.5 / 5.5), 1e-8);
  });
});

describe('discrimination helpers', () => {
  it('counts tied predictions as half-concordant', () => {
    expect(concordanceIndex([1, 1, 2, 3], [0, 1, 0, 1]).C).toBeCloseTo(0.625, 12);
  });

  it('computes Gini mean difference as the mean absolute pairwise difference', () => {
    expect(giniMd([1, 2, 4])).toBeCloseTo((1 + 3 + 2) / 3, 12);
  });

  it("gives giniMd's double from the values' ranks, for any scale, ties, zeros of both signs and ranks with gaps", () => {
    const rng = createRng(12);
    const scales = [1, 2.5, 0.37, -1, -0.8, 1e-300, 0, -0, NaN, Infinity];
    for (let t = 0; t < 300; t++) {
      const n = 2 + rng.int(200);
      const kind = rng.int(3);
      const x = Array.from({ length: n }, () =>
        kind === 0 ? rng.int(5) - 2 : kind === 1 ? [0, -0, 1, -1][rng.int(4)] : rng.next() * 10 - 5,
      );
      const dense = denseRanks(Float64Array.from(x));
      // Ranks with gaps, as a bootstrap sample's read off a larger set of rows.
      const gapped = { rank: Array.from(dense.rank, (r) => 3 * r + 1), count: 3 * dense.count + 2 };
      for (const scale of scales) {
        const plain = giniMd(x.map((v) => scale * v));
        for (const ranks of [dense, gapped]) {
          const got = giniMdByRank(x, ranks, scale);
          expect(Object.is(got, plain), JSON.stringify({ x, scale, got, plain })).toBe(true);
        }
      }
    }
    expect(giniMdByRank([1, 2, 4], denseRanks(Float64Array.from([1, 2, 4])))).toBeCloseTo((1 + 3 + 2) / 3, 12);
  });

  it('gives the same C and standard error, to the last bit, as ranking all values and each group', () => {
    const rng = createRng(11);
    for (let t = 0; t < 200; t++) {
      const n = 2 + rng.int(300);
      // few distinct values (many ties), zeros of both signs, or continuous values
      const kind = rng.int(3);
      const x = Array.from({ length: n }, () => (kind === 0 ? rng.int(5) : kind === 1 ? [0, -0, 1, -1][rng.int(4)] : rng.next() * 10 - 5));
      const y = Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
      const fast = concordanceIndex(x, y);
      const ranked = concordanceByRanks(x, y);
      expect(Object.is(fast.C, ranked.C) && Object.is(fast.se, ranked.se), JSON.stringify({ x, y })).toBe(true);
    }
    const withNaN = concordanceIndex([1, NaN, 2, 3], [0, 1, 0, 1]);
    expect(withNaN).toEqual(concordanceByRanks([1, NaN, 2, 3], [0, 1, 0, 1]));
  });

  it('ranks as R: values below plus half the ties, one-based', () => {
    const rng = createRng(12);
    const x = Array.from({ length: 500 }, () => rng.int(40) - 20);
    const expected = x.map((v) => x.filter((u) => u < v).length + (x.filter((u) => u === v).length + 1) / 2);
    expect(midRanks(x)).toEqual(expected);
    expect(midRanks([3, 1, 2, 1])).toEqual([4, 1.5, 3, 1.5]);
  });
});
