/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { TEIAS } from '@trialdata/protocol';
import { builtWeb, DESKTOP, expectAccessible, launchBrowser, PHONE, screenshot, signIn } from './support/browser';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { PASSWORD, startApi, type TestApi } from './support/harness';
import { waitFor } from './support/wait';

/**
 * Queries in the console (issue 10): a monitor's query on a field, answered by the site's coordinator
 * in the thread on the queries page, closed by the monitor there and reopened in Dutch; the page's
 * status filter; a coordinator is offered no "Close query" and the API refuses it. Results are
 * checked through the API and the audit trail.
 */
let api: TestApi;
let world: World;
let browser: Browser;
let base: string;
let participantId: string;
let label: string;
let queryId: string;
const userIds: Record<string, string> = {};

const email = (key: string) => `${key.replace('.', '-')}@test.trialdata.org`.toLowerCase();
const query = async () =>
  (await api.request<any[]>('GET', `/participants/${participantId}/queries`, { token: world.tokens.monitor })).body.find(
    (q) => q.id === queryId,
  );
const queryAudit = async () =>
  (await api.request<any[]>('GET', `/participants/${participantId}/audit`, { token: world.tokens.data_manager })).body.filter(
    (a) => a.entity === 'query' && a.field === 'weight',
  );

async function openQueriesPage(page: Page): Promise<void> {
  await page
    .getByRole('navigation')
    .getByRole('link', { name: /^Queries/ })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Queries' }).waitFor();
  await page.getByRole('table').waitFor();
}

