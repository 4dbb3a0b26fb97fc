import type { CoxCalibrationResult, LogisticCalibrationResult } from './calibration-report';
import { fitModel } from './fit';
import calRef from './reference/calibration/reference.json';

/** The spec options `calibration` and `decisionCurve` reach the result with R's numbers (make-reference.R). */
const R = calRef as unknown as {
  logistic: {
    dev: Record<string, number[]>;
    thresholds: number[];
    valprob_dev: Record<string, number>;
    dca_dev: { model: number[]; all: number[] };
    calibrate: { predy: number[]; calibrated_orig: (number | null)[] };
  };
  cox: {
    data: Record<string, number[]>;
    horizon: number;
    horizons: number[];
    thresholds: number[];
    auc: number[];
    brier: number[];
    brier_null: number[];
    dca: { model: number[]; all: number[] };
    calibrate: { m: number; KM: (number | null)[]; mean_predicted: number[]; std_err: (number | null)[] };
  };
};

describe('fitModel with calibration and decisionCurve', () => {
  it('logistic: apparent val.prob indexes always; the rms::calibrate curve and net benefit when asked', async () => {
    const L = R.logistic;
    const plain = await fitModel({ model: 'logistic', outcome: 'y', covariates: ['x1', 'x2', 'x3'] }, L.dev);
    const a = (plain.calibration as LogisticCalibrationResult).apparent;
    for (const k of ['citl', 'slope', 'eavg', 'e90', 'emax', 'brier', 'c'] as const)
      expect(Math.abs(a[k] - L.valprob_dev[k])).toBeLessThan(1e-6);
    expect(plain.decisionCurve).toBeUndefined();
    expect((plain.calibration as LogisticCalibrationResult).curve).toBeUndefined();

    const result = await fitModel(
      {
        model: 'logistic',
        outcome: 'y',
        covariates: ['x1', 'x2', 'x3'],
        bootstrap: 5,
        seed: 3,
        calibration: {},
        decisionCurve: { thresholds: L.thresholds },
      },
      L.dev,
    );
    const curve = (result.calibration as LogisticCalibrationResult).curve!;
    expect(curve).toMatchObject({ B: 5, seed: 3, failed: 0 });
    expect(curve.points).toHaveLength(50);
    curve.points.forEach((pt, k) => {
      expect(Math.abs(pt.predicted - L.calibrate.predy[k])).toBeLessThan(1e-6);
      expect(Math.abs((pt.apparent as number) - (L.calibrate.calibrated_orig[k] as number))).toBeLessThan(1e-6);
      expect(pt.corrected).toBeDefined();
    });
    result.decisionCurve!.rows.forEach((row, k) => {
      expect(Math.abs(row.model - L.dca_dev.model[k])).toBeLessThan(1e-6);
      expect(Math.abs(row.all - L.dca_dev.all[k])).toBeLessThan(1e-9);
    });
  });

  it('Cox: calibration groups, AUC(t), Brier(t) and net benefit at the horizon', async () => {
    const C = R.cox;
    const result = await fitModel(
      {
        model: 'cox',
        time: 'time',
        event: 'status',
        covariates: ['x1', 'x2', 'x3'],
        calibration: { horizon: C.horizon, m: C.calibrate.m, B: 3 },
        decisionCurve: { thresholds: C.thresholds },
      },
      C.data,
    );
    const cal = result.calibration as CoxCalibrationResult;
    expect(cal).toMatchObject({ horizon: C.horizon, m: C.calibrate.m, B: 3, seed: 1 });
    cal.groups.forEach((g, k) => {
      expect(Math.abs(g.predicted - C.calibrate.mean_predicted[k])).toBeLessThan(1e-6);
      expect(Math.abs((g.apparent as number) - (C.calibrate.KM[k] as number))).toBeLessThan(1e-6);
    });
    const k = C.horizons.indexOf(C.horizon);
    expect(Math.abs(result.timeDependent!.auc - C.auc[k])).toBeLessThan(1e-6);
    expect(Math.abs(result.timeDependent!.brier - C.brier[k])).toBeLessThan(1e-6);
    expect(Math.abs(result.timeDependent!.brierNull - C.brier_null[k])).toBeLessThan(1e-6);
    expect(result.decisionCurve!.horizon).toBe(C.horizon);
    result.decisionCurve!.rows.forEach((row, j) => expect(Math.abs(row.model - C.dca.model[j])).toBeLessThan(1e-6));
  });

  it('refuses a Cox calibration without a horizon, bad thresholds and unknown fields, naming them', async () => {
    const C = R.cox;
    const base = { model: 'cox' as const, time: 'time', event: 'status', covariates: ['x1'] };
    await expect(fitModel({ ...base, calibration: { B: 5 } }, C.data)).rejects.toThrow(/needs a horizon/);
    await expect(fitModel({ ...base, decisionCurve: { thresholds: [0.1] } }, C.data)).rejects.toThrow(/needs a horizon/);
    await expect(fitModel({ ...base, calibration: { horizon: 90 }, decisionCurve: { thresholds: [0, 0.5] } }, C.data)).rejects.toThrow(
      /thresholds/,
    );
    await expect(fitModel({ ...base, calibration: { horizon: 90, b: 3 } as never }, C.data)).rejects.toThrow(/unknown field b/);
    await expect(
      fitModel({ model: 'logistic', outcome: 'y', covariates: ['x1'], calibration: { horizon: 3 } }, R.logistic.dev),
    ).rejects.toThrow(/for Cox models/);
  });
});
