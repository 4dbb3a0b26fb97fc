import reference from './reference/logistic/reference.json';
import { codeStrata, denseRanks, orderByStratumTime } from './survival-data';
import { apparentIndexes, bootstrapReplicate, emax, sampleOrder, summariseValidation, validate, ValidationResult } from './validate';

/** R values from libs/modelling/reference/logistic/make-reference.R: rms::validate(fit, B = 200). */
interface ValidateRef {
  index: string[];
  index_orig: number[];
  optimism: number[];
  index_corrected: number[];
  n: number[];
}
interface Example {
  name: string;
  outcome: string;
  covariates: string[];
  data: Record<string, number[]>;
  validate: ValidateRef;
}

const examples = reference.examples as unknown as Example[];
const API_NAMES = ['Dxy', 'R2', 'Intercept', 'Slope', 'Emax', 'D', 'U', 'Q', 'B', 'g'];

function close(actual: number, expected: number, tol: number): void {
  if (Math.abs(actual - expected) > tol * Math.max(1, Math.abs(expected))) {
    throw new Error(`expected ${expected}, got ${actual} (tolerance ${tol})`);
  }
}

function logisticData(ex: Example): { y: number[]; X: number[][] } {
  const y = ex.data[ex.outcome];
  return { y, X: y.map((_, i) => ex.covariates.map((c) => ex.data[c][i])) };
}

function refValue(ref: ValidateRef, column: 'index_orig' | 'optimism' | 'index_corrected', name: string): number {
  return ref[column][ref.index.indexOf(name)];
}

describe.each(examples.map((ex) => [ex.name, ex] as const))('logistic bootstrap validation on %s', (_name, ex) => {
  const data = logisticData(ex);

  it('reproduces validate.lrm index.orig (apparent) to 1e-4', () => {
    const apparent = apparentIndexes('logistic', data);
    for (const name of ['Dxy', 'R2', 'Intercept', 'Slope', 'D', 'U', 'Q', 'B', 'g']) {
      close(apparent[name], refValue(ex.validate, 'index_orig', name), 1e-4);
    }
  });
});

