import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { POTEISS } from '@trialdata/protocol';
import { agreementSummary, readingPair, type ReadingForm } from './agreement';
import { crossTable, kappa, weightedKappa, kappaWeights } from './kappa';

const REFERENCE = join(__dirname, 'reference');

/** reference/tables.csv: the tables; reference/kappa-reference.csv: kappa.R's numbers for them. */
function tables(): Map<string, number[][]> {
  const rows = readFileSync(join(REFERENCE, 'tables.csv'), 'utf8').trim().split('\n').slice(1);
  const cells = new Map<string, Array<[number, number, number]>>();
  for (const line of rows) {
    const [name, first, second, count] = line.split(',');
    cells.set(name!, [...(cells.get(name!) ?? []), [Number(first), Number(second), Number(count)]]);
  }
  const out = new Map<string, number[][]>();
  for (const [name, list] of cells) {
    const levels = [...new Set(list.flatMap(([a, b]) => [a, b]))].sort((a, b) => a - b);
    const table = levels.map(() => levels.map(() => 0));
    for (const [a, b, n] of list) table[levels.indexOf(a)]![levels.indexOf(b)] = n;
    out.set(name, table);
  }
  return out;
}

function reference(): Array<Record<string, string>> {
  const lines = readFileSync(join(REFERENCE, 'kappa-reference.csv'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
  const header = lines[0]!.split(',');
  return lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
}

describe('kappa', () => {
  it('matches the reference numbers of kappa.R (vcd::Kappa and confint) for every table and weighting', () => {
    const byName = tables();
    const ref = reference();
    expect(ref).toHaveLength(9);
    for (const r of ref) {
      const result = kappa(byName.get(r.table!)!);
      const est = r.weights === 'none' ? result.unweighted : r.weights === 'linear' ? result.linear : result.quadratic;
      expect(result.n).toBe(Number(r.n));
      expect(est.value).toBeCloseTo(Number(r.value), 12);
      expect(est.se).toBeCloseTo(Number(r.ase), 12);
      expect(est.lower).toBeCloseTo(Number(r.lower), 12);
      expect(est.upper).toBeCloseTo(Number(r.upper), 12);
    }
  });

  it("reproduces vcd's documented SexualFun example (Kappa(SexualFun): 0.1293 / ASE 0.0686, weighted 0.2374 / 0.0783)", () => {
    const result = kappa(tables().get('sexualfun')!);
    expect(result.unweighted.value).toBeCloseTo(0.1293, 4);
    expect(result.unweighted.se).toBeCloseTo(0.0686, 4);
    expect(result.linear.value).toBeCloseTo(0.2374, 4);
    expect(result.linear.se).toBeCloseTo(0.0783, 4);
  });

  it('keeps an unused grade in the scale, so the weights follow the four Miskin grades', () => {
    kappaWeights(4, 'linear')[0]!.forEach((w, j) => expect(w).toBeCloseTo([1, 2 / 3, 1 / 3, 0][j]!, 15));
    expect(kappaWeights(4, 'quadratic')[0]![1]).toBeCloseTo(8 / 9, 15);
    expect(
      crossTable(
        [
          [0, 0],
          [1, 2],
        ],
        [0, 1, 2, 3],
      ),
    ).toEqual([
      [1, 0, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
  });

  it('is undefined without pairs or when both readers used one grade only, and 1 with an interval of width 0 for perfect agreement', () => {
    expect(
      kappa([
        [0, 0],
        [0, 0],
      ]).linear.value,
    ).toBeNull();
    expect(
      weightedKappa(
        [
          [5, 0],
          [0, 0],
        ],
        kappaWeights(2, 'none'),
      ).value,
    ).toBeNull();
    const perfect = kappa([
      [3, 0, 0],
      [0, 4, 0],
      [0, 0, 2],
    ]);
    expect(perfect.linear.value).toBeCloseTo(1, 12);
    expect(perfect.linear.se).toBeCloseTo(0, 6);
  });
});

describe('reading pairs and the agreement summary (POTEISS)', () => {
  const first = (values: Record<string, unknown>, status = 'complete'): ReadingForm => ({
    eventId: 'baseline',
    formId: 'mri',
    instance: 1,
    status,
    values: { reader: 'rad-a', level: 4, side: 1, ...values },
  });
  const further = (instance: number, values: Record<string, unknown>, status = 'complete'): ReadingForm => ({
    eventId: 'baseline',
    formId: 'mri_reread',
    instance,
    status,
    values: { reader: 'rad-b', level: 4, side: 1, ...values },
  });
  const reading = POTEISS.doubleReading!;

  it('pairs the first reading with the first complete further reading by another reader of the same level and side', () => {
    expect(readingPair(reading, [first({ miskin_cc: 1 }), further(1, { reader: 'rad-a', miskin_cc: 2 })])).toBeNull();
    expect(readingPair(reading, [first({ miskin_cc: 1 }), further(1, { level: 5, miskin_cc: 2 })])).toBeNull();
    expect(readingPair(reading, [first({ miskin_cc: 1 }), further(1, { side: 2, miskin_cc: 2 })])).toBeNull();
    expect(readingPair(reading, [first({ miskin_cc: 1 }), further(1, { miskin_cc: 2 }, 'incomplete')])).toBeNull();
    expect(readingPair(reading, [first({ miskin_cc: 1 }, 'incomplete'), further(1, { miskin_cc: 2 })])).toBeNull();
    const pair = readingPair(reading, [first({ miskin_cc: 1 }), further(3, { miskin_cc: 3 }), further(2, { miskin_cc: 2 })]);
    expect(pair).toMatchObject({ secondInstance: 2, second: { miskin_cc: 2 } });
  });

  it('gives one row per grade and, for lateral recess and foramen, one per side; a not-done grade leaves only that grade', () => {
    const participants = [
      [first({ miskin_cc: 0, miskin_lr: 1, foraminal: 2 }), further(1, { miskin_cc: 0, miskin_lr: 1, foraminal: { missing: 'not_done' } })],
      [first({ side: 2, miskin_cc: 2, miskin_lr: 2, foraminal: 1 }), further(1, { side: 2, miskin_cc: 3, miskin_lr: 1, foraminal: 1 })],
      [first({ miskin_cc: 1, miskin_lr: 0, foraminal: 0 })],
    ];
    const summary = agreementSummary(POTEISS, participants);
    expect(summary).toMatchObject({ firstReadings: 3, pairs: 2 });
    expect(summary.rows.map((r) => `${r.grade}:${r.side?.label ?? 'all'}:${r.n}`)).toEqual([
      'miskin_cc:all:2',
      'miskin_lr:all:2',
      'miskin_lr:Left:1',
      'miskin_lr:Right:1',
      'foraminal:all:1',
      'foraminal:Left:0',
      'foraminal:Right:1',
    ]);
    const cc = summary.rows[0]!;
    expect(cc.categories).toEqual([0, 1, 2, 3]);
    expect(cc.table[0]![0]).toBe(1);
    expect(cc.table[2]![3]).toBe(1);
    expect(summary.rows[5]!.linear.value).toBeNull();
  });
});
