/// <reference lib="dom" />
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { TestClock } from './support/clock';
import { builtWeb } from './support/browser';
import { enrolment, eventLink, setUpWorld, type World } from './support/fixtures';
import { startApi, type TestApi } from './support/harness';

/**
 * The patient questionnaire page (apps/web) in headless Chromium at 360 px: a TEIAS week-2
 * questionnaire filled in start to finish, then its scores read back through the API. The page (built
 * once per run, test/support/web-build.ts) is served by a small static server that also proxies /api
 * to the test API (same origin).
 */
const START = '2027-03-09T09:00:00.000Z';
const clock = new TestClock(START);
let api: TestApi;
let world: World;
let browser: Browser;
let server: Server;
let base: string;
let participantId: string;
let token: string;

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

beforeAll(async () => {
  const dist = builtWeb();
  api = await startApi({ clock: clock.now });
  world = await setUpWorld(api);
  server = createServer((req, res) => {
    void (async () => {
      const url = req.url ?? '/';
      if (url.startsWith('/api/')) {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const upstream = await fetch(api.url.replace('/api/v1', '') + url, {
          method: req.method,
          headers: req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : {},
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        });
        res
          .writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' })
          .end(Buffer.from(await upstream.arrayBuffer()));
        return;
      }
      const file = url.startsWith('/assets/') ? join(dist, url.split('?')[0]) : join(dist, 'index.html');
      if (!resolve(file).startsWith(dist)) return void res.writeHead(404).end();
      try {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });

  const coordinator = world.tokens['coordinator.LUMC'];
  const r = await api.request('POST', '/studies/TEIAS/participants', {
    token: coordinator,
    body: enrolment(api.studies.get('TEIAS'), 'LUMC', { contact: { email: 'web@example.nl', language: 'en' } }),
  });
  participantId = r.body.id;
  expect(
    (
      await api.request('POST', `/participants/${participantId}/randomisation`, {
        token: coordinator,
        body: { factors: { symptomDuration: '<6w' } },
      })
    ).status,
  ).toBe(201);
  // Week 2, day 14, mid-morning: the window is open. The link is issued as the worker would.
  clock.set('2027-03-23T10:00:00.000Z');
  token = await eventLink(api, participantId, 'week2');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(() => r(undefined)) : r(undefined)));
  await api?.close();
});

async function next(page: Page) {
  await page.getByRole('button', { name: 'Next' }).click();
}

it('fills in a TEIAS week-2 questionnaire start to finish at 360 px, and the API holds its scores', async () => {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await page.goto(`${base}/q/${token}`);
  // The welcome step first (1 of 8: welcome, NRS leg, NRS back, GPE, RMDQ in three pages, summary).
  await page.getByRole('heading', { name: 'Welcome' }).waitFor();
  expect(await page.getByText('Step 1 of 8').isVisible()).toBe(true);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/leg pain/i);
  expect(await page.getByText('Step 2 of 8').isVisible()).toBe(true);
  expect(await page.getByRole('progressbar', { name: 'Progress' }).getAttribute('value')).toBe('2');

  // Validation per item: Next without an answer names the question.
  await next(page);
  await page.getByText('Please answer this question.').waitFor();
  expect(await page.locator('fieldset[aria-invalid="true"]').count()).toBe(1);
  const radio = page.getByRole('radio', { name: '6', exact: true });
  await radio.check();
  await next(page);
  await page.getByText('Step 3 of 8').waitFor();

  // Saved: a reload reopens at the first unanswered step, and the earlier answer is kept.
  await page.reload();
  await page.getByText('Step 3 of 8').waitFor();
  await page.getByRole('button', { name: 'Back' }).click();
  expect(await page.getByRole('radio', { name: '6', exact: true }).isChecked()).toBe(true);
  await next(page);

  await page.getByText('Step 3 of 8').waitFor();
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/back pain/i);
  await page.getByRole('radio', { name: '3', exact: true }).check();
  await next(page);

  await page.getByText('Step 4 of 8').waitFor();
  await page.getByRole('radio', { name: 'Much improved' }).check();
  await next(page);

  // RMDQ: 24 items in three pages of eight.
  for (let part = 0; part < 3; part++) {
    await page.getByText(`Step ${5 + part} of 8`).waitFor();
    const questions = page.locator('fieldset');
    expect(await questions.count()).toBe(8);
    for (let i = 0; i < 8; i++)
      await questions
        .nth(i)
        .getByRole('radio', { name: part === 0 && i < 5 ? 'Yes, this applies to me' : 'No' })
        .check();
    await next(page);
  }

  await page.getByText('Step 8 of 8').waitFor();
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('heading', { name: 'Thank you!' }).waitFor();
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);

  const r = await api.request('GET', `/participants/${participantId}/questionnaires`, { token: world.tokens['coordinator.LUMC'] });
  const week2 = r.body.find((q: any) => q.eventId === 'week2');
  expect(week2).toMatchObject({ status: 'completed', entryMode: 'web' });
  expect(week2.scores).toEqual({ NRS_LEG: { score: 6 }, NRS_BACK: { score: 3 }, GPE: { score: 2, recovered: true }, RMDQ: { score: 5 } });
  expect(new Date(week2.startedAt).getTime()).toBeLessThanOrEqual(new Date(week2.submittedAt).getTime());

  // The same link afterwards says it has been sent.
  await page.goto(`${base}/q/${token}`);
  await page.getByRole('heading', { name: /already been filled in/ }).waitFor();
  await page.close();
});

it('speaks Dutch, and labels every answer for a screen reader', async () => {
  const coordinator = world.tokens['coordinator.LUMC'];
  const r = await api.request('POST', '/studies/TEIAS/participants', {
    token: coordinator,
    body: enrolment(api.studies.get('TEIAS'), 'LUMC', { contact: { email: 'web.nl@example.nl', language: 'nl' } }),
  });
  clock.set(START);
  expect(
    (
      await api.request('POST', `/participants/${r.body.id}/randomisation`, {
        token: coordinator,
        body: { factors: { symptomDuration: '<6w' } },
      })
    ).status,
  ).toBe(201);
  const nlToken = await eventLink(api, r.body.id, 'baseline');
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await page.goto(`${base}/q/${nlToken}`);
  await page.getByText(/^Stap 1 van \d+$/).waitFor();
  expect(await page.evaluate('document.documentElement.lang')).toBe('nl');
  await page.getByRole('button', { name: 'Starten' }).click();
  await page.getByText(/^Stap 2 van \d+$/).waitFor();
  expect(await page.getByRole('button', { name: 'Volgende' }).isVisible()).toBe(true);
  // Every radio has an accessible name and sits in a fieldset with a legend.
  const unnamed = await page.evaluate(
    '[...document.querySelectorAll("input")].filter((i) => !i.closest("label") && !document.querySelector(`label[for="${i.id}"]`)).length',
  );
  expect(unnamed).toBe(0);
  expect(await page.locator('fieldset > legend').count()).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByText(/^Step 2 of \d+$/).waitFor();
  await page.goto(`${base}/q/${'x'.repeat(43)}`);
  await page.getByRole('heading', { name: /onbekend of verlopen|unknown or has expired/ }).waitFor();
  await page.close();
});
