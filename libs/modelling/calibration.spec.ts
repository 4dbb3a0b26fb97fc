import { calibrationCurve, calibrationSummary, lowess } from './calibration';
import { fitLogistic, irlsLogistic, withIntercept } from './logistic';
import reference from './reference/logistic/reference.json';

/** R values from libs/modelling/reference/logistic/make-reference.R. */
interface Example {
  name: string;
  outcome: string;
  covariates: string[];
  data: Record<string, number[]>;
  calibration: { intercept_in_the_large: number; slope: number; lowess_x: number[]; lowess_y: number[] };
}
const examples = reference.examples as unknown as Example[];

describe.each(examples.map((ex) => [ex.name, ex] as const))('calibration on %s agrees with R', (_name, ex) => {
  const y = ex.data[ex.outcome];
  const X = y.map((_, i) => ex.covariates.map((c) => ex.data[c][i]));
  const core = irlsLogistic(y, withIntercept(X));

  it('gives calibration-in-the-large 0 and slope 1 on the development data, as glm does', () => {
    const s = calibrationSummary(core.linearPredictor, y);
    expect(Math.abs(s.interceptInTheLarge - ex.calibration.intercept_in_the_large)).toBeLessThan(1e-6);
    expect(Math.abs(s.slope - ex.calibration.slope)).toBeLessThan(1e-6);
  });

  it('reproduces lowess(p, y, iter = 0) to 1e-6', () => {
    const smooth = lowess(core.fitted, y, { iter: 0 });
    smooth.x.forEach((x, i) => expect(Math.abs(x - ex.calibration.lowess_x[i])).toBeLessThan(1e-6));
    smooth.y.forEach((v, i) => expect(Math.abs(v - ex.calibration.lowess_y[i])).toBeLessThan(1e-6));
  });
});

describe('calibration of predictions on new data', () => {
  it('detects predictions that are too extreme (slope < 1) and too high (intercept < 0)', () => {
    const ex = examples.find((e) => e.name === 'infert') as Example;
    const y = ex.data[ex.outcome];
    const X = y.map((_, i) => ex.covariates.map((c) => ex.data[c][i]));
    const fit = fitLogistic({ y, X, names: ex.covariates });
    const b = fit.coefficients.map((c) => c.estimate);
    const lp = X.map((row) => b[0] + 0.5 + 1.5 * row.reduce((s, v, j) => s + v * b[j + 1], 0));
    const s = calibrationSummary(lp, y);
    expect(s.slope).toBeLessThan(1);
    expect(s.interceptInTheLarge).toBeLessThan(0);
  });

  it('returns one plotting point per distinct predicted probability, in increasing order', () => {
    const points = calibrationCurve([0.1, 0.4, 0.1, 0.8, 0.6], [0, 1, 0, 1, 0]);
    expect(points.map((p) => p.predicted)).toEqual([0.1, 0.4, 0.6, 0.8]);
  });
});

describe('lowess', () => {
  it('matches R lowess with its default three robustness iterations', () => {
    // R 4.x: lowess(1:10, c(2,4,3,6,5,8,7,10,9,12))$y
    const r = lowess([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [2, 4, 3, 6, 5, 8, 7, 10, 9, 12]);
    const expected = [
      2.26581109431626, 3.18509397675317, 4.13135930396427, 4.97997125663916, 6.02706621294612, 6.97477428720187, 8.02850901222509,
      8.98531830835377, 10.22669941233937, 11.45676359812686,
    ];
    r.y.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 10));
  });
});
