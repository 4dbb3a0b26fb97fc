/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { QuestionnairesRepository } from '@trialdata/database';
import { ResponsesService } from '@trialdata/questionnaires';
import { builtWeb, DESKTOP, expectAccessible, launchBrowser, PHONE, screenshot, signIn } from './support/browser';
import { day, TEST_EPOCH, TestClock } from './support/clock';
import { enrolment, randomisedTeias, setUpWorld, type World } from './support/fixtures';
import { PASSWORD, startApi, type TestApi } from './support/harness';

/**
 * The participant status panel and the retention page in Chromium (issue 13 items 4 and 6): a
 * treatment stop recorded beside the status (follow-up continues), a withdrawal that says what the
 * participant allows, in English and Dutch; completion by site and arm reached from the dashboard.
 */
let api: TestApi;
let world: World;
let browser: Browser;
let base: string;
const clock = TestClock.ticking(TEST_EPOCH);
const COORDINATOR = 'coordinator-lumc@test.trialdata.org';
const ids: { stopped: string; withdrawn: string } = { stopped: '', withdrawn: '' };

async function teiasParticipant(email: string): Promise<string> {
  return (await randomisedTeias(api, world, { email, language: 'en' })).id;
}

async function statusPanel(page: Page, id: string) {
  await page.goto(`${base}/console/TEIAS/participants/${id}`);
  const panel = page.locator('[data-panel="status"]');
  await panel.getByRole('heading', { name: /Participation status|Deelnamestatus/ }).waitFor();
  return panel;
}

