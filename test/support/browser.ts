/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import axeCore, { type AxeResults } from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';

/** Debian's Chromium, headless, as the README and CI install it. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** The web app built once for this test run (test/support/web-build.ts); pass as WEB_DIR to startApi. */
export function builtWeb(): string {
  return inject('webDir');
}

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };

/** Signs in at /console (in a new context, as axe-core needs) and waits for the signed-in console (the study picker or a study's dashboard). */
export async function signIn(browser: Browser, base: string, email: string, password: string, viewport = DESKTOP): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(`${base}/console`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

/** The WCAG rule sets every accessibility check runs. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe-core on the current page: no serious or critical violation (WCAG 2.x A and AA rules).
 *
 * axe-core runs in the page itself (`axe.run`), injected once per document: the pages have no frames,
 * and @axe-core/playwright's default run (axe.runPartial, then axe.finishRun in a new blank page, the
 * 580 kB source evaluated in both) took ~1.1 s a call (test/patient.e2e.ts's walk
 * calls it 48 times). A page with frames is checked with @axe-core/playwright as before.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  let result: AxeResults;
  if (page.frames().length > 1) result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  else {
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeCore.source);
    result = await page.evaluate(
      (tags) =>
        (window as unknown as { axe: typeof axeCore }).axe.run(document, {
          runOnly: { type: 'tag', values: tags },
          resultTypes: ['violations'],
        }),
      AXE_TAGS,
    );
  }
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `${what}: accessibility violations: ${bad.join('; ')}`).toEqual([]);
}

/** A screenshot for people to look at (storage/screenshots, not committed); never compared. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(__dirname, '..', '..', 'storage', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
