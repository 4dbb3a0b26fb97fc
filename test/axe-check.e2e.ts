import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { AXE_TAGS, expectAccessible, launchBrowser } from './support/browser';

/**
 * The browser tests' accessibility check (test/support/browser.ts) runs axe-core in the page itself,
 * injected once per document. It must still fail on a serious violation, and find what
 * @axe-core/playwright's own run finds on the same page.
 */
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
});

afterAll(async () => {
  await browser?.close();
});

const BAD = `<!doctype html><html lang="en"><head><title>Bad</title></head><body><main>
  <h1>Form</h1>
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
  <button></button>
  <input type="text">
  <p style="color:#777;background:#888">Low contrast</p>
</main></body></html>`;

const GOOD = `<!doctype html><html lang="en"><head><title>Good</title></head><body><main>
  <h1>Form</h1>
  <label for="n">Name</label><input id="n" type="text">
  <button>Save</button>
</main></body></html>`;

it('fails on serious violations and names each one, as @axe-core/playwright finds them', async () => {
  await page.setContent(BAD);
  const error = await expectAccessible(page, 'bad page').then(
    () => null,
    (e: Error) => e,
  );
  expect(error?.message).toContain('bad page: accessibility violations');
  const reference = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const serious = reference.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  expect(serious).toEqual(expect.arrayContaining(['button-name', 'image-alt', 'label', 'color-contrast']));
  for (const id of serious) expect(error!.message).toContain(`${id} (`);
});

it('passes a clean page, also after the document changed in place and after a navigation', async () => {
  await page.setContent(GOOD);
  await expectAccessible(page, 'good page');
  // The axe-core injected into this document is reused; a change to the DOM is still seen.
  await page.evaluate(() => document.querySelector('main')!.insertAdjacentHTML('beforeend', '<button></button>'));
  await expect(expectAccessible(page, 'changed page')).rejects.toThrow(/button-name/);
  // A new document has no axe-core yet: it is injected again.
  await page.setContent(GOOD);
  await expectAccessible(page, 'good page again');
});
