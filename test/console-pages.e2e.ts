/// <reference lib="dom" />
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { WorkerProcess } from '../apps/worker/src/worker';
import { datasetCsvPath } from '@trialdata/modelling';
import { TEIAS } from '@trialdata/protocol';
import { builtWeb, DESKTOP, expectAccessible, launchBrowser, PHONE, screenshot, signIn } from './support/browser';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { PASSWORD, startApi, type TestApi } from './support/harness';
import { waitFor } from './support/wait';
import { startTestWorker } from './support/worker';

/**
 * Issue 10's "done when": every console page passes axe-core with no serious or critical violation at
 * 360 px and 1280 px, and the tests leave a screenshot of each (storage/screenshots, not committed).
 * Each page is opened by a role that may open it: sign-in, the studies list, dashboard, participants, a
 * participant, enrolment, randomisation (both steps), a case report form, queries and tasks (site
 * coordinator); review (monitor); lock (data manager, who does not lock); datasets and a fitted model
 * (statistician). Every page has its own window title, and none scrolls sideways as a whole.
 */
let api: TestApi;
let world: World;
let worker: WorkerProcess;
let browser: Browser;
let base: string;
let followed: { id: string; label: string };
let waiting: { id: string; label: string };
let modelId: string;

const email = (key: string) => `${key.replace('.', '-')}@test.trialdata.org`.toLowerCase();
const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> => api.db.dataSource.query(query, params);

/** R's survival::lung (as test/models.e2e.ts), a POTEISS dataset's data.csv for one fitted model. */
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

async function enrol(randomise: boolean): Promise<{ id: string; label: string }> {
  const token = world.tokens['coordinator.LUMC'];
  const r = await api.request('POST', '/studies/TEIAS/participants', {
    token,
    body: enrolment(TEIAS, 'LUMC', { contact: { email: 'patient@example.nl', language: 'en' } }),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  if (randomise) {
    const factor = TEIAS.randomisation!.factors[0];
    const rand = await api.request('POST', `/participants/${r.body.id}/randomisation`, {
      token,
      body: { factors: { [factor.id]: factor.options[0] } },
    });
    expect(rand.status, JSON.stringify(rand.body)).toBe(201);
  }
  return { id: r.body.id, label: r.body.label };
}

beforeAll(async () => {
  api = await startApi({ env: { WEB_DIR: builtWeb() } });
  base = api.url.replace(/\/api\/v1$/, '');
  world = await setUpWorld(api);
  worker = await startTestWorker(api);

  // TEIAS: one randomised participant with a saved form, a query on it and a coordinator task; one waiting to be randomised.
  followed = await enrol(true);
  waiting = await enrol(false);
  const saved = await api.request('PUT', `/participants/${followed.id}/events/enrolment/forms/demographics`, {
    token: world.tokens['coordinator.LUMC'],
    body: {
      values: { birth_year: enrolment(TEIAS, 'LUMC').birthYear, sex: 1, height: 172, weight: 70.5, smoking: 1, work: 1, workload: 1 },
    },
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const query = await api.request('POST', `/participants/${followed.id}/queries`, {
    token: world.tokens.monitor,
    body: { eventId: 'enrolment', formId: 'demographics', field: 'weight', text: 'Weight differs from the clinic letter (68 kg)' },
  });
  expect(query.status, JSON.stringify(query.body)).toBe(201);
  // A task as the worker makes it two days before a window closes (as test/console-followup.e2e.ts does).
  const questionnaires = await api.request('GET', `/participants/${followed.id}/questionnaires`, {
    token: world.tokens['coordinator.LUMC'],
  });
  const baseline = questionnaires.body.find((q: { eventId: string }) => q.eventId === 'baseline');
  const [message] = await sql(`SELECT id FROM outbox_messages WHERE questionnaire_id = $1 AND kind = 'coordinator_task'`, [baseline.id]);
  const [{ site_id }] = await sql(`SELECT site_id FROM participants WHERE id = $1`, [followed.id]);
  await sql(
    `INSERT INTO coordinator_tasks (message_id, questionnaire_id, participant_id, study_code, site_id, created_at)
     VALUES ($1, $2, $3, 'TEIAS', $4, $5)`,
    [message.id, baseline.id, followed.id, site_id, api.clock().toISOString()],
  );

  // POTEISS: a dataset registered as test/models.e2e.ts does, and one logistic model fitted by the worker.
  const [{ id: datasetId }] = await sql(
    `INSERT INTO datasets (study_code, version, kind, reason, status, created_at) VALUES ('POTEISS', 1, 'interim', 'console pages e2e', 'ready', now()) RETURNING id`,
  );
  const path = datasetCsvPath(api.config.storageDir, datasetId);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, lungCsv());
  const posted = await api.request('POST', `/datasets/${datasetId}/models`, {
    token: world.tokens.statistician,
    body: { model: 'logistic', outcome: 'dead', covariates: ['age', 'sex'] },
  });
  expect(posted.status, JSON.stringify(posted.body)).toBe(202);
  modelId = posted.body.id;
  const fitted = await waitFor('the model fit', async () => {
    const r = await api.request('GET', `/models/${modelId}`, { token: world.tokens.statistician });
    return r.body.status === 'done' || r.body.status === 'failed' ? r.body : null;
  });
  expect(fitted.status, JSON.stringify(fitted.error ?? '')).toBe('done');
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await worker?.close();
  await api?.close();
});

/**
 * Once the page is ready: its window title names it, axe-core finds no serious or critical
 * violation, the page as a whole does not scroll sideways, and a screenshot is kept.
 */
async function check(page: Page, name: string, title: string | RegExp, size: string): Promise<void> {
  if (typeof title === 'string') await expect.poll(() => page.title()).toBe(title);
  else await expect.poll(() => page.title()).toMatch(title);
  await expectAccessible(page, `${name} (${size})`);
  // What sticks out of the page (not out of a scroller of its own, such as a wide table's region), named when it fails.
  const wide = await page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return [];
    return Array.from(document.querySelectorAll('body *'))
      .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1)
      .filter((e) => {
        for (let p = e.parentElement; p && p !== document.body; p = p.parentElement)
          if (getComputedStyle(p).overflowX !== 'visible') return false;
        return true;
      })
      .slice(0, 8)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} (right edge ${Math.round(e.getBoundingClientRect().right)} px)`);
  });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} (${size}) scrolls sideways: ${wide.join(', ')}`).toBeLessThanOrEqual(0);
  await screenshot(page, `page-${name}-${size}`);
}

