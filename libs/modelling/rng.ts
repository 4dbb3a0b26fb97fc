/**
 * Seeded pseudo-random numbers for reproducible resampling: xoshiro128** (Blackman & Vigna), with
 * its 128-bit state filled by splitmix32 from (seed, stream). Each bootstrap replicate uses its own
 * stream, so a replicate's sample depends only on (seed, replicate index) and replicates can run in
 * any order or on any worker thread. The numbers differ from R's Mersenne Twister: bootstrap
 * resamples (and so optimism estimates) agree with R only statistically, not digit for digit.
 */

export interface Rng {
  /** Uniform on [0, 1) with 32 random bits. */
  next(): number;
  /** Uniform integer in [0, n), unbiased (rejection sampling). */
  int(n: number): number;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The raw xoshiro128** generator from a 128-bit state (not all zero). */
export function xoshiro128StarStar(s0: number, s1: number, s2: number, s3: number): () => number {
  let a = s0 >>> 0;
  let b = s1 >>> 0;
  let c = s2 >>> 0;
  let d = s3 >>> 0;
  if ((a | b | c | d) === 0) a = 1;
  return () => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c = (c ^ a) >>> 0;
    d = (d ^ b) >>> 0;
    b = (b ^ c) >>> 0;
    a = (a ^ d) >>> 0;
    c = (c ^ t) >>> 0;
    d = rotl(d, 11);
    return result;
  };
}

export function createRng(seed: number, stream = 0): Rng {
  if (!Number.isInteger(seed) || !Number.isInteger(stream)) throw new RangeError('seed and stream must be integers');
  // Mix seed and stream through two splitmix rounds so neighbouring streams are unrelated.
  const mix = splitmix32((seed ^ Math.imul(stream + 1, 0x632be5ab)) >>> 0);
  const mix2 = splitmix32((mix() ^ Math.floor(seed / 0x100000000)) >>> 0);
  const nextUint32 = xoshiro128StarStar(mix2(), mix2(), mix2(), mix2());
  return {
    next: () => nextUint32() / 0x100000000,
    int: (n: number) => {
      if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) throw new RangeError(`cannot draw an integer below ${n}`);
      const limit = 0x100000000 - (0x100000000 % n);
      let x = nextUint32();
      while (x >= limit) x = nextUint32();
      return x % n;
    },
  };
}

/** Indices of a bootstrap sample of size n (with replacement). */
export function bootstrapIndices(n: number, rng: Rng): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = rng.int(n);
  return out;
}
