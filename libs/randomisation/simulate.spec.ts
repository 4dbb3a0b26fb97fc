import type { Arm, RandomisationDefinition } from '@trialdata/protocol';
import { formatSimulation, simulate } from './index';

const arms: Arm[] = [
  { code: 'TEI', title: 'Transforaminal epidural injection', ratio: 1 },
  { code: 'UC', title: 'Usual care', ratio: 1 },
];
const blocks: RandomisationDefinition = {
  method: 'blocks',
  blockSizes: [4, 6],
  factors: [{ id: 'symptomDuration', label: 'Symptom duration', options: ['<6w', '>=6w'] }],
};
const sites = ['LUMC', 'HMC', 'HAGA', 'ALRIJNE'];

describe('simulate', () => {
  it('simulate 10000 reports balanced arms per stratum', () => {
    const report = simulate({
      definition: blocks,
      arms,
      sites,
      n: 10_000,
      seed: 'simulation-seed',
      studyCode: 'TEIAS',
    });
    expect(report.overall.total).toBe(10_000);
    expect(report.strata).toHaveLength(sites.length * 2);
    expect(report.strata.reduce((sum, stratum) => sum + stratum.total, 0)).toBe(10_000);
    for (const stratum of report.strata) {
      expect(stratum.total).toBeGreaterThan(1000);
      expect(stratum.imbalance).toBeLessThanOrEqual(6 / 2);
    }
    expect(report.maxBlockSize).toBe(6);
    expect(report.maxStratumImbalance).toBeLessThanOrEqual(report.maxBlockSize! / 2);
    expect(report.overall.imbalance).toBeLessThanOrEqual(sites.length * 2 * 3);
    expect(report.factorLevels.map((level) => `${level.factor}=${level.level}`)).toEqual([
      'site=LUMC',
      'site=HMC',
      'site=HAGA',
      'site=ALRIJNE',
      'symptomDuration=<6w',
      'symptomDuration=>=6w',
    ]);
  });

  it('is reproducible from its seed', () => {
    const input = { definition: blocks, arms, sites, n: 500, seed: 'simulation-seed', studyCode: 'TEIAS' };
    expect(simulate(input)).toEqual(simulate({ ...input }));
    expect(simulate({ ...input, seed: 'other' })).not.toEqual(simulate(input));
  });

  it('simulates minimisation with the site weight and keeps every factor level balanced', () => {
    const definition: RandomisationDefinition = {
      method: 'minimisation',
      factors: blocks.factors,
      probability: 0.8,
      siteWeight: 1,
    };
    const report = simulate({ definition, arms, sites, n: 2000, seed: 'simulation-seed', studyCode: 'TEIAS' });
    // Marginal totals are what minimisation controls; simple randomisation would leave about ±20 here.
    expect(report.maxFactorLevelImbalance).toBeLessThanOrEqual(10);
    expect(report.preferenceFollowedRate).toBeGreaterThan(0.75);
    expect(report.maxBlockSize).toBeUndefined();
  });

  it('formats a table with a row per stratum and factor level', () => {
    const text = formatSimulation(simulate({ definition: blocks, arms, sites, n: 200, seed: 'simulation-seed', studyCode: 'TEIAS' }));
    expect(text).toContain('study TEIAS, method blocks, n = 200');
    expect(text).toMatch(/^LUMC\|symptomDuration=<6w\s+\d+\s+\d+\s+\d+\s+\d+$/m);
    expect(text).toMatch(/^site=HAGA\s/m);
    expect(text).not.toContain('simulation-seed');
  });
});
