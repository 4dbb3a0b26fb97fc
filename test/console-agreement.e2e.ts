/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { builtWeb, DESKTOP, expectAccessible, launchBrowser, PHONE, screenshot, signIn } from './support/browser';
import { day } from './support/clock';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { PASSWORD, startApi, type TestApi } from './support/harness';

/**
 * The console's inter-reader agreement page (issue 13 item 7, "the console shows kappa for
 * double-read MRI") in Chromium at 360 and 1280 px, in English and Dutch, checked with axe.
 */
let api: TestApi;
let world: World;
let browser: Browser;
let base: string;
let agreement: any;

// [first cc, lr, foraminal, side] and the blinded reader's [cc, lr, foraminal].
const READINGS: Array<[[number, number, number, number], [number, number, number]]> = [
  [
    [0, 1, 0, 1],
    [0, 1, 1],
  ],
  [
    [1, 1, 2, 1],
    [1, 2, 2],
  ],
  [
    [2, 3, 1, 2],
    [3, 3, 1],
  ],
  [
    [3, 2, 2, 2],
    [3, 2, 2],
  ],
  [
    [1, 0, 0, 1],
    [0, 0, 0],
  ],
];

beforeAll(async () => {
  api = await startApi({ env: { WEB_DIR: builtWeb() } });
  base = api.url.replace(/\/api\/v1$/, '');
  world = await setUpWorld(api);
  const email = 'reader-b@test.trialdata.org';
  const u = await api.request('POST', '/users', {
    token: world.adminToken,
    body: { email, password: PASSWORD, name: 'Reader B', memberships: [{ study: 'POTEISS', role: 'reader' }] },
  });
  expect(u.status, JSON.stringify(u.body)).toBe(201);
  const reader = await api.login(email);
  for (const [[cc, lr, foraminal, side], [cc2, lr2, foraminal2]] of READINGS) {
    const e = await api.request('POST', '/studies/POTEISS/participants', {
      token: world.tokens['coordinator.LUMC'],
      body: enrolment(api.studies.get('POTEISS'), 'LUMC'),
    });
    expect(e.status).toBe(201);
    const first = await api.request('PUT', `/participants/${e.body.id}/events/baseline/forms/mri`, {
      token: world.tokens['investigator.LUMC'],
      body: {
        status: 'complete',
        values: {
          scan_date: day(-20),
          reader: 'rad-a',
          diagnosis: 2,
          level: 4,
          root_comp: 1,
          miskin_cc: cc,
          miskin_lr: lr,
          foraminal,
          modic: 0,
          side,
        },
      },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const second = await api.request('PUT', `/studies/POTEISS/readings/${e.body.id}`, {
      token: reader,
      body: { status: 'complete', values: { root_comp: 1, miskin_cc: cc2, miskin_lr: lr2, foraminal: foraminal2, modic: 0 } },
    });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
  }
  agreement = (await api.request('GET', '/studies/POTEISS/agreement', { token: world.tokens.statistician })).body;
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

describe('agreement page', () => {
  it('shows kappa with its interval per grade and side from the study’s tab, in English and Dutch (1280 px)', async () => {
    const page = await signIn(browser, base, 'statistician@test.trialdata.org', PASSWORD, DESKTOP);
    await page.goto(`${base}/console/POTEISS`);
    await page.getByRole('link', { name: 'Agreement' }).click();
    await page.getByRole('heading', { name: 'Inter-reader agreement', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Kappa per grade and side' });
    await table.waitFor();
    await expect(table.locator('tbody tr').count()).resolves.toBe(7);
    await page.getByText('5 of 5 first readings have a second reading by another reader (5 entered blind).').waitFor();
    const cc = agreement.rows[0];
    const row = table.locator('tr[data-grade="miskin_cc"][data-side="all"]');
    const text = await row.innerText();
    expect(text).toContain(cc.linear.value.toFixed(2));
    expect(text).toContain(`95% CI ${cc.linear.lower.toFixed(2)} to ${cc.linear.upper.toFixed(2)}`);
    expect(text).toContain(cc.quadratic.value.toFixed(2));
    await page.getByRole('table', { name: /Central canal stenosis \(Miskin grade\): first reading/ }).waitFor();
    await expectAccessible(page, 'agreement page');
    await screenshot(page, 'console-agreement');

    await page.getByRole('button', { name: 'Nederlands' }).first().click();
    await page.getByRole('heading', { name: 'Overeenstemming tussen beoordelaars', level: 1 }).waitFor();
    const nl = page.getByRole('table', { name: 'Kappa per graad en zijde' });
    await nl.waitFor();
    expect(await nl.locator('tr[data-grade="miskin_cc"][data-side="all"]').innerText()).toContain(
      cc.linear.value.toFixed(2).replace('.', ','),
    );
    await expectAccessible(page, 'agreement page (Dutch)');
    await page.getByRole('button', { name: 'English' }).first().click();
    await page.context().close();
  });

  it('fits a 360 px screen without the page scrolling sideways, and passes axe', async () => {
    const page = await signIn(browser, base, 'monitor@test.trialdata.org', PASSWORD, PHONE);
    await page.goto(`${base}/console/POTEISS/agreement`);
    await page.getByRole('table', { name: 'Kappa per grade and side' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await expectAccessible(page, 'agreement page (phone)');
    await screenshot(page, 'console-agreement-phone');
    await page.context().close();
  });

  it('offers no Agreement tab in a study without double reading, nor to site staff', async () => {
    const page = await signIn(browser, base, 'statistician@test.trialdata.org', PASSWORD, DESKTOP);
    const teias = page.waitForResponse((r) => r.url().endsWith('/studies/TEIAS/agreement'));
    await page.goto(`${base}/console/TEIAS`);
    expect((await teias).status()).toBe(404);
    await page.getByRole('link', { name: 'Dashboard' }).waitFor();
    await expect(page.getByRole('link', { name: 'Agreement' }).count()).resolves.toBe(0);
    await page.context().close();

    const coordinator = await signIn(browser, base, 'coordinator-lumc@test.trialdata.org', PASSWORD, DESKTOP);
    await coordinator.goto(`${base}/console/POTEISS`);
    await coordinator.getByRole('link', { name: 'Dashboard' }).waitFor();
    await expect(coordinator.getByRole('link', { name: 'Agreement' }).count()).resolves.toBe(0);
    await coordinator.goto(`${base}/console/POTEISS/agreement`);
    await coordinator.getByText('This page does not exist, or your role cannot open it.').waitFor();
    await coordinator.context().close();
  });
});
