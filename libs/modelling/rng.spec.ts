import { bootstrapIndices, createRng, xoshiro128StarStar } from './rng';

describe('seeded random numbers', () => {
  it('implements xoshiro128** (reference output for state 1, 2, 3, 4)', () => {
    const next = xoshiro128StarStar(1, 2, 3, 4);
    expect([next(), next(), next()]).toEqual([11520, 0, 5927040]);
  });

  it('repeats the same sequence for the same seed and stream', () => {
    const a = createRng(2024, 5);
    const b = createRng(2024, 5);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    xs.forEach((x) => expect(x >= 0 && x < 1).toBe(true));
  });

  it('gives different sequences for different streams of one seed', () => {
    expect(createRng(2024, 0).next()).not.toBe(createRng(2024, 1).next());
  });

  it('draws bootstrap indices uniformly in range', () => {
    const counts = new Array<number>(5).fill(0);
    const rng = createRng(1);
    for (let k = 0; k < 2000; k++) for (const i of bootstrapIndices(5, rng)) counts[i]++;
    counts.forEach((c) => expect(Math.abs(c - 2000)).toBeLessThan(200));
  });
});
