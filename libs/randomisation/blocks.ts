import { createHash } from 'crypto';
import type { Arm } from '@trialdata/protocol';
import { assertArms, assertPositiveInteger, assertSeed, ratioSum } from './arms';
import { RandomisationInputError } from './errors';
import { DrawStream } from './prng';

/** Everything that fixes a study's block lists; the stratum picks one list. */
export interface BlockListConfig {
  /** The study's secret randomisation seed. Whoever holds it can regenerate every list. */
  seed: string;
  studyCode: string;
  arms: readonly Arm[];
  /** Each entry is equally likely per block; every size must be a multiple of the sum of ratios. */
  blockSizes: readonly number[];
}

export interface BlockConfig extends BlockListConfig {
  /** A stratum key as made by stratumKey(), e.g. `LUMC|symptomDuration=<6w`. */
  stratum: string;
}

export interface BlockAllocation {
  arm: string;
  /** 1-based block number within the stratum. */
  block: number;
  /** 1-based position within that block. */
  positionInBlock: number;
  blockSize: number;
}

export interface ListedAllocation extends BlockAllocation {
  stratum: string;
  /** 1-based sequence number within the stratum (the database counter). */
  sequence: number;
}

export interface AllocationLogEntry {
  stratum: string;
  sequence: number;
  arm: string;
}

export type AllocationMismatchKind = 'wrong_arm' | 'duplicate_sequence' | 'missing_sequence' | 'invalid_sequence';

export interface AllocationMismatch {
  kind: AllocationMismatchKind;
  stratum: string;
  sequence: number;
  recordedArm?: string;
  expectedArm?: string;
  message: string;
}

/** No stratum recruits this many; the cap stops a bad counter from drawing blocks forever. */
export const MAX_SEQUENCE = 1_000_000;

/**
 * The arm at position n (1-based) of a stratum's list. The list is a pure function of
 * (seed, study, stratum, arms, blockSizes):
 *
 *   block k (k = 1, 2, …) uses the draw stream keyed by HMAC-SHA256(seed, `${study}|${stratum}|block|${k}`)
 *   1. size = blockSizes[uniformInt(blockSizes.length)]            (sizes in configured order)
 *   2. contents = each arm in configured order, repeated size·ratio/Σratio times
 *   3. Fisher–Yates shuffle of contents with the same stream (see prng.ts)
 *   block 1 holds positions 1…size₁, block 2 the next size₂ positions, and so on.
 *
 * Concurrency lives in the caller: it takes n from the per-stratum counter under a row lock; the
 * answer for a given n never changes, so two requests can never be handed the same slot twice.
 */
export function blockAllocation(config: BlockConfig, n: number): BlockAllocation {
  assertPositiveInteger(n, 'The sequence number');
  return stratumList(config).at(n);
}

/** The first `count` allocations of one stratum, for the statistician's verification export. */
export function allocationList(config: BlockConfig, count: number): ListedAllocation[] {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RandomisationInputError(`The allocation count must be a whole number >= 0, got ${String(count)}.`);
  }
  const list = stratumList(config);
  const result: ListedAllocation[] = [];
  for (let sequence = 1; sequence <= count; sequence += 1) {
    result.push({ stratum: config.stratum, sequence, ...list.at(sequence) });
  }
  return result;
}

/**
 * Re-derives every logged allocation and reports each disagreement. Besides a wrong arm it flags a
 * sequence number used twice in a stratum and any number missing below the stratum's highest, since
 * the counter and the allocation are written in one transaction and a gap means a lost record.
 */
export function verifyAllocations(config: BlockListConfig, log: readonly AllocationLogEntry[]): AllocationMismatch[] {
  const mismatches: AllocationMismatch[] = [];
  const seenPerStratum = new Map<string, Set<number>>();

  for (const entry of log) {
    const { stratum, sequence, arm } = entry;
    if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE) {
      mismatches.push({
        kind: 'invalid_sequence',
        stratum,
        sequence,
        recordedArm: arm,
        message: `Stratum ${stratum}: sequence ${String(sequence)} is not a valid position.`,
      });
      continue;
    }
    const seen = seenPerStratum.get(stratum) ?? new Set<number>();
    seenPerStratum.set(stratum, seen);
    if (seen.has(sequence)) {
      mismatches.push({
        kind: 'duplicate_sequence',
        stratum,
        sequence,
        recordedArm: arm,
        message: `Stratum ${stratum}: sequence ${sequence} is allocated more than once.`,
      });
    }
    seen.add(sequence);

    const expected = stratumList({ ...config, stratum }).at(sequence).arm;
    if (expected !== arm) {
      mismatches.push({
        kind: 'wrong_arm',
        stratum,
        sequence,
        recordedArm: arm,
        expectedArm: expected,
        message: `Stratum ${stratum}: sequence ${sequence} is recorded as ${arm} but the list says ${expected}.`,
      });
    }
  }

  for (const [stratum, seen] of seenPerStratum) {
    let highest = 0;
    for (const sequence of seen) if (sequence > highest) highest = sequence;
    for (let sequence = 1; sequence < highest; sequence += 1) {
      if (!seen.has(sequence)) {
        mismatches.push({
          kind: 'missing_sequence',
          stratum,
          sequence,
          message: `Stratum ${stratum}: sequence ${sequence} is missing although ${highest} was allocated.`,
        });
      }
    }
  }
  return mismatches;
}

