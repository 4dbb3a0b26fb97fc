import { baselineSurvival, CoxFit, type CoxInput, fitCox, fitCoxCoefficients, predictSurvival } from './cox';
import { ModelInputError } from './errors';
import { codeStrata, orderByStratumTime } from './survival-data';
import { coxReferences, degenerateReference, expectClose } from './reference/cox/reference';

const references = coxReferences();

/** Every number anywhere in the result is finite (no NaN or Infinity leaks into JSON as null). */
function expectAllFinite(value: unknown, path = 'fit'): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path} is ${value}`);
  } else if (Array.isArray(value)) value.forEach((v, i) => expectAllFinite(v, `${path}[${i}]`));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) expectAllFinite(v, `${path}.${k}`);
  }
}

/** fitCox's input for a reference data set of R's. */
function inputOf(ref: (typeof references)[number]): CoxInput {
  return {
    time: ref.data.time,
    event: ref.data.event,
    X: ref.data.X,
    names: ref.data.names,
    strata: ref.data.strata ?? undefined,
    ties: ref.ties,
  };
}

function referenceInput(name: string): CoxInput {
  const ref = references.find((r) => r.name === name);
  if (!ref) throw new Error(`no reference ${name}`);
  return inputOf(ref);
}

function fitReference(name: string): CoxFit {
  return fitCox(referenceInput(name));
}

describe.each(references.map((r) => [r.name, r] as const))('Cox fit agrees with R coxph: %s', (_name, ref) => {
  const fit = fitCox(inputOf(ref));

  it('matches coefficients, standard errors, z, p and Wald intervals', () => {
    expect(fit.coefficients.map((c) => c.term)).toEqual(ref.coefficients.names);
    fit.coefficients.forEach((c, k) => {
      expectClose(c.estimate, ref.coefficients.estimate[k], 1e-6, `${c.term} estimate`);
      expectClose(c.se, ref.coefficients.se[k], 1e-5, `${c.term} se`);
      expectClose(c.z, ref.coefficients.z[k], 1e-5, `${c.term} z`);
      expectClose(c.p, ref.coefficients.p[k], 1e-5, `${c.term} p`);
      expectClose(c.lower, ref.coefficients.lower[k], 1e-5, `${c.term} lower`);
      expectClose(c.upper, ref.coefficients.upper[k], 1e-5, `${c.term} upper`);
      expectClose(c.ratio, ref.coefficients.ratio[k], 1e-6, `${c.term} ratio`);
      expectClose(c.ratioLower, ref.coefficients.ratioLower[k], 1e-5, `${c.term} ratioLower`);
      expectClose(c.ratioUpper, ref.coefficients.ratioUpper[k], 1e-5, `${c.term} ratioUpper`);
    });
  });

  it('matches the variance matrix, means and linear predictors', () => {
    fit.variance.forEach((row, i) => row.forEach((v, j) => expectClose(v, ref.var[i][j], 1e-5, `var[${i}][${j}]`)));
    fit.means.forEach((m, j) => expectClose(m, ref.means[j], 1e-12, `mean ${j}`));
    fit.linearPredictors.forEach((lp, i) => expectClose(lp, ref.linearPredictors[i], 1e-6, `lp ${i}`));
  });

  it('matches the null and final log partial likelihood, and the iteration count', () => {
    expectClose(fit.logLik.null, ref.logLik.null, 1e-6, 'null logLik');
    expectClose(fit.logLik.model, ref.logLik.model, 1e-6, 'model logLik');
    expect(fit.iterations).toBe(ref.iterations);
    expect(fit.converged).toBe(true);
    expect(fit.warnings).toEqual([]);
    expect(fit.n).toBe(ref.n);
    expect(fit.events).toBe(ref.nevent);
  });

  it('matches the likelihood ratio, Wald and score tests', () => {
    for (const key of ['lr', 'wald', 'score'] as const) {
      expectClose(fit.tests[key].statistic, ref.tests[key].statistic, 1e-6, `${key} statistic`);
      expect(fit.tests[key].df).toBe(ref.tests[key].df);
      expectClose(fit.tests[key].p, ref.tests[key].p, 1e-6, `${key} p`);
    }
  });

  it('matches the concordance and its standard error', () => {
    expectClose(fit.concordance.estimate, ref.concordance.estimate, 1e-4, 'concordance');
    expectClose(fit.concordance.se, ref.concordance.se, 1e-4, 'concordance se');
  });

  it('matches the baseline survival curve at the covariate means, per stratum', () => {
    expect(fit.baseline.map((c) => c.stratum)).toEqual(ref.baselineCurve.map((c) => c.stratum));
    fit.baseline.forEach((curve, s) => {
      expect(curve.time).toEqual(ref.baselineCurve[s].time);
      curve.survival.forEach((v, i) => expectClose(v, ref.baselineCurve[s].surv[i], 1e-6, `surv ${s}/${i}`));
      curve.cumhaz.forEach((v, i) => expectClose(v, ref.baselineCurve[s].cumhaz[i], 1e-6, `cumhaz ${s}/${i}`));
    });
  });

  it('gives survfit survival at requested times (flat after the last time)', () => {
    const got = baselineSurvival(fit, ref.baselineTimes);
    const expected = ref.baselineAt.flatMap((c) => c.time.map((t, i) => ({ stratum: c.stratum, time: t, survival: c.surv[i] })));
    expect(got.map((g) => [g.stratum, g.time])).toEqual(expected.map((e) => [e.stratum, e.time]));
    got.forEach((g, i) => expectClose(g.survival, expected[i].survival, 1e-6, `S(${g.time}) ${String(g.stratum)}`));
  });
});

describe('Cox predictions', () => {
  it('predicts the baseline curve for a subject at the covariate means', () => {
    const fit = fitReference('lung-efron');
    const at365 = baselineSurvival(fit, [365])[0].survival;
    expect(predictSurvival(fit, fit.means, 365)).toBeCloseTo(at365, 12);
  });

  it('scales the cumulative hazard by the hazard ratio for other covariates', () => {
    const fit = fitReference('lung-female-efron');
    const x = [70, 1, 2];
    const eta = fit.beta.reduce((s, b, j) => s + b * (x[j] - fit.means[j]), 0);
    const base = baselineSurvival(fit, [200])[0].survival;
    expect(predictSurvival(fit, x, 200)).toBeCloseTo(Math.pow(base, Math.exp(eta)), 12);
  });

  it('needs the stratum of a subject in a stratified model', () => {
    const fit = fitReference('lung-strata-sex-efron');
    expect(() => predictSurvival(fit, [60, 1], 200)).toThrow(ModelInputError);
    const s = baselineSurvival(fit, [200], { strata: ['2'] });
    expect(s).toHaveLength(1);
    expect(predictSurvival(fit, fit.means, 200, '2')).toBeCloseTo(s[0].survival, 12);
  });

  it('is 1 before the first event time', () => {
    const fit = fitReference('ovarian-rx-efron');
    expect(baselineSurvival(fit, [0])[0].survival).toBe(1);
  });
});

describe('Cox fit with its row order given', () => {
  it('gives the same fit as when it orders the rows itself (as validation refits the original rows)', () => {
    for (const name of ['lung-efron', 'lung-strata-sex-efron']) {
      const input = referenceInput(name);
      const order = orderByStratumTime(input.time, codeStrata(input.strata, input.time.length).codes);
      expect(fitCox({ ...input, order })).toEqual(fitCox(input));
    }
  });
});

describe('fitCoxCoefficients (what a bootstrap replicate uses)', () => {
  it("gives fitCox's coefficients and log-likelihoods, the same doubles, and its convergence and aliasing", () => {
    const lung = references.find((r) => r.name === 'lung-efron')!;
    const inputs: CoxInput[] = references.map((ref) => inputOf(ref));
    // validate.cph's loose refit (stops after fewer iterations), a collinear column, a constant one, a fit out of iterations.
    inputs.push({ ...inputOf(lung), maxIter: 10, eps: 1e-4 });
    inputs.push({ ...inputOf(lung), X: lung.data.X.map((row) => [...row, 2 * row[0]]), names: [...lung.data.names, 'age2'] });
    inputs.push({ ...inputOf(lung), X: lung.data.X.map((row) => [row[0], 5]), names: ['age', 'site'] });
    inputs.push({ ...inputOf(lung), maxIter: 1 });
    const seen = { aliased: 0, unconverged: 0 };
    for (const input of inputs) {
      const full = fitCox(input);
      const lean = fitCoxCoefficients(input);
      expect(lean.beta).toEqual(full.beta);
      expect(lean.beta.every((b, j) => Object.is(b, full.beta[j]))).toBe(true);
      expect(lean.logLik).toEqual(full.logLik);
      expect(lean.converged).toBe(full.converged);
      expect(lean.aliased).toBe(full.aliased.length > 0);
      if (lean.aliased) seen.aliased++;
      if (!lean.converged) seen.unconverged++;
    }
    expect(seen).toEqual({ aliased: 2, unconverged: 1 });
  });

  it("keeps fitCox's doubles when Newton steps are halved (an outlying covariate overshoots), tied or not, in and out of iterations", () => {
    // fitCoxCoefficients computes a step's log-likelihood first and its score and information only
    // when it takes the step; fitCox computes all three at every step. With a few rows of a covariate
    // far out, most of these fits halve one step or more: of these 360, counted once by instrumenting
    // CoxCore, 300 halve, 122 run out of iterations and 36 are aliased (c = b).
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let fits = 0;
    for (let k = 0; k < 60; k++) {
      const n = 30 + Math.floor(rand() * 60);
      const collinear = k % 7 === 0;
      const X: number[][] = [];
      const time: number[] = [];
      const event: (0 | 1)[] = [];
      for (let i = 0; i < n; i++) {
        const a = rand() < 0.1 ? 8 + rand() * 10 : rand();
        const b = rand() < 0.5 ? 1 : 0;
        X.push([a, b, collinear ? b : b * rand()]);
        time.push(Math.ceil(-Math.log(1 - rand()) * 30 * Math.exp(-(1.5 * a - b))));
        event.push(rand() < 0.8 ? 1 : 0);
      }
      if (!event.includes(1)) continue;
      for (const ties of ['efron', 'breslow'] as const)
        for (const [maxIter, eps] of [
          [20, 1e-9],
          [10, 1e-4],
          [3, 1e-9],
        ]) {
          const input: CoxInput = { time, event, X, names: ['a', 'b', 'c'], ties, maxIter, eps };
          const full = fitCox(input);
          const lean = fitCoxCoefficients(input);
          expect(lean.beta.every((b, j) => Object.is(b, full.beta[j]))).toBe(true);
          expect(lean.logLik).toEqual(full.logLik);
          expect(lean.converged).toBe(full.converged);
          expect(lean.aliased).toBe(full.aliased.length > 0);
          fits++;
        }
    }
    expect(fits).toBe(360);
  });

  it('refuses what fitCox refuses', () => {
    const lung = references.find((r) => r.name === 'lung-efron')!;
    const input = inputOf(lung);
    expect(() => fitCoxCoefficients({ ...input, event: input.event.map(() => 0 as const) })).toThrow(/no events/);
    expect(() => fitCoxCoefficients({ ...input, X: input.X.map((row, i) => (i === 3 ? [row[0], NaN, row[2]] : row)) })).toThrow(
      /not a finite number/,
    );
  });
});

describe('Cox fit on degenerate input', () => {
  const lung = references.find((r) => r.name === 'lung-efron');
  if (!lung) throw new Error('lung-efron reference missing');
  const degenerate = degenerateReference();

  it('drops a collinear covariate with a warning, as coxph reports it NA', () => {
    const X = lung.data.X.map((row) => [...row, 2 * row[0]]);
    const fit = fitCox({ time: lung.data.time, event: lung.data.event, X, names: [...lung.data.names, 'age2'] });
    expect(fit.aliased).toEqual(['age2']);
    expect(fit.coefficients.map((c) => c.term)).toEqual(['age', 'sex', 'ph.ecog']);
    fit.coefficients.forEach((c, k) => {
      expectClose(c.estimate, degenerate.collinear.estimate[k], 1e-6, `${c.term} estimate`);
      expectClose(c.se, degenerate.collinear.se[k], 1e-5, `${c.term} se`);
    });
    expectClose(fit.logLik.model, degenerate.collinear.logLik[1], 1e-6, 'logLik');
    expect(fit.tests.lr.df).toBe(3);
    expect(fit.warnings.join(' ')).toMatch(/age2.*(constant or collinear)/);
    expectAllFinite(fit);
  });

  it('drops a constant covariate with a warning', () => {
    const X = lung.data.X.map((row) => [row[0], 5]);
    const fit = fitCox({ time: lung.data.time, event: lung.data.event, X, names: ['age', 'site'] });
    expect(fit.aliased).toEqual(['site']);
    expect(fit.coefficients.map((c) => c.term)).toEqual(['age']);
    expect(fit.warnings.join(' ')).toMatch(/site/);
    expect(Number.isFinite(fit.coefficients[0].se)).toBe(true);
  });

  it('warns that a coefficient may be infinite when a covariate separates events (monotone likelihood)', () => {
    const ovarian = references.find((r) => r.name === 'ovarian-rx-efron');
    if (!ovarian) throw new Error('ovarian reference missing');
    const X = ovarian.data.X.map((row, i) => [row[0], ovarian.data.event[i]]);
    const fit = fitCox({ time: ovarian.data.time, event: ovarian.data.event, X, names: ['age', 'fustat'] });
    expect(fit.warnings.join(' ')).toMatch(/fustat; coefficient may be infinite/);
    expect(fit.iterations).toBe(degenerate.monotone.iterations);
    expectClose(fit.logLik.model, degenerate.monotone.logLik[1], 1e-6, 'logLik');
    expectClose(fit.coefficients[0].estimate, degenerate.monotone.estimate[0], 1e-4, 'age');
    expect(fit.coefficients[1].estimate).toBeGreaterThan(15);
    expectAllFinite(fit);
  });

  it('refuses data without events', () => {
    const event = lung.data.event.map(() => 0 as const);
    expect(() => fitCox({ time: lung.data.time, event, X: lung.data.X, names: lung.data.names })).toThrow(ModelInputError);
    expect(() => fitCox({ time: lung.data.time, event, X: lung.data.X, names: lung.data.names })).toThrow(/no events/);
  });

  it('fits data where every subject has an event', () => {
    const event = lung.data.event.map(() => 1 as const);
    const fit = fitCox({ time: lung.data.time, event, X: lung.data.X, names: lung.data.names });
    expect(fit.converged).toBe(true);
    expect(fit.events).toBe(lung.data.time.length);
    expect(fit.coefficients).toHaveLength(3);
    const last = fit.baseline[0].survival[fit.baseline[0].survival.length - 1];
    expect(last).toBeGreaterThanOrEqual(0);
    expectAllFinite(fit);
  });

  it('reports non-convergence when the iteration limit is reached', () => {
    const fit = fitCox({ time: lung.data.time, event: lung.data.event, X: lung.data.X, names: lung.data.names, maxIter: 2 });
    expect(fit.converged).toBe(false);
    expect(fit.warnings).toContain('Ran out of iterations and did not converge');
  });

  it('keeps a diverging fit finite and says it did not converge', () => {
    const time = [1, 2, 3, 4, 5, 6, 7, 8];
    const event: (0 | 1)[] = [1, 0, 1, 1, 0, 1, 1, 0];
    const X = time.map((t, i) => [i % 2, t]);
    const fit = fitCox({ time, event, X, names: ['g', 'x'], strata: time.map((t) => (t < 5 ? 'a' : 'b')) });
    expect(fit.converged).toBe(false);
    expect(fit.warnings[0]).toBe('Ran out of iterations and did not converge');
    expectAllFinite(fit);
  });

  it('refuses missing covariate values and mismatched lengths', () => {
    const X = lung.data.X.map((row, i) => (i === 3 ? [NaN, row[1], row[2]] : row));
    expect(() => fitCox({ time: lung.data.time, event: lung.data.event, X, names: lung.data.names })).toThrow(/age of row 4/);
    expect(() => fitCox({ time: [1, 2], event: [1], X: [[1], [2]], names: ['x'] })).toThrow(ModelInputError);
  });
});

describe('Cox fit on large data', () => {
  it('fits 100,000 rows and 10 covariates in a few seconds', () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const n = 100_000;
    const p = 10;
    const X: number[][] = [];
    const time: number[] = [];
    const event: (0 | 1)[] = [];
    for (let i = 0; i < n; i++) {
      const row = Array.from({ length: p }, (_, j) => (j % 3 === 0 ? (rand() < 0.5 ? 1 : 0) : rand() * 2 - 1));
      const eta = row.reduce((s, x, j) => s + x * (j % 2 === 0 ? 0.3 : -0.2), 0);
      const t = -Math.log(rand()) / Math.exp(eta);
      const c = rand() * 2;
      time.push(Math.round(Math.min(t, c) * 365));
      event.push(t <= c ? 1 : 0);
      X.push(row);
    }
    const started = Date.now();
    const fit = fitCox({ time, event, X, names: Array.from({ length: p }, (_, j) => `x${j}`), ties: 'efron' });
    const seconds = (Date.now() - started) / 1000;
    expect(fit.converged).toBe(true);
    expect(fit.coefficients[0].estimate).toBeGreaterThan(0.2);
    expect(fit.coefficients[1].estimate).toBeLessThan(-0.1);
    expect(seconds).toBeLessThan(10);
  });
});