describe('logistic bootstrap validation', () => {
  const infert = examples.find((e) => e.name === 'infert') as Example;
  const lung = examples.find((e) => e.name === 'lung') as Example;
  let result: ValidationResult;

  beforeAll(() => {
    result = validate({ kind: 'logistic', data: logisticData(infert), B: 200, seed: 42 });
  });

  it('reports rms::validate index names in its order, Emax after Slope', () => {
    expect(result.indexes.map((ix) => ix.name)).toEqual(API_NAMES);
    expect(result.B).toBe(200);
  });

  it('reports corrected = apparent - optimism, and Emax from the corrected calibration', () => {
    for (const ix of result.indexes.filter((i) => i.name !== 'Emax')) close(ix.corrected, ix.apparent - ix.optimism, 1e-12);
    const get = (name: string) => result.indexes.find((i) => i.name === name)!;
    expect(get('Emax').apparent).toBe(0);
    close(get('Emax').corrected, emax(get('Intercept').corrected, get('Slope').corrected), 1e-12);
  });

  it('agrees with R on optimism within bootstrap noise (resamples differ from R)', () => {
    // Different random resamples: only agreement in distribution is expected. Tolerances are several
    // Monte Carlo standard errors of a 200-replicate mean for these data.
    const tol: Record<string, number> = { Dxy: 0.012, R2: 0.012, Slope: 0.04, Intercept: 0.08, D: 0.012, B: 0.004 };
    for (const [name, t] of Object.entries(tol)) {
      const ours = result.indexes.find((i) => i.name === name)!.optimism;
      const theirs = refValue(infert.validate, 'optimism', name);
      if (Math.abs(ours - theirs) > t) throw new Error(`${name} optimism ${ours} vs R ${theirs} (tolerance ${t})`);
    }
  });

  it('is reproducible for a seed and independent of the order replicates run in', () => {
    const data = logisticData(lung);
    const forward = [0, 1, 2, 3].map((b) => bootstrapReplicate('logistic', data, 7, b));
    const backward = [3, 2, 1, 0].map((b) => bootstrapReplicate('logistic', data, 7, b)).reverse();
    expect(backward).toEqual(forward);
    const other = bootstrapReplicate('logistic', data, 8, 0);
    expect(other.train).not.toEqual(forward[0].train);
    const apparent = apparentIndexes('logistic', data);
    expect(summariseValidation('logistic', apparent, forward, 7)).toEqual(validate({ kind: 'logistic', data, B: 4, seed: 7 }));
  });

  it('reports progress after each replicate', () => {
    const seen: number[] = [];
    validate({ kind: 'logistic', data: logisticData(lung), B: 3, seed: 1, onProgress: (done) => seen.push(done) });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('leaves out replicates whose fit fails and counts them', () => {
    const mt = examples.find((e) => e.name === 'mtcars') as Example;
    const r = validate({ kind: 'logistic', data: logisticData(mt), B: 40, seed: 3 });
    expect(r.failed).toBeGreaterThan(0);
    expect(r.indexes[0].n).toBe(40 - r.failed);
    expect(r.indexes.every((ix) => Number.isFinite(ix.corrected))).toBe(true);
  });
});

describe('Cox bootstrap validation', () => {
  const cv = reference.cox_validate;
  const data = {
    time: cv.data.time,
    event: cv.data.status as (0 | 1)[],
    X: cv.data.time.map((_, i) => [cv.data.age[i], cv.data.sex[i], cv.data['ph.ecog'][i]]),
  };

  it('reproduces validate.cph index.orig (apparent) to 1e-4', () => {
    const apparent = apparentIndexes('cox', data);
    cv.index.forEach((name, k) => close(apparent[name], cv.index_orig[k], 1e-4));
  });

  it('agrees with R on optimism within bootstrap noise', () => {
    const r = validate({ kind: 'cox', data, B: 100, seed: 11 });
    expect(r.indexes.map((i) => i.name)).toEqual(['Dxy', 'R2', 'Slope', 'D', 'U', 'Q', 'g']);
    const tol: Record<string, number> = { Dxy: 0.015, R2: 0.015, Slope: 0.06 };
    for (const [name, t] of Object.entries(tol)) {
      const ours = r.indexes.find((i) => i.name === name)!.optimism;
      const theirs = cv.optimism[cv.index.indexOf(name)];
      if (Math.abs(ours - theirs) > t) throw new Error(`${name} optimism ${ours} vs R ${theirs} (tolerance ${t})`);
    }
  });
});

describe("a bootstrap sample's stratum-then-time order (sampleOrder: orderByStratumTime with the original times' ranks)", () => {
  it("is the order fitCox would sort the sample into, from the original times' ranks, with strata coded on the sample", () => {
    let seed = 5;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const n = 300;
    const time = Array.from({ length: n }, () => Math.ceil(rand() * 25) / 2);
    const labels = ['10', '9', 'a'];
    const strata = Array.from({ length: n }, (_, i) => labels[i % 3]);
    const times = denseRanks(Float64Array.from(time));
    // "a" makes the original strata sort as text ("10" < "9"); a sample without it sorts them as numbers.
    const withoutA = Array.from({ length: n }, (_, i) => i).filter((i) => strata[i] !== 'a');
    for (const pool of [Array.from({ length: n }, (_, i) => i), withoutA]) {
      for (const stratified of [false, true]) {
        const sample = Array.from({ length: n }, () => pool[Math.floor(rand() * pool.length)]);
        const sampleStrata = stratified ? sample.map((i) => strata[i]) : undefined;
        const expected = orderByStratumTime(
          sample.map((i) => time[i]),
          codeStrata(sampleStrata, n).codes,
        );
        const got = sampleOrder(
          { time: sample.map((i) => time[i]), strata: sampleStrata },
          { rank: Int32Array.from(sample, (i) => times.rank[i]), count: times.count },
        );
        expect(Array.from(got)).toEqual(Array.from(expected));
      }
    }
  });
});
