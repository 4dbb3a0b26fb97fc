/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_STUDY, seedDemo } from '../apps/cli/src/commands/seed';
import type { WorkerProcess } from '../apps/worker/src/worker';
import { builtWeb, launchBrowser, screenshot, signIn } from './support/browser';
import { TestClock } from './support/clock';
import { startApi, type TestApi } from './support/harness';
import { waitFor } from './support/wait';
import { startTestWorker } from './support/worker';

/**
 * Issue 9's "done when": on a fresh database, `trial seed --demo` (the same seedDemo, on the test's
 * clock) leaves every panel of the console something to show once the demo's API and worker run:
 * questionnaire completion and overdue questionnaires, coordinator tasks and open queries on the
 * dashboard, messages sent and failed, a signed casebook with its PDF, an interim dataset and a fitted model.
 */
let api: TestApi;
let worker: WorkerProcess;
let browser: Browser | undefined;
let base: string;
const ADMIN = 'admin@demo.trialdata.org';
const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> => api.db.dataSource.query(query, params);

beforeAll(async () => {
  // The API bootstraps the demo's admin, as `npm run demo` does; the seed then adds everything else.
  api = await startApi({
    env: { ADMIN_EMAIL: ADMIN, ADMIN_PASSWORD: DEMO_PASSWORD, WEB_DIR: builtWeb() },
    clock: TestClock.ticking().now,
  });
  base = api.url.replace(/\/api\/v1$/, '');
  const lines: string[] = [];
  await seedDemo(api.config, api.studies, (s) => lines.push(s), { clock: api.clock });
  expect(lines.join('\n')).toMatch(/seeded 2 sites, 8 users .* and 42 synthetic participants/);
  worker = await startTestWorker(api);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await worker?.close();
  await api?.close();
});

describe('the demo seed', () => {
  it('leaves questionnaires done, due, overdue and missed, messages sent and failed, and open tasks', async () => {
    const token = await api.login(ADMIN, DEMO_PASSWORD);
    const completion = await api.request<any[]>('GET', `/studies/${DEMO_STUDY}/questionnaires/completion`, { token });
    expect(completion.status).toBe(200);
    const totals = completion.body.reduce(
      (t, r) => ({ completed: t.completed + r.completed, missed: t.missed + r.missed, open: t.open + r.open }),
      { completed: 0, missed: 0, open: 0 },
    );
    expect(totals.completed).toBeGreaterThan(0);
    expect(totals.missed).toBeGreaterThan(0);
    expect(totals.open).toBeGreaterThan(0);
    const overdue = await api.request<any[]>('GET', `/studies/${DEMO_STUDY}/questionnaires/due?status=overdue`, { token });
    expect(overdue.body.length).toBeGreaterThan(0);
    const due = await api.request<any[]>('GET', `/studies/${DEMO_STUDY}/questionnaires/due?status=due`, { token });
    expect(due.body.length).toBeGreaterThan(0);
    const tasks = await api.request<any[]>('GET', `/studies/${DEMO_STUDY}/tasks?status=open`, { token });
    expect(tasks.body.length).toBeGreaterThan(0);
    const queries = await api.request<any[]>('GET', `/studies/${DEMO_STUDY}/queries?status=open`, { token });
    expect(queries.body.length).toBeGreaterThan(0);
    const states = await sql<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM outbox_messages GROUP BY state`);
    const byState = Object.fromEntries(states.map((s) => [s.state, s.n]));
    expect(byState.sent).toBeGreaterThan(0);
    expect(byState.failed).toBeGreaterThan(0);
    // The history is dated back from the test's clock (the seed's clock), not the machine's.
    const [{ first }] = await sql<{ first: Date }>(`SELECT min(due_at) AS first FROM questionnaires WHERE status = 'completed'`);
    expect(api.clock().getTime() - new Date(first).getTime()).toBeGreaterThan(28 * 86_400_000);
  });

  it('has a verified form, a signed casebook whose PDF the worker builds, an interim dataset and a model the worker fits', async () => {
    expect((await sql(`SELECT 1 FROM sdv_verifications`)).length).toBeGreaterThan(0);
    expect((await sql(`SELECT 1 FROM signatures WHERE scope = 'casebook'`)).length).toBe(1);
    await waitFor('the casebook PDF', async () => (await sql(`SELECT 1 FROM casebooks WHERE status = 'ready'`)).length > 0, {
      timeoutMs: 300_000,
      intervalMs: 500,
    });
    await waitFor('the interim dataset', async () => (await sql(`SELECT 1 FROM datasets WHERE status = 'ready'`)).length > 0);
    const model = await waitFor(
      'the model fit',
      async () => {
        const [row] = await sql<{ status: string; error: string | null }>(`SELECT status, error FROM models`);
        return row && (row.status === 'done' || row.status === 'failed') ? row : null;
      },
      { timeoutMs: 300_000, intervalMs: 500 },
    );
    expect(model).toMatchObject({ status: 'done' });
  }, 600_000);

  it('shows every dashboard panel filled, and the datasets and models, in the console on first start', async () => {
    browser = await launchBrowser();
    // A site coordinator's dashboard: their site's completion, overdue questionnaires, tasks and queries.
    const coordinator = await signIn(browser, base, 'coordinator.lumc@demo.trialdata.org', DEMO_PASSWORD);
    await coordinator.goto(`${base}/console/${DEMO_STUDY}`);
    for (const panel of ['completion', 'overdue', 'tasks', 'queries']) {
      const section = coordinator.locator(`[data-panel="${panel}"]`);
      await section.locator('table, svg').first().waitFor();
      expect(await section.locator('.empty').count(), `${panel} panel is empty`).toBe(0);
    }
    for (const panel of ['overdue', 'tasks', 'queries'])
      expect(await coordinator.locator(`[data-panel="${panel}"] tbody tr`).count(), `${panel} rows`).toBeGreaterThan(0);
    await screenshot(coordinator, 'demo-dashboard');

    // The statistician's datasets and models: the interim dataset and the fitted model.
    const statistician = await signIn(browser, base, 'statistician@demo.trialdata.org', DEMO_PASSWORD);
    await statistician.goto(`${base}/console/${DEMO_STUDY}/datasets`);
    await statistician.locator('[data-panel="datasets"] [data-dataset]').first().waitFor();
    const model = statistician.locator('[data-panel="models"] [data-model]').first();
    await model.waitFor();
    expect((await model.innerText()).toLowerCase()).toContain('done');
    await screenshot(statistician, 'demo-datasets-models');
  }, 300_000);
});
