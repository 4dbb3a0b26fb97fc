import { calibrateCox, valProb } from './calibration';
import { calibrationText } from './calibration-report';
import { netBenefit } from './decision-curve';

describe('calibrationText', () => {
  it('prints the apparent val.prob line, Cox groups, the horizon line and net benefit; nothing when absent', () => {
    expect(calibrationText({})).toEqual([]);
    const p = [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9];
    const y = [0, 0, 1, 0, 1, 0, 1, 1];
    const { n: _n, ...apparent } = valProb(p, y);
    const text = calibrationText({ calibration: { apparent }, decisionCurve: netBenefit(p, y, [0.25, 0.5]) }).join('\n');
    expect(text).toMatch(/^Calibration \(rms::val.prob, apparent\)$/m);
    expect(text).toMatch(new RegExp(`Eavg ${Number(apparent.eavg.toPrecision(4))}`));
    expect(text).toMatch(/^0\.25 +\S+ +\S+ +0$/m);
    const time = Array.from({ length: 40 }, (_, i) => 5 + i);
    const event = time.map((_, i) => (i % 3 === 0 ? 0 : 1)) as (0 | 1)[];
    const X = time.map((t, i) => [((i * 7) % 11) / 11 - t / 80]);
    const cal = calibrateCox({ time, event, X }, { u: 20, m: 20, B: 0, seed: 1 });
    const cox = calibrationText({
      calibration: {
        horizon: 20,
        m: 20,
        B: 0,
        seed: 1,
        failed: 0,
        cuts: cal.cuts,
        groups: cal.groups.map((g) => ({ ...g, corrected: undefined })),
      },
      timeDependent: { horizon: 20, auc: 0.7, brier: 0.2, brierNull: 0.25, scaledBrier: 0.2, cases: 10, controls: 20, censored: 10 },
    }).join('\n');
    expect(cox).toMatch(/^Calibration at 20 \(rms::calibrate cmethod KM, m = 20, B = 0\)$/m);
    expect(cox).toMatch(/^1 +\d+ +\S+ +\S+ +NA$/m);
    expect(cox).toMatch(/^At 20: AUC 0\.7 .*scaled 0\.2\)$/m);
  });
});
