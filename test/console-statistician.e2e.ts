/// <reference lib="dom" />
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { WorkerProcess } from '../apps/worker/src/worker';
import { REDCAP_HEADER, csvLine, datasetDir } from '@trialdata/datasets';
import { TEIAS } from '@trialdata/protocol';
import { builtWeb, DESKTOP, expectAccessible, launchBrowser, screenshot, signIn } from './support/browser';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { PASSWORD, startApi, type TestApi } from './support/harness';
import { startTestWorker } from './support/worker';
import { waitFor } from './support/wait';

/**
 * The statistician in the console (issue 12 item 4): the datasets page shows each version's manifest
 * hash and downloads the whole dataset as one zip whose load.R finds its files (R runs it when the
 * machine has Rscript); the model builder fits a model picked from the dictionary's labels, the
 * fit's progress shows while the worker runs it, and the result page names terms by their labels.
 */
let api: TestApi;
let world: World;
let worker: WorkerProcess;
let browser: Browser;
let base: string;
let interimId = '';
let interimSha = '';
let modelDatasetId = '';
const work = mkdtempSync(join(tmpdir(), 'trialdata-statistician-'));
const STATISTICIAN = 'statistician@test.trialdata.org';

/** R's survival::lung (complete rows) as a data.csv with a 0/1 outcome, and a dictionary naming its columns. */
function lungFiles(): { data: string; dictionary: string } {
  const ref = JSON.parse(readFileSync(join(__dirname, '..', 'libs', 'modelling', 'reference', 'cox', 'lung-efron.json'), 'utf8')) as {
    data: { time: number[]; event: number[]; X: number[][] };
  };
  const lines = ['participant,time,status,dead,age,sex,ph_ecog'];
  ref.data.time.forEach((t, i) => {
    const [age, sex, ecog] = ref.data.X[i];
    lines.push([`TEIAS-LUMC-${String(i + 1).padStart(4, '0')}`, t, ref.data.event[i] + 1, ref.data.event[i], age, sex, ecog].join(','));
  });
  const row = (name: string, label: string, type: string, validation = '') => {
    const r: string[] = REDCAP_HEADER.map(() => '');
    r[0] = name;
    r[1] = 'followup';
    r[3] = type;
    r[4] = label;
    r[7] = validation;
    return csvLine(r);
  };
  const dictionary =
    csvLine(REDCAP_HEADER) +
    row('participant', 'Participant label', 'text') +
    row('time', 'Days of follow-up', 'text', 'integer') +
    row('status', 'Status at last contact', 'text', 'integer') +
    row('dead', 'Died during follow-up', 'yesno') +
    row('age', 'Age at entry (years)', 'text', 'integer') +
    row('sex', 'Sex (1 male, 2 female)', 'text', 'integer') +
    row('ph_ecog', 'ECOG performance score', 'text', 'integer');
  return { data: lines.join('\n') + '\n', dictionary };
}

