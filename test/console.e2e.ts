/// <reference lib="dom" />
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { WorkerProcess } from '../apps/worker/src/worker';
import { datasetCsvPath } from '@trialdata/modelling';
import { builtWeb } from './support/browser';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { PASSWORD, startApi, type TestApi } from './support/harness';
import { startTestWorker } from './support/worker';
import { waitFor } from './support/wait';

/**
 * The coordinator console (apps/web, /console) in headless Chromium, served by the API itself
 * (WEB_DIR): sign-in, the recruitment chart per visible site, participants, a participant's schedule,
 * and a statistician's model plots (calibration, Kaplan–Meier by risk group) from
 * GET /models/{id}/figures, fitted by a real worker.
 */
let api: TestApi;
let world: World;
let worker: WorkerProcess;
let browser: Browser;
let base: string;
const labels: Record<string, string[]> = { LUMC: [], HMC: [] };
let coxId: string;
let logisticId: string;

const email = (key: string) => `${key.replace('.', '-')}@test.trialdata.org`.toLowerCase();

/** R's survival::lung (as test/models.e2e.ts), written as a POTEISS dataset's data.csv. */
function lungCsv(): string {
  const ref = JSON.parse(readFileSync(join(__dirname, '..', 'libs', 'modelling', 'reference', 'cox', 'lung-efron.json'), 'utf8')) as {
    data: { time: number[]; event: number[]; X: number[][] };
  };
  const lines = ['participant,time,status,dead,age,sex,ph_ecog'];
  ref.data.time.forEach((t, i) => {
    const [age, sex, ecog] = ref.data.X[i];
    lines.push([`POTEISS-LUMC-${String(i + 1).padStart(4, '0')}`, t, ref.data.event[i] + 1, ref.data.event[i], age, sex, ecog].join(','));
  });
  return lines.join('\n') + '\n';
}

async function waitForModel(id: string, token: string): Promise<any> {
  return waitFor(`model ${id}`, async () => {
    const r = await api.request('GET', `/models/${id}`, { token });
    return r.body.status === 'done' || r.body.status === 'failed' ? r.body : null;
  });
}

beforeAll(async () => {
  api = await startApi({ env: { WEB_DIR: builtWeb() } });
  base = api.url.replace(/\/api\/v1$/, '');
  world = await setUpWorld(api);
  worker = await startTestWorker(api);

  // TEIAS: three participants at LUMC, two at HMC, enrolled over three months; some randomised.
  const def = api.studies.get('TEIAS');
  const plan: Array<[string, string, boolean]> = [
    ['LUMC', '2026-09-14T10:00:00Z', true],
    ['HMC', '2026-09-21T10:00:00Z', true],
    ['LUMC', '2026-10-05T10:00:00Z', true],
    ['LUMC', '2026-11-02T10:00:00Z', false],
    ['HMC', '2026-11-09T10:00:00Z', false],
  ];
  for (const [site, at, randomise] of plan) {
    const token = world.tokens[`coordinator.${site}`];
    const r = await api.request('POST', '/studies/TEIAS/participants', {
      token,
      body: enrolment(def, site, { contact: { email: `${site.toLowerCase()}@example.nl`, language: 'en' } }),
    });
    expect(r.status).toBe(201);
    labels[site].push(r.body.label);
    // Backdated so that the recruitment curve spans months (enrolled_at is the insert instant).
    await api.db.dataSource.query(`UPDATE participants SET enrolled_at = $2 WHERE id = $1`, [r.body.id, at]);
    if (randomise)
      expect(
        (await api.request('POST', `/participants/${r.body.id}/randomisation`, { token, body: { factors: { symptomDuration: '<6w' } } }))
          .status,
      ).toBe(201);
  }

  // POTEISS: a dataset with data.csv (registered as test/models.e2e.ts does) and two fitted models.
  const [{ id: datasetId }] = await api.db.dataSource.query(
    `INSERT INTO datasets (study_code, version, kind, reason, status, created_at) VALUES ('POTEISS', 1, 'interim', 'console e2e', 'ready', now()) RETURNING id`,
  );
  const path = datasetCsvPath(api.config.storageDir, datasetId);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, lungCsv());
  const token = world.tokens.statistician;
  const cox = await api.request('POST', `/datasets/${datasetId}/models`, {
    token,
    body: { model: 'cox', time: 'time', event: 'status', covariates: ['age', 'sex', 'ph_ecog'], times: [365] },
  });
  const logistic = await api.request('POST', `/datasets/${datasetId}/models`, {
    token,
    body: { model: 'logistic', outcome: 'dead', covariates: ['age', 'sex'] },
  });
  expect([cox.status, logistic.status]).toEqual([202, 202]);
  coxId = cox.body.id;
  logisticId = logistic.body.id;
  expect((await waitForModel(coxId, token)).status).toBe('done');
  expect((await waitForModel(logisticId, token)).status).toBe('done');

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await worker?.close();
  await api?.close();
});

