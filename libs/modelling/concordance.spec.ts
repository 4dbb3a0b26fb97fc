import { binaryConcordance, concordance } from './concordance';
import { coxReferences, expectClose } from './reference/cox/reference';
import { denseRanks } from './survival-data';

/** All pairs, the definition survival::concordance counts (reverse = FALSE). */
function bruteForce(time: number[], event: (0 | 1)[], x: number[], strata?: number[]) {
  let c = 0;
  let d = 0;
  let t = 0;
  for (let i = 0; i < time.length; i++) {
    if (event[i] !== 1) continue;
    for (let j = 0; j < time.length; j++) {
      if (i === j || (strata && strata[i] !== strata[j])) continue;
      const later = time[j] > time[i] || (time[j] === time[i] && event[j] === 0);
      if (!later) continue;
      if (x[j] > x[i]) c++;
      else if (x[j] < x[i]) d++;
      else t++;
    }
  }
  return { c, d, t, estimate: (c + t / 2) / (c + d + t) };
}

function lcg(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

describe('concordance agrees with R survival::concordance(coxph fit)', () => {
  it.each(coxReferences().map((r) => [r.name, r] as const))('%s', (_name, ref) => {
    const got = concordance(ref.data.time, ref.data.event, ref.linearPredictors, {
      strata: ref.data.strata ?? undefined,
      reverse: true,
    });
    expectClose(got.estimate, ref.concordance.estimate, 1e-4, 'estimate');
    expectClose(got.se, ref.concordance.se, 1e-4, 'se');
    expect(got.concordant).toBe(ref.concordance.count.concordant);
    expect(got.discordant).toBe(ref.concordance.count.discordant);
    expect(got.tiedX).toBe(ref.concordance.count['tied.x']);
    expect(got.tiedY).toBe(ref.concordance.count['tied.y']);
    expect(got.tiedXY).toBe(ref.concordance.count['tied.xy']);
  });
});

describe('concordance counting', () => {
  it('counts the same pairs as the all-pairs definition, with ties in time and predictor', () => {
    const rand = lcg(7);
    const n = 300;
    const time = Array.from({ length: n }, () => Math.ceil(rand() * 40));
    const event = Array.from({ length: n }, () => (rand() < 0.6 ? 1 : 0) as 0 | 1);
    const x = Array.from({ length: n }, () => Math.round(rand() * 6));
    const strata = Array.from({ length: n }, () => (rand() < 0.5 ? 1 : 2));
    for (const s of [undefined, strata]) {
      const brute = bruteForce(time, event, x, s);
      const got = concordance(time, event, x, { strata: s });
      expect([got.concordant, got.discordant, got.tiedX]).toEqual([brute.c, brute.d, brute.t]);
      expect(got.estimate).toBeCloseTo(brute.estimate, 12);
    }
  });

  it('reverses the direction for risk scores', () => {
    const time = [1, 2, 3, 4];
    const event: (0 | 1)[] = [1, 1, 1, 0];
    expect(concordance(time, event, [4, 3, 2, 1], { reverse: true }).estimate).toBe(1);
    expect(concordance(time, event, [4, 3, 2, 1]).estimate).toBe(0);
  });

  it('handles 100,000 rows (an unrelated predictor: about one half)', () => {
    const rand = lcg(3);
    const n = 100_000;
    const time = Array.from({ length: n }, () => Math.ceil(rand() * 1000));
    const event = Array.from({ length: n }, () => (rand() < 0.5 ? 1 : 0) as 0 | 1);
    const x = Array.from({ length: n }, () => rand());
    const got = concordance(time, event, x);
    expect(got.estimate).toBeGreaterThan(0.45);
    expect(got.estimate).toBeLessThan(0.55);
    expect(got.se).toBeGreaterThan(0);
  });

  it("gives the same result with the times' ranks supplied (gaps allowed), by the keyed sort or, when a key could be inexact, the comparator", () => {
    const rand = lcg(11);
    const n = 400;
    const time = Array.from({ length: n }, () => Math.ceil(rand() * 30));
    const event = Array.from({ length: n }, () => (rand() < 0.6 ? 1 : 0) as 0 | 1);
    const x = Array.from({ length: n }, () => Math.round(rand() * 8) / 2);
    const strata = Array.from({ length: n }, () => (rand() < 0.3 ? 'b' : 'a'));
    for (const s of [undefined, strata]) {
      const plain = concordance(time, event, x, { strata: s, reverse: true });
      const brute = bruteForce(time, event, x, s === undefined ? undefined : s.map((v) => (v === 'a' ? 1 : 2)));
      expect([plain.discordant, plain.concordant, plain.tiedX]).toEqual([brute.c, brute.d, brute.t]);
      // Ranks with gaps (time itself, 0..30), and ranks so sparse that the walk's key would pass 2^53.
      const gapped = { rank: Int32Array.from(time), count: 31 };
      const sparse = { rank: time.map((t) => t * 2 ** 40), count: 31 * 2 ** 40 };
      expect(concordance(time, event, x, { strata: s, reverse: true, timeRanks: gapped })).toEqual(plain);
      expect(concordance(time, event, x, { strata: s, reverse: true, timeRanks: sparse })).toEqual(plain);
    }
  });

  it("gives the same result with the predictor's ranks supplied, dense or with gaps, with and without strata", () => {
    const rand = lcg(12);
    const n = 500;
    const time = Array.from({ length: n }, () => Math.ceil(rand() * 40));
    const event = Array.from({ length: n }, () => (rand() < 0.6 ? 1 : 0) as 0 | 1);
    const x = Array.from({ length: n }, () => Math.round(rand() * 12) / 4 - 1);
    const strata = Array.from({ length: n }, () => (rand() < 0.3 ? 'b' : 'a'));
    const dense = denseRanks(Float64Array.from(x));
    const gapped = { rank: Int32Array.from(dense.rank, (r) => 2 * r + 1), count: 2 * dense.count + 1 };
    for (const s of [undefined, strata]) {
      for (const reverse of [false, true]) {
        const plain = concordance(time, event, x, { strata: s, reverse });
        expect(concordance(time, event, x, { strata: s, reverse, predictorRanks: dense })).toEqual(plain);
        expect(concordance(time, event, x, { strata: s, reverse, predictorRanks: gapped })).toEqual(plain);
        const timeRanks = denseRanks(Float64Array.from(time));
        expect(concordance(time, event, x, { strata: s, reverse, predictorRanks: gapped, timeRanks })).toEqual(plain);
        // The given ranks are what is counted: ranks of -x count as the predictor -x would.
        const negated = denseRanks(Float64Array.from(x, (v) => -v));
        expect(concordance(time, event, x, { strata: s, reverse, predictorRanks: negated })).toEqual(
          concordance(
            time,
            event,
            x.map((v) => -v),
            { strata: s, reverse },
          ),
        );
      }
    }
  });

  it('without the standard error (se: false) gives the same estimate and pair counts, and se NaN', () => {
    const rand = lcg(31);
    const n = 400;
    const time = Array.from({ length: n }, () => Math.ceil(rand() * 30));
    const event = Array.from({ length: n }, () => (rand() < 0.55 ? 1 : 0) as 0 | 1);
    const x = Array.from({ length: n }, () => Math.round(rand() * 10) / 2);
    const strata = Array.from({ length: n }, () => (rand() < 0.4 ? 2 : 1));
    for (const s of [undefined, strata]) {
      for (const reverse of [false, true]) {
        const full = concordance(time, event, x, { strata: s, reverse });
        const lean = concordance(time, event, x, { strata: s, reverse, se: false });
        expect(full.se).toBeGreaterThan(0);
        expect(lean).toEqual({ ...full, se: NaN });
        const brute = bruteForce(time, event, x, s);
        expect(lean.estimate).toBeCloseTo(reverse ? 1 - brute.estimate : brute.estimate, 12);
      }
    }
  });
});

describe('binary concordance (C statistic)', () => {
  it('equals the share of positive-negative pairs ranked correctly, ties counting half', () => {
    const y: (0 | 1)[] = [0, 0, 1, 1, 0, 1];
    const p = [0.1, 0.4, 0.35, 0.8, 0.35, 0.9];
    let good = 0;
    let pairs = 0;
    for (let i = 0; i < y.length; i++) {
      for (let j = 0; j < y.length; j++) {
        if (y[i] === 1 && y[j] === 0) {
          pairs++;
          good += p[i] > p[j] ? 1 : p[i] === p[j] ? 0.5 : 0;
        }
      }
    }
    expect(binaryConcordance(y, p)).toBeCloseTo(good / pairs, 12);
  });
});
