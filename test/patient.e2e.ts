/// <reference lib="dom" />
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { builtWeb, expectAccessible, launchBrowser, PHONE, screenshot } from './support/browser';
import { TestClock } from './support/clock';
import { eventLink, randomisedTeias, setUpWorld, type World } from './support/fixtures';
import { startApi, type TestApi } from './support/harness';

/**
 * The patient's questionnaire page (/q/{token}) at 360 × 740 in Chromium, as a patient uses it:
 * a browser profile on disk that is closed mid-page and opened again, the language switch, the
 * welcome, the scales, the summary with its "Change" links, the error pages with the study contact.
 */
const START = '2027-03-09T09:00:00.000Z';
const clock = new TestClock(START);
let api: TestApi;
let world: World;
let base: string;
let browser: Browser;
const profiles: string[] = [];

async function link(eventId: string, language: 'nl' | 'en', email: string): Promise<{ token: string; participantId: string }> {
  clock.set(START);
  const { id } = await randomisedTeias(api, world, { email, language });
  if (eventId === 'week2') clock.set('2027-03-23T10:00:00.000Z');
  return { token: await eventLink(api, id, eventId), participantId: id };
}

/** A browser whose profile (cookies, localStorage) lives on disk, so closing and reopening it keeps what a phone keeps. */
async function openProfile(dir: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    viewport: PHONE,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(60_000);
  return { context, page };
}

function profile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trialdata-patient-'));
  profiles.push(dir);
  return dir;
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const noSideways = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth);
/** Controls and texts that stick out of the viewport on either side (overflow to the left cannot even be scrolled to). */
const cutOff = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('button, a, label, h1, h2, p, legend, dt, dd, [role="slider"]'))
      .filter((e) => {
        const box = e.getBoundingClientRect();
        return box.width > 0 && (box.left < -0.5 || box.right > window.innerWidth + 0.5);
      })
      .map((e) => `${e.tagName.toLowerCase()} "${(e.textContent ?? '').trim().slice(0, 40)}"`),
  );

async function saved(page: Page, language: 'en' | 'nl' = 'en') {
  await page.getByText(language === 'en' ? 'Your answers have been saved.' : 'Uw antwoorden zijn bewaard.').waitFor();
}

/** Answers every visible question of the step with its first option (or a plausible value). */
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
  for (const input of await page.locator('form input[type="date"]').all()) await input.fill('2027-03-01');
}

beforeAll(async () => {
  api = await startApi({
    clock: clock.now,
    env: { WEB_DIR: builtWeb(), SUPPORT_CONTACT_NAME: 'Trial office (test)', SUPPORT_CONTACT_EMAIL: 'trial-office@example.org' },
  });
  base = api.url.replace(/\/api\/v1$/, '');
  world = await setUpWorld(api);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
});

