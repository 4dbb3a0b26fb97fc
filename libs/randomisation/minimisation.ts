import type { Arm } from '@trialdata/protocol';
import { type ArmCounts, assertArms, assertPositiveInteger, assertSeed } from './arms';
import { RandomisationInputError } from './errors';
import { DrawStream } from './prng';

/** Marginal counts: factor id → level → arm code → participants already allocated. */
export type MarginalCounts = Record<string, Record<string, ArmCounts>>;

export interface MinimisationConfig {
  seed: string;
  studyCode: string;
  arms: readonly Arm[];
  /** Probability of taking the arm with the least imbalance (e.g. 0.8). */
  probability: number;
  /** Weight per factor id (including `site`); a factor without a weight counts 1. */
  weights?: Readonly<Record<string, number>>;
}

export interface MinimisationInput extends MinimisationConfig {
  /** The new participant's level for every factor, site included: `{ site: 'LUMC', symptomDuration: '<6w' }`. */
  factors: Readonly<Record<string, string>>;
  counts: Readonly<MarginalCounts>;
  /** The participant's 1-based randomisation number in the study; it keys the random draw. */
  sequence: number;
}

export interface MinimisationResult {
  arm: string;
  /** Weighted imbalance score if the participant were given each arm. */
  imbalance: Record<string, number>;
  /** The least-imbalance arm (after the random tie-break). */
  preferredArm: string;
  /** False when the random element sent the participant to another arm. */
  followedPreference: boolean;
}

export interface LoggedParticipant {
  sequence: number;
  factors: Readonly<Record<string, string>>;
  /** The arm the live system gave; when present, replay counts it (so one error does not cascade). */
  arm?: string;
}

export interface ReplayedAllocation extends MinimisationResult {
  sequence: number;
  recordedArm?: string;
  /** Only when the log has an arm: does the replay agree with it. */
  matches?: boolean;
}

/** Scores closer than this are ties: ratio-adjusted counts are fractions and sums may round apart. */
const TIE_TOLERANCE = 1e-9;

/**
 * Pocock–Simon minimisation with range as the imbalance measure and a random element.
 *
 * For each candidate arm a: for each factor f, take the counts at the participant's level, add 1 to
 * arm a, divide each arm's count by its ratio, and take the range (max − min). The score of a is the
 * weighted sum over factors. Then, with the draw stream keyed by HMAC-SHA256(seed, `${study}|min|${sequence}`):
 *   1. preferred = tied[uniformInt(tied.length)], tied = arms with the lowest score, in configured order
 *   2. u = uniform01(); if u < probability the participant gets `preferred`
 *   3. otherwise others = the arms except `preferred`, in configured order; arm = others[uniformInt(others.length)]
 * The caller must serialise minimisations within a study (the counts must include every earlier one).
 */
export function minimise(input: MinimisationInput): MinimisationResult {
  assertMinimisationConfig(input);
  assertPositiveInteger(input.sequence, 'The minimisation sequence number');
  const { arms, factors, counts } = input;

  const imbalance: Record<string, number> = {};
  for (const candidate of arms) {
    let score = 0;
    for (const [factor, level] of Object.entries(factors)) {
      if (typeof level !== 'string' || level.length === 0) {
        throw new RandomisationInputError(`Factor "${factor}" has no level for this participant.`);
      }
      const atLevel = counts[factor]?.[level] ?? {};
      let low = Infinity;
      let high = -Infinity;
      for (const arm of arms) {
        const adjusted = ((atLevel[arm.code] ?? 0) + (arm.code === candidate.code ? 1 : 0)) / arm.ratio;
        if (adjusted < low) low = adjusted;
        if (adjusted > high) high = adjusted;
      }
      score += weightOf(input, factor) * (high - low);
    }
    imbalance[candidate.code] = score;
  }

  const lowest = Math.min(...arms.map((arm) => imbalance[arm.code]));
  const tied = arms.filter((arm) => imbalance[arm.code] - lowest <= TIE_TOLERANCE);
  const stream = new DrawStream(input.seed, `${input.studyCode}|min|${input.sequence}`);
  const preferred = tied[stream.uniformInt(tied.length)].code;
  if (stream.uniform01() < input.probability) {
    return { arm: preferred, imbalance, preferredArm: preferred, followedPreference: true };
  }
  const others = arms.filter((arm) => arm.code !== preferred);
  const arm = others[stream.uniformInt(others.length)].code;
  return { arm, imbalance, preferredArm: preferred, followedPreference: false };
}

/**
 * Re-runs a minimisation log in order, from empty counts, and returns what each allocation should have
 * been. Counts follow the recorded arm when the log has one, as the live system's did.
 */
export function replayMinimisation(config: MinimisationConfig, participants: readonly LoggedParticipant[]): ReplayedAllocation[] {
  assertMinimisationConfig(config);
  const knownArms = new Set(config.arms.map((arm) => arm.code));
  const seen = new Set<number>();
  let counts: MarginalCounts = {};
  const replayed: ReplayedAllocation[] = [];

  for (const participant of participants) {
    if (seen.has(participant.sequence)) {
      throw new RandomisationInputError(`Minimisation sequence ${participant.sequence} appears twice in the log.`);
    }
    seen.add(participant.sequence);
    if (participant.arm !== undefined && !knownArms.has(participant.arm)) {
      throw new RandomisationInputError(`Sequence ${participant.sequence} is recorded in unknown arm "${participant.arm}".`);
    }
    const result = minimise({ ...config, factors: participant.factors, counts, sequence: participant.sequence });
    const counted = participant.arm ?? result.arm;
    counts = withParticipant(counts, participant.factors, counted);
    replayed.push(
      participant.arm === undefined
        ? { ...result, sequence: participant.sequence }
        : {
            ...result,
            sequence: participant.sequence,
            recordedArm: participant.arm,
            matches: participant.arm === result.arm,
          },
    );
  }
  return replayed;
}

/** The counts after one more participant with these levels joined `arm`; the input is left untouched. */
export function withParticipant(counts: Readonly<MarginalCounts>, factors: Readonly<Record<string, string>>, arm: string): MarginalCounts {
  const next: MarginalCounts = { ...counts };
  for (const [factor, level] of Object.entries(factors)) {
    const levels = { ...(next[factor] ?? {}) };
    const armCounts = { ...(levels[level] ?? {}) };
    armCounts[arm] = (armCounts[arm] ?? 0) + 1;
    levels[level] = armCounts;
    next[factor] = levels;
  }
  return next;
}

function weightOf(config: MinimisationConfig, factor: string): number {
  return config.weights?.[factor] ?? 1;
}

function assertMinimisationConfig(config: MinimisationConfig): void {
  assertSeed(config.seed, config.studyCode);
  if (config.studyCode.includes('|')) throw new RandomisationInputError(`Study code "${config.studyCode}" must not contain "|".`);
  assertArms(config.arms);
  const p = config.probability;
  if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 1) {
    throw new RandomisationInputError(`The minimisation probability must lie between 0 and 1, got ${String(p)}.`);
  }
  for (const [factor, weight] of Object.entries(config.weights ?? {})) {
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new RandomisationInputError(`Weight of factor "${factor}" must be a number >= 0, got ${String(weight)}.`);
    }
  }
}
