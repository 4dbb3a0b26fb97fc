import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fitModelWithFigures, type ModelSpec } from './fit';
import { pointsTable, predictorRanges, roundValues, type PointsTable } from './points';
import reference from './reference/points/reference.json';

// Reference: Rscript libs/modelling/reference/points/make-reference.R (rms::datadist and rms::nomogram).
const data = readFileSync(join(__dirname, 'reference', 'points', 'data.csv'), 'utf8');
const TOL = 1e-6;

async function tableFor(name: 'logistic' | 'cox', values?: Record<string, number[]>): Promise<PointsTable> {
  const ex = reference.examples.find((e) => e.name === name)!;
  const spec: ModelSpec = name === 'logistic' ? { model: 'logistic', formula: ex.formula } : { model: 'cox', formula: ex.formula };
  const { saved, figures } = await fitModelWithFigures(spec, data);
  const outcome = pointsTable(saved, figures.ranges ?? {}, { values, times: name === 'cox' ? [50, 100] : undefined });
  if (!('table' in outcome)) throw new Error(outcome.reason);
  return outcome.table;
}

describe('points table (rms::nomogram)', () => {
  it('gives the display range of each numeric predictor as rms::datadist does', async () => {
    const { figures } = await fitModelWithFigures({ model: 'logistic', formula: reference.examples[0].formula }, data);
    expect(figures.ranges?.age.low).toBeCloseTo(reference.ranges.age[0], 10);
    expect(figures.ranges?.age.high).toBeCloseTo(reference.ranges.age[1], 10);
    expect(figures.ranges?.x.low).toBeCloseTo(reference.ranges.x[0], 10);
    expect(figures.ranges?.x.high).toBeCloseTo(reference.ranges.x[1], 10);
  });

  for (const ex of reference.examples) {
    it(`${ex.name}: points per value and the linear predictor per total agree with rms`, async () => {
      const table = await tableFor(ex.name as 'logistic' | 'cox', reference.values);
      const byColumn = Object.fromEntries(table.predictors.map((p) => [p.column, p]));
      for (const column of ['age', 'x', 'sex', 'grade'] as const) {
        const ours = byColumn[column].rows.map((r) => r.points);
        const theirs = ex.points[column];
        expect(ours.length).toBe(theirs.length);
        ours.forEach((p, k) => expect(Math.abs(p - theirs[k]), `${column}[${k}]`).toBeLessThan(TOL));
      }
      expect(byColumn.sex.rows.map((r) => r.value)).toEqual(ex.levels.sex);
      expect(Math.abs(table.lpPerPoint - ex.lp_per_point)).toBeLessThan(1e-9);
      const lpAt = (points: number) => table.totals[0].lp + (points - table.totals[0].points) * table.lpPerPoint;
      ex.totals.forEach((t, k) => expect(Math.abs(lpAt(t) - ex.lp_at_totals[k]), `total ${t}`).toBeLessThan(TOL));
    });
  }

  it('maps totals to risk (logistic) and survival at the times asked (Cox), decreasing in points', async () => {
    const logistic = await tableFor('logistic');
    const risks = logistic.totals.map((t) => t.risk!);
    expect(risks.every((r, k) => k === 0 || r > risks[k - 1])).toBe(true);
    const cox = await tableFor('cox');
    expect(cox.times).toEqual([50, 100]);
    for (const t of cox.totals) expect(t.survival![1]).toBeLessThanOrEqual(t.survival![0]);
    expect(cox.totals[cox.totals.length - 1].survival![0]).toBeLessThan(cox.totals[0].survival![0]);
    // The widest predictor spans 0 to 100 points over its display range.
    expect(Math.max(...cox.predictors.map((p) => Math.max(...p.rows.map((r) => r.points))))).toBeCloseTo(100, 9);
  });

  it('refuses a model with an interaction, naming it', async () => {
    const { saved, figures } = await fitModelWithFigures({ model: 'logistic', formula: 'y ~ age + sex + x:sex' }, data);
    const outcome = pointsTable(saved, figures.ranges ?? {});
    expect(outcome).toEqual({ reason: expect.stringMatching(/interaction \(x:sexM|interaction \(sexM:x|interaction \(/) });
  });

  it('rounds display values over a range and keeps its ends', () => {
    expect(roundValues(34.96, 80)).toEqual([34.96, 40, 50, 60, 70, 80]);
    expect(roundValues(0, 1, 6)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(roundValues(3, 3)).toEqual([3]);
    expect(predictorRanges([[1], [2], [3]], [[{ variable: 0, basis: 0 }]], [{ label: 'z', column: 'z', kind: 'numeric' }])).toEqual({
      z: { low: 1, high: 3 },
    });
  });
});