beforeAll(async () => {
  api = await startApi({ env: { WEB_DIR: builtWeb() } });
  base = api.url.replace(/\/api\/v1$/, '');
  world = await setUpWorld(api);
  worker = await startTestWorker(api);
  for (const site of ['LUMC', 'HMC']) {
    const r = await api.request('POST', '/studies/TEIAS/participants', {
      token: world.tokens[`coordinator.${site}`],
      body: enrolment(TEIAS, site),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  // An interim snapshot built by the real worker: its zip is what the statistician downloads.
  const snap = await api.request<any>('POST', '/studies/TEIAS/datasets', {
    token: world.tokens.statistician,
    body: { kind: 'interim', reason: 'Statistical analysis plan dry run' },
  });
  expect(snap.status, JSON.stringify(snap.body)).toBe(201);
  interimId = snap.body.id;
  const ready = await waitFor('the interim dataset to be built', async () => {
    const list = await api.request<any[]>('GET', '/studies/TEIAS/datasets', { token: world.tokens.statistician });
    const d = list.body.find((x) => x.id === interimId);
    if (d?.status === 'failed') throw new Error(`dataset build failed: ${d.error}`);
    return d?.status === 'ready' ? d : null;
  });
  interimSha = ready.sha256;

  // A second, larger dataset to model on (R's lung data), registered where the datasets capability keeps its files.
  const [{ id }] = await api.db.dataSource.query(
    `INSERT INTO datasets (study_code, version, kind, reason, status, created_at)
     SELECT 'TEIAS', coalesce(max(version), 0) + 1, 'interim', 'lung data for the model builder', 'ready', now() FROM datasets WHERE study_code = 'TEIAS'
     RETURNING id`,
  );
  modelDatasetId = id;
  const dir = datasetDir(api.config.storageDir, id);
  mkdirSync(dir, { recursive: true });
  const files = lungFiles();
  writeFileSync(join(dir, 'data.csv'), files.data);
  writeFileSync(join(dir, 'dictionary.csv'), files.dictionary);
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await worker?.close();
  await api?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('statistician in the console', () => {
  it('downloads a whole dataset as a zip whose load.R finds its files', async () => {
    const page = await signIn(browser, base, STATISTICIAN, PASSWORD, DESKTOP);
    await page.goto(`${base}/console/TEIAS`);
    await page.getByRole('navigation').getByRole('link', { name: 'Datasets & models' }).click();
    await page.getByRole('heading', { level: 1, name: 'Datasets & models' }).waitFor();
    const item = page.locator(`[data-dataset="${interimId}"]`);
    await item.getByText(interimSha).waitFor(); // the manifest hash
    await expectAccessible(page, 'datasets page (statistician)');
    await screenshot(page, 'console-datasets-statistician');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      item.getByRole('button', { name: /^Download version \d+ \(zip\)$/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^TEIAS-v\d+\.zip$/);
    const zipPath = join(work, download.suggestedFilename());
    await download.saveAs(zipPath);
    const out = join(work, 'unzipped');
    execFileSync('unzip', ['-q', zipPath, '-d', out]);
    const [folder] = readdirSync(out);
    expect(folder).toMatch(/^TEIAS-v\d+$/);
    const dir = join(out, folder);
    const names = readdirSync(dir).sort();
    for (const f of ['data.csv', 'data-long.csv', 'dictionary.csv', 'odm.xml', 'load.R', 'load.do', 'load.sps', 'audit.csv', 'SHA256SUMS'])
      expect(names).toContain(f);
    // The loaders name the files as they are in the folder (no renamed copies).
    const loadR = readFileSync(join(dir, 'load.R'), 'utf8');
    expect(loadR).toContain('"data.csv"');
    for (const script of ['load.R', 'load.do', 'load.sps']) {
      const text = readFileSync(join(dir, script), 'utf8');
      const read = [...text.matchAll(/["']([\w-]+\.csv)["']/g)].map((m) => m[1]);
      expect(read.length, `${script} reads a csv`).toBeGreaterThan(0);
      for (const f of read) expect(names, `${script} reads ${f}`).toContain(f);
    }
    // SHA256SUMS is the manifest: its hash is the dataset's, and every line matches its file.
    const sums = readFileSync(join(dir, 'SHA256SUMS'));
    expect(createHash('sha256').update(sums).digest('hex')).toBe(interimSha);
    for (const line of sums.toString('utf8').trim().split('\n')) {
      const [hash, name] = line.split('  ');
      expect(
        createHash('sha256')
          .update(readFileSync(join(dir, name)))
          .digest('hex'),
      ).toBe(hash);
    }
    const audit = await api.db.dataSource.query(
      `SELECT field FROM audit_log WHERE action = 'download' AND entity = 'dataset' AND entity_id = $1`,
      [interimId],
    );
    expect(audit.map((r: { field: string }) => r.field)).toContain('zip');

    const rscript = spawnSync('Rscript', ['--version']);
    if (rscript.error || rscript.status !== 0) {
      console.warn('Rscript is not installed on this machine: load.R was not run (only its file names were checked)');
    } else {
      const r = spawnSync('Rscript', ['-e', 'source("load.R"); cat("ROWS", nrow(data), "\\n")'], { cwd: dir, encoding: 'utf8' });
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/ROWS 2\b/);
    }
    await page.context().close();
  });

  it('fits a model from the builder, with labels from the dictionary and the progress shown', async () => {
    const page = await signIn(browser, base, STATISTICIAN, PASSWORD, DESKTOP);
    await page.goto(`${base}/console/TEIAS/datasets`);
    await page.getByRole('link', { name: 'Build a model' }).click();
    await page.getByRole('heading', { level: 1, name: 'Model builder' }).waitFor();
    await page.getByLabel('Dataset').selectOption(modelDatasetId);
    await page.getByRole('radio', { name: 'Logistic regression' }).check();
    await page.getByLabel('Outcome').selectOption({ label: 'Died during follow-up (dead)' });
    // Nothing chosen yet: the refusal is tied to the covariates.
    await page.getByRole('button', { name: 'Fit model' }).click();
    await page.getByText('Choose at least one covariate.').waitFor();
    expect(await page.getByRole('group', { name: 'Covariates from the dictionary' }).getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('checkbox', { name: /Age at entry \(years\)/ }).check();
    await page.getByRole('checkbox', { name: /Sex \(1 male, 2 female\)/ }).check();
    await page.getByLabel('Bootstrap replicates (optional)').fill('100');
    await page.getByLabel('Seed (optional)').fill('7');
    await expectAccessible(page, 'model builder (statistician)');
    await screenshot(page, 'console-model-builder');
    await page.getByRole('button', { name: 'Fit model' }).click();

    // The model page opens at once, before the worker is done: a progress bar shows the fit running.
    await page.waitForURL(/\/console\/TEIAS\/models\/[0-9a-f-]{36}$/);
    const modelId = page.url().split('/').pop()!;
    await page.getByRole('progressbar', { name: 'Fit progress' }).waitFor();
    await expectAccessible(page, 'model page while fitting');
    await page.getByRole('heading', { name: 'Coefficients' }).waitFor({ timeout: 120_000 });
    const table = page.locator('table.coefficients');
    await table.getByRole('rowheader', { name: /Age at entry \(years\)/ }).waitFor();
    await table.getByRole('rowheader', { name: /Sex \(1 male, 2 female\)/ }).waitFor();
    await page.getByText('Outcome: Died during follow-up').waitFor();
    await page.getByRole('heading', { name: /Internal validation \(bootstrap, B = 100\)/ }).waitFor();
    await page.getByRole('button', { name: 'Download PDF report' }).waitFor();
    await expectAccessible(page, 'model result (statistician)');
    await screenshot(page, 'console-model-result');
    const [report] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PDF report' }).click()]);
    const pdfPath = join(work, 'report.pdf');
    await report.saveAs(pdfPath);
    expect(readFileSync(pdfPath).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const model = await api.request<any>('GET', `/models/${modelId}`, { token: world.tokens.statistician });
    expect(model.body.status).toBe('done');
    expect(model.body.spec).toMatchObject({ model: 'logistic', outcome: 'dead', covariates: ['age', 'sex'], bootstrap: 100, seed: 7 });

    // The list of models on the datasets page shows it, done.
    await page.getByRole('link', { name: 'Datasets & models' }).first().click();
    const row = page.locator(`[data-model="${modelId}"]`);
    await row.getByText('Done').waitFor();
    await expect.poll(() => row.getByRole('link').textContent()).toBe('dead ~ age + sex');
    await page.context().close();
  });
});
