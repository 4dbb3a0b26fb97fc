/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildExportPlan } from '@trialdata/datasets';
import { getInstrument } from '@trialdata/instruments';
import { builtWeb, expectAccessible, launchBrowser, PHONE, screenshot } from './support/browser';
import { TestClock } from './support/clock';
import { eventLink, randomisedTeias, setUpWorld, type World } from './support/fixtures';
import { startApi, type TestApi } from './support/harness';

/**
 * A site's licensed wording loaded through configuration (INSTRUMENT_WORDING_FILE, issue 13 item 1):
 * the patient page shows it instead of the placeholder labels (and drops the placeholder notice), the
 * PCI is scored by the file's key, and datasets carry the key's scales. The file's texts are invented.
 */
const WORDING = join(__dirname, 'fixtures', 'wording', 'site-wording.json');
const START = '2027-03-09T09:00:00.000Z';
const clock = new TestClock(START);
let api: TestApi;
let world: World;
let base: string;
let browser: Browser;

beforeAll(async () => {
  api = await startApi({ clock: clock.now, env: { WEB_DIR: builtWeb(), INSTRUMENT_WORDING_FILE: WORDING } });
  base = api.url.replace(/\/api\/v1$/, '');
  world = await setUpWorld(api);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function week2Link(): Promise<{ token: string; participantId: string }> {
  const { id } = await randomisedTeias(api, world, { email: 'patient.wording@example.nl', language: 'nl' });
  clock.set('2027-03-23T10:00:00.000Z');
  return { token: await eventLink(api, id, 'week2'), participantId: id };
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

it('shows the licensed wording on the patient page in both languages, without the placeholder notice, and scores the answers', async () => {
  const { token, participantId } = await week2Link();

  // The API serves the file's wording; the instrument is no longer marked as a placeholder.
  const open = await api.request('GET', `/portal/${token}?language=en`);
  expect(open.status).toBe(200);
  const rmdq = open.body.instruments.find((i: { code: string }) => i.code === 'RMDQ');
  expect(rmdq.title).toBe('Roland-Morris questionnaire (test wording)');
  expect(rmdq.items[0].label).toBe('Test wording RMDQ statement 1 (licensed)');
  expect(rmdq.items[0].options.map((o: { label: string }) => o.label)).toEqual(['Yes, that applies', 'No, it does not apply']);
  expect(rmdq.placeholder).toBeUndefined();

  const page = await (await browser.newContext({ viewport: PHONE })).newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(`${base}/q/${token}`);
  await h1(page).filter({ hasText: 'Welkom' }).waitFor();
  expect(await page.getByText(/^Let op:/).count()).toBe(0);
  await page.getByRole('button', { name: 'Starten' }).click();
  for (const [score, step] of [
    ['6', 'Stap 3 van 8'],
    ['3', 'Stap 4 van 8'],
  ]) {
    await page.getByRole('radio', { name: score, exact: true }).check();
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.getByText(step).waitFor();
  }
  await page.getByRole('radio').nth(1).check();
  await page.getByRole('button', { name: 'Volgende' }).click();
  await h1(page).filter({ hasText: 'Roland-Morris vragenlijst (testtekst)' }).waitFor();
  expect(await page.getByText('Kruis aan wat vandaag op u van toepassing is.').isVisible()).toBe(true);
  expect(await page.getByText(/^Let op:/).count()).toBe(0);
  expect(await page.getByRole('group', { name: 'Testtekst RMDQ-vraag 1 (licentie)' }).isVisible()).toBe(true);
  await page.getByRole('group', { name: 'Testtekst RMDQ-vraag 1 (licentie)' }).getByRole('radio', { name: 'Ja, klopt' }).check();
  await page.getByRole('group', { name: 'Testtekst RMDQ-vraag 2 (licentie)' }).getByRole('radio', { name: 'Ja, klopt' }).check();
  await expectAccessible(page, 'RMDQ with site wording (nl)');
  await screenshot(page, 'patient-site-wording-rmdq-nl');
  await page.getByRole('button', { name: 'English' }).click();
  await h1(page).filter({ hasText: 'Roland-Morris questionnaire (test wording)' }).waitFor();
  expect(
    await page
      .getByRole('group', { name: 'Test wording RMDQ statement 1 (licensed)' })
      .getByRole('radio', { name: 'Yes, that applies' })
      .isChecked(),
  ).toBe(true);
  await screenshot(page, 'patient-site-wording-rmdq-en');
  await page.context().close();

  // The rest through the portal API: every other RMDQ item "no", then the submission is scored.
  const rest = Object.fromEntries(Array.from({ length: 22 }, (_, i) => [`rmdq${i + 3}`, 0]));
  expect((await api.request('PUT', `/portal/${token}/answers`, { body: { answers: { RMDQ: rest } } })).status).toBe(200);
  const sent = await api.request('POST', `/portal/${token}`, { body: { answers: {} } });
  expect(sent.status).toBe(201);
  expect(sent.body.scores).toMatchObject({ NRS_LEG: { score: 6 }, NRS_BACK: { score: 3 }, RMDQ: { score: 2 } });
  const r = await api.request('GET', `/participants/${participantId}/questionnaires`, { token: world.tokens['coordinator.LUMC'] });
  expect(r.body.find((q: { eventId: string }) => q.eventId === 'week2').scores.RMDQ).toEqual({ score: 2 });
}, 300_000);

it('scores the Pain Coping Inventory by the file’s key, and datasets carry its scales', async () => {
  const token = world.tokens['coordinator.LUMC'];
  const pci = await api.request('GET', '/instruments/PCI?language=nl', { token });
  expect(pci.body.scoreNames).toEqual(['distraction', 'worrying']);
  expect(pci.body.items[0].label).toBe('Testtekst PCI-uitspraak 1');
  expect(pci.body.placeholder).toBeUndefined();
  const scored = await api.request('POST', '/instruments/PCI/score', {
    token,
    body: { answers: { pci1: 2, pci2: 3, pci3: 4, pci5: 1, pci6: 2, pci7: 2 } },
  });
  expect(scored.status).toBe(200);
  // distraction: 3 of 4 answered (1 missing allowed), prorated round(9 × 4 / 3) = 12; worrying: mean 5/3 to 2 decimals.
  expect(scored.body.scores).toEqual({ distraction: 12, worrying: 1.67 });

  // Datasets are planned from the same catalogue: POTEISS asks the PCI, so its scales are variables.
  expect(getInstrument('PCI').scoreNames).toEqual(['distraction', 'worrying']);
  const plan = buildExportPlan(api.studies.get('POTEISS'));
  const pciScores = plan.variables.filter((v) => v.source.kind === 'score' && v.source.instrument === 'PCI').map((v) => v.name);
  expect(pciScores.some((n) => /distraction/.test(n))).toBe(true);
  expect(pciScores.some((n) => /worrying/.test(n))).toBe(true);
  // TEIAS asks the RMDQ: its item variables are labelled with the site's wording.
  const item = buildExportPlan(api.studies.get('TEIAS')).variables.find((v) => v.source.kind === 'item' && v.source.instrument === 'RMDQ');
  expect(item?.label).toContain('Test wording RMDQ statement');
});
