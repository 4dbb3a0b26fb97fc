import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { WorkerProcess } from '../apps/worker/src/worker';
import { datasetCsvPath } from '@trialdata/modelling';
import { QueueName } from '@trialdata/queue';
import { startApi, type TestApi } from './support/harness';
import { setUpWorld, type World } from './support/fixtures';
import { startTestWorker } from './support/worker';
import { reconcileModels } from '../apps/worker/src/handlers/models';
import { ModelsRepository } from '@trialdata/database';

/**
 * Model fits through the API and a real worker. Datasets are registered straight in the database and
 * their data.csv written where the datasets capability puts it (libs/modelling datasetCsvPath), so
 * that this test depends on the datasets capability's table, not on its export.
 */
let api: TestApi;
let world: World;
let worker: WorkerProcess;

const STUDY = 'POTEISS';

/** R's survival::lung (complete rows of time, status, age, sex, ph.ecog) with a 0/1 outcome `dead`. */
function lungCsv(): string {
  const ref = JSON.parse(readFileSync(join(__dirname, '..', 'libs', 'modelling', 'reference', 'cox', 'lung-efron.json'), 'utf8')) as {
    data: { time: number[]; event: number[]; X: number[][] };
  };
  const lines = ['participant,time,status,dead,age,sex,ph_ecog,site'];
  ref.data.time.forEach((t, i) => {
    const [age, sex, ecog] = ref.data.X[i];
    lines.push(
      [
        `POTEISS-LUMC-${String(i + 1).padStart(4, '0')}`,
        t,
        ref.data.event[i] + 1,
        ref.data.event[i],
        age,
        sex,
        ecog,
        i % 2 ? 'LUMC' : 'HMC',
      ].join(','),
    );
  });
  lines.push('POTEISS-HMC-9999,100,2,1,,1,1,HMC'); // a missing age: dropped and counted
  return lines.join('\n') + '\n';
}

let version = 0;

async function writeDataset(text: string | null, status: 'ready' | 'building' = 'ready'): Promise<string> {
  const [{ id }] = await api.db.dataSource.query(
    `INSERT INTO datasets (study_code, version, kind, reason, status, created_at) VALUES ($1, $2, 'interim', 'models e2e', $3, now()) RETURNING id`,
    [STUDY, ++version, status],
  );
  if (text === null) return id;
  const path = datasetCsvPath(api.config.storageDir, id);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return id;
}

