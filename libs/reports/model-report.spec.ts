import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fitModelWithFigures, type ModelSpec } from '@trialdata/modelling';
import { renderModelReport } from './model-report';

/** R's lung (complete rows) from the modelling reference data, as a CSV with a 0/1 outcome `dead`. */
function lungCsv(): string {
  const ref = JSON.parse(readFileSync(join(__dirname, '..', 'modelling', 'reference', 'cox', 'lung-efron.json'), 'utf8')) as {
    data: { time: number[]; event: number[]; X: number[][] };
  };
  return ['time,dead,age,sex,ecog', ...ref.data.time.map((t, i) => [t, ref.data.event[i], ...ref.data.X[i]].join(','))].join('\n') + '\n';
}

async function render(spec: ModelSpec): Promise<Buffer> {
  const { result, figures } = await fitModelWithFigures(spec, lungCsv());
  return renderModelReport({ spec, result, figures, source: 'dataset test (POTEISS)', generatedAt: '2026-11-27T00:00:00.000Z' });
}

describe('model report PDF', () => {
  it('renders a Cox report with validation, PH test and survival, the same bytes twice', async () => {
    const spec: ModelSpec = {
      model: 'cox',
      time: 'time',
      event: 'dead',
      covariates: ['age', 'sex', 'ecog'],
      times: [365],
      bootstrap: 5,
      seed: 1,
    };
    const a = await render(spec);
    expect(a.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(a.length).toBeGreaterThan(5_000);
    expect((await render(spec)).equals(a)).toBe(true);
  });

  it('renders a logistic report with its calibration curve', async () => {
    const pdf = await render({ model: 'logistic', outcome: 'dead', covariates: ['age', 'sex'] });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
  it('renders a formula fit with its coding and anova tables (longer than the same model without them)', async () => {
    const plain = await render({ model: 'cox', time: 'time', event: 'dead', covariates: ['age', 'sex', 'ecog'] });
    const formula = await render({ model: 'cox', formula: 'Surv(time, dead) ~ rcs(age, 4) + factor(sex) + factor(ecog)' });
    expect(formula.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(formula.length).toBeGreaterThan(plain.length);
  });
});