it('welcomes, saves as answers are given, reopens at the same step after the browser closed, and sends after the summary', async () => {
  const { token, participantId } = await link('week2', 'en', 'patient.week2@example.nl');
  const dir = profile();
  let { context, page } = await openProfile(dir);
  await page.goto(`${base}/q/${token}`);

  // The welcome: the study's title, the time point, the time it takes (from the items), the contact.
  await h1(page).filter({ hasText: 'Welcome' }).waitFor();
  expect(await page.getByText('Transforaminal', { exact: false }).first().isVisible()).toBe(true);
  expect(await page.getByText('Week 2 (primary outcome)').isVisible()).toBe(true);
  expect(await page.getByText('about 5 minutes').isVisible()).toBe(true);
  expect(await page.getByRole('link', { name: 'teias-study-team@example.org' }).isVisible()).toBe(true);
  expect(await page.getByText('Step 1 of 8').isVisible()).toBe(true);
  // No licensed wording is loaded in this test: the welcome names the instrument shown with placeholder wording.
  expect(await page.getByText(/Please note: for Roland-Morris.*short descriptions/).isVisible()).toBe(true);
  await page.getByRole('button', { name: 'Start' }).click();

  // NRS leg pain: one row of eleven with its anchors; nothing scrolls sideways at 360 px.
  await h1(page)
    .filter({ hasText: /leg pain/i })
    .waitFor();
  const row = page.locator('.nrs-row').first();
  const points = await row.locator('label').evaluateAll((ls) => ls.map((l) => Math.round(l.getBoundingClientRect().top)));
  expect(points).toHaveLength(11);
  expect(new Set(points).size).toBe(1);
  expect(await noSideways(page)).toBeLessThanOrEqual(360);
  expect(await page.getByRole('radio', { name: '0 – no pain' }).count()).toBe(1);
  expect(await page.getByRole('radio', { name: '10 – worst pain imaginable' }).count()).toBe(1);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText('Please answer this question.').waitFor();
  await page.getByRole('radio', { name: '6', exact: true }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await h1(page)
    .filter({ hasText: /back pain/i })
    .waitFor();
  await page.getByRole('radio', { name: '3', exact: true }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText('Step 4 of 8').waitFor();
  await page.getByRole('radio', { name: 'Much improved' }).check();
  await page.getByRole('button', { name: 'Next' }).click();

  // RMDQ: 24 items on three pages of eight, said plainly to carry placeholder wording.
  await h1(page).filter({ hasText: 'part 1 of 3' }).waitFor();
  expect(await page.getByText(/^Please note: the questions below are short descriptions/).isVisible()).toBe(true);
  expect(await page.locator('form fieldset').count()).toBe(8);
  for (const set of await page.locator('form fieldset').all()) await set.getByRole('radio').nth(1).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await h1(page).filter({ hasText: 'part 2 of 3' }).waitFor();
  const sets = page.locator('form fieldset');
  for (let i = 0; i < 3; i++) await sets.nth(i).getByRole('radio').first().check();
  // Saved as given, without "Next": close the browser mid-page.
  await saved(page);
  await context.close();

  ({ context, page } = await openProfile(dir));
  await page.goto(`${base}/q/${token}`);
  await h1(page).filter({ hasText: 'part 2 of 3' }).waitFor();
  expect(await page.getByText('Step 6 of 8').isVisible()).toBe(true);
  const again = page.locator('form fieldset');
  for (let i = 0; i < 3; i++) expect(await again.nth(i).getByRole('radio').first().isChecked()).toBe(true);
  expect(await again.nth(3).getByRole('radio').first().isChecked()).toBe(false);
  // Earlier steps kept every answer.
  await page.getByRole('button', { name: 'Back' }).click();
  await h1(page).filter({ hasText: 'part 1 of 3' }).waitFor();
  for (const set of await page.locator('form fieldset').all()) expect(await set.getByRole('radio').nth(1).isChecked()).toBe(true);
  await page.getByRole('button', { name: 'Next' }).click();
  await h1(page).filter({ hasText: 'part 2 of 3' }).waitFor();
  for (let i = 3; i < 8; i++) await again.nth(i).getByRole('radio').nth(1).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await h1(page).filter({ hasText: 'part 3 of 3' }).waitFor();
  for (const set of await page.locator('form fieldset').all()) await set.getByRole('radio').nth(1).check();
  await page.getByRole('button', { name: 'Next' }).click();

  // The summary: every answer, each with a link back to its step.
  await h1(page).filter({ hasText: 'Your answers' }).waitFor();
  await expectAccessible(page, 'summary (en)');
  await screenshot(page, 'patient-week2-summary-en');
  const change = page.getByRole('link', { name: /^Change.*How much pain did you have in your leg/ });
  await change.click();
  await h1(page)
    .filter({ hasText: /leg pain/i })
    .waitFor();
  expect(await page.getByRole('radio', { name: '6', exact: true }).isChecked()).toBe(true);
  await page.getByRole('radio', { name: '7', exact: true }).check();
  await page.getByRole('button', { name: 'Back to the summary' }).click();
  await h1(page).filter({ hasText: 'Your answers' }).waitFor();
  await page.getByRole('button', { name: 'Send' }).click();
  await h1(page).filter({ hasText: 'Thank you!' }).waitFor();
  await context.close();

  const r = await api.request('GET', `/participants/${participantId}/questionnaires`, { token: world.tokens['coordinator.LUMC'] });
  const week2 = r.body.find((q: { eventId: string }) => q.eventId === 'week2');
  expect(week2).toMatchObject({ status: 'completed', entryMode: 'web' });
  expect(week2.scores).toEqual({ NRS_LEG: { score: 7 }, NRS_BACK: { score: 3 }, GPE: { score: 2, recovered: true }, RMDQ: { score: 3 } });

  // The used link and an unknown one: the error pages name the study team's contact.
  const p = await (await browser.newContext({ viewport: PHONE })).newPage();
  await p.goto(`${base}/q/${token}`);
  await h1(p)
    .filter({ hasText: /already been filled in/ })
    .waitFor();
  expect(await p.getByRole('link', { name: 'teias-study-team@example.org' }).isVisible()).toBe(true);
  await expectAccessible(p, 'used link');
  await p.goto(`${base}/q/${'x'.repeat(43)}`);
  await h1(p)
    .filter({ hasText: /unknown or has expired/ })
    .waitFor();
  // No study can be named for an unknown link: the platform's contact from configuration (SUPPORT_CONTACT_*).
  expect(await p.getByRole('heading', { name: 'Questions about this link? Contact' }).isVisible()).toBe(true);
  expect(await p.getByText('Trial office (test)').isVisible()).toBe(true);
  expect(await p.getByRole('link', { name: 'trial-office@example.org' }).isVisible()).toBe(true);
  await expectAccessible(p, 'unknown link');
  await screenshot(p, 'patient-error-unknown-en');
  await p.context().close();
}, 300_000);

it('remembers the language with the link, and every step is accessible and fits 360 px in both languages', async () => {
  const { token } = await link('baseline', 'en', 'patient.baseline@example.nl');
  const dir = profile();
  let { context, page } = await openProfile(dir);
  await page.goto(`${base}/q/${token}`);
  await h1(page).filter({ hasText: 'Welcome' }).waitFor();
  await page.getByRole('button', { name: 'Nederlands' }).click();
  await h1(page).filter({ hasText: 'Welkom' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
  await context.close();
  ({ context, page } = await openProfile(dir));
  await page.goto(`${base}/q/${token}`);
  await h1(page).filter({ hasText: 'Welkom' }).waitFor();
  expect(await page.getByRole('button', { name: 'Starten' }).isVisible()).toBe(true);

  // Every step, in Dutch and in English: axe-core finds nothing serious, nothing scrolls sideways.
  const total = Number((await page.getByText(/^Stap 1 van \d+$/).textContent())!.match(/\d+$/)![0]);
  for (let step = 1; step <= total; step++) {
    for (const [language, button] of [
      ['nl', 'English'],
      ['en', 'Nederlands'],
    ] as const) {
      await page.getByText(language === 'nl' ? `Stap ${step} van ${total}` : `Step ${step} of ${total}`).waitFor();
      await expectAccessible(page, `step ${step} (${language})`);
      await expectNamedControls(page, `step ${step} (${language})`);
      expect(await noSideways(page), `step ${step} (${language}) scrolls sideways`).toBeLessThanOrEqual(360);
      await screenshot(page, `patient-baseline-step-${String(step).padStart(2, '0')}-${language}`);
      await page.getByRole('button', { name: button }).click();
    }
    await page.getByText(`Stap ${step} van ${total}`).waitFor();
    if (step === total) break;
    if (await page.getByRole('slider').count()) {
      // The EQ VAS: a vertical 0-100 slider, operated with the keyboard, its value shown.
      const vas = page.getByRole('slider');
      expect(await vas.getAttribute('aria-orientation')).toBe('vertical');
      await vas.focus();
      await page.keyboard.press('ArrowUp'); // 50
      await page.keyboard.press('PageUp'); // 60
      await page.keyboard.press('ArrowUp'); // 61
      expect(await vas.getAttribute('aria-valuenow')).toBe('61');
      expect(await page.locator('output').textContent()).toBe('61');
    } else await answerAll(page);
    await page.getByRole('button', { name: step === 1 ? 'Starten' : 'Volgende' }).click();
  }
  await page.getByRole('button', { name: 'Versturen' }).click();
  await h1(page).filter({ hasText: 'Dank u wel!' }).waitFor();
  await context.close();
}, 900_000);

/** Chromium's accessibility tree (what a screen reader is given): role, name, description, focus. */
interface AxNode {
  role: string;
  name: string;
  description: string;
  focused: boolean;
}
async function accessibilityTree(page: Page): Promise<AxNode[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: {
        ignored: boolean;
        role?: { value: string };
        name?: { value: string };
        description?: { value: string };
        properties?: { name: string; value: { value: unknown } }[];
      }[];
    };
    return nodes
      .filter((n) => !n.ignored)
      .map((n) => ({
        role: n.role?.value ?? '',
        name: String(n.name?.value ?? '').trim(),
        description: String(n.description?.value ?? '').trim(),
        focused: n.properties?.some((p) => p.name === 'focused' && p.value.value === true) ?? false,
      }));
  } finally {
    await cdp.detach();
  }
}

const CONTROLS = ['button', 'radio', 'checkbox', 'slider', 'spinbutton', 'textbox', 'link', 'combobox', 'progressbar'];

async function expectNamedControls(page: Page, what: string) {
  const unnamed = (await accessibilityTree(page)).filter((n) => CONTROLS.includes(n.role) && !n.name);
  expect(unnamed, `${what}: controls without an accessible name`).toEqual([]);
}

/** Tab (never the mouse) until the focused element is the button named `name`, then Enter. */
async function pressButton(page: Page, name: string) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => (document.activeElement?.tagName === 'BUTTON' ? document.activeElement.textContent : null));
    if (focused === name) return page.keyboard.press('Enter');
  }
  throw new Error(`no button "${name}" reached with Tab`);
}