async function waitForModel(id: string, token: string): Promise<any> {
  const end = Date.now() + 120_000;
  while (Date.now() < end) {
    const r = await api.request('GET', `/models/${id}`, { token });
    expect(r.status).toBe(200);
    if (r.body.status === 'done' || r.body.status === 'failed') return r.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const job = await worker.context.queues.queue(QueueName.Models).getJob(`model-${id}`);
  throw new Error(
    `model ${id} did not finish in 120 s; job state ${job ? await job.getState() : 'missing'}: ${job?.failedReason ?? ''} ${job?.stacktrace?.[0] ?? ''}`,
  );
}

let lungId: string;

beforeAll(async () => {
  api = await startApi();
  world = await setUpWorld(api);
  worker = await startTestWorker(api);
  lungId = await writeDataset(lungCsv());
});

afterAll(async () => {
  await worker?.close();
  await api?.close();
});

describe('models', () => {
  it('fits a Cox model with bootstrap validation in the worker, then serves the result and its PDF', async () => {
    const token = world.tokens.statistician;
    const spec = {
      model: 'cox',
      time: 'time',
      event: 'status',
      covariates: ['age', 'sex', 'ph_ecog'],
      times: [365],
      bootstrap: 20,
      seed: 3,
    };
    const posted = await api.request('POST', `/datasets/${lungId}/models`, { token, body: spec });
    expect(posted.status).toBe(202);
    expect(Object.keys(posted.body)).toEqual(['id']);

    const model = await waitForModel(posted.body.id, token);
    expect(model).toMatchObject({ status: 'done', progress: 100, study: STUDY, datasetId: lungId, report: true });
    const result = model.result;
    expect(result).toMatchObject({ model: 'cox', n: 227, events: 164, ties: 'efron', converged: true });
    expect(result.warnings).toEqual([
      '1 of 228 rows dropped because of missing values in model variables (time, status, age, sex, ph_ecog)',
    ]);
    expect(result.coefficients.map((c: any) => c.term)).toEqual(['age', 'sex', 'ph_ecog']);
    expect(Object.keys(result.coefficients[0]).sort()).toEqual([
      'estimate',
      'lower',
      'p',
      'ratio',
      'ratioLower',
      'ratioUpper',
      'se',
      'term',
      'upper',
      'z',
    ]);
    expect(result.coefficients[1].estimate).toBeCloseTo(-0.552612, 5); // R: coxph(Surv(time, status) ~ age + sex + ph.ecog, lung)
    expect(Object.keys(result.tests)).toEqual(['lr', 'wald', 'score']);
    expect(result.validation.B).toBe(20);
    expect(result.validation.indexes.map((ix: any) => ix.name)).toEqual(['Dxy', 'R2', 'Slope', 'D', 'U', 'Q', 'g']);
    expect(result.phTest.terms).toHaveLength(3);
    expect(result.baselineSurvival).toEqual([{ time: 365, survival: expect.any(Number) }]);
    expect(JSON.stringify(result)).not.toMatch(/: null|NaN|Infinity/);

    const pdf = await fetch(`${api.url}/models/${posted.body.id}/report.pdf`, { headers: { authorization: `Bearer ${token}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toMatch(/^application\/pdf/);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(5_000);
  });

  it('fits a logistic model for a data manager', async () => {
    const token = world.tokens.data_manager;
    const posted = await api.request('POST', `/datasets/${lungId}/models`, {
      token,
      body: { model: 'logistic', outcome: 'dead', covariates: ['age', 'sex'] },
    });
    expect(posted.status).toBe(202);
    const model = await waitForModel(posted.body.id, token);
    expect(model.status).toBe('done');
    expect(model.result).toMatchObject({ model: 'logistic', method: 'ml', n: 227, events: 164 });
    expect(model.result.coefficients[0].term).toBe('(Intercept)');
    expect(model.result.sampleSize).toMatchObject({ outcome: 'binary', parameters: 2 });
  });

  it('records bad data as a failed model naming the row and column', async () => {
    const id = await writeDataset('y,x\n1,2\n0,three\n1,4\n');
    const token = world.tokens.statistician;
    const posted = await api.request('POST', `/datasets/${id}/models`, {
      token,
      body: { model: 'logistic', outcome: 'y', covariates: ['x'] },
    });
    expect(posted.status).toBe(202);
    const model = await waitForModel(posted.body.id, token);
    expect(model).toMatchObject({ status: 'failed', error: "row 2 (line 3), column 'x': 'three' is not a number", report: false });
    const pdf = await api.request('GET', `/models/${posted.body.id}/report.pdf`, { token });
    expect(pdf.status).toBe(409);
  });

  it('refuses site-bound and non-statistical roles', async () => {
    const body = { model: 'logistic', outcome: 'dead', covariates: ['age'] };
    for (const who of ['coordinator.LUMC', 'monitor']) {
      const r = await api.request('POST', `/datasets/${lungId}/models`, { token: world.tokens[who], body });
      expect({ who, status: r.status }).toEqual({ who, status: 403 });
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
  });

  it('refuses a bad spec with 400 and unknown columns with 422, naming them', async () => {
    const token = world.tokens.statistician;
    const mixed = await api.request('POST', `/datasets/${lungId}/models`, {
      token,
      body: { model: 'logistic', outcome: 'dead', time: 'time', covariates: ['age'] },
    });
    expect(mixed.status).toBe(400);
    expect(mixed.body.errors).toEqual([{ field: 'time', message: 'not used by logistic models' }]);
    const unknownField = await api.request('POST', `/datasets/${lungId}/models`, {
      token,
      body: { model: 'logistic', outcome: 'dead', covariates: ['age'], colour: 'red' },
    });
    expect(unknownField.status).toBe(400);
    const noColumn = await api.request('POST', `/datasets/${lungId}/models`, {
      token,
      body: { model: 'cox', time: 'time', event: 'died', covariates: ['age', 'bmi'] },
    });
    expect(noColumn.status).toBe(422);
    expect(noColumn.body.errors).toEqual([
      { field: 'event', message: "column 'died' is not in data.csv" },
      { field: 'covariates[1]', message: "column 'bmi' is not in data.csv" },
    ]);
    const body = { model: 'logistic', outcome: 'dead', covariates: ['age'] };
    expect((await api.request('POST', `/datasets/${randomUUID()}/models`, { token, body })).status).toBe(404);
    expect((await api.request('POST', `/datasets/${await writeDataset(null, 'building')}/models`, { token, body })).status).toBe(409);
    expect((await api.request('POST', `/datasets/${await writeDataset(null)}/models`, { token, body })).status).toBe(409);
  });

  it('re-queues a fit whose job Redis lost, and a superseded run cannot record its result', async () => {
    const token = world.tokens.statistician;
    const posted = await api.request('POST', `/datasets/${lungId}/models`, {
      token,
      body: { model: 'logistic', outcome: 'dead', covariates: ['age'] },
    });
    await waitForModel(posted.body.id, token);
    // Simulate a row left queued (the enqueue failed, or Redis was flushed) a while ago.
    await api.db.dataSource.query(
      `UPDATE models SET status = 'queued', result = NULL, runner = NULL, updated_at = now() - interval '1 hour' WHERE id = $1`,
      [posted.body.id],
    );
    await (await worker.context.queues.queue(QueueName.Models).getJob(`model-${posted.body.id}`))?.remove();
    expect(await reconcileModels(worker.context)).toEqual([posted.body.id]);
    expect((await waitForModel(posted.body.id, token)).status).toBe('done');

    const repo = api.db.repos.get(ModelsRepository);
    await api.db.dataSource.query(`UPDATE models SET status = 'queued', result = NULL WHERE id = $1`, [posted.body.id]);
    await repo.start(posted.body.id, 'old-run');
    await repo.start(posted.body.id, 'new-run');
    expect(await repo.complete(posted.body.id, 'old-run', { stale: true }, null)).toBe(false);
    expect(await repo.complete(posted.body.id, 'new-run', { fresh: true }, null)).toBe(true);
  });

  it('fits a formula with the dataset’s choice field as a labelled factor, with anova, as R’s coxph and rms::anova', async () => {
    const ref = JSON.parse(readFileSync(join(__dirname, '..', 'libs', 'modelling', 'reference', 'formula', 'reference.json'), 'utf8')) as {
      examples: {
        name: string;
        data: Record<string, (string | null)[]>;
        terms: string[];
        estimate: number[];
        anova: { term: string; chisq: number }[];
      }[];
    };
    const ex = ref.examples.find((e) => e.name === 'cox-breslow')!;
    const names = Object.keys(ex.data);
    const rows = ex.data[names[0]].map((_, i) => names.map((c) => ex.data[c][i] ?? '').join(','));
    const id = await writeDataset([names.join(','), ...rows].join('\n') + '\n');
    writeFileSync(
      join(dirname(datasetCsvPath(api.config.storageDir, id)), 'dictionary.csv'),
      '"Variable / Field Name","Form Name","Section Header","Field Type","Field Label","Choices, Calculations, OR Slider Labels","Field Note"\n' +
        'smoke,baseline,,radio,Smoking,"0, never | 1, former | 2, current",\n',
    );
    const token = world.tokens.statistician;
    const formula = 'Surv(time, status) ~ rcs(age, 5) + sex + smoke';
    const posted = await api.request('POST', `/datasets/${id}/models`, { token, body: { model: 'cox', formula, ties: 'breslow' } });
    expect(posted.status).toBe(202);
    const model = await waitForModel(posted.body.id, token);
    expect(model).toMatchObject({ status: 'done', report: true, spec: { model: 'cox', formula, ties: 'breslow' } });
    const result = model.result;
    expect(result.coefficients.map((c: any) => c.term)).toEqual(ex.terms);
    result.coefficients.forEach((c: any, k: number) =>
      expect(Math.abs(c.estimate - ex.estimate[k]) / Math.abs(ex.estimate[k])).toBeLessThan(1e-6),
    );
    expect(result.anova.map((a: any) => a.term)).toEqual(ex.anova.map((a) => a.term));
    result.anova.forEach((a: any, k: number) => expect(Math.abs(a.chisq - ex.anova[k].chisq) / ex.anova[k].chisq).toBeLessThan(1e-5));
    expect(result.sampleSize.parameters).toBe(7);
    expect(result.design.variables.find((v: any) => v.column === 'smoke')).toMatchObject({ levels: ['never', 'former', 'current'] });
  });

  it('refuses a formula that does not parse (400) or names a missing column (422), and a formula with covariates', async () => {
    const token = world.tokens.statistician;
    const bad = await api.request('POST', `/datasets/${lungId}/models`, { token, body: { model: 'logistic', formula: 'dead ~ age +' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'formula', message: expect.stringMatching(/expected a column name/) }]);
    const both = await api.request('POST', `/datasets/${lungId}/models`, {
      token,
      body: { model: 'logistic', formula: 'dead ~ age', covariates: ['age'] },
    });
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([{ field: 'covariates', message: 'not used with a formula (the formula names every column)' }]);
    const surv = await api.request('POST', `/datasets/${lungId}/models`, {
      token,
      body: { model: 'logistic', formula: 'Surv(time, status) ~ age' },
    });
    expect(surv.status).toBe(400);
    const missing = await api.request('POST', `/datasets/${lungId}/models`, {
      token,
      body: { model: 'cox', formula: 'Surv(time, status) ~ rcs(age, 4) + bmi + strata(site)' },
    });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([{ field: 'formula', message: "column 'bmi' is not in data.csv" }]);
  });

  it('predicts for new patients with a done model as R’s predict and survfit(fit, newdata), choice fields by code or label', async () => {
    const ref = JSON.parse(readFileSync(join(__dirname, '..', 'libs', 'modelling', 'reference', 'predict', 'reference.json'), 'utf8')) as {
      train: Record<string, (string | null)[]>;
      fresh: Record<string, (string | null)[]>;
      examples: { name: string; formula: string; lp: (number | null)[]; times: number[]; survival: (number | null)[][] }[];
    };
    const ex = ref.examples.find((e) => e.name === 'cox-breslow-choice')!;
    const names = Object.keys(ref.train);
    const rows = ref.train[names[0]].map((_, i) => names.map((c) => ref.train[c][i] ?? '').join(','));
    const id = await writeDataset([names.join(','), ...rows].join('\n') + '\n');
    writeFileSync(
      join(dirname(datasetCsvPath(api.config.storageDir, id)), 'dictionary.csv'),
      '"Variable / Field Name","Form Name","Section Header","Field Type","Field Label","Choices, Calculations, OR Slider Labels","Field Note"\n' +
        'smoke,baseline,,radio,Smoking,"0, never | 1, former | 2, current",\n',
    );
    const token = world.tokens.statistician;
    const posted = await api.request('POST', `/datasets/${id}/models`, {
      token,
      body: { model: 'cox', formula: ex.formula, ties: 'breslow' },
    });
    expect(posted.status).toBe(202);
    const early = await api.request('POST', `/models/${posted.body.id}/predict`, { token, body: { rows: [{ age: 50 }] } });
    expect([409, 200, 422]).toContain(early.status); // 409 while the fit is queued or running
    expect((await waitForModel(posted.body.id, token)).status).toBe('done');

    // New patients as the API takes them: objects; the choice field once by label (never/former/current).
    const patients = ref.fresh.age.map((_, i) => ({
      age: ref.fresh.age[i] === null ? null : Number(ref.fresh.age[i]),
      sex: ref.fresh.sex[i],
      smoke: i % 2 ? ['never', 'former', 'current'][Number(ref.fresh.smoke[i])] : ref.fresh.smoke[i],
      x: ref.fresh.x[i] === null ? null : Number(ref.fresh.x[i]),
    }));
    const r = await api.request('POST', `/models/${posted.body.id}/predict`, { token, body: { rows: patients, times: ex.times } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ model: 'cox', presented: 'fitted', times: ex.times });
    expect(r.body.means.map((m: any) => m.term)).toEqual(['age', 'sexM', 'smokeformer', 'smokecurrent', 'x']);
    r.body.rows.forEach((row: any, i: number) => {
      if (ex.lp[i] === null) return expect(row.lp).toBeNull();
      expect(Math.abs(row.lp - (ex.lp[i] as number))).toBeLessThan(1e-6);
      row.survival.forEach((s: number, k: number) => expect(Math.abs(s - (ex.survival[i][k] as number))).toBeLessThan(1e-6));
    });
    expect(r.body.warnings.join(' ')).toMatch(/beyond the last follow-up/);

    const unknown = await api.request('POST', `/models/${posted.body.id}/predict`, {
      token,
      body: { rows: [{ age: 50, sex: 'F', smoke: 'sometimes', x: 1 }] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.detail ?? unknown.body.title).toMatch(/'sometimes' is not a level/);
    const empty = await api.request('POST', `/models/${posted.body.id}/predict`, { token, body: { rows: [] } });
    expect(empty.status).toBe(400);
    const coordinator = await api.request('POST', `/models/${posted.body.id}/predict`, {
      token: world.tokens['coordinator.LUMC'],
      body: { rows: patients },
    });
    expect(coordinator.status).toBe(403);
  });

  it('presents a shrunk model on request (bootstrap calibration slope) and predicts with it; Cox results carry the Kaplan-Meier summary', async () => {
    const token = world.tokens.statistician;
    const noBootstrap = await api.request('POST', `/datasets/${lungId}/models`, {
      token,
      body: { model: 'logistic', outcome: 'dead', covariates: ['age', 'sex'], shrink: true },
    });
    expect(noBootstrap.status).toBe(400);
    expect(noBootstrap.body.errors).toEqual([{ field: 'shrink', message: expect.stringMatching(/needs bootstrap/) }]);
    const posted = await api.request('POST', `/datasets/${lungId}/models`, {
      token,
      body: { model: 'logistic', outcome: 'dead', covariates: ['age', 'sex'], bootstrap: 10, seed: 2, shrink: true },
    });
    expect(posted.status).toBe(202);
    const model = await waitForModel(posted.body.id, token);
    const slope = model.result.validation.indexes.find((ix: any) => ix.name === 'Slope').corrected;
    expect(model.result).toMatchObject({ presented: 'shrunk', shrinkage: { factor: slope, source: 'bootstrap calibration slope', B: 10 } });
    const r = await api.request('POST', `/models/${posted.body.id}/predict`, { token, body: { rows: [{ age: 60, sex: 2 }] } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ model: 'logistic', presented: 'shrunk', shrinkage: slope });
    const shrunk = model.result.shrinkage.coefficients;
    expect(r.body.rows[0].lp).toBeCloseTo(shrunk[0].estimate + 60 * shrunk[1].estimate + 2 * shrunk[2].estimate, 10);

    const cox = await api.request('POST', `/datasets/${lungId}/models`, {
      token,
      body: { model: 'cox', time: 'time', event: 'status', covariates: ['age'], times: [365, 5000], confType: 'plain' },
    });
    const coxModel = await waitForModel(cox.body.id, token);
    expect(coxModel.result.kaplanMeier).toMatchObject({ confType: 'plain', atTimes: [{ time: 365 }, { time: 5000, nRisk: 0 }] });
    expect(coxModel.result.warnings.join(' ')).toMatch(/5000 beyond the last follow-up/);
  });

  it('reports calibration at a horizon, AUC(t), Brier(t) and net benefit when the spec asks; a Cox calibration needs a horizon', async () => {
    const token = world.tokens.statistician;
    const noHorizon = await api.request('POST', `/datasets/${lungId}/models`, {
      token,
      body: { model: 'cox', time: 'time', event: 'status', covariates: ['age'], calibration: { B: 5 } },
    });
    expect(noHorizon.status).toBe(400);
    expect(noHorizon.body.errors).toEqual([{ field: 'calibration', message: expect.stringMatching(/needs a horizon/) }]);
    const badThreshold = await api.request('POST', `/datasets/${lungId}/models`, {
      token,
      body: { model: 'logistic', outcome: 'dead', covariates: ['age'], decisionCurve: { thresholds: [0.2, 1.5] } },
    });
    expect(badThreshold.status).toBe(400);
    const posted = await api.request('POST', `/datasets/${lungId}/models`, {
      token,
      body: {
        model: 'cox',
        time: 'time',
        event: 'status',
        covariates: ['age', 'sex'],
        calibration: { horizon: 365, m: 50, B: 5 },
        decisionCurve: { thresholds: [0.3, 0.5] },
      },
    });
    expect(posted.status).toBe(202);
    const model = await waitForModel(posted.body.id, token);
    expect(model.status).toBe('done');
    expect(model.result.calibration).toMatchObject({ horizon: 365, m: 50, B: 5, seed: 1 });
    expect(model.result.calibration.groups.length).toBe(4);
    expect(model.result.calibration.groups[0]).toMatchObject({
      predicted: expect.any(Number),
      apparent: expect.any(Number),
      corrected: expect.any(Number),
    });
    expect(model.result.timeDependent).toMatchObject({ horizon: 365, auc: expect.any(Number), brier: expect.any(Number) });
    expect(model.result.decisionCurve.rows.map((r: any) => r.threshold)).toEqual([0.3, 0.5]);
    expect(model.spec).toMatchObject({ calibration: { horizon: 365, m: 50, B: 5 }, decisionCurve: { thresholds: [0.3, 0.5] } });
  });

  it('answers 404 for an unknown model', async () => {
    const r = await api.request('GET', `/models/${randomUUID()}`, { token: world.tokens.statistician });
    expect(r.status).toBe(404);
  });
});
