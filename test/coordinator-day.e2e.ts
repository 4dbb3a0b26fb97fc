/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { TEIAS } from '@trialdata/protocol';
import { builtWeb, DESKTOP, expectAccessible, launchBrowser, screenshot, signIn } from './support/browser';
import { day } from './support/clock';
import { setUpWorld, type World } from './support/fixtures';
import { PASSWORD, startApi, type TestApi } from './support/harness';
import { waitFor } from './support/wait';

/**
 * A TEIAS coordinator's day in the console (issue 10, "Done when"), in Chromium against the real API:
 * sign in, enrol an eligible patient and be refused for an ineligible one, randomise, fill in the
 * enrolment forms with one refused and one corrected value, answer a monitor's query, copy a patient
 * link, enter a questionnaire answered on paper, withdraw the participant. Every step is checked
 * through the API and the audit trail.
 */
let api: TestApi;
let world: World;
let browser: Browser;
let base: string;
let page: Page;
let id = '';
let label = '';

const COORDINATOR = 'coordinator-lumc@test.trialdata.org';
const coordinator = () => world.tokens['coordinator.LUMC'];
const audit = async () => (await api.request<any[]>('GET', `/participants/${id}/audit`, { token: world.tokens.data_manager })).body;
const readForm = async (formId: string) =>
  (await api.request('GET', `/participants/${id}/events/enrolment/forms/${formId}`, { token: coordinator() })).body;
const baseline = async () =>
  (await api.request<any[]>('GET', `/participants/${id}/questionnaires`, { token: coordinator() })).body.find(
    (q: { eventId: string }) => q.eventId === 'baseline',
  );
const baselineItem = () =>
  page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Baseline', exact: true, level: 3 }) });

