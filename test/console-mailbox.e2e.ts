/// <reference lib="dom" />
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { outboxFromContext } from '../apps/worker/src/handlers/notifications';
import type { WorkerProcess } from '../apps/worker/src/worker';
import { mailboxUrl } from '@trialdata/notifications';
import { builtWeb, DESKTOP, expectAccessible, launchBrowser, PHONE, screenshot, signIn } from './support/browser';
import { TEST_EPOCH, TestClock } from './support/clock';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { ADMIN, startApi, type TestApi } from './support/harness';
import { startTestWorker } from './support/worker';

/**
 * The demo mailbox (issue 17, item 2), in Chromium against the real API and a real worker: without
 * SMTP, the worker keeps a patient's invitation in the mailbox folder; an admin finds it at
 * /console/mailbox, follows its patient link and the patient fills in and sends the questionnaire.
 * Other roles get 403, and an API that is not the demo has no mailbox (404).
 *
 * Patient links are `{PUBLIC_URL}/q/{token}`, as in the demo (PUBLIC_URL is the API's own origin):
 * a small TCP relay on a port chosen before the API starts stands in for that origin.
 */
let api: TestApi;
let world: World;
let worker: WorkerProcess;
let browser: Browser;
let relay: Server;
let base: string;
let folder: string;
let participantId: string;
const clock = TestClock.ticking(TEST_EPOCH);
const PATIENT = 'mailbox.patient@example.nl';

/** A TCP relay on an ephemeral port to the API (known only once the API listens). */
async function startRelay(target: () => number): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    const upstream = connect(target(), '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, port: (server.address() as { port: number }).port };
}

