import type { Arm } from '@trialdata/protocol';
import { RandomisationInputError } from './errors';

/** Arm counts keyed by arm code. */
export type ArmCounts = Record<string, number>;

export function assertArms(arms: readonly Arm[]): void {
  if (arms.length < 2) throw new RandomisationInputError('Randomisation needs at least two arms.');
  const seen = new Set<string>();
  for (const arm of arms) {
    if (!arm.code) throw new RandomisationInputError('Every arm needs a code.');
    if (seen.has(arm.code)) throw new RandomisationInputError(`Arm code "${arm.code}" appears twice.`);
    seen.add(arm.code);
    if (!Number.isInteger(arm.ratio) || arm.ratio < 1) {
      throw new RandomisationInputError(`Arm "${arm.code}" has ratio ${arm.ratio}; a ratio must be a positive integer.`);
    }
  }
}

export function assertSeed(seed: string, studyCode: string): void {
  if (typeof seed !== 'string' || seed.length === 0) throw new RandomisationInputError('The randomisation seed is empty.');
  if (typeof studyCode !== 'string' || studyCode.length === 0) throw new RandomisationInputError('The study code is empty.');
}

export function assertPositiveInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RandomisationInputError(`${what} must be a positive integer (1-based), got ${String(value)}.`);
  }
}

export function ratioSum(arms: readonly Arm[]): number {
  return arms.reduce((sum, arm) => sum + arm.ratio, 0);
}

export function zeroCounts(arms: readonly Arm[]): ArmCounts {
  return Object.fromEntries(arms.map((arm) => [arm.code, 0]));
}

/**
 * Imbalance of a set of counts: the range (max − min) of count/ratio over the arms. For 1:1 this is
 * the plain difference between the largest and smallest arm; for 2:1 a 4:2 split is perfectly balanced.
 */
export function imbalanceOf(counts: ArmCounts, arms: readonly Arm[]): number {
  let low = Infinity;
  let high = -Infinity;
  for (const arm of arms) {
    const adjusted = (counts[arm.code] ?? 0) / arm.ratio;
    if (adjusted < low) low = adjusted;
    if (adjusted > high) high = adjusted;
  }
  return high - low;
}
