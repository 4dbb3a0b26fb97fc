import { fitModel } from './fit';
import { fitLogistic } from './logistic';
import reference from './reference/firth/reference.json';

interface FirthExample {
  name: string;
  formula: string;
  data: Record<string, string[]>;
  n: number;
  events: number;
  penalised_loglik: number;
  coefficients: { term: string; estimate: number; se: number; lower: number; upper: number; chisq: number; p: number }[];
  flic_intercept: number;
}
const examples = reference.examples as unknown as FirthExample[];

function close(actual: number, expected: number, tol: number, what: string): void {
  if (!(Math.abs(actual - expected) / Math.max(Math.abs(expected), 1) < tol))
    throw new Error(`${what}: ${actual} vs R ${expected} (tolerance ${tol})`);
}

describe.each(examples)('Firth logistic regression agrees with brglm2 and profile penalised likelihood in R: $name', (ex) => {
  it('converges (separation included) to brglm2’s estimates, with logistf’s profile intervals and penalised LR p-values', async () => {
    const result = await fitModel({ model: 'logistic', formula: ex.formula, firth: true }, ex.data);
    expect(result.method).toBe('firth');
    expect(result.converged).toBe(true);
    expect(result.coefficients.map((c) => c.term)).toEqual(ex.coefficients.map((c) => c.term));
    close(result.logLik.model, ex.penalised_loglik, 1e-6, 'penalised log-likelihood');
    result.coefficients.forEach((c, k) => {
      const r = ex.coefficients[k];
      close(c.estimate, r.estimate, 1e-6, `${c.term} estimate`);
      close(c.se, r.se, 1e-5, `${c.term} se`);
      close(c.lower, r.lower, 1e-6, `${c.term} profile lower`);
      close(c.upper, r.upper, 1e-6, `${c.term} profile upper`);
      close(c.ratioUpper, Math.exp(r.upper), 1e-6, `${c.term} odds ratio upper`);
      // p-values: relative to themselves (they run down to 1e-17).
      expect(Math.abs(c.p - r.p) / r.p).toBeLessThan(1e-5);
    });
  });

  it('gives the FLIC intercept as glm(y ~ offset(Firth slopes)) and predicts with it', async () => {
    const { fitModelWithFigures } = await import('./fit');
    const { result, saved } = await fitModelWithFigures({ model: 'logistic', formula: ex.formula, firth: true }, ex.data);
    close(result.flic!.intercept, ex.flic_intercept, 1e-6, 'FLIC intercept');
    expect(saved.intercept).toBe(result.flic!.intercept);
  });
});

describe('Firth bootstrap validation', () => {
  it('refits Firth to every sample: separated data validate with no failed replicates (ML would fail them)', async () => {
    const ex = examples.find((e) => e.name === 'separated')!;
    const result = await fitModel({ model: 'logistic', formula: ex.formula, firth: true, bootstrap: 20, seed: 5 }, ex.data, { threads: 1 });
    expect(result.validation).toMatchObject({ B: 20, failed: 0 });
    expect(result.warnings.join(' ')).not.toMatch(/maximum likelihood/);
    const ml = await fitModel({ model: 'logistic', formula: ex.formula, bootstrap: 20, seed: 5 }, ex.data, { threads: 1 });
    expect(ml.validation?.failed ?? 20).toBeGreaterThan(10);
  });
});

describe('Firth without profiles', () => {
  it('keeps Wald rows when profiles are not asked for (bootstrap refits)', () => {
    const ex = examples[2];
    const X = ex.data.u.map((u, i) => [Number(u), ex.data.v[i] === 'lo' ? 1 : 0]);
    const fit = fitLogistic({ y: ex.data.y.map(Number), X, names: ['u', 'vlo'], firth: true, profile: false });
    const u = fit.coefficients[1];
    expect(u.upper).toBeCloseTo(u.estimate + 1.959963984540054 * u.se, 10);
  });
});