beforeAll(async () => {
  api = await startApi({ clock: clock.now, env: { WEB_DIR: builtWeb() } });
  base = api.url.replace(/\/api\/v1$/, '');
  world = await setUpWorld(api);
  ids.stopped = await teiasParticipant('stopped@example.nl');
  ids.withdrawn = await teiasParticipant('withdrawn@example.nl');
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

describe('participant status panel', () => {
  it('records a treatment stop beside the status: the participant stays in follow-up', async () => {
    const page = await signIn(browser, base, COORDINATOR, PASSWORD, DESKTOP);
    const panel = await statusPanel(page, ids.stopped);
    await panel.getByRole('button', { name: 'Record treatment stop' }).click();
    await panel.getByRole('button', { name: 'Save treatment stop' }).click();
    // Refused in place: both fields marked and described.
    await expect(panel.getByLabel('Date treatment stopped').getAttribute('aria-invalid')).resolves.toBe('true');
    await panel.getByLabel('Date treatment stopped').fill(day(0));
    await panel.getByLabel('Reason for stopping treatment').fill('Declined the injection');
    await panel.getByRole('button', { name: 'Save treatment stop' }).click();
    await panel.getByText(`Stopped treatment on ${day(0)} (Declined the injection); follow-up continues`).waitFor();
    const p = await api.request('GET', `/participants/${ids.stopped}`, { token: world.tokens['coordinator.LUMC'] });
    expect(p.body).toMatchObject({ status: 'randomised', treatment: { stoppedOn: day(0), reason: 'Declined the injection' } });
    await expectAccessible(page, 'status panel with a treatment stop');
    await screenshot(page, 'console-status-treatment-stop');

    await page.getByRole('button', { name: 'Nederlands' }).first().click();
    await page
      .locator('[data-panel="status"]')
      .getByText(/Behandeling gestopt op .* de follow-up gaat door/)
      .waitFor();
    await page.getByRole('button', { name: 'English' }).first().click();
    await page.context().close();
  });

  it('withdraws consent saying what the participant allows, and shows it', async () => {
    const page = await signIn(browser, base, COORDINATOR, PASSWORD, PHONE);
    const panel = await statusPanel(page, ids.withdrawn);
    await panel.getByRole('radio', { name: 'Withdrawn' }).check();
    const allows = panel.getByRole('group', { name: 'Withdrawal of consent: what does the participant allow?' });
    await expect(allows.getByRole('checkbox', { name: 'Use of the data collected so far' }).isChecked()).resolves.toBe(true);
    await allows.getByRole('checkbox', { name: 'Use of the data collected so far' }).uncheck();
    await panel.getByLabel('Reason', { exact: true }).fill('Withdrew consent by phone');
    await panel.getByRole('button', { name: 'Change status' }).click();
    await panel.getByRole('heading', { name: 'Confirm the status change' }).waitFor();
    await expect(panel.getByText('Use of the data collected so far: no').isVisible()).resolves.toBe(true);
    await panel.getByRole('button', { name: 'Confirm status change' }).click();
    await panel.getByText(/Consent withdrawn on .* The participant allows:/).waitFor();
    await panel.getByText('This participant is left out of every dataset.').waitFor();
    const p = await api.request('GET', `/participants/${ids.withdrawn}`, { token: world.tokens['coordinator.LUMC'] });
    expect(p.body).toMatchObject({ status: 'withdrawn', withdrawal: { furtherContact: false, furtherData: false, collectedData: false } });
    await expectAccessible(page, 'status panel after a withdrawal (phone)');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await screenshot(page, 'console-status-withdrawal-phone');
    await page.context().close();
  });
});

describe('retention page', () => {
  it('is linked from the dashboard and shows completion per site and per arm', async () => {
    const page = await signIn(browser, base, 'data_manager@test.trialdata.org', PASSWORD, DESKTOP);
    await page.goto(`${base}/console/TEIAS`);
    await page.getByRole('link', { name: 'By site and arm' }).click();
    await page.getByRole('heading', { name: 'Retention: completion by site and arm', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Baseline: completion per site' }).waitFor();
    await page.getByRole('table', { name: 'Baseline: completion per arm' }).waitFor();
    await expectAccessible(page, 'retention page');
    await screenshot(page, 'console-retention');
    await page.getByRole('button', { name: 'Nederlands' }).first().click();
    await page.getByRole('heading', { name: 'Retentie: invullen per centrum en arm', level: 1 }).waitFor();
    await page.context().close();
  });
});

describe('patient page', () => {
  it('says in the patient’s language why the 30-minute questionnaire cannot be answered before the injection', async () => {
    const token = world.tokens['coordinator.LUMC'];
    const r = await api.request('POST', '/studies/POTEISS/participants', {
      token,
      body: enrolment(api.studies.get('POTEISS'), 'LUMC', {
        contact: { email: 'thirty@example.nl', language: 'nl' },
        plannedAnchorDate: day(0),
      }),
    });
    expect(r.status).toBe(201);
    const list = await api.request('GET', `/participants/${r.body.id}/questionnaires`, { token });
    const post = list.body.find((q: { eventId: string }) => q.eventId === 'post30min');
    const responses = api.app.get(ResponsesService);
    const link = await api.db.transaction(async (tx) => responses.issueLink(tx, (await tx.get(QuestionnairesRepository).find(post.id))!));

    const page = await (await browser.newContext({ viewport: PHONE })).newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${base}/q/${link}`);
    await page.getByRole('heading', { name: 'Deze vragenlijst is voor na de injectie' }).waitFor();
    await page.getByText('De injectie is nog niet vastgelegd.', { exact: false }).waitFor();

    // Recorded for later today (23:00 in Amsterdam): the page names the time.
    const inj = await api.request('PUT', `/participants/${r.body.id}/events/baseline/forms/injection`, {
      token,
      body: { values: { date: day(0), time: '23:00' }, status: 'incomplete' },
    });
    expect(inj.status).toBe(200);
    await page.reload();
    await page.getByRole('heading', { name: 'Deze vragenlijst is voor na de injectie' }).waitFor();
    await page.getByText(/De injectie staat genoteerd om .*23:00/).waitFor();
    await expectAccessible(page, 'patient page refusing a questionnaire before the injection');
    await screenshot(page, 'patient-before-injection');
    await page.context().close();
  });
});
