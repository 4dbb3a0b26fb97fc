import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_PREFIX, WEB_SCHEMA_FILE, committedDocument, generateWebSchema } from '../scripts/web-client';

const root = join(__dirname, '..');

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };

// Generating and formatting 6,000 lines takes seconds on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });

describe("the web app's generated API client types", () => {
  it('match the committed docs/openapi.json: run `npm run openapi` after an API change', async () => {
    const committed = readFileSync(join(root, WEB_SCHEMA_FILE), 'utf8');
    const generated = await generateWebSchema(committedDocument(root), root);
    expect(
      generated === committed,
      `${WEB_SCHEMA_FILE} is not what docs/openapi.json gives: run \`npm run openapi\` and commit both files`,
    ).toBe(true);
  });

  it('change when a response in the document changes (so the check above can fail)', async () => {
    const doc = committedDocument(root) as Doc;
    const before = await generateWebSchema(doc, root);
    const changed = structuredClone(doc);
    const me = changed.paths[`${API_PREFIX}/me`].get.responses['200'].content!['application/json'];
    me.schema = { type: 'object', properties: { renamed: { type: 'string' } }, required: ['renamed'] };
    const after = await generateWebSchema(changed, root);
    expect(after).not.toBe(before);
    expect(after).toContain('renamed: string');
  });

  it('have paths relative to the API prefix, as the client with API_BASE as base URL calls them', async () => {
    const generated = await generateWebSchema(committedDocument(root), root);
    expect(generated).toContain("'/studies/{study}/recruitment': {");
    expect(generated).not.toContain(`'${API_PREFIX}/`);
  });

  it('refuses a document with a route outside the prefix', async () => {
    const doc = committedDocument(root) as Doc;
    doc.paths['/elsewhere'] = doc.paths[`${API_PREFIX}/me`];
    await expect(generateWebSchema(doc, root)).rejects.toThrow('/elsewhere is not under /api/v1');
  });
});