for (const [size, viewport] of [
  ['360', PHONE],
  ['1280', DESKTOP],
] as const) {
  describe(`every console page at ${size} px`, () => {
    it('the sign-in page', async () => {
      const page = await (await browser.newContext({ viewport })).newPage();
      await page.goto(`${base}/console`);
      await page.getByRole('heading', { name: 'Sign in to the study console', level: 1 }).waitFor();
      await check(page, 'sign-in', 'Sign in · trialdata', size);
      await page.context().close();
    });

    it('site coordinator: studies, dashboard, participants, participant, enrolment, randomisation, a form, queries, tasks', async () => {
      const page = await signIn(browser, base, email('coordinator.LUMC'), PASSWORD, viewport);
      await page.getByRole('heading', { name: 'Your studies', level: 1 }).waitFor();
      await check(page, 'studies', 'trialdata console', size);

      await page.goto(`${base}/console/TEIAS`);
      await page.locator('.recruitment-chart svg[role="img"], [data-panel="recruitment"] .empty').first().waitFor();
      await page.locator('[data-panel="completion"] figure, [data-panel="completion"] .empty').first().waitFor();
      await page.locator('[data-panel="queries"] table, [data-panel="queries"] .empty').first().waitFor();
      await check(page, 'dashboard', 'Dashboard · TEIAS · trialdata', size);

      // The dashboard offers enrolment to site staff.
      await page.getByRole('main').getByRole('link', { name: 'Enrol participant' }).click();
      await page.getByRole('heading', { name: 'Enrol participant', level: 1 }).waitFor();
      await page.getByRole('group', { name: TEIAS.eligibility[0].text, exact: true }).waitFor();
      await check(page, 'enrol', 'Enrol participant · TEIAS · trialdata', size);

      await page.goto(`${base}/console/TEIAS/participants`);
      await page.locator('table.participants tbody tr').first().waitFor();
      await check(page, 'participants', 'Participants · TEIAS · trialdata', size);

      await page.goto(`${base}/console/TEIAS/participants/${followed.id}`);
      await page.getByRole('heading', { name: followed.label, level: 1 }).waitFor();
      await page.locator('table.schedule tbody tr').first().waitFor();
      await page.getByRole('heading', { name: 'Questionnaires and messages' }).waitFor();
      // The schedule is read without scrolling sideways, on a phone as on a desktop.
      const schedule = page.locator('table.schedule').locator('xpath=..');
      expect(await schedule.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
      await check(page, 'participant', 'Participant · TEIAS · trialdata', size);

      await page.goto(`${base}/console/TEIAS/participants/${waiting.id}`);
      await page.getByRole('button', { name: 'Randomise', exact: true }).click();
      const factor = TEIAS.randomisation!.factors[0];
      await page.getByRole('group', { name: factor.label, exact: true }).waitFor();
      await check(page, 'randomise-factors', 'Participant · TEIAS · trialdata', size);
      await page.getByRole('group', { name: factor.label, exact: true }).getByLabel('< 6 weeks').check();
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await page.getByRole('button', { name: 'Confirm randomisation' }).waitFor();
      await check(page, 'randomise-summary', 'Participant · TEIAS · trialdata', size);

      await page.goto(`${base}/console/TEIAS/participants/${followed.id}/forms/enrolment/demographics/1`);
      const form = TEIAS.forms.find((f) => f.id === 'demographics')!;
      await page.getByRole('heading', { name: form.title, level: 1 }).waitFor();
      await page.locator('#field-weight').waitFor();
      await check(page, 'form', `${form.title} · ${followed.label} · trialdata`, size);

      await page.goto(`${base}/console/TEIAS/queries`);
      await page.getByRole('heading', { name: 'Queries', level: 1 }).waitFor();
      await page.locator('tr[data-query]').first().waitFor();
      await check(page, 'queries', 'Queries · TEIAS · trialdata', size);

      await page.goto(`${base}/console/TEIAS/tasks`);
      await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
      await page.locator('[data-panel="tasks"] ul.tasks > li').first().waitFor();
      await check(page, 'tasks', 'Tasks · TEIAS · trialdata', size);

      // Titles follow the language.
      await page.getByRole('button', { name: 'Nederlands' }).first().click();
      await page.getByRole('heading', { name: 'Taken', level: 1 }).waitFor();
      await check(page, 'tasks-nl', 'Taken · TEIAS · trialdata', size);
      await page.getByRole('button', { name: 'English' }).first().click();
      await page.context().close();
    });

    it('monitor: review (and no enrolment offered on the dashboard)', async () => {
      const page = await signIn(browser, base, email('monitor'), PASSWORD, viewport);
      await page.goto(`${base}/console/TEIAS`);
      await page.locator('[data-panel="recruitment"]').waitFor();
      expect(await page.getByRole('link', { name: 'Enrol participant' }).count()).toBe(0);
      await page.goto(`${base}/console/TEIAS/review`);
      await page.getByRole('heading', { name: 'Review', level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'Progress per site' }).waitFor();
      await check(page, 'review', 'Review · TEIAS · trialdata', size);
      await page.context().close();
    });

    it('data manager: the lock page with its checklist (without locking)', async () => {
      const page = await signIn(browser, base, email('data_manager'), PASSWORD, viewport);
      await page.goto(`${base}/console/TEIAS/lock`);
      await page.getByRole('heading', { name: 'Database lock', level: 1 }).waitFor();
      await page.locator('ul.checklist > li').first().waitFor();
      await check(page, 'lock', 'Database lock · TEIAS · trialdata', size);
      await page.context().close();
    });

    it('statistician: datasets and a fitted model', async () => {
      const page = await signIn(browser, base, email('statistician'), PASSWORD, viewport);
      await page.goto(`${base}/console/POTEISS/datasets`);
      await page.locator('.dataset').first().waitFor();
      await check(page, 'datasets', 'Datasets & models · POTEISS · trialdata', size);
      await page.goto(`${base}/console/POTEISS/models/${modelId}`);
      await page.getByRole('heading', { name: 'dead ~ age + sex', level: 1 }).waitFor();
      await page.locator('.calibration-chart').first().waitFor();
      await check(page, 'model', 'Model · POTEISS · trialdata', size);
      await page.context().close();
    });
  });
}