async function signIn(key: string, viewport = { width: 1366, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(`${base}/console`);
  await page.getByRole('heading', { name: 'Sign in to the study console' }).waitFor();
  await page.getByLabel('Email address').fill(email(key));
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your studies' }).waitFor();
  return page;
}

async function seriesOf(page: Page, chart: string, kind: string): Promise<Array<{ key: string; d: string }>> {
  return page
    .locator(`${chart} g.series-${kind}`)
    .evaluateAll((gs) =>
      gs.map((g) => ({ key: g.getAttribute('data-series') ?? '', d: g.querySelector('path')?.getAttribute('d') ?? '' })),
    );
}

describe('the coordinator console', () => {
  it('serves the console from the API, redirects / to it, and refuses a wrong password', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Sign in to the study console' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console');
    await page.getByLabel('Email address').fill(email('monitor'));
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'not correct' }).waitFor();
    await page.close();
  });

  it('shows a monitor recruitment per site at a glance: one line and one dashed target per site, table, funnel, completion', async () => {
    const page = await signIn('monitor');
    // Three memberships: the picker lists them.
    expect(await page.locator('.study-card').count()).toBe(3);
    await page.locator('.study-card', { hasText: 'TEIAS' }).click();
    await page.locator('.recruitment-chart svg[role="img"]').waitFor();

    const chart = page.locator('.recruitment-chart svg[role="img"]');
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await chart.locator('title').textContent()).toBe('Cumulative enrolment per site');
    expect(await chart.locator('desc').textContent()).toMatch(/LUMC: 3 of 50; HMC: 2 of 50|HMC: 2 of 50; LUMC: 3 of 50/);
    const lines = await seriesOf(page, '.recruitment-chart', 'line');
    expect(lines.map((l) => l.key).sort()).toEqual(['HMC', 'LUMC']);
    // From zero at the start of September through November: four points each.
    for (const l of lines) expect(l.d.match(/[ML]/g)).toHaveLength(4);
    expect((await seriesOf(page, '.recruitment-chart', 'dashed')).map((l) => l.key).sort()).toEqual(['HMC-target', 'LUMC-target']);
    expect(await chart.locator('.axis text', { hasText: 'Sep 2026' }).count()).toBe(1);

    const rows = await page
      .locator('.recruitment-table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => (c.textContent ?? '').trim())));
    expect(rows).toEqual([
      ['HMC', '2', '1', '50', '4%'],
      ['LUMC', '3', '2', '50', '6%'],
    ]);
    expect(await page.locator('.funnel li').allTextContents()).toEqual(['Screened5', 'Eligible5 100%', 'Enrolled5 100%']);
    expect(await page.locator('[data-panel="completion"] svg[role="img"] .bar').count()).toBe(6);
    await page.locator('[data-panel="queries"]').getByText('No open queries.').waitFor();
    await page.locator('[data-panel="tasks"]').waitFor();
    // A monitor has no dataset role: no tab for it.
    expect(await page.getByRole('link', { name: 'Datasets & models' }).count()).toBe(0);
    // Every chart is labelled, with a data table alternative.
    const unlabelled = await page
      .locator('svg[role="img"]')
      .evaluateAll((svgs) => svgs.filter((s) => !s.querySelector('title')?.textContent || !s.querySelector('desc')?.textContent).length);
    expect(unlabelled).toBe(0);
    expect(await page.locator('details.data-table').count()).toBeGreaterThanOrEqual(2);

    await page.screenshot({ path: '/tmp/console.png', fullPage: true });

    // The session survives a reload (localStorage), and the dashboard fits a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.locator('.recruitment-chart svg[role="img"]').waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/console-mobile.png', fullPage: true });
    await page.close();
  });

  it('shows a site coordinator only their site, their participants, and a participant schedule', async () => {
    const page = await signIn('coordinator.LUMC');
    await page.goto(`${base}/console/TEIAS`);
    await page.locator('.recruitment-chart svg[role="img"]').waitFor();
    expect((await seriesOf(page, '.recruitment-chart', 'line')).map((l) => l.key)).toEqual(['LUMC']);
    expect(await page.locator('.recruitment-table tbody tr').count()).toBe(1);
    await page.getByText('Showing site LUMC only').waitFor();

    await page.getByRole('link', { name: 'Participants', exact: true }).click();
    await page.getByRole('heading', { name: 'Participants', level: 1 }).waitFor();
    await page.locator('table.participants tbody tr').first().waitFor();
    const shown = await page.locator('table.participants tbody th').allTextContents();
    expect(shown).toEqual([...labels.LUMC].sort());
    expect(shown.some((l) => l.includes('HMC'))).toBe(false);
    // No contact data in the list.
    expect(await page.locator('main').textContent()).not.toMatch(/@example\.nl/);

    await page.getByRole('link', { name: labels.LUMC[0] }).click();
    await page.getByRole('heading', { name: labels.LUMC[0], level: 1 }).waitFor();
    await page.locator('table.schedule tbody tr').first().waitFor();
    const events = await page.locator('table.schedule tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-event')));
    expect(events).toEqual(expect.arrayContaining(['baseline', 'week1', 'week2', 'week4', 'week10', 'week21']));
    expect(await page.locator('table.schedule tbody tr[data-event="week2"] td').nth(1).textContent()).toMatch(/–/);
    await page
      .locator('.facts')
      .getByText(/^(TEI|UC)$/)
      .waitFor();
    await page.locator('[data-panel="questionnaires"] .questionnaire').first().waitFor();
    expect(await page.locator('[data-panel="questionnaires"]').textContent()).toMatch(/Invitation/);

    // Contact details only on request (audited by the API).
    expect(await page.locator('main').textContent()).not.toMatch(/@example\.nl/);
    await page.getByRole('button', { name: 'Show contact details' }).click();
    await page.getByText('lumc@example.nl').waitFor();

    // Another site's participant is not found for this coordinator.
    const hmc = (await api.request('GET', '/studies/TEIAS/participants', { token: world.tokens.monitor })).body.find(
      (p: any) => p.siteCode === 'HMC',
    );
    await page.goto(`${base}/console/TEIAS/participants/${hmc.id}`);
    await page.getByRole('alert').waitFor();
    await page.close();
  });

  it('serves model figures to modellers only', async () => {
    const r = await api.request('GET', `/models/${coxId}/figures`, { token: world.tokens.statistician });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: coxId, model: 'cox', groupedCalibration: { time: 365 } });
    expect(r.body.riskGroups.map((g: any) => g.label)).toEqual(['low risk', 'middle risk', 'high risk']);
    expect(r.body.riskGroups.reduce((n: number, g: any) => n + g.n, 0)).toBe(227);
    expect(r.body.groupedCalibration.groups).toHaveLength(5);
    const logistic = await api.request('GET', `/models/${logisticId}/figures`, { token: world.tokens.data_manager });
    expect(logistic.status).toBe(200);
    expect(logistic.body.calibrationCurve.length).toBeGreaterThan(10);
    expect(logistic.body.calibrationCurve.length).toBeLessThanOrEqual(500);
    expect((await api.request('GET', `/models/${coxId}/figures`, { token: world.tokens.monitor })).status).toBe(403);
    expect((await api.request('GET', `/models/${coxId}/figures`, { token: world.tokens['coordinator.LUMC'] })).status).toBe(403);
  });

  it("draws a statistician's model: coefficients with ratios and CIs, calibration and Kaplan–Meier plots", async () => {
    const page = await signIn('statistician');
    await page.goto(`${base}/console/POTEISS`);
    await page.locator('.recruitment-chart, [data-panel="recruitment"] .empty').first().waitFor();
    // Overdue questionnaires are not for statisticians (403): the panel is hidden, not an error.
    await page
      .locator('[data-panel="completion"]')
      .waitFor({ state: 'attached' })
      .catch(() => undefined);
    expect(await page.locator('[data-panel="overdue"]').count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.getByRole('link', { name: 'Datasets & models' }).click();
    await page.locator('.dataset').first().waitFor();
    expect(await page.locator('.dataset').first().textContent()).toMatch(/Version 1 · Interim/);
    // The study's models are listed; each opens from its row.
    await page.locator(`tr[data-model="${coxId}"] a`).click();
    await page.locator('table.coefficients tbody tr').first().waitFor();
    const coef = await page
      .locator('table.coefficients tbody tr')
      .evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => (c.textContent ?? '').trim())));
    expect(coef.map((c) => c[0])).toEqual(['age', 'sex', 'ph_ecog']);
    expect(coef[1][3]).toBe('0.575'); // R: exp(-0.552612)
    expect(coef[1][4]).toMatch(/^0\.\d{3} – 0\.\d{3}$/);
    expect(await page.locator('thead').first().textContent()).toMatch(/Hazard ratio/);

    await page.locator('.calibration-chart svg[role="img"]').waitFor();
    expect(await page.locator('.calibration-chart svg[role="img"] title').textContent()).toBe('Calibration at time 365');
    expect(await page.locator('.calibration-chart g.series-points circle').count()).toBe(5);
    expect(await page.locator('.calibration-chart path').first().getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+L/);
    const km = await seriesOf(page, '.km-chart', 'step');
    expect(km.map((s) => s.key)).toEqual(['low risk', 'middle risk', 'high risk']);
    for (const s of km) expect(s.d.length).toBeGreaterThan(100);
    expect(await page.locator('.km-chart svg[role="img"] desc').textContent()).toMatch(/thirds of the linear predictor/);
    await page.screenshot({ path: '/tmp/console-model.png', fullPage: true });

    // The logistic model: a lowess calibration curve, and no Kaplan–Meier panel.
    await page.goto(`${base}/console/POTEISS/models/${logisticId}`);
    await page.locator('.calibration-chart svg[role="img"]').waitFor();
    expect(await page.locator('.calibration-chart svg[role="img"] title').textContent()).toBe('Calibration curve');
    expect((await seriesOf(page, '.calibration-chart', 'line'))[0].d.split('L').length).toBeGreaterThan(10);
    expect(await page.locator('.km-chart').count()).toBe(0);
    expect(await page.locator('table.coefficients thead').textContent()).toMatch(/Odds ratio/);

    // An unknown model id is a clear error.
    await page.goto(`${base}/console/POTEISS/models/00000000-0000-4000-8000-000000000000`);
    await page.getByRole('alert').filter({ hasText: 'No model with this id' }).waitFor();
    await page.close();
  });
});
