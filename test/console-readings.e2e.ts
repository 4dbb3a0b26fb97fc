/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { builtWeb, DESKTOP, expectAccessible, launchBrowser, PHONE, screenshot, signIn } from './support/browser';
import { day } from './support/clock';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { PASSWORD, startApi, type TestApi } from './support/harness';

/**
 * A blinded reader grades scans in the console (issue 13 item 7): the Readings tab lists what to
 * grade (level and side from the first reading, never its grades), the form saves a draft and then a
 * complete reading, keyboard only, in English and Dutch, at 1280 and 360 px, checked with axe; the
 * reading lands where the agreement is computed from.
 */
let api: TestApi;
let world: World;
let browser: Browser;
let base: string;
const READER = 'reader-c@test.trialdata.org';

beforeAll(async () => {
  api = await startApi({ env: { WEB_DIR: builtWeb() } });
  base = api.url.replace(/\/api\/v1$/, '');
  world = await setUpWorld(api);
  const u = await api.request('POST', '/users', {
    token: world.adminToken,
    body: { email: READER, password: PASSWORD, name: 'Reader C', memberships: [{ study: 'POTEISS', role: 'reader' }] },
  });
  expect(u.status, JSON.stringify(u.body)).toBe(201);
  for (const [level, side] of [
    [4, 1],
    [5, 2],
  ]) {
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
          level,
          root_comp: 1,
          miskin_cc: 3,
          miskin_lr: 2,
          foraminal: 1,
          modic: 0,
          side,
        },
      },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
  }
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

describe('blinded readings in the console', () => {
  it('lists the scans with what to grade and never the first grades; grades one by keyboard, draft then complete', async () => {
    const page = await signIn(browser, base, READER, PASSWORD, DESKTOP);
    await page.goto(`${base}/console/POTEISS`);
    await page.getByRole('link', { name: 'Readings' }).click();
    await page.getByRole('heading', { name: 'Blinded readings', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Scans to grade' });
    await table.waitFor();
    await expect(table.locator('tbody tr').count()).resolves.toBe(2);
    await page.getByText('2 of 2 still to grade.').waitFor();
    const body = await page.locator('main').innerText();
    // What to grade comes from the first reading; its grades (e.g. Miskin 3) never reach the reader.
    expect(body).toMatch(/Level: L4/);
    expect(body).not.toMatch(/Miskin/);
    await expectAccessible(page, 'readings list');
    await screenshot(page, 'console-readings');

    const label = await table.locator('tbody tr').first().getAttribute('data-participant');
    await page.getByRole('link', { name: `Grade ${label}` }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Reading of ${label}`, level: 1 }).waitFor();
    const form = await page.locator('main').innerText();
    expect(form).not.toContain('rad-a');
    const cc = page.getByRole('group', { name: /Central canal stenosis \(Miskin grade\)/ });
    await cc.waitFor();

    // "Mark complete" with grades missing: each missing one is marked and named in the alert; nothing is sent.
    await page.getByRole('button', { name: 'Mark complete' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('Central canal stenosis (Miskin grade): Choose a grade');
    expect(await cc.getAttribute('aria-describedby')).toBeTruthy();
    await expectAccessible(page, 'reading form with errors');

    // Keyboard: focus the first option of a group and move with the arrow keys (radio group semantics).
    await cc.getByRole('radio').first().focus();
    await page.keyboard.press('ArrowDown'); // grade 1
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Draft saved.').waitFor();
    const draft = await api.request('GET', `/studies/POTEISS/readings/${await idOf(label!)}`, { token: await api.login(READER) });
    expect(draft.body.reading.status).toBe('incomplete');

    for (const name of [/Nerve root compression/, /Lateral recess stenosis/, /Foraminal stenosis grade/, /Modic type/]) {
      await page.getByRole('group', { name }).getByRole('radio').first().check();
    }
    await page.getByRole('button', { name: 'Mark complete' }).click();
    await page.getByText('Reading saved as complete.').waitFor();
    await page.getByText('Your reading').waitFor();

    // A complete reading changes only with a reason.
    await page
      .getByRole('group', { name: /Foraminal stenosis grade/ })
      .getByRole('radio')
      .nth(2)
      .check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Reason for the change: Give the reason: the reading was complete').waitFor();
    await page.getByLabel('Reason for the change').fill('Re-read on the sagittal series');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Reading saved as complete.').waitFor();

    await page.getByRole('link', { name: '← All readings' }).click();
    await page.getByText('1 of 2 still to grade.').waitFor();
    await page.context().close();

    const agreement = await api.request('GET', '/studies/POTEISS/agreement', { token: world.tokens.statistician });
    expect(agreement.status).toBe(200);
    expect(agreement.body.rows.find((r: any) => r.grade === 'miskin_cc' && r.side === null).n).toBe(1);
  });

  it('works in Dutch and on a 360 px screen without sideways scrolling', async () => {
    const page = await signIn(browser, base, READER, PASSWORD, PHONE);
    await page.goto(`${base}/console/POTEISS/readings`);
    await page.getByRole('table', { name: 'Scans to grade' }).waitFor();
    await page.getByRole('button', { name: 'Nederlands' }).first().click();
    await page.getByRole('heading', { name: 'Geblindeerde beoordelingen', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Te beoordelen scans' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await expectAccessible(page, 'readings list (Dutch, phone)');
    await page
      .getByRole('link', { name: /beoordelen$/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'Markeren als compleet' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await expectAccessible(page, 'reading form (Dutch, phone)');
    await screenshot(page, 'console-reading-phone-nl');
    await page.getByRole('button', { name: 'English' }).first().click();
    await page.context().close();
  });

  it('offers no Readings tab to other roles, and the page refuses them', async () => {
    const page = await signIn(browser, base, 'statistician@test.trialdata.org', PASSWORD, DESKTOP);
    await page.goto(`${base}/console/POTEISS`);
    await page.getByRole('link', { name: 'Dashboard' }).waitFor();
    await expect(page.getByRole('link', { name: 'Readings' }).count()).resolves.toBe(0);
    await page.goto(`${base}/console/POTEISS/readings`);
    await page.getByText('This page does not exist, or your role cannot open it.').waitFor();
    await page.context().close();
  });
});

async function idOf(label: string): Promise<string> {
  const list = await api.request('GET', '/studies/POTEISS/readings', { token: await api.login(READER) });
  return list.body.find((t: any) => t.label === label).participantId;
}
