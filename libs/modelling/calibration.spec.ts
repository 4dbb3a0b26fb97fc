import { calibrateCox, calibrateLogistic, calibrationCurve, calibrationSummary, lowess, valProb } from './calibration';
import { fitLogistic, irlsLogistic, withIntercept } from './logistic';
import calRef from './reference/calibration/reference.json';
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

// ------------------------------------------------------------------ TRIPOD calibration (reference/calibration)

/** R values from libs/modelling/reference/calibration/make-reference.R (rms 6.5-0, survival 3.5-3). */
interface ValProbRef {
  citl: number;
  intercept: number;
  slope: number;
  emax: number;
  e90: number;
  eavg: number;
  brier: number;
  c: number;
  dxy: number;
  spiegelhalter_z: number;
  spiegelhalter_p: number;
}
interface CalRef {
  B: number;
  seed: number;
  samples: number[][];
  mc: { K: number; mean: (number | null)[]; sd: (number | null)[] };
}
const tripod = calRef as unknown as {
  logistic: {
    dev: Record<string, number[]>;
    val: Record<string, number[]>;
    p_dev: number[];
    p_val: number[];
    valprob_dev: ValProbRef;
    valprob_val: ValProbRef;
    calibrate: CalRef & {
      predy: number[];
      calibrated_orig: (number | null)[];
      calibrated_corrected: (number | null)[];
      training: (number | null)[];
      test: (number | null)[];
      optimism: (number | null)[];
      n: number[];
    };
  };
  cox: {
    data: Record<string, number[]>;
    calibrate_strata: CalRef & {
      u: number;
      m: number;
      site: string[];
      index_orig: (number | null)[];
      optimism: (number | null)[];
      n: number[];
      mean_predicted: number[];
      KM: (number | null)[];
      KM_corrected: (number | null)[];
      std_err: (number | null)[];
    };
    calibrate: CalRef & {
      u: number;
      m: number;
      predicted: number[];
      index_orig: (number | null)[];
      training: (number | null)[];
      test: (number | null)[];
      optimism: (number | null)[];
      corrected: (number | null)[];
      n: number[];
      mean_predicted: number[];
      KM: (number | null)[];
      KM_corrected: (number | null)[];
      std_err: (number | null)[];
    };
  };
};

/** Largest |a - b| over paired entries, where both are numbers; null must pair with null. */
function maxDiff(a: readonly (number | null)[], b: readonly (number | null)[]): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  a.forEach((v, i) => {
    const r = b[i];
    expect(v === null).toBe(r === null);
    if (v !== null && r !== null) worst = Math.max(worst, Math.abs(v - r));
  });
  return worst;
}

describe('rms::val.prob agrees with R', () => {
  const L = tripod.logistic;
  const cases = [
    ['development data (apparent)', L.p_dev, L.dev.y, L.valprob_dev],
    ['new data from a shifted population', L.p_val, L.val.y, L.valprob_val],
  ] as const;
  it.each(cases)('on the %s: CITL, intercept, slope, Eavg/E90/Emax, Brier, C, Spiegelhalter within 1e-6', (_name, p, y, r) => {
    const v = valProb(p, y);
    const pairs: [number, number][] = [
      [v.citl, r.citl],
      [v.intercept, r.intercept],
      [v.slope, r.slope],
      [v.eavg, r.eavg],
      [v.e90, r.e90],
      [v.emax, r.emax],
      [v.brier, r.brier],
      [v.c, r.c],
      [v.dxy, r.dxy],
      [v.spiegelhalter.z, r.spiegelhalter_z],
      [v.spiegelhalter.p, r.spiegelhalter_p],
    ];
    for (const [a, b] of pairs) expect(Math.abs(a - b)).toBeLessThan(1e-6);
  });
});

describe('rms::calibrate(lrm, method = "boot") agrees with R', () => {
  const L = tripod.logistic;
  const r = L.calibrate;
  const X = L.dev.y.map((_, i) => [L.dev.x1[i], L.dev.x2[i], L.dev.x3[i]]);

  it("on R's own bootstrap samples: predy, apparent and corrected curves, optimism and n as rms", () => {
    const cal = calibrateLogistic({ y: L.dev.y, X }, { B: r.B, seed: r.seed, samples: r.samples });
    expect(cal.failed).toBe(0);
    expect(
      maxDiff(
        cal.rows.map((x) => x.predicted),
        r.predy,
      ),
    ).toBeLessThan(1e-6);
    expect(
      maxDiff(
        cal.rows.map((x) => x.apparent),
        r.calibrated_orig,
      ),
    ).toBeLessThan(1e-6);
    expect(
      maxDiff(
        cal.rows.map((x) => x.corrected),
        r.calibrated_corrected,
      ),
    ).toBeLessThan(1e-6);
    expect(
      maxDiff(
        cal.rows.map((x) => x.training),
        r.training,
      ),
    ).toBeLessThan(1e-6);
    expect(
      maxDiff(
        cal.rows.map((x) => x.test),
        r.test,
      ),
    ).toBeLessThan(1e-6);
    expect(
      maxDiff(
        cal.rows.map((x) => x.optimism),
        r.optimism,
      ),
    ).toBeLessThan(1e-6);
    expect(cal.rows.map((x) => x.n)).toEqual(r.n);
  });

  it("on this library's own resamples: the corrected curve within Monte Carlo error of R's (mean of 20 seeds)", () => {
    const cal = calibrateLogistic({ y: L.dev.y, X }, { B: r.B, seed: 7 });
    cal.rows.forEach((row, k) => {
      const mean = r.mc.mean[k];
      const sd = r.mc.sd[k];
      if (row.corrected === null || mean === null || sd === null) return;
      // one run of B = 40 against the mean of K runs: sd of the difference is sd * sqrt(1 + 1/K)
      expect(Math.abs(row.corrected - mean)).toBeLessThan(4 * sd * Math.sqrt(1 + 1 / r.mc.K));
    });
  });
});

