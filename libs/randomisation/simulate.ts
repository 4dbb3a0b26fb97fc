import type { Arm, RandomisationDefinition } from '@trialdata/protocol';
import { type ArmCounts, assertArms, assertPositiveInteger, assertSeed, imbalanceOf, zeroCounts } from './arms';
import { blockAllocation } from './blocks';
import { RandomisationInputError } from './errors';
import { type MarginalCounts, minimise } from './minimisation';
import { DrawStream } from './prng';
import { SITE_FACTOR, participantLevels, stratumKey } from './strata';

export interface SimulationInput {
  definition: RandomisationDefinition;
  arms: readonly Arm[];
  sites: readonly string[];
  n: number;
  /** Use a throw-away seed: simulating with the study's real seed would print its allocation lists. */
  seed: string;
  studyCode: string;
}

export interface ArmTally {
  counts: ArmCounts;
  total: number;
  /** Range of count/ratio over the arms (for 1:1: largest arm minus smallest arm). */
  imbalance: number;
}

export interface StratumTally extends ArmTally {
  stratum: string;
}

export interface FactorLevelTally extends ArmTally {
  /** `site` or a factor id from the definition. */
  factor: string;
  level: string;
}

export interface SimulationReport {
  studyCode: string;
  method: RandomisationDefinition['method'];
  n: number;
  arms: Array<{ code: string; ratio: number }>;
  overall: ArmTally;
  /** Every site × factor-option combination, in definition order (empty ones included). */
  strata: StratumTally[];
  maxStratumImbalance: number;
  /** Per site, then per option of each factor. */
  factorLevels: FactorLevelTally[];
  maxFactorLevelImbalance: number;
  /** Blocks: the largest configured block size; a stratum's imbalance never exceeds half of it (1:1). */
  maxBlockSize?: number;
  /** Minimisation: share of participants given the least-imbalance arm. */
  preferenceFollowedRate?: number;
}

/**
 * Randomises n simulated participants spread uniformly at random over sites and factor options (draw
 * stream keyed by HMAC-SHA256(seed, `${study}|simulate|participants`): per participant the site, then
 * each factor's option in definition order), through the study's own method, and tallies the result.
 */
export function simulate(input: SimulationInput): SimulationReport {
  const { definition, arms, sites, n, seed, studyCode } = input;
  assertSeed(seed, studyCode);
  assertArms(arms);
  assertPositiveInteger(n, 'The number of simulated participants');
  if (sites.length === 0) throw new RandomisationInputError('A simulation needs at least one site.');
  if (new Set(sites).size !== sites.length) throw new RandomisationInputError('A site appears twice in the simulation.');

  const factorDefs = definition.factors;
  const tallies = new Tallies(arms);
  const stratumCounters = new Map<string, number>();
  let counts: MarginalCounts = {};
  let followed = 0;
  const population = new DrawStream(seed, `${studyCode}|simulate|participants`);

  for (let sequence = 1; sequence <= n; sequence += 1) {
    const site = sites[population.uniformInt(sites.length)];
    const factors: Record<string, string> = {};
    for (const def of factorDefs) factors[def.id] = def.options[population.uniformInt(def.options.length)];
    const stratum = stratumKey(site, factors, factorDefs);
    const levels = participantLevels(site, factors, factorDefs);

    let arm: string;
    switch (definition.method) {
      case 'blocks': {
        const position = (stratumCounters.get(stratum) ?? 0) + 1;
        stratumCounters.set(stratum, position);
        arm = blockAllocation({ seed, studyCode, stratum, arms, blockSizes: definition.blockSizes }, position).arm;
        break;
      }
      case 'minimisation': {
        const weights = { [SITE_FACTOR]: definition.siteWeight ?? 1 };
        const result = minimise({
          seed,
          studyCode,
          arms,
          factors: levels,
          counts,
          probability: definition.probability,
          weights,
          sequence,
        });
        arm = result.arm;
        if (result.followedPreference) followed += 1;
        counts = addInPlace(counts, levels, arm);
        break;
      }
    }
    tallies.add(arm, stratum, levels);
  }

  const strata = strataInOrder(sites, factorDefs).map((stratum) => ({
    stratum,
    ...tallies.of(`stratum\u0000${stratum}`),
  }));
  const factorLevels: FactorLevelTally[] = [
    ...sites.map((site) => ({ factor: SITE_FACTOR, level: site, ...tallies.of(levelKey(SITE_FACTOR, site)) })),
    ...factorDefs.flatMap((def) =>
      def.options.map((option) => ({ factor: def.id, level: option, ...tallies.of(levelKey(def.id, option)) })),
    ),
  ];
  return {
    studyCode,
    method: definition.method,
    n,
    arms: arms.map((arm) => ({ code: arm.code, ratio: arm.ratio })),
    overall: tallies.of('overall'),
    strata,
    maxStratumImbalance: maxOf(strata.map((tally) => tally.imbalance)),
    factorLevels,
    maxFactorLevelImbalance: maxOf(factorLevels.map((tally) => tally.imbalance)),
    ...(definition.method === 'blocks' ? { maxBlockSize: maxOf(definition.blockSizes) } : { preferenceFollowedRate: followed / n }),
  };
}

class Tallies {
  private readonly byKey = new Map<string, ArmCounts>();

  constructor(private readonly arms: readonly Arm[]) {}

  add(arm: string, stratum: string, levels: Record<string, string>): void {
    this.bump('overall', arm);
    this.bump(`stratum\u0000${stratum}`, arm);
    for (const [factor, level] of Object.entries(levels)) this.bump(levelKey(factor, level), arm);
  }

  of(key: string): ArmTally {
    const counts = { ...(this.byKey.get(key) ?? zeroCounts(this.arms)) };
    const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
    return { counts, total, imbalance: imbalanceOf(counts, this.arms) };
  }

  private bump(key: string, arm: string): void {
    const counts = this.byKey.get(key) ?? zeroCounts(this.arms);
    counts[arm] += 1;
    this.byKey.set(key, counts);
  }
}

function levelKey(factor: string, level: string): string {
  return `level\u0000${factor}\u0000${level}`;
}

/** Simulation-only: mutating its own counts keeps 10,000 minimisations linear. */
function addInPlace(counts: MarginalCounts, levels: Record<string, string>, arm: string): MarginalCounts {
  for (const [factor, level] of Object.entries(levels)) {
    const atFactor = (counts[factor] ??= {});
    const atLevel = (atFactor[level] ??= {});
    atLevel[arm] = (atLevel[arm] ?? 0) + 1;
  }
  return counts;
}

function strataInOrder(sites: readonly string[], factorDefs: RandomisationDefinition['factors']): string[] {
  let combos: Array<Record<string, string>> = [{}];
  for (const def of factorDefs) combos = combos.flatMap((combo) => def.options.map((option) => ({ ...combo, [def.id]: option })));
  return sites.flatMap((site) => combos.map((combo) => stratumKey(site, combo, factorDefs)));
}

function maxOf(values: readonly number[]): number {
  return values.reduce((max, value) => (value > max ? value : max), 0);
}