export function assertBlockSizes(arms: readonly Arm[], blockSizes: readonly number[]): void {
  if (blockSizes.length === 0) throw new RandomisationInputError('At least one block size is needed.');
  const unit = ratioSum(arms);
  for (const size of blockSizes) {
    if (!Number.isInteger(size) || size < 1 || size % unit !== 0) {
      throw new RandomisationInputError(
        `Block size ${String(size)} is not a positive multiple of ${unit}, the sum of the arm ratios (${arms
          .map((arm) => `${arm.code} ${arm.ratio}`)
          .join(', ')}).`,
      );
    }
  }
}

/** One stratum's list, drawn block by block as far as anyone has asked. */
class StratumList {
  private readonly blocks: string[][] = [];
  /** ends[i] = the last position of block i+1. */
  private readonly ends: number[] = [];

  constructor(private readonly config: BlockConfig) {}

  at(n: number): BlockAllocation {
    if (n > MAX_SEQUENCE) throw new RandomisationInputError(`Sequence ${n} exceeds the maximum of ${MAX_SEQUENCE} per stratum.`);
    while (this.lastEnd() < n) this.drawNextBlock();
    const index = firstIndexAtLeast(this.ends, n);
    const contents = this.blocks[index];
    const start = this.ends[index] - contents.length;
    return { arm: contents[n - start - 1], block: index + 1, positionInBlock: n - start, blockSize: contents.length };
  }

  private lastEnd(): number {
    return this.ends.length === 0 ? 0 : this.ends[this.ends.length - 1];
  }

  private drawNextBlock(): void {
    const { seed, studyCode, stratum, arms, blockSizes } = this.config;
    const k = this.blocks.length + 1;
    const stream = new DrawStream(seed, `${studyCode}|${stratum}|block|${k}`);
    const size = blockSizes[stream.uniformInt(blockSizes.length)];
    const perUnit = size / ratioSum(arms);
    const contents: string[] = [];
    for (const arm of arms) for (let i = 0; i < arm.ratio * perUnit; i += 1) contents.push(arm.code);
    stream.shuffleInPlace(contents);
    this.blocks.push(contents);
    this.ends.push(this.lastEnd() + size);
  }
}

function firstIndexAtLeast(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] >= value) high = mid;
    else low = mid + 1;
  }
  return low;
}

/*
 * Memo of drawn lists. A list depends only on its config, so caching it never changes an answer; it
 * only keeps allocationList/verify linear instead of quadratic. Bounded (least recently used goes), and
 * keyed by a hash so the seed itself is not kept as a map key.
 */
const MEMO_LIMIT = 512;
const memo = new Map<string, StratumList>();

function stratumList(config: BlockConfig): StratumList {
  assertSeed(config.seed, config.studyCode);
  if (config.studyCode.includes('|')) throw new RandomisationInputError(`Study code "${config.studyCode}" must not contain "|".`);
  if (typeof config.stratum !== 'string' || config.stratum.length === 0) throw new RandomisationInputError('The stratum is empty.');
  assertArms(config.arms);
  assertBlockSizes(config.arms, config.blockSizes);

  const key = createHash('sha256')
    .update(
      JSON.stringify([config.seed, config.studyCode, config.stratum, config.arms.map((arm) => [arm.code, arm.ratio]), config.blockSizes]),
    )
    .digest('hex');
  const cached = memo.get(key);
  if (cached) {
    memo.delete(key);
    memo.set(key, cached);
    return cached;
  }
  const frozen: BlockConfig = {
    seed: config.seed,
    studyCode: config.studyCode,
    stratum: config.stratum,
    arms: config.arms.map((arm) => ({ ...arm })),
    blockSizes: [...config.blockSizes],
  };
  const list = new StratumList(frozen);
  memo.set(key, list);
  if (memo.size > MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
  return list;
}