async function settle(): Promise<void> {
  const outbox = outboxFromContext(worker.context);
  for (let i = 0; i < 2400; i++) {
    if (i % 40 === 0) await outbox.reconcile();
    const [{ n }] = await api.db.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE state IN ('pending','sending') AND send_at <= $1`,
      [clock.iso()],
    );
    if (n === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('outbox did not settle');
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const sideways = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth);

/** Every question of the step answered with its first option (or a plausible value). */
async function answerAll(page: Page) {
  const sets = page.locator('form fieldset');
  for (let i = 0; i < (await sets.count()); i++) {
    const set: Locator = sets.nth(i);
    if (await set.getByRole('slider').count()) {
      await set.getByRole('slider').focus();
      await page.keyboard.press('ArrowUp');
      continue;
    }
    const radios = set.getByRole('radio');
    if (await radios.count()) {
      await radios.first().check();
      continue;
    }
    const boxes = set.getByRole('checkbox');
    if (await boxes.count()) await boxes.last().check();
  }
  for (const input of await page.locator('form input[type="number"]:not(.vas-type input)').all()) await input.fill('0');
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'trialdata-mailbox-'));
  let apiPort = 0;
  const r = await startRelay(() => apiPort);
  relay = r.server;
  base = `http://127.0.0.1:${r.port}`;
  api = await startApi({
    clock: clock.now,
    env: { WEB_DIR: builtWeb(), SMTP_URL: mailboxUrl(join(folder, 'mailbox')), PUBLIC_URL: base },
  });
  apiPort = Number(new URL(api.url).port);
  world = await setUpWorld(api);
  worker = await startTestWorker(api, { clock: clock.now });
  const coordinator = world.tokens['coordinator.LUMC'];
  const p = await api.request('POST', '/studies/TEIAS/participants', {
    token: coordinator,
    body: enrolment(api.studies.get('TEIAS'), 'LUMC', { contact: { email: PATIENT, language: 'en' } }),
  });
  expect(p.status).toBe(201);
  participantId = p.body.id;
  const rand = await api.request('POST', `/participants/${p.body.id}/randomisation`, {
    token: coordinator,
    body: { factors: { symptomDuration: '<6w' } },
  });
  expect(rand.status).toBe(201);
  await settle();
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await worker?.close();
  await api?.close();
  await new Promise((r) => relay?.close(r));
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('the demo mailbox', () => {
  it('lists the kept invitation to admins only, with its patient link', async () => {
    const list = await api.request('GET', '/mailbox', { token: world.adminToken });
    expect(list.status).toBe(200);
    const invitation = list.body.find((m: { to: string }) => m.to === PATIENT);
    expect(invitation).toMatchObject({ channel: 'email', subject: expect.stringMatching(/^Your questionnaire for .* is ready$/) });
    expect(invitation.links).toEqual([expect.stringMatching(new RegExp(`^${base}/q/[A-Za-z0-9_-]{43}$`))]);
    expect((await api.request('GET', `/mailbox/${invitation.id}`, { token: world.adminToken })).body).toEqual(invitation);
    expect((await api.request('GET', '/mailbox/0123456789abcdef01234567', { token: world.adminToken })).status).toBe(404);
    for (const role of ['coordinator.LUMC', 'data_manager', 'monitor'])
      expect((await api.request('GET', '/mailbox', { token: world.tokens[role] })).status, role).toBe(403);
    expect((await api.request('GET', '/mailbox')).status).toBe(401);

    // Not the demo (real SMTP or none): no mailbox.
    const plain = await startApi({ clock: clock.now });
    try {
      const token = await plain.login(ADMIN.email, ADMIN.password);
      expect((await plain.request('GET', '/mailbox', { token })).status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('opens from the console, follows the patient link and the patient sends the questionnaire (1280 px)', async () => {
    const page = await signIn(browser, base, ADMIN.email, ADMIN.password, DESKTOP);
    await page.getByRole('link', { name: 'Mailbox' }).click();
    await h1(page).filter({ hasText: 'Demo mailbox' }).waitFor();
    const subject = page.getByRole('link', { name: /^Your questionnaire for .* is ready$/ });
    await subject.first().waitFor();
    expect(await page.getByRole('cell', { name: PATIENT }).isVisible()).toBe(true);
    await expectAccessible(page, 'mailbox (desktop)');
    await screenshot(page, 'console-mailbox-desktop');

    await subject.first().click();
    await h1(page)
      .filter({ hasText: /^Your questionnaire for .* is ready$/ })
      .waitFor();
    expect(await page.getByText(PATIENT).isVisible()).toBe(true);
    await expectAccessible(page, 'mailbox message (desktop)');
    await screenshot(page, 'console-mailbox-message-desktop');

    const patientLink = page.getByRole('link', { name: new RegExp(`^${base}/q/`) });
    const href = await patientLink.getAttribute('href');
    await patientLink.click();
    await page.waitForURL(href!);
    await h1(page).filter({ hasText: 'Welcome' }).waitFor();
    await page.getByRole('button', { name: 'Start' }).click();
    for (let step = 0; step < 30; step++) {
      await page
        .getByRole('button', { name: 'Next' })
        .or(page.getByRole('button', { name: 'Send' }))
        .first()
        .waitFor();
      if (await page.getByRole('button', { name: 'Send' }).isVisible()) break;
      await answerAll(page);
      await page.getByRole('button', { name: 'Next' }).click();
    }
    await h1(page).filter({ hasText: 'Your answers' }).waitFor();
    await page.getByRole('button', { name: 'Send' }).click();
    await h1(page).filter({ hasText: 'Thank you!' }).waitFor();
    await page.context().close();

    const r = await api.request('GET', `/participants/${participantId}/questionnaires`, { token: world.tokens['coordinator.LUMC'] });
    expect(r.body.find((q: { eventId: string }) => q.eventId === 'baseline')).toMatchObject({ status: 'completed', entryMode: 'web' });
  });

  it('fits 360 px, works from the keyboard and speaks Dutch', async () => {
    const page = await signIn(browser, base, ADMIN.email, ADMIN.password, PHONE);
    await page.goto(`${base}/console/mailbox`);
    await h1(page).filter({ hasText: 'Demo mailbox' }).waitFor();
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await h1(page).filter({ hasText: 'Demo-postvak' }).waitFor();
    expect(await page.getByRole('button', { name: 'Vernieuwen' }).isVisible()).toBe(true);
    await page.getByRole('columnheader', { name: 'Onderwerp' }).waitFor();
    expect(await sideways(page)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'mailbox (phone, Dutch)');
    await screenshot(page, 'console-mailbox-phone-nl');

    // Keyboard only: Tab reaches the message, Enter opens it; the patient link opens with Enter too.
    const subject = page.getByRole('link', { name: /^Your questionnaire for .* is ready$/ }).first();
    for (let i = 0; i < 40 && !(await subject.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await subject.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Terug naar het postvak' }).waitFor();
    expect(await page.getByText('Bewaard op').isVisible()).toBe(true);
    expect(await sideways(page)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'mailbox message (phone, Dutch)');
    const patientLink = page.getByRole('link', { name: new RegExp(`^${base}/q/`) });
    await patientLink.focus();
    await page.keyboard.press('Enter');
    // The questionnaire was sent in the test before: its link now says so.
    await page.waitForURL(/\/q\//);
    await page.context().close();
  });
});
