/**
 * Issue 15 item 9: security headers on everything the API serves (the console and the patient page
 * still work under the policy), no caching of personal data or portal pages, and per-user limits on
 * queued casebooks, datasets and model fits.
 */
import type { Browser } from 'playwright-core';
import { builtWeb, launchBrowser, signIn } from './support/browser';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { ADMIN, startApi, type TestApi } from './support/harness';

let api: TestApi;
let world: World;
let browser: Browser;
let base: string;

beforeAll(async () => {
  api = await startApi({ env: { WEB_DIR: builtWeb(), PUBLIC_URL: 'https://trial.example.org', QUEUED_PER_USER: '1' } });
  world = await setUpWorld(api);
  base = api.url.replace('/api/v1', '');
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

function expectHardened(headers: Headers, what: string) {
  expect(headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(headers.get('content-security-policy'), what).toContain("frame-ancestors 'none'");
  expect(headers.get('x-frame-options'), what).toBe('DENY');
  expect(headers.get('referrer-policy'), what).toBe('no-referrer');
  expect(headers.get('x-powered-by'), what).toBeNull();
}

describe('HTTP hygiene (item 9)', () => {
  it('sends helmet’s headers, with HSTS for an https PUBLIC_URL, on API answers, errors, pages and files', async () => {
    const index = await (await fetch(`${base}/console`)).text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index)?.[1];
    expect(asset).toBeDefined();
    for (const path of ['/api/v1/health', '/api/v1/studies', '/console', '/q/some-token', asset!, '/docs']) {
      const res = await fetch(base + path);
      expectHardened(res.headers, path);
      expect(res.headers.get('strict-transport-security'), path).toMatch(/max-age=31536000/);
    }
    const csp = (await fetch(`${base}/console`)).headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('sends no HSTS when PUBLIC_URL is plain http', async () => {
    const plain = await startApi();
    try {
      const res = await fetch(`${plain.url}/health`);
      expectHardened(res.headers, 'health over http');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await plain.close();
    }
  });

  it('marks API answers and portal pages Cache-Control: no-store; hashed files may be cached', async () => {
    const me = await api.request('GET', '/me', { token: world.adminToken });
    expect(me.headers.get('cache-control')).toBe('no-store');
    const list = await api.request('GET', '/studies/TEIAS/participants', { token: world.tokens['coordinator.LUMC'] });
    expect(list.headers.get('cache-control')).toBe('no-store');
    expect((await api.request('GET', '/portal/not-a-token')).headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${base}/q/some-token`)).headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${base}/console`)).headers.get('cache-control')).toBe('no-store');
    const index = await (await fetch(`${base}/console`)).text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index)![1];
    expect((await fetch(base + asset)).headers.get('cache-control')).not.toBe('no-store');
  });

  it('the console and the patient page load and work under the policy, without a CSP violation', async () => {
    const page = await signIn(browser, base, ADMIN.email, ADMIN.password);
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const patient = await (await browser.newContext()).newPage();
    patient.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await patient.goto(`${base}/q/not-a-real-token`);
    // The page itself ran (it asked the API, which answered 404 for this token) and shows its message.
    await patient.locator('body').getByRole('heading').first().waitFor({ timeout: 60_000 });
    // Swagger UI at /docs, under its own policy (inline styles allowed there only).
    const docs = await (await browser.newContext()).newPage();
    docs.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await docs.goto(`${base}/docs`);
    await docs.getByText('trialdata API').first().waitFor({ timeout: 60_000 });
    await docs.context().close();
    expect(violations).toEqual([]);
    await page.context().close();
    await patient.context().close();
  });
});

describe('per-user limits on queued work (item 9)', () => {
  it('refuses a second unfinished dataset of the same user with 429, while another user may still ask', async () => {
    const ask = (token: string) =>
      api.request('POST', '/studies/TEIAS/datasets', { token, body: { kind: 'interim', reason: 'quota test' } });
    // No worker runs here, so every dataset stays `building`.
    expect((await ask(world.tokens.data_manager)).status).toBe(201);
    const refused = await ask(world.tokens.data_manager);
    expect(refused.status).toBe(429);
    expect(refused.body.detail).toMatch(/at most 1 at once/);
    expect((await ask(world.tokens.statistician)).status).toBe(201);
  });

  it('admits at most the limit from a burst of parallel requests', async () => {
    const replies = await Promise.all(
      Array.from({ length: 6 }, () =>
        api.request('POST', '/studies/POTEISS/datasets', { token: world.adminToken, body: { kind: 'interim', reason: 'burst' } }),
      ),
    );
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 429)).toHaveLength(5);
  });

  it('limits casebook PDFs per user too', async () => {
    const enrolled = await api.request('POST', '/studies/TEIAS/participants', {
      token: world.tokens['coordinator.LUMC'],
      body: enrolment(api.studies.get('TEIAS'), 'LUMC'),
    });
    const ask = () => api.request('POST', `/participants/${enrolled.body.id}/casebook`, { token: world.tokens.monitor });
    expect((await ask()).status).toBe(202);
    expect((await ask()).status).toBe(429);
  });
});