beforeAll(async () => {
  api = await startApi({ env: { WEB_DIR: builtWeb() } });
  base = api.url.replace(/\/api\/v1$/, '');
  world = await setUpWorld(api);
  for (const key of ['monitor', 'coordinator.LUMC'])
    userIds[key] = (await api.request('GET', '/me', { token: world.tokens[key] })).body.id as string;

  const r = await api.request('POST', '/studies/TEIAS/participants', {
    token: world.tokens['coordinator.LUMC'],
    body: enrolment(TEIAS, 'LUMC'),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  participantId = r.body.id;
  label = r.body.label;
  const saved = await api.request('PUT', `/participants/${participantId}/events/enrolment/forms/demographics`, {
    token: world.tokens['coordinator.LUMC'],
    body: {
      values: { birth_year: enrolment(TEIAS, 'LUMC').birthYear, sex: 1, height: 172, weight: 70.5, smoking: 1, work: 1, workload: 1 },
    },
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);

  // The monitor raises the query (through the API: the field page's thread is the CRF helper's).
  const opened = await api.request('POST', `/participants/${participantId}/queries`, {
    token: world.tokens.monitor,
    body: { eventId: 'enrolment', formId: 'demographics', field: 'weight', text: 'Weight differs from the clinic letter (68 kg)' },
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  queryId = opened.body.id;
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

describe('queries in the console', () => {
  it('lets the coordinator answer the query in its thread, with no way to close it', async () => {
    const page = await signIn(browser, `${base}`, email('coordinator.LUMC'), PASSWORD, DESKTOP);
    await page.goto(`${base}/console/TEIAS`);
    // The nav tab carries the open count.
    await expect
      .poll(() =>
        page
          .getByRole('navigation')
          .getByRole('link', { name: /^Queries/ })
          .textContent(),
      )
      .toMatch(/1/);
    await openQueriesPage(page);

    const row = page.locator('tr[data-query]').filter({ hasText: label });
    await expect.poll(() => row.count()).toBe(1);
    const link = row.getByRole('link', { name: new RegExp(label) });
    expect(await link.getAttribute('href')).toBe(
      `/console/TEIAS/participants/${participantId}/forms/enrolment/demographics/1#field-weight`,
    );
    await row.getByRole('button', { name: /Show thread/ }).click();
    const thread = page.getByRole('group', { name: /Queries on/ });
    await thread.getByText('Weight differs from the clinic letter (68 kg)').waitFor();
    await thread.getByText('monitor', { exact: true }).waitFor();
    expect(await thread.getByRole('button', { name: 'Close query' }).count()).toBe(0);
    expect(await thread.getByRole('button', { name: 'Raise query' }).count()).toBe(0);
    await expectAccessible(page, 'queries page with a thread (coordinator, desktop)');

    // An empty answer is refused in place.
    await thread.getByRole('button', { name: 'Answer' }).click();
    const box = thread.getByLabel(/Your answer/);
    await expect.poll(() => box.getAttribute('aria-invalid')).toBe('true');

    await box.fill('Corrected from the source document: 68 kg');
    await thread.getByRole('button', { name: 'Answer' }).click();
    await thread.getByText('Corrected from the source document: 68 kg').waitFor();
    await waitFor('the answer', async () => (await query())?.status === 'answered');
    const answer = (await queryAudit()).find((a) => a.action === 'answer');
    expect(answer).toMatchObject({ userId: userIds['coordinator.LUMC'], field: 'weight', to: { status: 'answered' } });
    await screenshot(page, 'console-queries-coordinator');

    // The API refuses a coordinator's close as well.
    const refused = await api.request('POST', `/participants/${participantId}/queries/${queryId}/close`, {
      token: world.tokens['coordinator.LUMC'],
      body: {},
    });
    expect(refused.status).toBe(403);
    await page.context().close();
  });

  it('lets the monitor filter by status and close the answered query, on a phone', async () => {
    const page = await signIn(browser, base, email('monitor'), PASSWORD, PHONE);
    await page.goto(`${base}/console/TEIAS/queries`);
    await page.getByRole('heading', { level: 1, name: 'Queries' }).waitFor();
    const status = page.getByLabel('Status');
    await status.selectOption('open');
    await page.getByText('No queries match.').waitFor();
    await status.selectOption('answered');
    const row = page.locator('tr[data-query]').filter({ hasText: label });
    await expect.poll(() => row.count()).toBe(1);
    await expectAccessible(page, 'queries page filtered (monitor, phone)');

    await row.getByRole('button', { name: /Show thread/ }).click();
    const thread = page.getByRole('group', { name: /Queries on/ });
    await thread.getByText('Corrected from the source document: 68 kg').waitFor();
    expect(await thread.getByRole('button', { name: 'Answer' }).count()).toBe(0);
    await thread.getByLabel(/^Message/).fill('Thank you, matches the source');
    await thread.getByRole('button', { name: 'Close query' }).click();
    await waitFor('the close', async () => (await query())?.status === 'closed');
    // The answered filter no longer shows it; the closed filter does.
    await page.getByText('No queries match.').waitFor();
    await status.selectOption('closed');
    await expect.poll(() => page.locator('tr[data-query]').filter({ hasText: label }).count()).toBe(1);
    await expectAccessible(page, 'queries page, closed (monitor, phone)');
    await screenshot(page, 'console-queries-monitor-phone');

    const rows = await queryAudit();
    expect(rows.map((a) => a.action)).toEqual(['open', 'answer', 'close']);
    expect(rows[2]).toMatchObject({ userId: userIds.monitor, to: { status: 'closed', text: 'Thank you, matches the source' } });
    expect((await query()).messages.map((m: { kind: string; userName: string | null }) => [m.kind, m.userName])).toEqual([
      ['open', 'monitor'],
      ['answer', 'coordinator.LUMC'],
      ['close', 'monitor'],
    ]);
    await page.context().close();
  });

  it('opens the form at the queried field from the queries page: scrolled to, focused, its thread open (phone)', async () => {
    const page = await signIn(browser, base, email('coordinator.LUMC'), PASSWORD, PHONE);
    await page.goto(`${base}/console/TEIAS/queries`);
    await page.getByRole('heading', { level: 1, name: 'Queries' }).waitFor();
    expect(await page.title()).toBe('Queries · TEIAS · trialdata');
    const row = page.locator('tr[data-query]').filter({ hasText: label });
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('link', { name: new RegExp(label) }).click();
    await page.waitForURL(/\/forms\/enrolment\/demographics\/1#field-weight$/);
    const weight = page.locator('#field-weight');
    await weight.waitFor();
    // The field's control has the focus, is on screen (the form is taller than a phone), and its thread is open.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('f-weight');
    const seen = await page.evaluate(() => {
      const r = document.getElementById('field-weight')!.getBoundingClientRect();
      return { top: r.top, bottom: r.top + 40, height: window.innerHeight, scrolled: window.scrollY, page: document.body.scrollHeight };
    });
    expect(seen.top).toBeGreaterThanOrEqual(0);
    expect(seen.bottom).toBeLessThanOrEqual(seen.height);
    if (seen.page > seen.height * 1.5) expect(seen.scrolled).toBeGreaterThan(0);
    await weight.getByText('Weight differs from the clinic letter (68 kg)').waitFor();
    await expect.poll(() => page.title()).toMatch(/ · TEIAS-LUMC-\d{4} · trialdata$/);
    await expectAccessible(page, 'form opened at a queried field (coordinator, phone)');
    await screenshot(page, 'console-queries-field-link-phone');
    await page.context().close();
  });

  it('reopens the query in Dutch ("Query heropenen")', async () => {
    const page = await signIn(browser, base, email('monitor'), PASSWORD, DESKTOP);
    await page.goto(`${base}/console/TEIAS/queries`);
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await page.getByRole('heading', { level: 1, name: 'Queries' }).waitFor();
    const row = page.locator('tr[data-query]').filter({ hasText: label });
    await row.getByRole('button', { name: /Berichten tonen/ }).click();
    const thread = page.getByRole('group', { name: /Queries over/ });
    await thread.getByRole('button', { name: 'Query heropenen' }).click();
    await thread.getByText('Schrijf eerst een bericht.').waitFor();
    await thread.getByLabel(/^Bericht/).fill('Pagina 2 wijkt nog af');
    await thread.getByRole('button', { name: 'Query heropenen' }).click();
    await waitFor('the reopen', async () => (await query())?.status === 'open');
    await thread.getByRole('button', { name: 'Query sluiten' }).waitFor();
    await expect
      .poll(() =>
        page
          .getByRole('navigation')
          .getByRole('link', { name: /^Queries/ })
          .textContent(),
      )
      .toMatch(/1/);
    await expectAccessible(page, 'queries page in Dutch (monitor, desktop)');
    await screenshot(page, 'console-queries-dutch');
    expect((await queryAudit()).map((a) => a.action)).toEqual(['open', 'answer', 'close', 'reopen']);
    await page.context().close();
  });
});
