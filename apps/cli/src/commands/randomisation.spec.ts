import { STUDY_DEFINITIONS, loadStudies } from '@trialdata/protocol';
import { randomisationSimulate } from './randomisation';

describe('trial randomisation simulate', () => {
  const studies = loadStudies(STUDY_DEFINITIONS);

  it('reports arm balance overall, per stratum and per factor level for TEIAS', () => {
    const lines: string[] = [];
    expect(randomisationSimulate(studies, { study: 'TEIAS', n: 10_000, sites: 4, seed: 'fixed' }, (l) => lines.push(l))).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(/TEI/);
    expect(text).toMatch(/UC/);
    expect(text).toMatch(/symptomDuration/);
    expect(text).toMatch(/SITE4/);
  });

  it('gives JSON whose strata are block-balanced', () => {
    const lines: string[] = [];
    randomisationSimulate(studies, { study: 'TEIAS', n: 2_000, sites: 2, seed: 'fixed', json: true }, (l) => lines.push(l));
    const report = JSON.parse(lines.join('\n'));
    expect(report.n).toBe(2000);
    expect(report.strata).toHaveLength(2 * 2);
    expect(report.maxStratumImbalance).toBeLessThanOrEqual(report.maxBlockSize / 2);
  });

  it('refuses a cohort study and an unknown one', () => {
    expect(() => randomisationSimulate(studies, { study: 'POTEISS', n: 10, sites: 1 }, () => undefined)).toThrow(
      'POTEISS is not randomised',
    );
    expect(() => randomisationSimulate(studies, { study: 'NOPE', n: 10, sites: 1 }, () => undefined)).toThrow(/unknown study NOPE/);
  });
});
