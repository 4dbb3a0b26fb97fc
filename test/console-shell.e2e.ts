/// <reference lib="dom" />
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadStudies, STUDY_DEFINITIONS } from '@trialdata/protocol';
import { builtWeb, DESKTOP, expectAccessible, launchBrowser, PHONE, screenshot, signIn } from './support/browser';
import { day } from './support/clock';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { PASSWORD, startApi, type TestApi } from './support/harness';

/**
 * The console's shell in Chromium against the real API: the language switch (Dutch and English,
 * remembered per user and per device, <html lang>), sessions in localStorage that survive a reload
 * and a new tab and end in every tab at once, the study's time zone from GET /studies/{study}, the
 * Locked banner of a locked study, the lock-out time on the sign-in page, axe-core on every shell
 * page at 360 and 1280 px, and the size of the console's JavaScript.
 */
const TZ = 'America/New_York';
let api: TestApi;
let world: World;
let browser: Browser;
let base: string;
let teiasId: string;
let teiasLabel: string;
let eimicorEnrolledAt: string;

const email = (key: string) => `${key.replace('.', '-')}@test.trialdata.org`.toLowerCase();

beforeAll(async () => {
  // EIMICOR runs in New York time here, so that a date shown in Amsterdam time would be a day off.
  const studies = loadStudies(STUDY_DEFINITIONS.map((d) => (d.code === 'EIMICOR' ? { ...d, timeZone: TZ } : d)));
  api = await startApi({ studies, env: { WEB_DIR: builtWeb(), LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '15' } });
  base = api.url.replace(/\/api\/v1$/, '');
  world = await setUpWorld(api);

  const teias = await api.request('POST', '/studies/TEIAS/participants', {
    token: world.tokens['coordinator.LUMC'],
    body: enrolment(api.studies.get('TEIAS'), 'LUMC', { contact: { email: 'shell@example.nl', language: 'nl' } }),
  });
  expect(teias.status).toBe(201);
  teiasId = teias.body.id;
  teiasLabel = teias.body.label;

  const eimicor = await api.request('POST', '/studies/EIMICOR/participants', {
    token: world.tokens['coordinator.LUMC'],
    body: enrolment(api.studies.get('EIMICOR'), 'LUMC'),
  });
  expect(eimicor.status).toBe(201);
  // 02:30 UTC: still the evening before in New York.
  eimicorEnrolledAt = `${day(-3)}T02:30:00.000Z`;
  await api.db.dataSource.query(`UPDATE participants SET enrolled_at = $2 WHERE id = $1`, [eimicor.body.id, eimicorEnrolledAt]);

  // POTEISS is locked by its data manager (with override: its checklist need not be clear here).
  const lock = await api.request('POST', '/studies/POTEISS/lock', {
    token: world.tokens.data_manager,
    body: { reason: 'console shell test', override: true },
  });
  expect(lock.status).toBe(201);
  expect((await api.request('GET', '/studies/POTEISS', { token: world.tokens.monitor })).body.status).toBe('locked');

  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

async function signInHere(page: Page, key: string): Promise<void> {
  await page.goto(`${base}/console`);
  await page.getByLabel('Email address').fill(email(key));
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

describe('the console shell', () => {
  it('switches to Dutch and remembers it after a reload and in a new tab, where the session also survives', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
    const page = await newPage(context);
    await signInHere(page, 'monitor');
    await page.getByRole('heading', { name: 'Your studies' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // The session is in localStorage with its expiry, not in sessionStorage.
    const stored = await page.evaluate(() => ({
      local: localStorage.getItem('trialdata.console.session'),
      session: Object.keys(sessionStorage),
    }));
    expect(JSON.parse(stored.local!)).toMatchObject({ token: expect.any(String), expiresAt: expect.any(Number) });
    expect(JSON.parse(stored.local!).expiresAt).toBeGreaterThan(Date.now());
    expect(stored.session).toEqual([]);

    await page.getByRole('button', { name: 'Nederlands' }).click();
    await page.getByRole('heading', { name: 'Uw studies' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
    expect(await page.getByRole('button', { name: 'Uitloggen' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'English' }).isVisible()).toBe(true);

    await page.locator('.study-card', { hasText: 'TEIAS' }).click();
    await page.getByRole('link', { name: 'Deelnemers' }).waitFor();
    await page.getByRole('heading', { name: 'Werving per centrum' }).waitFor();
    await page.getByText('Data in tijdzone Europe/Amsterdam').waitFor();
    await screenshot(page, 'shell-dashboard-nl');

    await page.reload();
    await page.getByRole('heading', { name: 'Werving per centrum' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');

    // A new tab of the same browser: still signed in, still Dutch.
    const tab = await newPage(context);
    await tab.goto(`${base}/console/TEIAS/participants`);
    await tab.getByRole('heading', { name: 'Deelnemers', level: 1 }).waitFor();
    expect(await tab.getByLabel('E-mailadres').count()).toBe(0);
    await tab.getByRole('link', { name: teiasLabel }).click();
    await tab.getByRole('heading', { name: teiasLabel, level: 1 }).waitFor();
    await tab.getByRole('heading', { name: 'Schema' }).waitFor();
    expect(await tab.evaluate(() => document.documentElement.lang)).toBe('nl');
    await screenshot(tab, 'shell-participant-nl');

    // Signing out in the new tab signs the first tab out too; the sign-in page keeps Dutch (this device's last choice).
    await tab.getByRole('button', { name: 'Uitloggen' }).click();
    await tab.getByRole('heading', { name: 'Inloggen bij de studieconsole' }).waitFor();
    await page.getByRole('heading', { name: 'Inloggen bij de studieconsole' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('trialdata.console.session'))).toBeNull();
    expect(await tab.evaluate(() => document.documentElement.lang)).toBe('nl');
    await expectAccessible(tab, 'sign-in page in Dutch');

    // Signing in again in one tab signs the other in as well.
    await tab.getByLabel('E-mailadres').fill(email('monitor'));
    await tab.getByLabel('Wachtwoord').fill(PASSWORD);
    await tab.getByRole('button', { name: 'Inloggen' }).click();
    await tab.getByRole('button', { name: 'Uitloggen' }).waitFor();
    await page.getByRole('button', { name: 'Uitloggen' }).waitFor();

    // Back to English: remembered for this user.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await context.close();
  });

  it('follows the browser language on the sign-in page, and ends a session the API refuses', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'nl-NL' });
    const page = await newPage(context);
    await page.goto(`${base}/console`);
    await page.getByRole('heading', { name: 'Inloggen bij de studieconsole' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
    await page.getByRole('button', { name: 'Wachtwoord vergeten?' }).click();
    await page.getByText(/Vraag de beheerder van uw studie/).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Sign in to the study console' }).waitFor();
    await page.getByText(/Ask your study's administrator/).waitFor();
    await expectAccessible(page, 'sign-in page with password help, phone');
    await screenshot(page, 'shell-sign-in-phone');

    // A token the API refuses (401): the console forgets it and asks to sign in again.
    await page.evaluate(() =>
      localStorage.setItem('trialdata.console.session', JSON.stringify({ token: 'not-a-token', expiresAt: Date.now() + 3_600_000 })),
    );
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to the study console' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('trialdata.console.session'))).toBeNull();
    // An expired one is not even sent.
    await page.evaluate(() =>
      localStorage.setItem('trialdata.console.session', JSON.stringify({ token: 'old', expiresAt: Date.now() - 1000 })),
    );
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to the study console' }).waitFor();
    await context.close();
  });

  it("shows dates in the study's time zone and a locked study as locked", async () => {
    const page = await signIn(browser, base, email('monitor'), PASSWORD, DESKTOP);
    await page.getByRole('heading', { name: 'Your studies' }).waitFor();
    // The study list marks the locked study.
    expect(await page.locator('.study-card', { hasText: 'POTEISS' }).locator('.badge').textContent()).toBe('Locked');
    expect(await page.locator('.study-card', { hasText: 'TEIAS' }).locator('.badge').count()).toBe(0);

    await page.goto(`${base}/console/EIMICOR`);
    await page.getByText(`Dates in ${TZ} time`).waitFor();
    await page.getByRole('link', { name: 'Participants' }).click();
    await page.locator('table.participants tbody tr').first().waitFor();
    const shown = (await page.locator('table.participants tbody tr td.date').first().textContent())!.trim();
    const expected = new Date(eimicorEnrolledAt).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: TZ,
    });
    const amsterdam = new Date(eimicorEnrolledAt).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'Europe/Amsterdam',
    });
    expect(expected).not.toBe(amsterdam);
    expect(shown).toBe(expected);
    expect(await page.locator('.locked-banner').count()).toBe(0);

    // Every page of the locked study carries the banner.
    for (const path of ['', '/participants']) {
      await page.goto(`${base}/console/POTEISS${path}`);
      await page.locator('.locked-banner').waitFor();
      expect(await page.locator('.locked-banner').textContent()).toMatch(/^Locked POTEISS is locked for analysis/);
    }
    await screenshot(page, 'shell-locked');
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await page.locator('.locked-banner', { hasText: 'Vergrendeld' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.context().close();
  });

  it('tells a locked-out user until when, in words, on the sign-in page', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
    const page = await newPage(context);
    await page.goto(`${base}/console`);
    const attempt = async (password: string) => {
      await page.getByLabel('Email address').fill(email('coordinator.HMC'));
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
    };
    await attempt('wrong-password-1');
    await page.getByRole('alert').filter({ hasText: 'not correct' }).waitFor();
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    await attempt('wrong-password-2');
    await page.getByRole('alert').filter({ hasText: 'not correct' }).waitFor();
    // The third failure locks the account for 15 minutes.
    await attempt('wrong-password-3');
    const alert = page.getByRole('alert').filter({ hasText: 'locked' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Try again in 15 minutes \(at \d{2}:\d{2}\)/);
    // Even the right password is refused now, with the time still to wait.
    await attempt(PASSWORD);
    await page
      .getByRole('alert')
      .filter({ hasText: /Try again in 1[45] minutes/ })
      .waitFor();
    await expectAccessible(page, 'sign-in page, account locked');
    await screenshot(page, 'shell-locked-out');

    // The API says the same: the unlock instant and the seconds to wait, also as Retry-After.
    const r = await api.request('POST', '/auth/login', { body: { email: email('coordinator.HMC'), password: PASSWORD } });
    expect(r.status).toBe(429);
    expect(r.body).toMatchObject({ status: 429, lockedUntil: expect.any(String), retryAfterSeconds: expect.any(Number) });
    expect(r.body.retryAfterSeconds).toBeGreaterThan(13 * 60);
    expect(r.body.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(Number(r.headers.get('retry-after'))).toBe(r.body.retryAfterSeconds);
    expect(r.body.detail).toContain(r.body.lockedUntil);
    await context.close();
  });

  for (const [size, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`passes axe-core on every shell page at ${viewport.width} px`, async () => {
      const page = await signIn(browser, base, email('monitor'), PASSWORD, viewport);
      await page.getByRole('heading', { name: 'Your studies' }).waitFor();
      await expectAccessible(page, `studies (${size})`);
      await screenshot(page, `shell-studies-${size}`);

      await page.goto(`${base}/console/TEIAS`);
      await page.locator('.recruitment-chart svg[role="img"], [data-panel="recruitment"] .empty').first().waitFor();
      await page.locator('[data-panel="completion"] figure, [data-panel="completion"] .empty').first().waitFor();
      await expectAccessible(page, `dashboard (${size})`);
      await screenshot(page, `shell-dashboard-${size}`);

      await page.getByRole('link', { name: 'Participants' }).click();
      await page.locator('table.participants tbody tr').first().waitFor();
      await expectAccessible(page, `participants (${size})`);
      await screenshot(page, `shell-participants-${size}`);

      await page.goto(`${base}/console/TEIAS/participants/${teiasId}`);
      await page.getByRole('heading', { name: teiasLabel, level: 1 }).waitFor();
      await page.locator('table.schedule tbody tr').first().waitFor();
      await expectAccessible(page, `participant (${size})`);
      await screenshot(page, `shell-participant-${size}`);

      await page.goto(`${base}/console/POTEISS`);
      await page.locator('.locked-banner').waitFor();
      await page.locator('[data-panel="recruitment"]').waitFor();
      await expectAccessible(page, `locked study dashboard (${size})`);

      // In Dutch as well.
      await page.getByRole('button', { name: 'Nederlands' }).click();
      await page.getByRole('heading', { name: 'Werving per centrum' }).waitFor();
      await expectAccessible(page, `locked study dashboard in Dutch (${size})`);
      await page.getByRole('button', { name: 'English' }).click();
      await page.context().close();

      const stat = await signIn(browser, base, email('statistician'), PASSWORD, viewport);
      await stat.goto(`${base}/console/POTEISS/datasets`);
      await stat.locator('.dataset').first().waitFor();
      expect(await stat.locator('.dataset').first().textContent()).toMatch(/Version 1 · Lock/);
      await expectAccessible(stat, `datasets (${size})`);
      await screenshot(stat, `shell-datasets-${size}`);
      await stat.goto(`${base}/console/POTEISS/models/00000000-0000-4000-8000-000000000000`);
      await stat.getByRole('alert').filter({ hasText: 'No model with this id' }).waitFor();
      await expectAccessible(stat, `model page (${size})`);
      await stat.context().close();
    });
  }

  it("keeps the console's JavaScript under 250 kB gzipped", async () => {
    const dir = join(builtWeb(), 'assets');
    const sizes = readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .map((f) => ({ file: f, gzip: gzipSync(readFileSync(join(dir, f)), { level: 9 }).length }));
    // What the console actually loads: the scripts requested while it signs in and shows a dashboard.
    const context = await browser.newContext({ viewport: DESKTOP });
    const loaded = new Set<string>();
    context.on('response', (r) => {
      if (new URL(r.url()).pathname.endsWith('.js')) loaded.add(new URL(r.url()).pathname.split('/').pop()!);
    });
    const page = await newPage(context);
    await signInHere(page, 'monitor');
    await page.goto(`${base}/console/TEIAS`);
    await page.locator('[data-panel="recruitment"]').waitFor();
    await context.close();
    const consoleJs = sizes.filter((s) => loaded.has(s.file)).reduce((n, s) => n + s.gzip, 0);
    const allJs = sizes.reduce((n, s) => n + s.gzip, 0);
    console.log(
      `console JavaScript: ${(consoleJs / 1000).toFixed(1)} kB gzipped as loaded (${[...loaded].join(', ')}); ` +
        `${(allJs / 1000).toFixed(1)} kB for every script of the web app`,
    );
    expect(loaded.size).toBeGreaterThan(0);
    expect(consoleJs).toBeGreaterThan(0);
    expect(allJs).toBeLessThan(250_000);
  });
});