async function participantPage(): Promise<void> {
  await page.goto(`${base}/console/TEIAS/participants/${id}`);
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

/** The enrolment form: every criterion answered (inclusion yes, exclusion no unless overridden). */
async function fillEnrol(answers: Record<string, boolean> = {}): Promise<void> {
  await page.goto(`${base}/console/TEIAS/participants`);
  await page.getByRole('link', { name: 'Enrol participant' }).click();
  for (const c of TEIAS.eligibility) {
    const yes = answers[c.id] ?? c.kind === 'inclusion';
    await page
      .getByRole('group', { name: c.text, exact: true })
      .getByLabel(yes ? 'Yes' : 'No', { exact: true })
      .check();
  }
  await page.getByLabel('Date of consent').fill(day(-1));
  await page.getByLabel('Consent form version').fill('2.1');
  await page.getByLabel('Birth year').fill('1980');
  await page.getByRole('group', { name: 'Sex', exact: true }).getByLabel('Female', { exact: true }).check();
  await page.getByLabel('Email address').fill('patient@example.nl');
  await page.getByRole('button', { name: 'Enrol', exact: true }).click();
}

beforeAll(async () => {
  api = await startApi({ env: { WEB_DIR: builtWeb(), PUBLIC_URL: 'https://trial.example.org' } });
  base = api.url.replace(/\/api\/v1$/, '');
  world = await setUpWorld(api);
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

describe("a TEIAS coordinator's day", () => {
  it('signs in', async () => {
    page = await signIn(browser, base, COORDINATOR, PASSWORD, DESKTOP);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  });

  it('enrols an eligible patient', async () => {
    await fillEnrol();
    await page.waitForURL(/\/console\/TEIAS\/participants\/[0-9a-f-]{36}$/);
    id = page.url().split('/').pop()!;
    const h1 = page.getByRole('heading', { level: 1 });
    await h1.filter({ hasText: /^TEIAS-LUMC-\d{4}$/ }).waitFor();
    label = (await h1.textContent())!;
    const p = await api.request('GET', `/participants/${id}`, { token: coordinator() });
    expect(p.body).toMatchObject({ label, siteCode: 'LUMC', status: 'enrolled', birthYear: 1980, sex: 'female' });
    expect(await audit()).toContainEqual(expect.objectContaining({ action: 'enrol', entity: 'participant' }));
  });

  it('is refused for an ineligible patient, the criterion named in words', async () => {
    const before = (await api.request<any[]>('GET', '/studies/TEIAS/participants', { token: coordinator() })).body.length;
    await fillEnrol({ exc_pregnancy: true });
    const alert = page.getByRole('alert').filter({ hasText: 'Not eligible' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(TEIAS.eligibility.find((c) => c.id === 'exc_pregnancy')!.text);
    expect((await api.request<any[]>('GET', '/studies/TEIAS/participants', { token: coordinator() })).body.length).toBe(before);
  });

  it('randomises', async () => {
    await participantPage();
    await page.getByRole('button', { name: 'Randomise', exact: true }).click();
    const factor = TEIAS.randomisation!.factors[0];
    await page.getByRole('group', { name: factor.label, exact: true }).getByLabel('< 6 weeks').check();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('button', { name: 'Confirm randomisation' }).click();
    await page.getByRole('status').filter({ hasText: 'is allocated to' }).waitFor();
    const p = await api.request('GET', `/participants/${id}`, { token: coordinator() });
    expect(p.body.status).toBe('randomised');
    expect(['TEI', 'UC']).toContain(p.body.arm);
    expect(await audit()).toContainEqual(
      expect.objectContaining({ entity: 'participant', action: 'randomise', field: 'arm', to: p.body.arm }),
    );
  });

  it('fills in the enrolment forms: one value refused, one corrected with a reason', async () => {
    await participantPage();
    await page.locator('[data-panel="forms"]').getByRole('link', { name: 'Demographics', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Demographics' }).waitFor();
    await page.getByLabel('Year of birth', { exact: true }).fill('1980');
    await page.getByRole('radio', { name: 'Female' }).check();
    // Refused: a height out of range, next to the field; nothing saved.
    const height = page.getByLabel('Height', { exact: true });
    await height.fill('300');
    await height.blur();
    await expect.poll(() => height.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => height.getAttribute('aria-invalid')).toBe('true');
    expect((await readForm('demographics')).status).toBe('not_started');
    await height.fill('172');
    await page.getByLabel('Weight', { exact: true }).fill('70');
    await page.getByRole('radio', { name: 'Never smoked' }).check();
    await page.getByRole('radio', { name: 'Retired' }).check();
    await page.getByRole('button', { name: 'Mark complete' }).click();
    await page.getByText(/Saved: complete \(version 1\)/).waitFor();
    // Corrected: the weight, with the reason asked for on a complete form.
    await page.getByLabel('Weight', { exact: true }).fill('68');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByLabel('Reason for the change', { exact: true }).fill('Weighed again at the clinic');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/Saved: complete \(version 2\)/).waitFor();
    await expectAccessible(page, 'demographics form (coordinator)');
    expect(await readForm('demographics')).toMatchObject({ status: 'complete', values: { height: 172, weight: 68 } });
    expect(await audit()).toContainEqual(
      expect.objectContaining({ entity: 'form', field: 'weight', from: 70, to: 68, reason: 'Weighed again at the clinic' }),
    );
    expect((await audit()).some((a) => a.entity === 'form' && a.field === 'height' && a.to === 300)).toBe(false);
    // Eligibility and consent were entered at enrolment.
    expect((await readForm('consent')).values).toMatchObject({ version: '2.1' });
  });

  it("answers a monitor's query", async () => {
    const opened = await api.request('POST', `/participants/${id}/queries`, {
      token: world.tokens.monitor,
      body: { eventId: 'enrolment', formId: 'demographics', field: 'weight', text: 'Please confirm the weight against the letter' },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    await page.goto(`${base}/console/TEIAS`);
    await page
      .getByRole('navigation')
      .getByRole('link', { name: /^Queries/ })
      .click();
    const row = page.locator('tr[data-query]').filter({ hasText: label });
    await row.getByRole('button', { name: /Show thread/ }).click();
    const thread = page.getByRole('group', { name: /Queries on/ });
    await thread.getByLabel(/Your answer/).fill('Confirmed: 68 kg per the clinic letter');
    await thread.getByRole('button', { name: 'Answer' }).click();
    await waitFor('the answer', async () => {
      const q = (await api.request<any[]>('GET', `/participants/${id}/queries`, { token: coordinator() })).body[0];
      return q?.status === 'answered';
    });
    expect((await audit()).filter((a) => a.entity === 'query').map((a) => a.action)).toEqual(['open', 'answer']);
  });

  it('copies a patient link', async () => {
    await participantPage();
    await page.getByRole('heading', { name: 'Baseline', exact: true, level: 3 }).waitFor();
    await baselineItem().getByRole('button', { name: 'Copy patient link' }).click();
    const box = page.getByRole('textbox', { name: 'Patient link' });
    await box.waitFor();
    const link = await box.inputValue();
    expect(link).toMatch(/^https:\/\/trial\.example\.org\/q\/[A-Za-z0-9_-]{43}$/);
    expect((await api.request('GET', `/portal/${link.split('/q/')[1]}`)).status).toBe(200);
    expect(await audit()).toContainEqual(expect.objectContaining({ action: 'link', field: 'baseline' }));
  });

  it('enters a questionnaire answered on paper', async () => {
    await participantPage();
    await baselineItem().getByRole('button', { name: 'Enter on paper' }).click();
    const form = page.locator('form.paper-entry');
    const instrument = (code: string) => form.locator(`fieldset.instrument[data-code="${code}"]`);
    await instrument('ODI').waitFor();
    const sections = instrument('ODI').locator('fieldset.item');
    for (let i = 0; i < (await sections.count()); i++) await sections.nth(i).getByRole('radio').nth(2).check();
    const nrs = instrument('NRS_LEG').getByRole('spinbutton');
    if (await nrs.count()) await nrs.first().fill('6');
    else await instrument('NRS_LEG').getByRole('radio').nth(6).check();
    await form.getByRole('button', { name: 'Save answers' }).click();
    await baselineItem().getByRole('row', { name: /ODI/ }).getByText('40 (moderate)').waitFor();
    const q = await baseline();
    expect(q).toMatchObject({ status: 'completed', entryMode: 'paper' });
    expect(q.scores.ODI).toEqual({ score: 40, band: 'moderate' });
    expect((await audit()).find((a) => a.action === 'submit')?.to).toMatchObject({ mode: 'paper' });
  });

  it('withdraws the participant with a reason', async () => {
    await participantPage();
    const panel = page.locator('[data-panel="status"]');
    await panel.getByRole('radio', { name: 'Withdrawn' }).check();
    await panel.getByRole('textbox', { name: 'Reason' }).fill('Patient no longer wishes to take part');
    await panel.getByRole('button', { name: 'Change status' }).click();
    await panel.getByRole('button', { name: 'Confirm status change' }).click();
    await panel.getByText('Reason: Patient no longer wishes to take part').waitFor();
    await expectAccessible(page, 'participant page after withdrawal');
    await screenshot(page, 'coordinator-day-withdrawn');
    const p = await api.request('GET', `/participants/${id}`, { token: coordinator() });
    expect(p.body).toMatchObject({ status: 'withdrawn', statusReason: 'Patient no longer wishes to take part' });
    expect(await audit()).toContainEqual(expect.objectContaining({ entity: 'participant', to: 'withdrawn' }));
    await page.context().close();
  });
});
