import type { OpenAPIObject } from '@nestjs/swagger';
import { API_PREFIX, openApiDocument } from '../apps/api/src/app';
import { startApi, type TestApi } from './support/harness';
import { badBodyExamples, missingSummaries, missingWho, operations, undeclaredPathParameters } from './support/openapi-docs';

let api: TestApi;
let doc: OpenAPIObject;

beforeAll(async () => {
  api = await startApi();
  // The document `npm run openapi` writes and /docs serves.
  doc = openApiDocument(api.app);
});

afterAll(async () => {
  await api?.close();
});

describe('Swagger page (/docs)', () => {
  it('documents the API', () => {
    expect(operations(doc).length).toBeGreaterThan(80);
  });

  it('gives every operation a summary', () => {
    expect(missingSummaries(doc)).toEqual([]);
  });

  it('says for every operation who may call it, from its access rule', () => {
    expect(missingWho(doc)).toEqual([]);
  });

  it('declares every path parameter, {study} on every study route', () => {
    expect(operations(doc).filter((o) => o.path.includes('{study}')).length).toBeGreaterThan(30);
    expect(undeclaredPathParameters(doc)).toEqual([]);
  });

  it('gives every request body an example that the API’s validation accepts', async () => {
    expect(await badBodyExamples(api.app, doc, API_PREFIX)).toEqual([]);
  });
});