describe('rms::calibrate(cph, cmethod = "KM", u, m) agrees with R', () => {
  const C = tripod.cox;
  const r = C.calibrate;
  const data = {
    time: C.data.time,
    event: C.data.status as (0 | 1)[],
    X: C.data.time.map((_, i) => [C.data.x1[i], C.data.x2[i], C.data.x3[i]]),
  };

  it("on R's own bootstrap samples: groups, mean predicted, KM, optimism and KM.corrected as rms", () => {
    const cal = calibrateCox(data, { u: r.u, m: r.m, B: r.B, seed: r.seed, samples: r.samples });
    expect(cal.failed).toBe(0);
    expect(
      maxDiff(
        cal.groups.map((g) => g.predicted),
        r.mean_predicted,
      ),
    ).toBeLessThan(1e-6);
    expect(
      maxDiff(
        cal.groups.map((g) => g.apparent),
        r.KM,
      ),
    ).toBeLessThan(1e-6);
    expect(
      maxDiff(
        cal.groups.map((g) => g.error),
        r.index_orig,
      ),
    ).toBeLessThan(1e-6);
    expect(
      maxDiff(
        cal.groups.map((g) => g.stdErr),
        r.std_err,
      ),
    ).toBeLessThan(1e-6);
    expect(
      maxDiff(
        cal.groups.map((g) => g.training),
        r.training,
      ),
    ).toBeLessThan(1e-6);
    expect(
      maxDiff(
        cal.groups.map((g) => g.test),
        r.test,
      ),
    ).toBeLessThan(1e-6);
    expect(
      maxDiff(
        cal.groups.map((g) => g.optimism),
        r.optimism,
      ),
    ).toBeLessThan(1e-6);
    expect(
      maxDiff(
        cal.groups.map((g) => g.corrected),
        r.KM_corrected,
      ),
    ).toBeLessThan(1e-6);
    expect(cal.groups.map((g) => g.n)).toEqual(r.n);
  });

  it("stratified (cph with strat(site)), on R's own bootstrap samples: as rms", () => {
    const r2 = C.calibrate_strata;
    const cal = calibrateCox({ ...data, strata: r2.site }, { u: r2.u, m: r2.m, B: r2.B, seed: r2.seed, samples: r2.samples });
    expect(
      maxDiff(
        cal.groups.map((g) => g.predicted),
        r2.mean_predicted,
      ),
    ).toBeLessThan(1e-6);
    expect(
      maxDiff(
        cal.groups.map((g) => g.apparent),
        r2.KM,
      ),
    ).toBeLessThan(1e-6);
    expect(
      maxDiff(
        cal.groups.map((g) => g.error),
        r2.index_orig,
      ),
    ).toBeLessThan(1e-6);
    expect(
      maxDiff(
        cal.groups.map((g) => g.stdErr),
        r2.std_err,
      ),
    ).toBeLessThan(1e-6);
    expect(
      maxDiff(
        cal.groups.map((g) => g.optimism),
        r2.optimism,
      ),
    ).toBeLessThan(1e-6);
    expect(
      maxDiff(
        cal.groups.map((g) => g.corrected),
        r2.KM_corrected,
      ),
    ).toBeLessThan(1e-6);
    expect(cal.groups.map((g) => g.n)).toEqual(r2.n);
    expect(r2.B - cal.failed).toBe(Math.max(...r2.n));
  });

  it("on this library's own resamples: KM.corrected within Monte Carlo error of R's (mean of 20 seeds)", () => {
    const cal = calibrateCox(data, { u: r.u, m: r.m, B: r.B, seed: 7 });
    cal.groups.forEach((g, k) => {
      const mean = r.mc.mean[k];
      const sd = r.mc.sd[k];
      if (g.corrected === null || mean === null || sd === null) return;
      expect(Math.abs(g.corrected - mean)).toBeLessThan(4 * sd * Math.sqrt(1 + 1 / r.mc.K));
    });
  });
});
