import type { Arm } from '@trialdata/protocol';
import { RandomisationInputError, allocationList, blockAllocation, verifyAllocations, type BlockConfig } from './index';

const arms: Arm[] = [
  { code: 'TEI', title: 'Transforaminal epidural injection', ratio: 1 },
  { code: 'UC', title: 'Usual care', ratio: 1 },
];
const teias: BlockConfig = {
  seed: 'example-seed',
  studyCode: 'TEIAS',
  stratum: 'LUMC|symptomDuration=<6w',
  arms,
  blockSizes: [4, 6],
};

function armString(config: BlockConfig, count: number): string {
  return allocationList(config, count)
    .map((allocation) => allocation.arm[0])
    .join('');
}

function completeBlocks(config: BlockConfig, count: number): string[][] {
  const blocks = new Map<number, { size: number; arms: string[] }>();
  for (const allocation of allocationList(config, count)) {
    const block = blocks.get(allocation.block) ?? { size: allocation.blockSize, arms: [] };
    block.arms.push(allocation.arm);
    blocks.set(allocation.block, block);
  }
  return [...blocks.values()].filter((block) => block.arms.length === block.size).map((block) => block.arms);
}

describe('blockAllocation', () => {
  it('same seed gives the same list, another seed another list', () => {
    const first = armString(teias, 200);
    expect(armString({ ...teias }, 200)).toBe(first);
    expect(armString({ ...teias, seed: 'another-seed' }, 200)).not.toBe(first);
    expect(armString({ ...teias, stratum: 'LUMC|symptomDuration=>=6w' }, 200)).not.toBe(first);
    expect(armString({ ...teias, studyCode: 'OTHER' }, 200)).not.toBe(first);
  });

  it('matches the independent Python and R reference implementations in README.md', () => {
    expect(armString(teias, 30)).toBe('TTUUUTUTUTUTTTUUTTUUUTTTUUUUTT');
    const twoToOne: BlockConfig = {
      seed: 'example-seed',
      studyCode: 'DEMO',
      stratum: 'S1',
      arms: [
        { code: 'A', title: 'A', ratio: 2 },
        { code: 'B', title: 'B', ratio: 1 },
      ],
      blockSizes: [3, 6],
    };
    expect(armString(twoToOne, 30)).toBe('ABAABAABAAABBAAAABABABAAAABBAA');
  });

  it('every complete block is balanced 1:1', () => {
    const blocks = completeBlocks(teias, 2000);
    expect(blocks.length).toBeGreaterThan(300);
    for (const block of blocks) {
      expect(block.filter((arm) => arm === 'TEI').length).toBe(block.length / 2);
    }
  });

  it('block sizes are drawn from the configured sizes', () => {
    const sizes = allocationList(teias, 5000).map((allocation) => allocation.blockSize);
    expect(new Set(sizes)).toEqual(new Set([4, 6]));
    const blocks = completeBlocks(teias, 5000);
    const fours = blocks.filter((block) => block.length === 4).length;
    expect(fours / blocks.length).toBeGreaterThan(0.4);
    expect(fours / blocks.length).toBeLessThan(0.6);
  });

  it('respects a 2:1 ratio', () => {
    const config: BlockConfig = {
      ...teias,
      arms: [
        { code: 'TEI', title: 'TEI', ratio: 2 },
        { code: 'UC', title: 'UC', ratio: 1 },
      ],
      blockSizes: [3, 6],
    };
    for (const block of completeBlocks(config, 600)) {
      expect(block.filter((arm) => arm === 'TEI').length).toBe((2 * block.length) / 3);
    }
    const tei = allocationList(config, 600).filter((allocation) => allocation.arm === 'TEI').length;
    expect(Math.abs(tei - 400)).toBeLessThanOrEqual(4);
  });

  it('the arm sequence is not predictable from earlier arms', () => {
    const strata = 2000;
    let firstIsTei = 0;
    let secondBlockStartsTei = 0;
    for (let i = 0; i < strata; i += 1) {
      const config = { ...teias, stratum: `SITE${i}|symptomDuration=<6w` };
      const first = blockAllocation(config, 1);
      if (first.arm === 'TEI') firstIsTei += 1;
      if (blockAllocation(config, first.blockSize + 1).arm === 'TEI') secondBlockStartsTei += 1;
    }
    expect(firstIsTei / strata).toBeGreaterThan(0.45);
    expect(firstIsTei / strata).toBeLessThan(0.55);
    expect(secondBlockStartsTei / strata).toBeGreaterThan(0.45);
    expect(secondBlockStartsTei / strata).toBeLessThan(0.55);
  });

  it('gives position n the same arm whether asked alone or within a list', () => {
    const config = { ...teias, stratum: 'HMC|symptomDuration=>=6w' };
    const alone = blockAllocation(config, 777);
    expect(allocationList(config, 777)[776]).toEqual({ stratum: config.stratum, sequence: 777, ...alone });
    expect(alone.positionInBlock).toBeGreaterThanOrEqual(1);
    expect(alone.positionInBlock).toBeLessThanOrEqual(alone.blockSize);
  });

  it('answers 10,000 positions quickly', () => {
    const started = Date.now();
    const list = allocationList({ ...teias, stratum: 'FAST|symptomDuration=<6w' }, 10_000);
    expect(list).toHaveLength(10_000);
    expect(list[9_999].sequence).toBe(10_000);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses block sizes that do not fit the ratios, and sequence numbers below 1', () => {
    expect(() => blockAllocation({ ...teias, blockSizes: [4, 5] }, 1)).toThrow(RandomisationInputError);
    expect(() => blockAllocation({ ...teias, blockSizes: [4, 5] }, 1)).toThrow(/Block size 5/);
    expect(() => blockAllocation(teias, 0)).toThrow(RandomisationInputError);
    expect(() => blockAllocation(teias, 1.5)).toThrow(RandomisationInputError);
    expect(() => blockAllocation({ ...teias, seed: '' }, 1)).toThrow(RandomisationInputError);
  });
});

describe('verifyAllocations', () => {
  const listConfig = { seed: teias.seed, studyCode: teias.studyCode, arms, blockSizes: teias.blockSizes };
  const strata = ['LUMC|symptomDuration=<6w', 'LUMC|symptomDuration=>=6w', 'HMC|symptomDuration=<6w'];
  const log = strata.flatMap((stratum) =>
    allocationList({ ...listConfig, stratum }, 50).map(({ sequence, arm }) => ({ stratum, sequence, arm })),
  );

  it('accepts a log that follows the lists', () => {
    expect(verifyAllocations(listConfig, log)).toEqual([]);
  });

  it('names each wrong arm, duplicate and gap', () => {
    const flipped = { ...log[10], arm: log[10].arm === 'TEI' ? 'UC' : 'TEI' };
    const tampered = [...log.slice(0, 10), flipped, ...log.slice(11, 60), ...log.slice(61), log[70]];
    const mismatches = verifyAllocations(listConfig, tampered);
    expect(mismatches.map((mismatch) => [mismatch.kind, mismatch.stratum, mismatch.sequence])).toEqual([
      ['wrong_arm', log[10].stratum, 11],
      ['duplicate_sequence', log[70].stratum, log[70].sequence],
      ['missing_sequence', log[60].stratum, log[60].sequence],
    ]);
    expect(mismatches[0]).toMatchObject({ recordedArm: flipped.arm, expectedArm: log[10].arm });
  });
});
