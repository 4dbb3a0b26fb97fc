import type { Arm } from '@trialdata/protocol';
import {
  type MarginalCounts,
  type MinimisationConfig,
  RandomisationInputError,
  minimise,
  replayMinimisation,
  withParticipant,
} from './index';

const arms: Arm[] = [
  { code: 'TEI', title: 'Transforaminal epidural injection', ratio: 1 },
  { code: 'UC', title: 'Usual care', ratio: 1 },
];
const config: MinimisationConfig = {
  seed: 'example-seed',
  studyCode: 'TEIAS',
  arms,
  probability: 0.8,
  weights: { site: 0.5 },
};
const sites = ['LUMC', 'HMC', 'HAGA', 'ALRIJNE', 'GHZ'];
const durations = ['<6w', '>=6w'];
const sexes = ['F', 'M'];

/** A small seeded generator so the simulated cohort is the same on every run. */
function cohort(size: number): Array<{ sequence: number; factors: Record<string, string> }> {
  let state = 12345;
  const next = (m: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % m;
  };
  return Array.from({ length: size }, (_, i) => ({
    sequence: i + 1,
    factors: { site: sites[next(sites.length)], symptomDuration: durations[next(2)], sex: sexes[next(2)] },
  }));
}

function allocate(minimisationConfig: MinimisationConfig, participants: ReturnType<typeof cohort>) {
  let counts: MarginalCounts = {};
  return participants.map((participant) => {
    const result = minimise({
      ...minimisationConfig,
      factors: participant.factors,
      counts,
      sequence: participant.sequence,
    });
    counts = withParticipant(counts, participant.factors, result.arm);
    return { ...participant, ...result, counts };
  });
}

function marginalRanges(counts: MarginalCounts): number[] {
  return Object.values(counts).flatMap((levels) => Object.values(levels).map((byArm) => Math.abs((byArm.TEI ?? 0) - (byArm.UC ?? 0))));
}

describe('minimise', () => {
  it('minimisation keeps marginal imbalance small over 1000 participants', () => {
    const log = allocate(config, cohort(1000));
    const counts = log[log.length - 1].counts;
    const ranges = marginalRanges(counts);
    expect(ranges).toHaveLength(sites.length + durations.length + sexes.length);
    // Simple randomisation would leave about ±15 at these level sizes (sd of the difference ≈ √n).
    expect(Math.max(...ranges)).toBeLessThanOrEqual(8);
    const tei = log.filter((entry) => entry.arm === 'TEI').length;
    expect(Math.abs(tei - 500)).toBeLessThanOrEqual(6);
    const followed = log.filter((entry) => entry.followedPreference).length / log.length;
    expect(followed).toBeGreaterThan(0.75);
    expect(followed).toBeLessThan(0.85);
  });

  it('minimisation replay reproduces the log', () => {
    const log = allocate(config, cohort(300));
    const replayed = replayMinimisation(
      config,
      log.map(({ sequence, factors, arm }) => ({ sequence, factors, arm })),
    );
    expect(replayed.every((entry) => entry.matches)).toBe(true);
    expect(replayed.map((entry) => entry.arm)).toEqual(log.map((entry) => entry.arm));
    expect(
      replayMinimisation(
        config,
        log.map(({ sequence, factors }) => ({ sequence, factors })),
      ).map((entry) => entry.arm),
    ).toEqual(log.map((entry) => entry.arm));
  });

  it('replay flags a wrong allocation without the error spreading to later ones', () => {
    // The live system gave sequence 41 the wrong arm and carried on counting what it had recorded.
    let counts: MarginalCounts = {};
    const log = cohort(100).map(({ sequence, factors }) => {
      const { arm: minimised } = minimise({ ...config, factors, counts, sequence });
      const arm = sequence === 41 ? (minimised === 'TEI' ? 'UC' : 'TEI') : minimised;
      counts = withParticipant(counts, factors, arm);
      return { sequence, factors, arm };
    });
    const replayed = replayMinimisation(config, log);
    expect(replayed.filter((entry) => !entry.matches).map((entry) => entry.sequence)).toEqual([41]);
  });

  it('scores each arm by the weighted range of the marginal totals after assignment', () => {
    const counts: MarginalCounts = {
      site: { LUMC: { TEI: 3, UC: 1 } },
      symptomDuration: { '<6w': { TEI: 2, UC: 2 } },
    };
    const result = minimise({
      ...config,
      probability: 1,
      factors: { site: 'LUMC', symptomDuration: '<6w' },
      counts,
      sequence: 1,
    });
    // TEI: site |4−1| = 3 × 0.5 + duration |3−2| = 1 → 2.5;  UC: site |3−2| = 1 × 0.5 + 1 → 1.5
    expect(result.imbalance).toEqual({ TEI: 2.5, UC: 1.5 });
    expect(result).toMatchObject({ arm: 'UC', preferredArm: 'UC', followedPreference: true });
  });

  it('breaks ties at random and leaves the preferred arm with probability 1 − p', () => {
    let firstTei = 0;
    let leftPreferred = 0;
    const counts: MarginalCounts = { site: { LUMC: { TEI: 5, UC: 0 } } };
    for (let sequence = 1; sequence <= 4000; sequence += 1) {
      if (minimise({ ...config, factors: { site: 'LUMC' }, counts: {}, sequence }).arm === 'TEI') firstTei += 1;
      if (minimise({ ...config, factors: { site: 'LUMC' }, counts, sequence }).arm === 'TEI') leftPreferred += 1;
    }
    expect(firstTei / 4000).toBeGreaterThan(0.46);
    expect(firstTei / 4000).toBeLessThan(0.54);
    expect(leftPreferred / 4000).toBeGreaterThan(0.17);
    expect(leftPreferred / 4000).toBeLessThan(0.23);
  });

  it('draws exactly as the independent Python reference in README.md does', () => {
    const arms30 = Array.from(
      { length: 30 },
      (_, i) => minimise({ ...config, factors: { site: 'X' }, counts: {}, sequence: i + 1 }).arm[0],
    );
    expect(arms30.join('')).toBe('TTTTUTTTTTTUUTUUTTUTUTUTUUUTUT');
  });

  it('respects a 2:1 ratio through ratio-adjusted counts', () => {
    const twoToOne = { ...config, arms: [{ ...arms[0], ratio: 2 }, arms[1]] };
    const log = allocate(twoToOne, cohort(900));
    const tei = log.filter((entry) => entry.arm === 'TEI').length;
    expect(Math.abs(tei - 600)).toBeLessThanOrEqual(15);
  });

  it('refuses a probability outside 0..1 and a duplicate sequence in a replay', () => {
    expect(() => minimise({ ...config, probability: 1.2, factors: { site: 'LUMC' }, counts: {}, sequence: 1 })).toThrow(
      RandomisationInputError,
    );
    const participant = { sequence: 1, factors: { site: 'LUMC' } };
    expect(() => replayMinimisation(config, [participant, participant])).toThrow(/appears twice/);
  });
});
