import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApi, type TestApi } from './support/harness';

let api: TestApi;

beforeAll(async () => {
  api = await startApi();
});

afterAll(async () => {
  await api?.close();
});

describe('OpenAPI document', () => {
  it('is committed and current: run `npm run openapi` after an API change', async () => {
    const served = await (await fetch(api.url.replace('/api/v1', '/docs-json'))).json();
    const committed = JSON.parse(readFileSync(join(__dirname, '..', 'docs', 'openapi.json'), 'utf8'));
    expect(served).toEqual(committed);
  });

  it('gives every operation a security requirement or marks it public', async () => {
    const doc = (await (await fetch(api.url.replace('/api/v1', '/docs-json'))).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const publicPaths = ['/api/v1/health', '/api/v1/auth/login', '/api/v1/invitations/{token}'];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (publicPaths.includes(path) || path.startsWith('/api/v1/portal')) continue;
        expect({ path, method, secured: (op.security ?? []).length > 0 }).toEqual({ path, method, secured: true });
      }
    }
  });
});
