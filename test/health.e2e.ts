import { startApi, type TestApi } from './support/harness';

let api: TestApi;

beforeAll(async () => {
  // Nothing listens on port 1: Redis is "down" for this API.
  api = await startApi({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
});

afterAll(async () => {
  await api?.close();
});

describe('health with a dependency down', () => {
  it('answers 503 naming the failing part', async () => {
    const r = await api.request('GET', '/health');
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ status: 'error', db: 'up', redis: 'down' });
  });
});