it('works at 200% zoom, with the keyboard only, and tells a screen reader the step, the names and the errors', async () => {
  const { token } = await link('week2', 'en', 'patient.zoom@example.nl');
  // 200% browser zoom on a 360 × 740 phone: Chromium then lays the page out in a 180 × 370 CSS-pixel
  // viewport drawn with 2 device pixels per CSS pixel. That is what this context emulates (not CSS
  // `zoom`, which Chromium does not reflow the same way, nor deviceScaleFactor alone, which changes nothing).
  const context = await browser.newContext({ viewport: { width: 180, height: 370 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(`${base}/q/${token}`);
  await h1(page).filter({ hasText: 'Welcome' }).waitFor();
  expect(await page.evaluate(() => window.innerWidth)).toBe(180);
  expect(await noSideways(page), 'welcome at 200% scrolls sideways').toBeLessThanOrEqual(180);
  expect(await cutOff(page), 'welcome at 200%: cut off').toEqual([]);
  // The study's title, the time point and the time it takes stay readable (not a column one letter wide).
  const factWidths = await page.locator('.facts dd').evaluateAll((dds) => dds.map((d) => d.getBoundingClientRect().width));
  expect(factWidths).toHaveLength(3);
  for (const w of factWidths) expect(w).toBeGreaterThan(120);
  await expectAccessible(page, 'welcome at 200%');
  await expectNamedControls(page, 'welcome');
  await screenshot(page, 'patient-zoom200-welcome-en');
  await pressButton(page, 'Start');

  // The step change moves focus to the step's heading, which a screen reader reads with its
  // description, the progress ("Step 2 of 8").
  await h1(page)
    .filter({ hasText: /leg pain/i })
    .waitFor();
  let focused = (await accessibilityTree(page)).find((n) => n.focused && n.role !== 'RootWebArea');
  expect(focused).toMatchObject({ role: 'heading', description: 'Step 2 of 8' });
  expect(focused!.name).toMatch(/leg pain/i);
  expect(await page.getByRole('progressbar', { name: 'Progress' }).count()).toBe(1);

  // Nothing answered: the error is announced (role=alert) and tied to every choice of the question.
  await pressButton(page, 'Next');
  await page.getByText('Please answer this question.').waitFor();
  expect(await page.getByRole('alert').textContent()).toBe('One question still needs an answer.');
  const radios = (await accessibilityTree(page)).filter((n) => n.role === 'radio');
  expect(radios).toHaveLength(11);
  for (const radio of radios) expect(radio.description, `radio ${radio.name}`).toContain('Please answer this question.');
  expect(radios.map((r) => r.name)).toContain('0 – no pain');
  await expectNamedControls(page, 'NRS with an error');
  expect(await noSideways(page), 'NRS at 200% scrolls sideways').toBeLessThanOrEqual(180);
  expect(await cutOff(page), 'NRS at 200%: cut off').toEqual([]);
  await expectAccessible(page, 'NRS with an error at 200%');
  await screenshot(page, 'patient-zoom200-nrs-error-en');

  // Keyboard only: focus the scale, arrow to 2, Tab to "Next".
  await page.getByRole('heading', { level: 1 }).focus();
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('radio');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  expect(await page.getByRole('radio', { name: '2', exact: true }).isChecked()).toBe(true);
  await pressButton(page, 'Next');
  await h1(page)
    .filter({ hasText: /back pain/i })
    .waitFor();
  focused = (await accessibilityTree(page)).find((n) => n.focused && n.role !== 'RootWebArea');
  expect(focused).toMatchObject({ role: 'heading', description: 'Step 3 of 8' });
  expect(await noSideways(page), 'step 3 at 200% scrolls sideways').toBeLessThanOrEqual(180);
  expect(await cutOff(page), 'step 3 at 200%: cut off').toEqual([]);
  await expectAccessible(page, 'step 3 at 200%');
  await screenshot(page, 'patient-zoom200-step-03-en');
  await context.close();
}, 300_000);
