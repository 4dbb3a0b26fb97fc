/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { TEIAS } from '@trialdata/protocol';
import { builtWeb, DESKTOP, expectAccessible, launchBrowser, PHONE, screenshot, signIn } from './support/browser';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { PASSWORD, startApi, type TestApi } from './support/harness';
import { waitFor } from './support/wait';

/**
 * Review and lock in the console (issue 12, items 1–3): a monitor verifies a form on the participant
 * page (the API shows it verified, the audit trail has the row) and filters the audit trail; an
 * investigator signs with the password re-entered (a wrong one refused with a clear message); a data
 * manager reads the lock checklist, locks the study after it, and writes are then refused.
 */
let api: TestApi;
let world: World;
let browser: Browser;
let base: string;
let participantId: string;
const userIds: Record<string, string> = {};

const email = (key: string) => `${key.replace('.', '-')}@test.trialdata.org`.toLowerCase();
const audit = async () =>
  (await api.request<any[]>('GET', `/participants/${participantId}/audit`, { token: world.tokens.data_manager })).body;
const demographics = () => ({
  values: { birth_year: enrolment(TEIAS, 'LUMC').birthYear, sex: 1, height: 172, weight: 70.5, smoking: 1, work: 1, workload: 1 },
});

beforeAll(async () => {
  api = await startApi({ env: { WEB_DIR: builtWeb() } });
  base = api.url.replace(/\/api\/v1$/, '');
  world = await setUpWorld(api);
  for (const key of ['monitor', 'investigator.LUMC', 'data_manager'])
    userIds[key] = (await api.request('GET', '/me', { token: world.tokens[key] })).body.id as string;
  const r = await api.request('POST', '/studies/TEIAS/participants', {
    token: world.tokens['coordinator.LUMC'],
    body: enrolment(TEIAS, 'LUMC'),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  participantId = r.body.id;
  const saved = await api.request('PUT', `/participants/${participantId}/events/enrolment/forms/demographics`, {
    token: world.tokens['coordinator.LUMC'],
    body: demographics(),
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

describe('review and lock in the console', () => {
  it('lets a monitor verify a form ("Verify") and see progress per site on the review page', async () => {
    const page = await signIn(browser, base, email('monitor'), PASSWORD, DESKTOP);
    await page.goto(`${base}/console/TEIAS`);
    await page.getByRole('navigation').getByRole('link', { name: 'Review' }).click();
    await page.getByRole('heading', { level: 1, name: 'Review' }).waitFor();
    await page.getByRole('heading', { name: 'Progress per site' }).waitFor();
    await page.getByRole('heading', { name: 'Protocol deviations' }).waitFor();
    await expectAccessible(page, 'review page (monitor, desktop)');
    await screenshot(page, 'console-review-monitor');

    await page.getByRole('table', { name: 'Verification per participant' }).getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Source data verification' }).waitFor();
    await page.getByRole('button', { name: /^Verify Demographics at/ }).click();
    await page.getByText(/Demographics verified \(\d+ fields\)/).waitFor();

    const sdv = await api.request<any>('GET', `/participants/${participantId}/sdv`, { token: world.tokens.monitor });
    const form = sdv.body.forms.find((f: any) => f.formId === 'demographics');
    expect(form.verified.length).toBeGreaterThan(0);
    expect(form.verified).toContain('weight');
    const rows = (await audit()).filter((a) => a.action === 'verify' && a.entity === 'sdv');
    expect(rows.length).toBe(form.verified.length);
    expect(rows[0].userId).toBe(userIds.monitor);
    await expectAccessible(page, 'participant review panels (monitor, desktop)');
    await page.context().close();
  });

  it('filters the audit trail by field and user, on a phone', async () => {
    const page = await signIn(browser, base, email('monitor'), PASSWORD, PHONE);
    await page.goto(`${base}/console/TEIAS/participants/${participantId}`);
    const panel = page.locator('[data-panel="audit"]');
    await panel.getByRole('table').waitFor();
    const count = panel.getByText(/^\d+ of \d+ changes$/);
    const all = Number((await count.textContent())!.split(' of ')[1].split(' ')[0]);
    await panel.getByLabel('Field').selectOption('weight');
    await expect.poll(async () => Number((await count.textContent())!.split(' ')[0])).toBeLessThan(all);
    const fieldCells = await panel.locator('tbody tr td:nth-child(4)').allTextContents();
    expect(fieldCells.length).toBeGreaterThan(0);
    for (const c of fieldCells) expect(c).toBe('weight');
    await panel.getByLabel('User').selectOption({ label: userIds.monitor.slice(0, 8) });
    await expect.poll(() => panel.locator('tbody tr').count()).toBe(1);
    await panel.getByLabel('From date').fill('2999-01-01');
    await panel.getByText('No changes match these filters.').waitFor();
    await expectAccessible(page, 'audit trail filtered (monitor, phone)');
    await screenshot(page, 'console-review-audit-phone');
    await page.context().close();
  });

  it('lets an investigator sign with the password re-entered ("Sign"), refusing a wrong one', async () => {
    const page = await signIn(browser, base, email('investigator.LUMC'), PASSWORD, DESKTOP);
    await page.goto(`${base}/console/TEIAS/participants/${participantId}`);
    const panel = page.locator('[data-panel="signatures"]');
    await panel.getByLabel('What you sign').waitFor();
    await panel.getByRole('button', { name: 'Sign' }).click();
    await panel.getByText('Choose what you sign.').waitFor();
    await panel.getByLabel('What you sign').selectOption({ label: 'Enrolment · Demographics' });
    await panel.getByText('investigator.LUMC', { exact: true }).waitFor(); // the printed name
    await panel.getByText('I approve the data in this form').waitFor(); // the meaning
    await panel.getByLabel('Your password').fill('not-my-password');
    await panel.getByRole('button', { name: 'Sign' }).click();
    await panel.getByText(/The password does not match\. Nothing was signed/).waitFor();
    expect(await panel.getByLabel('Your password').getAttribute('aria-invalid')).toBe('true');
    expect((await audit()).some((a) => a.action === 'sign_refused' && a.userId === userIds['investigator.LUMC'])).toBe(true);
    await expectAccessible(page, 'signature refused (investigator, desktop)');

    await panel.getByLabel('Your password').fill(PASSWORD);
    await panel.getByRole('button', { name: 'Sign' }).click();
    await panel.getByText('Signed: Enrolment · Demographics.').waitFor();
    const signatures = (await api.request<any[]>('GET', `/participants/${participantId}/signatures`, { token: world.tokens.monitor })).body;
    expect(signatures).toHaveLength(1);
    expect(signatures[0]).toMatchObject({ scope: 'form', formId: 'demographics', status: 'valid', printedName: 'investigator.LUMC' });
    await screenshot(page, 'console-review-signed');

    // A later change voids it, and the page says so.
    const changed = await api.request('PUT', `/participants/${participantId}/events/enrolment/forms/demographics`, {
      token: world.tokens['coordinator.LUMC'],
      body: { values: { ...demographics().values, weight: 68 }, version: 1, reason: 'Corrected from the clinic letter' },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    await page.reload();
    await panel
      .locator('.voided-note')
      .getByText(/Voided/)
      .waitFor();
    await expectAccessible(page, 'voided signature (investigator, desktop)');
    await page.context().close();
  });

  it('lets a data manager read the checklist, lock the study after it, and then writes are refused', async () => {
    const page = await signIn(browser, base, email('data_manager'), PASSWORD, PHONE);
    await page.goto(`${base}/console/TEIAS`);
    await page.getByRole('navigation').getByRole('link', { name: 'Lock' }).click();
    await page.getByRole('heading', { level: 1, name: 'Database lock' }).waitFor();
    await page.getByRole('heading', { name: 'Lock checklist' }).waitFor();
    await page.locator('.checklist li').first().waitFor();
    await expectAccessible(page, 'lock page (data manager, phone)');
    await page.setViewportSize(DESKTOP);
    await expectAccessible(page, 'lock page (data manager, desktop)');

    // The demographics form is signed again? No: open items remain (unsigned casebook, unverified fields).
    await page.getByRole('button', { name: 'Lock study' }).click();
    await page.getByText('Give the reason.').waitFor();
    await page.getByLabel('Reason', { exact: true }).fill('Interim lock for the review test');
    const override = page.getByLabel(/Lock although items are open/);
    if (await override.count()) await override.check();
    await page.getByRole('button', { name: 'Lock study' }).click();
    await page.getByText(/TEIAS is locked \(dataset version \d+\)\./).waitFor();
    await page.locator('.locked-banner').waitFor();
    await waitFor(
      'the lock',
      async () => (await api.request<any>('GET', '/studies/TEIAS', { token: world.tokens.data_manager })).body.status === 'locked',
    );
    await screenshot(page, 'console-review-locked');

    const refused = await api.request('PUT', `/participants/${participantId}/events/enrolment/forms/demographics`, {
      token: world.tokens['coordinator.LUMC'],
      body: { ...demographics(), version: 2, reason: 'After the lock' },
    });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toMatch(/lock/i);
    const verify = await api.request('POST', `/participants/${participantId}/sdv`, {
      token: world.tokens.monitor,
      body: { eventId: 'enrolment' },
    });
    expect(verify.status).toBe(409);
    // The participant page offers no lock form while the study is locked.
    await page.goto(`${base}/console/TEIAS/participants/${participantId}`);
    await page.locator('[data-panel="locks"]').getByRole('heading').waitFor();
    expect(await page.getByRole('button', { name: 'Lock', exact: true }).count()).toBe(0);
    await page.context().close();
  });
});
