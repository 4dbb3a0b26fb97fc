import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { fitModelWithFigures, type ModelSpec } from '@trialdata/modelling';
import { netBenefitRange, renderModelReport } from './model-report';

/** R's lung (complete rows) from the modelling reference data, as a CSV with a 0/1 outcome `dead`. */
function lungCsv(): string {
  const ref = JSON.parse(readFileSync(join(__dirname, '..', 'modelling', 'reference', 'cox', 'lung-efron.json'), 'utf8')) as {
    data: { time: number[]; event: number[]; X: number[][] };
  };
  return ['time,dead,age,sex,ecog', ...ref.data.time.map((t, i) => [t, ref.data.event[i], ...ref.data.X[i]].join(','))].join('\n') + '\n';
}

async function render(spec: ModelSpec, options: { saved?: boolean } = {}): Promise<Buffer> {
  const { result, figures, saved } = await fitModelWithFigures(spec, lungCsv());
  return renderModelReport({
    spec,
    result,
    figures,
    source: 'dataset test (POTEISS)',
    generatedAt: '2026-11-27T00:00:00.000Z',
    ...(options.saved ? { saved } : {}),
  });
}

/** The text pdfkit drew (standard fonts write hex strings in Tj/TJ), from every compressed content stream. */
function pdfText(pdf: Buffer): string {
  const text: string[] = [];
  const raw = pdf.toString('latin1');
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const op of content.matchAll(/\[(.*?)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hex = op[1] ? [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('') : op[2];
      text.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
  }
  return text.join('\n');
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

  it('shows the points table of the presented model, the KM summary with numbers at risk, and the TRIPOD items', async () => {
    const spec: ModelSpec = {
      model: 'cox',
      formula: 'Surv(time, dead) ~ rcs(age, 4) + factor(sex) + ecog',
      times: [180, 365],
      bootstrap: 5,
      seed: 2,
      shrink: true,
    };
    const text = pdfText(await render(spec, { saved: true }));
    expect(text).toContain('Points table (nomogram) of the shrunk model');
    expect(text).toContain('total points');
    expect(text).toContain('survival at 365');
    expect(text).toContain('Number at risk');
    expect(text).toContain('Kaplan-Meier survival (all rows)');
    expect(text).toContain('Median survival');
    expect(text).toContain('The presented model');
    expect(text).toContain('uniform shrinkage factor');
    expect(text).toContain('TRIPOD items filled in by the platform');
    expect(text).toContain('Model updating');
    // Without the saved model there is no points table; with an interaction, the reason is given.
    expect(pdfText(await render(spec))).not.toContain('Points table');
    const interaction = pdfText(await render({ model: 'cox', formula: 'Surv(time, dead) ~ age * factor(sex)' }, { saved: true }));
    expect(interaction).toContain('No points table: the model has an interaction');
  });

  it('shows the calibration indexes and curves, performance at the horizon, the decision curve and the imputation', async () => {
    const logistic = pdfText(
      await render({
        model: 'logistic',
        outcome: 'dead',
        covariates: ['age', 'sex'],
        seed: 3,
        calibration: { B: 5 },
        decisionCurve: { thresholds: [0.5, 0.6, 0.7, 0.8] },
      }),
    );
    expect(logistic).toContain('Calibration indexes (apparent, as rms::val.prob)');
    expect(logistic).toContain('Calibration curve (rms::calibrate, B = 5)');
    expect(logistic).toContain('bias-corrected');
    expect(logistic).toContain('Decision curve');
    expect(logistic).toContain('treat all');
    expect(logistic).not.toContain('multiple imputation');

    const cox = pdfText(
      await render({
        model: 'cox',
        time: 'time',
        event: 'dead',
        covariates: ['age', 'sex', 'ecog'],
        seed: 4,
        calibration: { B: 5, horizon: 365, m: 40 },
      }),
    );
    expect(cox).toContain('Calibration at time 365 (rms::calibrate, B = 5)');
    expect(cox).toContain('Performance at time 365');
    expect(cox).toContain('AUC(t)');

    // Every seventh age blanked: imputed with predictive mean matching and pooled.
    const lines = lungCsv().trimEnd().split('\n');
    const holed = lines.map((l, i) => (i > 0 && i % 7 === 0 ? l.replace(/^([^,]*,[^,]*),[^,]*/, '$1,') : l)).join('\n') + '\n';
    const spec: ModelSpec = { model: 'logistic', outcome: 'dead', covariates: ['age', 'sex'], impute: { m: 3, seed: 5 } };
    const { result, figures } = await fitModelWithFigures(spec, holed);
    const imputed = pdfText(await renderModelReport({ spec, result, figures, source: 'test', generatedAt: '2026-11-27T00:00:00.000Z' }));
    expect(result.missing?.age).toBe(Math.floor((lines.length - 1) / 7));
    expect(imputed).toContain('Missing data and multiple imputation (m = 3)');
    expect(imputed).toContain('predictive mean matching');
    expect(imputed).toContain('FMI');
  });
});

describe('net-benefit axis', () => {
  it('has four round steps from one step below zero to at least the largest net benefit', () => {
    for (const [low, high] of [
      [-1.775, 0.549],
      [-0.37, 0.415],
      [0, 0.08],
      [0.01, 0.3],
      [-0.2, -0.01],
    ]) {
      const [bottom, top] = netBenefitRange(low, high);
      const step = (top - bottom) / 4;
      expect(top).toBeGreaterThanOrEqual(Math.max(high, 0.05) - 1e-12);
      expect(bottom).toBeLessThanOrEqual(0);
      if (low < 0) expect(bottom).toBeCloseTo(-step, 12);
      const mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
      expect([1, 2, 2.5, 5].some((m) => Math.abs(m - mantissa) < 1e-9)).toBe(true);
    }
    const [b, t] = netBenefitRange(-1.775, 0.549);
    expect(b).toBeCloseTo(-0.2, 12);
    expect(t).toBeCloseTo(0.6, 12);
  });
});
