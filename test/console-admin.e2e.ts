/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { builtWeb, DESKTOP, expectAccessible, launchBrowser, PHONE, screenshot, signIn } from './support/browser';
import { setUpWorld, type World } from './support/fixtures';
import { ADMIN, startApi, type TestApi } from './support/harness';

/**
 * The administrator in the console (issue 12 item 5): creates a site, lets it take part in a study
 * with a target, reads the study definition, invites a user by email with a one-time link, adds a
 * membership; the new user opens the link, chooses a password and is signed in; the link then no
 * longer works; deactivation ends the account.
 */
let api: TestApi;
let world: World;
let browser: Browser;
let base: string;
const NEW_EMAIL = 'nieuwe.coordinator@test.trialdata.org';
const NEW_NAME = 'Noor de Vries';
const NEW_PASSWORD = 'a long passphrase of mine';
let invitationPath = '';

beforeAll(async () => {
  api = await startApi({ env: { WEB_DIR: builtWeb() } });
  base = api.url.replace(/\/api\/v1$/, '');
  world = await setUpWorld(api);
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

const users = async () => (await api.request<any[]>('GET', '/users', { token: world.adminToken })).body;

describe('administration in the console', () => {
  it('creates a site and lets it take part in a study with a target', async () => {
    const page = await signIn(browser, base, ADMIN.email, ADMIN.password, DESKTOP);
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Sites' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sites' }).waitFor();

    await page.getByLabel('Site code').fill('umcu');
    await page.getByLabel('Name', { exact: true }).fill('UMC Utrecht');
    await page.getByLabel('Country').fill('N1');
    await page.getByRole('button', { name: 'Create site' }).click();
    await page.getByText('Two capital letters (ISO 3166), e.g. NL.').waitFor();
    expect(await page.getByLabel('Country').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Site code').inputValue()).toBe('UMCU'); // nothing typed is lost
    await page.getByLabel('Country').fill('NL');
    await page.getByRole('button', { name: 'Create site' }).click();
    await page.getByText('Site UMCU created.').waitFor();
    await page.getByRole('table', { name: 'All sites' }).getByRole('rowheader', { name: 'UMCU' }).waitFor();
    await expectAccessible(page, 'sites page (admin)');
    await screenshot(page, 'console-admin-sites');

    await page.goto(`${base}/console/TEIAS/setup`);
    await page.getByRole('heading', { level: 1, name: 'Study setup' }).waitFor();
    await page.getByLabel('Site', { exact: true }).selectOption('UMCU');
    await page.getByLabel('Recruitment target (optional)').fill('30');
    await page.getByRole('button', { name: 'Add site' }).click();
    await page.getByText('UMCU takes part in TEIAS.').waitFor();
    const row = page.getByRole('table', { name: 'Sites taking part' }).getByRole('row', { name: /UMCU/ });
    await expect.poll(() => row.textContent()).toContain('30');
    const sites = await api.request<any[]>('GET', '/studies/TEIAS/sites', { token: world.adminToken });
    expect(sites.body.find((s) => s.siteCode === 'UMCU')).toMatchObject({ target: 30, enrolled: 0 });

    // The study definition, read-only: arms, strata, schedule and forms.
    const def = page.locator('[data-panel="definition"]');
    await def.getByRole('heading', { name: 'Arms' }).waitFor();
    await def.getByRole('heading', { name: 'Randomisation and strata' }).waitFor();
    await def.getByRole('table', { name: 'Schedule' }).waitFor();
    await def.getByRole('heading', { name: 'Forms' }).waitFor();
    await def.locator('summary').first().click();
    expect(await def.locator('input, select, textarea').count()).toBe(0);
    await expectAccessible(page, 'study setup (admin)');
    await screenshot(page, 'console-admin-setup');
    await page.context().close();
  });

  it('invites a user with a membership and adds another membership', async () => {
    const page = await signIn(browser, base, ADMIN.email, ADMIN.password, DESKTOP);
    await page.goto(`${base}/console/admin/users`);
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await page.getByRole('button', { name: 'Invite user' }).click();
    await page.getByText('Enter an email address.').waitFor();
    expect(await page.getByLabel('Email address').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Email address').fill(NEW_EMAIL);
    await page.getByLabel('Name', { exact: true }).fill(NEW_NAME);
    await page.locator('#invite-m-study').selectOption('TEIAS');
    await page.locator('#invite-m-role').selectOption('coordinator');
    await page.locator('#invite-m-site').selectOption('UMCU');
    await page.getByRole('button', { name: 'Invite user' }).click();
    const link = page.getByTestId('invitation-link');
    await link.waitFor();
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/\/console\/invite\/[A-Za-z0-9_-]{43}$/);
    invitationPath = new URL(href).pathname;
    await page.getByText(`Invitation for ${NEW_EMAIL} created.`).waitFor(); // no SMTP in tests: the link is handed over
    await page.getByRole('button', { name: 'Copy invitation link' }).waitFor();
    await expectAccessible(page, 'users page with an invitation (admin)');

    // The token is stored only as its hash, and the invitation is audited.
    const [stored] = await api.db.dataSource.query(`SELECT token_hash FROM user_invitations ORDER BY created_at DESC LIMIT 1`);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.token_hash).not.toContain(invitationPath.split('/').pop());
    const audit = await api.db.dataSource.query(`SELECT action FROM audit_log WHERE entity = 'user' AND action = 'invite'`);
    expect(audit.length).toBe(1);

    const item = page.locator(`[data-user="${NEW_EMAIL}"]`);
    await item.getByText('TEIAS · Coordinator · UMCU').waitFor();
    await item.getByRole('button', { name: `Add membership for ${NEW_NAME}` }).click();
    await item.getByLabel('Study').selectOption('POTEISS');
    await item.getByLabel('Role').selectOption('monitor');
    await item.getByRole('button', { name: 'Add membership', exact: true }).click();
    await item.getByText('POTEISS · Monitor · every site').waitFor();
    const me = (await users()).find((u) => u.email === NEW_EMAIL);
    expect(me.memberships).toEqual(
      expect.arrayContaining([
        { study: 'TEIAS', role: 'coordinator', siteCode: 'UMCU' },
        { study: 'POTEISS', role: 'monitor', siteCode: null },
      ]),
    );
    expect(me.invitation.state).toBe('pending');
    await expectAccessible(page, 'users page with memberships (admin)');
    await screenshot(page, 'console-admin-users');
    await page.context().close();
  });

  it('lets the new user choose a password from the link and signs them in; the link works once', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${base}${invitationPath}`);
    await page.getByRole('heading', { level: 1, name: 'Choose your password' }).waitFor();
    await page.getByText(NEW_EMAIL).waitFor();
    await page.getByLabel('New password').fill('short');
    await page.getByLabel('Repeat the password').fill('short');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByText('At least 12 characters.').waitFor();
    expect(await page.getByLabel('New password').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'invitation page (new user, phone)');

    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByLabel('Repeat the password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Your studies' }).waitFor();
    await page.getByRole('link', { name: /TEIAS/ }).waitFor();
    await expectAccessible(page, 'first sign-in (new user, phone)');
    await screenshot(page, 'console-invited-user');
    expect((await users()).find((u) => u.email === NEW_EMAIL).invitation.state).toBe('used');

    // The link is spent.
    const again = await browser.newPage();
    await again.goto(`${base}${invitationPath}`);
    await again.getByText(/This invitation link no longer works/).waitFor();
    await again.close();
    expect(
      (await api.request('POST', `/invitations/${invitationPath.split('/').pop()}`, { body: { password: 'another long password' } }))
        .status,
    ).toBe(404);
    await context.close();
  });

  it('deactivates the user: login is refused from then on', async () => {
    expect((await api.request('POST', '/auth/login', { body: { email: NEW_EMAIL, password: NEW_PASSWORD } })).status).toBe(200);
    const page = await signIn(browser, base, ADMIN.email, ADMIN.password, DESKTOP);
    await page.goto(`${base}/console/admin/users`);
    const item = page.locator(`[data-user="${NEW_EMAIL}"]`);
    await item.getByRole('button', { name: `Deactivate ${NEW_NAME}`, exact: true }).click();
    await item.getByRole('button', { name: `Activate ${NEW_NAME}`, exact: true }).waitFor();
    expect((await users()).find((u) => u.email === NEW_EMAIL).active).toBe(false);
    expect((await api.request('POST', '/auth/login', { body: { email: NEW_EMAIL, password: NEW_PASSWORD } })).status).not.toBe(200);
    await expectAccessible(page, 'users page after deactivation (admin)');
    await page.context().close();
  });
});
