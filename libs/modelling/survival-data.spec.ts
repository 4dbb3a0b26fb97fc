import { denseRanks, sortByKey } from './survival-data';

/** Each value's place among the distinct values, by the definition (a comparator sort and a search). */
function byDefinition(values: Float64Array): { rank: number[]; count: number } {
  const distinct: number[] = [];
  for (const v of Array.from(values).sort((a, b) => a - b))
    if (distinct.length === 0 || distinct[distinct.length - 1] !== v) distinct.push(v);
  return { rank: Array.from(values, (v) => distinct.findIndex((d) => d === v)), count: distinct.length };
}

describe('denseRanks', () => {
  let seed = 1;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const kinds: Array<[string, () => number]> = [
    ['uniform', () => rand() * 2 - 1],
    ['whole numbers with ties', () => Math.round(rand() * 20) - 10],
    ['zero and minus zero', () => (rand() < 0.5 ? -0 : 0)],
    ['huge', () => (rand() - 0.5) * 1e300],
    ['tiny and subnormal', () => (rand() - 0.5) * 1e-310],
    ['infinities and neighbours of zero', () => [Infinity, -Infinity, 0, -0, 5e-324, -5e-324, 1, -1][Math.floor(rand() * 8)]],
    ['binary fractions', () => Math.round((rand() - 0.5) * 1e6) / 64],
  ];
  // Both paths: sort-and-search below 64 values, radix passes from 64 on.
  it.each(kinds)('ranks %s as the definition does, on both sides of the radix threshold', (_name, draw) => {
    for (const n of [0, 1, 2, 63, 64, 65, 500]) {
      const values = Float64Array.from({ length: n }, draw);
      const got = denseRanks(values);
      const expected = byDefinition(values);
      expect(got.count).toBe(expected.count);
      expect(Array.from(got.rank)).toEqual(expected.rank);
    }
  });
});

describe('sortByKey', () => {
  it('orders by key, ties by position, the same by counting (few keys) as by the native keyed sort', () => {
    let seed = 3;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const n of [1, 10, 500]) {
      const key = Float64Array.from({ length: n }, () => Math.floor(rand() * 7));
      const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => key[a] - key[b] || a - b);
      expect(Array.from(sortByKey(key, 7)!)).toEqual(expected); // counting
      expect(Array.from(sortByKey(key, 1e7)!)).toEqual(expected); // keyed native sort
    }
  });
});
