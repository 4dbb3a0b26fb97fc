import { binaryConcordance } from './concordance';
import { fitCox, predictSurvival } from './cox';
import calRef from './reference/calibration/reference.json';
import { brierAt, censoringDistribution, horizonPerformance, timeDependentAuc } from './time-dependent';

/** R values from libs/modelling/reference/calibration/make-reference.R (survival 3.5-3; IPCW code written there). */
const C = (
  calRef as unknown as {
    cox: {
      data: Record<string, number[]>;
      coefficients: number[];
      horizons: number[];
      surv_h: number[][];
      auc: number[];
      auc_lp: number[];
      lp_rounded: number[];
      brier: number[];
      brier_null: number[];
    };
  }
).cox;
const time = C.data.time;
const event = C.data.status as (0 | 1)[];
const X = time.map((_, i) => [C.data.x1[i], C.data.x2[i], C.data.x3[i]]);
const fit = fitCox({ time, event, X, names: ['x1', 'x2', 'x3'] });

describe('time-dependent AUC and Brier score at a horizon agree with R', () => {
  it('uses the same Cox predictions as survfit(coxph, newdata) (1e-6)', () => {
    fit.beta.forEach((b, j) => expect(Math.abs(b - C.coefficients[j])).toBeLessThan(1e-6));
    C.horizons.forEach((h, k) => {
      X.forEach((row, i) => expect(Math.abs(predictSurvival(fit, row, h) - C.surv_h[k][i])).toBeLessThan(1e-6));
    });
  });

  it.each(C.horizons.map((h, k) => [h, k]))('at t = %d: AUC(t), Brier(t) and the null Brier within 1e-6', (h, k) => {
    const surv = X.map((row) => predictSurvival(fit, row, h));
    const perf = horizonPerformance(time, event, surv, h);
    expect(Math.abs(perf.auc - C.auc[k])).toBeLessThan(1e-6);
    expect(Math.abs(perf.brier - C.brier[k])).toBeLessThan(1e-6);
    expect(Math.abs(perf.brierNull - C.brier_null[k])).toBeLessThan(1e-6);
    expect(perf.scaledBrier).toBeCloseTo(1 - C.brier[k] / C.brier_null[k], 6);
    expect(perf.cases + perf.controls + perf.censored).toBe(time.length);
  });

  it.each(C.horizons.map((h, k) => [h, k]))('at t = %d: AUC(t) of a marker with ties (lp rounded to 0.1) counts ties 1/2', (h, k) => {
    expect(Math.abs(timeDependentAuc(time, event, C.lp_rounded, h) - C.auc_lp[k])).toBeLessThan(1e-6);
  });
});

describe('IPCW building blocks', () => {
  it('G(t) includes censorings at t, G(t-) does not', () => {
    const G = censoringDistribution([1, 2, 2, 3, 4], [1, 0, 1, 0, 1]);
    expect(G.before(2)).toBe(1);
    expect(G.at(2)).toBeCloseTo(1 - 1 / 4, 12);
    expect(G.at(3)).toBeCloseTo((3 / 4) * (1 - 1 / 2), 12);
  });

  it('a perfect marker has AUC 1, a reversed one 0, and perfect survival predictions Brier 0', () => {
    const t = [1, 2, 3, 4, 5, 6];
    const e: (0 | 1)[] = [1, 1, 1, 0, 1, 0];
    const risk = [0.9, 0.8, 0.7, 0.2, 0.1, 0.05];
    expect(timeDependentAuc(t, e, risk, 3.5)).toBe(1);
    expect(
      timeDependentAuc(
        t,
        e,
        risk.map((r) => -r),
        3.5,
      ),
    ).toBe(0);
    expect(brierAt(t, e, [0, 0, 0, 1, 1, 1], 3.5)).toBe(0);
  });

  it('without censoring before t, AUC(t) is the plain C of (T <= t) and Brier(t) the plain mean squared error', () => {
    // censor only after the horizon, so that every weight is 1
    const t = 90;
    const cut = time.map((v, i) => (v > t ? 1 : event[i]) as 0 | 1);
    const surv = X.map((row) => predictSurvival(fit, row, t));
    const y = time.map((v) => (v <= t ? 1 : 0) as 0 | 1);
    const dead = time.map((v, i) => (v <= t ? cut[i] : 0));
    // rows that are censored at or before t carry no weight: leave them out of the plain versions
    const keep = time.map((_, i) => i).filter((i) => time[i] > t || dead[i] === 1);
    const ipcwTime = keep.map((i) => time[i]);
    const ipcwEvent = keep.map((i) => (time[i] <= t ? 1 : cut[i]) as 0 | 1);
    const s = keep.map((i) => surv[i]);
    expect(
      timeDependentAuc(
        ipcwTime,
        ipcwEvent,
        s.map((v) => 1 - v),
        t,
      ),
    ).toBeCloseTo(
      binaryConcordance(
        keep.map((i) => y[i]),
        s.map((v) => 1 - v),
      ),
      12,
    );
    expect(brierAt(ipcwTime, ipcwEvent, s, t)).toBeCloseTo(keep.reduce((a, i) => a + (1 - y[i] - surv[i]) ** 2, 0) / keep.length, 12);
  });

  it('refuses a horizon with no events before it or no one followed beyond it', () => {
    expect(() => horizonPerformance([1, 2, 3], [1, 1, 0], [0.5, 0.5, 0.5], 0.5)).toThrow(/no events/);
    expect(() => horizonPerformance([1, 2, 3], [1, 1, 0], [0.5, 0.5, 0.5], 3)).toThrow(/beyond the horizon/);
  });
});
