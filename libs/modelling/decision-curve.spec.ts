import { fitCox, predictSurvival } from './cox';
import { netBenefit, netBenefitSurvival } from './decision-curve';
import calRef from './reference/calibration/reference.json';

/** R values from libs/modelling/reference/calibration/make-reference.R (net benefit code written there). */
interface Dca {
  threshold: number[];
  model: number[];
  all: number[];
  none: number[];
}
const R = calRef as unknown as {
  logistic: {
    dev: Record<string, number[]>;
    val: Record<string, number[]>;
    p_dev: number[];
    p_val: number[];
    dca_dev: Dca;
    dca_val: Dca;
    thresholds: number[];
  };
  cox: { data: Record<string, number[]>; horizon: number; thresholds: number[]; dca: Dca };
};

function expectRows(rows: { threshold: number; model: number; all: number; none: number }[], r: Dca): void {
  expect(rows.map((x) => x.threshold)).toEqual(r.threshold);
  rows.forEach((row, k) => {
    expect(Math.abs(row.model - r.model[k])).toBeLessThan(1e-9);
    expect(Math.abs(row.all - r.all[k])).toBeLessThan(1e-9);
    expect(row.none).toBe(0);
  });
}

describe('net benefit agrees with R', () => {
  it('logistic, on the development and on new data: model, treat all, treat none', () => {
    const L = R.logistic;
    expectRows(netBenefit(L.p_dev, L.dev.y, L.thresholds).rows, L.dca_dev);
    expectRows(netBenefit(L.p_val, L.val.y, L.thresholds).rows, L.dca_val);
  });

  it('Cox at a horizon, with Kaplan-Meier risks among those above the threshold', () => {
    const C = R.cox;
    const time = C.data.time;
    const event = C.data.status as (0 | 1)[];
    const X = time.map((_, i) => [C.data.x1[i], C.data.x2[i], C.data.x3[i]]);
    const fit = fitCox({ time, event, X, names: ['x1', 'x2', 'x3'] });
    const risk = X.map((row) => 1 - predictSurvival(fit, row, C.horizon));
    const dc = netBenefitSurvival(risk, time, event, C.horizon, C.thresholds);
    expect(dc.horizon).toBe(C.horizon);
    // risks near a threshold come from a refit: 1e-9 would be too strict for which side of pt a risk falls, so 1e-6
    dc.rows.forEach((row, k) => {
      expect(Math.abs(row.model - C.dca.model[k])).toBeLessThan(1e-6);
      expect(Math.abs(row.all - C.dca.all[k])).toBeLessThan(1e-9);
    });
  });
});

describe('net benefit by hand', () => {
  it('counts risks at the threshold as treated, and treat-all is prevalence minus odds-weighted non-events', () => {
    const dc = netBenefit([0.1, 0.2, 0.2, 0.6], [0, 0, 1, 1], [0.2]);
    // treated: 3 (two events, one non-event); odds 0.25
    expect(dc.rows[0].model).toBeCloseTo(2 / 4 - (1 / 4) * 0.25, 12);
    expect(dc.rows[0].all).toBeCloseTo(0.5 - 0.5 * 0.25, 12);
    expect(dc.rows[0].treated).toBe(0.75);
  });

  it('gives 0 when no one is above the threshold, and refuses thresholds outside (0, 1)', () => {
    expect(netBenefit([0.1, 0.2], [0, 1], [0.5]).rows[0].model).toBe(0);
    expect(() => netBenefit([0.1], [1], [1])).toThrow(/thresholds/);
  });
});
