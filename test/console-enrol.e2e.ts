/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { EIMICOR, TEIAS } from '@trialdata/protocol';
import { builtWeb, DESKTOP, expectAccessible, launchBrowser, PHONE, screenshot, signIn } from './support/browser';
import { day } from './support/clock';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { PASSWORD, startApi, type TestApi } from './support/harness';

/**
 * Enrolment and randomisation in the coordinator console (issue 10): a TEIAS coordinator at LUMC
 * enrols an eligible patient from a form generated from the study definition (the eligibility and
 * consent forms are prefilled and audited), is refused for an ineligible one with the criteria named
 * in words, randomises (the arm shown, no sequence number for site staff), a second attempt is
 * explained; once in Dutch; accessible at 360 and 1280 px.
 */
let api: TestApi;
let world: World;
let browser: Browser;
let base: string;

const COORDINATOR = 'coordinator-lumc@test.trialdata.org';
const criterion = (id: string) => TEIAS.eligibility.find((c) => c.id === id)!;

beforeAll(async () => {
  api = await startApi({ env: { WEB_DIR: builtWeb() } });
  base = api.url.replace(/\/api\/v1$/, '');
  world = await setUpWorld(api);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

const token = () => world.tokens['coordinator.LUMC'];

async function openEnrol(page: Page, yes = 'Yes', no = 'No'): Promise<void> {
  await page.goto(`${base}/console/TEIAS/participants`);
  await page.getByRole('link', { name: yes === 'Yes' ? 'Enrol participant' : 'Deelnemer inschrijven' }).click();
  await page.getByRole('group', { name: TEIAS.eligibility[0].text, exact: true }).getByLabel(yes, { exact: true }).waitFor();
  void no;
}

/** Fills the enrolment form; `answers` overrides criteria (true = yes). */
async function fillEnrol(
  page: Page,
  o: { answers?: Record<string, boolean>; birthYear?: string; yes?: string; no?: string; female?: string; dutch?: boolean } = {},
): Promise<void> {
  const yes = o.yes ?? 'Yes';
  const no = o.no ?? 'No';
  for (const c of TEIAS.eligibility) {
    const answer = o.answers?.[c.id] ?? c.kind === 'inclusion';
    await page
      .getByRole('group', { name: c.text, exact: true })
      .getByLabel(answer ? yes : no, { exact: true })
      .check();
  }
  await page.getByLabel(o.dutch ? 'Datum van toestemming' : 'Date of consent').fill(day(-7));
  await page.getByLabel(o.dutch ? 'Versie toestemmingsformulier' : 'Consent form version').fill('2.1');
  await page.getByLabel(o.dutch ? 'Geboortejaar' : 'Birth year').fill(o.birthYear ?? '1990');
  await page
    .getByRole('group', { name: o.dutch ? 'Geslacht' : 'Sex', exact: true })
    .getByLabel(o.female ?? 'Female', { exact: true })
    .check();
  await page.getByLabel(o.dutch ? 'E-mailadres' : 'Email address').fill('patient@example.nl');
}

async function participantIdFromUrl(page: Page): Promise<string> {
  await page.waitForURL(/\/console\/[A-Z]+\/participants\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop()!;
}

describe('enrolment in the console', () => {
  let enrolledId: string;

  it('enrols an eligible patient: the participant page opens with the label; forms prefilled and audited', async () => {
    const page = await signIn(browser, base, COORDINATOR, PASSWORD, DESKTOP);
    await openEnrol(page);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Enrol participant');
    // Site-bound: the site is preset and fixed.
    const site = page.getByLabel('Site', { exact: true });
    await expect(site.inputValue()).resolves.toBe('LUMC');
    await expect(site.isDisabled()).resolves.toBe(true);
    await expectAccessible(page, 'enrol page (desktop)');
    await fillEnrol(page);
    await screenshot(page, 'enrol-desktop-filled');
    await page.getByRole('button', { name: 'Enrol', exact: true }).click();
    enrolledId = await participantIdFromUrl(page);
    const h1 = page.getByRole('heading', { level: 1 });
    await h1.filter({ hasText: /^TEIAS-LUMC-\d{4}$/ }).waitFor();
    const label = await h1.textContent();

    const p = await api.request('GET', `/participants/${enrolledId}`, { token: token() });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ label, siteCode: 'LUMC', status: 'enrolled', birthYear: 1990, sex: 'female', hasContact: true });
    expect(p.body.consent).toEqual({ date: day(-7), version: '2.1' });

    const elig = await api.request('GET', `/participants/${enrolledId}/events/enrolment/forms/eligibility`, { token: token() });
    expect(elig.status).toBe(200);
    expect(elig.body.values).toMatchObject({ inc_sciatica_confirmed: true, inc_consent: true, exc_pregnancy: false, date: day() });
    const consent = await api.request('GET', `/participants/${enrolledId}/events/enrolment/forms/consent`, { token: token() });
    expect(consent.body.values).toEqual({ date: day(-7), version: '2.1' });
    expect([elig.body.status, consent.body.status]).toEqual(['complete', 'complete']);

    const audit = await api.request('GET', `/participants/${enrolledId}/audit`, { token: token() });
    expect(audit.body).toContainEqual(expect.objectContaining({ action: 'enrol', entity: 'participant' }));
    expect(audit.body).toContainEqual(
      expect.objectContaining({ entity: 'form', action: 'create', field: 'version', to: '2.1', reason: 'entered at enrolment' }),
    );
    expect(audit.body).toContainEqual(
      expect.objectContaining({ entity: 'form', action: 'create', field: 'exc_pregnancy', to: false, reason: 'entered at enrolment' }),
    );
    await screenshot(page, 'enrol-participant-page');
    await page.context().close();
  });

  it('refuses an ineligible patient naming the criteria in words, next to the fields; nothing typed is lost', async () => {
    const before = (await api.request('GET', '/studies/TEIAS/participants', { token: token() })).body.length;
    const page = await signIn(browser, base, COORDINATOR, PASSWORD, DESKTOP);
    await openEnrol(page);
    // The age criterion answered "no" and a birth year out of range: one reason, named once.
    await fillEnrol(page, { answers: { exc_pregnancy: true, inc_age_18_55: false }, birthYear: '1950' });
    await page.getByRole('button', { name: 'Enrol', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Not eligible' });
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain(`Exclusion criterion applies: ${criterion('exc_pregnancy').text}`);
    const oldest = Number(day(-7).slice(0, 4)) - 1950;
    const ageReason = `Age at consent ${oldest - 1} or ${oldest} years (born 1950) does not meet the inclusion criterion “${criterion('inc_age_18_55').text}”`;
    expect(await alert.locator('li').allTextContents()).toEqual([
      `Exclusion criterion applies: ${criterion('exc_pregnancy').text}`,
      ageReason,
    ]);
    expect(text.split(criterion('inc_age_18_55').text)).toHaveLength(2);
    expect(text).not.toMatch(/exc_pregnancy|birthYear|eligibility\.|\(\(|from the birth year/);
    // Next to both refused controls: the age question and the birth year.
    const ageNo = page.getByRole('group', { name: criterion('inc_age_18_55').text, exact: true }).getByLabel('No', { exact: true });
    await expect(ageNo.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator(`#${await ageNo.getAttribute('aria-describedby')}`).textContent()).resolves.toBe(ageReason);
    // Next to the fields: aria-invalid and the message tied with aria-describedby.
    const pregnancyYes = page.getByRole('group', { name: 'Pregnancy', exact: true }).getByLabel('Yes', { exact: true });
    await expect(pregnancyYes.getAttribute('aria-invalid')).resolves.toBe('true');
    const describedBy = await pregnancyYes.getAttribute('aria-describedby');
    await expect(page.locator(`#${describedBy}`).textContent()).resolves.toContain('Pregnancy');
    const year = page.getByLabel('Birth year');
    await expect(year.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator(`#${await year.getAttribute('aria-describedby')}`).textContent()).resolves.toContain('Age at consent');
    // Nothing typed is lost.
    await expect(year.inputValue()).resolves.toBe('1950');
    await expect(page.getByLabel('Consent form version').inputValue()).resolves.toBe('2.1');
    await expect(pregnancyYes.isChecked()).resolves.toBe(true);
    await expectAccessible(page, 'enrol page with a refusal');
    await screenshot(page, 'enrol-refused');
    expect((await api.request('GET', '/studies/TEIAS/participants', { token: token() })).body.length).toBe(before);
    await page.context().close();
  });

  it('randomises: factors, summary, confirm; the arm shown; no sequence number for site staff; accessible', async () => {
    const page = await signIn(browser, base, COORDINATOR, PASSWORD, DESKTOP);
    await page.goto(`${base}/console/TEIAS/participants/${enrolledId}`);
    await page.getByRole('button', { name: 'Randomise', exact: true }).click();
    const factor = TEIAS.randomisation!.factors[0];
    const group = page.getByRole('group', { name: factor.label, exact: true });
    await group.waitFor();
    await expectAccessible(page, 'randomise step (desktop)');
    await group.getByLabel('< 6 weeks').check();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('button', { name: 'Confirm randomisation' }).waitFor();
    await screenshot(page, 'randomise-summary');
    await page.getByRole('button', { name: 'Confirm randomisation' }).click();
    const status = page.getByRole('status').filter({ hasText: 'is allocated to' });
    await status.waitFor();

    const p = await api.request('GET', `/participants/${enrolledId}`, { token: token() });
    expect(p.body.status).toBe('randomised');
    expect(['TEI', 'UC']).toContain(p.body.arm);
    expect(p.body).not.toHaveProperty('sequence');
    const arm = TEIAS.arms!.find((a) => a.code === p.body.arm)!;
    expect(await status.textContent()).toContain(arm.title);
    // The arm on the page's facts too (after onChange), and the panel's button gone.
    await page.getByText(`${arm.title} (${arm.code})`).waitFor();
    const log = await api.request('GET', '/studies/TEIAS/randomisation/allocations', { token: world.tokens.statistician });
    const row = log.body.find((a: { label: string }) => a.label === p.body.label);
    expect(row).toMatchObject({ arm: p.body.arm, stratum: `LUMC|${factor.id}=${factor.options[0]}`, sequence: expect.any(Number) });
    await screenshot(page, 'randomised');
    await page.context().close();
  });

  it('the API leaves the sequence number out for site-bound staff, not for an unbound admin', async () => {
    const def = api.studies.get('TEIAS');
    const factor = def.randomisation!.factors[0];
    const a = await api.request('POST', '/studies/TEIAS/participants', { token: token(), body: enrolment(def, 'LUMC') });
    const r = await api.request('POST', `/participants/${a.body.id}/randomisation`, {
      token: token(),
      body: { factors: { [factor.id]: factor.options[1] } },
    });
    expect(r.status).toBe(201);
    expect(r.body).not.toHaveProperty('sequence');
    expect(r.body).toMatchObject({ arm: expect.any(String), stratum: expect.any(String) });
    // Without prefillForms (API clients as before) enrolment saves no form.
    expect((await api.request('GET', `/participants/${a.body.id}/forms`, { token: token() })).body).toEqual([]);
    const viaGet = await api.request('GET', `/participants/${a.body.id}`, { token: token() });
    expect(JSON.stringify(viaGet.body)).not.toMatch(/sequence/);
    const b = await api.request('POST', '/studies/TEIAS/participants', { token: token(), body: enrolment(def, 'LUMC') });
    const admin = await api.request('POST', `/participants/${b.body.id}/randomisation`, {
      token: world.adminToken,
      body: { factors: { [factor.id]: factor.options[1] } },
    });
    expect(admin.status).toBe(201);
    expect(admin.body.sequence).toEqual(expect.any(Number));
  });

  it('explains a second attempt: the participant was already randomised meanwhile', async () => {
    const def = api.studies.get('TEIAS');
    const factor = def.randomisation!.factors[0];
    const a = await api.request('POST', '/studies/TEIAS/participants', { token: token(), body: enrolment(def, 'LUMC') });
    const page = await signIn(browser, base, COORDINATOR, PASSWORD, PHONE);
    await page.goto(`${base}/console/TEIAS/participants/${a.body.id}`);
    await page.getByRole('button', { name: 'Randomise', exact: true }).click();
    await page.getByRole('group', { name: factor.label, exact: true }).waitFor();
    await expectAccessible(page, 'randomise step (phone)');
    await screenshot(page, 'randomise-phone');
    await page.getByRole('group', { name: factor.label, exact: true }).getByLabel('≥ 6 weeks').check();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    // Someone else randomises meanwhile.
    const other = await api.request('POST', `/participants/${a.body.id}/randomisation`, {
      token: world.tokens['investigator.LUMC'],
      body: { factors: { [factor.id]: factor.options[1] } },
    });
    expect(other.status).toBe(201);
    await page.getByRole('button', { name: 'Confirm randomisation' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'already randomised' });
    await alert.waitFor();
    const audit = await api.request('GET', `/participants/${a.body.id}/audit`, { token: token() });
    expect(audit.body.filter((r: { action: string; field: string }) => r.action === 'randomise' && r.field === 'arm')).toHaveLength(1);
    await page.context().close();
  });

  it('asks the cohort and the planned surgery date where the study has them (EIMICOR); no forms to prefill there', async () => {
    const page = await signIn(browser, base, COORDINATOR, PASSWORD, DESKTOP);
    await page.goto(`${base}/console/EIMICOR/enrol`);
    for (const c of EIMICOR.eligibility)
      await page
        .getByRole('group', { name: c.text, exact: true })
        .getByLabel(c.kind === 'inclusion' ? 'Yes' : 'No', { exact: true })
        .check();
    await page.getByLabel('Date of consent').fill(day(-3));
    await page.getByLabel('Consent form version').fill('3.0');
    await page.getByLabel('Birth year').fill('1970');
    await page.getByRole('group', { name: 'Sex', exact: true }).getByLabel('Male', { exact: true }).check();
    await page.getByRole('group', { name: 'Cohort', exact: true }).getByLabel('Cervical', { exact: true }).check();
    await page.getByLabel('Planned surgery date').fill(day(10));
    await expectAccessible(page, 'EIMICOR enrol page');
    await page.getByRole('button', { name: 'Enrol', exact: true }).click();
    const id = await participantIdFromUrl(page);
    await page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: /^EIMICOR-LUMC-\d{4}$/ })
      .waitFor();
    const p = await api.request('GET', `/participants/${id}`, { token: token() });
    expect(p.body).toMatchObject({ cohort: 'cervical', plannedAnchorDate: day(10), sex: 'male', hasContact: false });
    expect((await api.request('GET', `/participants/${id}/forms`, { token: token() })).body).toEqual([]);
    // A cohort study has no randomisation panel.
    expect(await page.getByRole('button', { name: 'Randomise', exact: true }).count()).toBe(0);
    await page.context().close();
  });

  it('works in Dutch, and is accessible on a phone', async () => {
    const page = await signIn(browser, base, COORDINATOR, PASSWORD, PHONE);
    await page.goto(`${base}/console/TEIAS/participants`);
    await page.getByRole('button', { name: 'Nederlands' }).first().click();
    await page.getByRole('link', { name: 'Deelnemer inschrijven' }).click();
    await page.getByRole('group', { name: TEIAS.eligibility[0].text, exact: true }).getByLabel('Ja', { exact: true }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('nl');
    await expectAccessible(page, 'enrol page (phone, Dutch)');
    await screenshot(page, 'enrol-phone-nl');
    // A refusal in Dutch first, then the correction: nothing typed is lost in between.
    await fillEnrol(page, { answers: { inc_nrs_leg_ge6: false }, birthYear: '1950', yes: 'Ja', no: 'Nee', female: 'Vrouw', dutch: true });
    await page.getByRole('button', { name: 'Inschrijven', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Niet geschikt' });
    await alert.waitFor();
    const oldest = Number(day(-7).slice(0, 4)) - 1950;
    expect(await alert.locator('li').allTextContents()).toEqual([
      `Niet voldaan aan inclusiecriterium: ${criterion('inc_nrs_leg_ge6').text}`,
      `Leeftijd bij toestemming ${oldest - 1} of ${oldest} jaar (geboren 1950) voldoet niet aan het inclusiecriterium “${criterion('inc_age_18_55').text}”`,
    ]);
    expect(await alert.textContent()).not.toMatch(/[Cc]riterion|[Bb]irth year|age at consent/);
    await expectAccessible(page, 'enrol page with a refusal (phone, Dutch)');
    await page
      .getByRole('group', { name: criterion('inc_nrs_leg_ge6').text, exact: true })
      .getByLabel('Ja', { exact: true })
      .check();
    await page.getByLabel('Geboortejaar').fill('1990');
    await expect(alert.locator('li').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Inschrijven', exact: true }).click();
    const id = await participantIdFromUrl(page);
    await page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: /^TEIAS-LUMC-\d{4}$/ })
      .waitFor();
    await page.getByRole('button', { name: 'Randomiseren', exact: true }).click();
    const factor = TEIAS.randomisation!.factors[0];
    await page.getByRole('group', { name: factor.label, exact: true }).getByLabel('< 6 weken').check();
    await page.getByRole('button', { name: 'Volgende', exact: true }).click();
    await page.getByRole('button', { name: 'Randomisatie bevestigen' }).click();
    await page.getByRole('status').filter({ hasText: 'is toegewezen aan' }).waitFor();
    await screenshot(page, 'randomised-phone-nl');
    const p = await api.request('GET', `/participants/${id}`, { token: token() });
    expect(p.body.status).toBe('randomised');
    await page.context().close();
  });
});
