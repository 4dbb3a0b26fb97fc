import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';

/** The path prefix every route of the API shares; the web app's client has it in its base URL (API_BASE). */
export const API_PREFIX = '/api/v1';

/** The generated types of the web app's API client (apps/web/src/api/*). */
export const WEB_SCHEMA_FILE = join('apps', 'web', 'src', 'api', 'schema.d.ts');

const HEADER = `// Generated from docs/openapi.json by \`npm run openapi\` (scripts/web-client.ts, openapi-typescript).
// Do not edit by hand; test/web-client.spec.ts fails when this file and the document disagree.
`;

/**
 * The TypeScript types (`paths`, `components`, `operations`) that apps/web's openapi-fetch client is built
 * on, from an OpenAPI document: paths relative to {@link API_PREFIX}, formatted with the repository's
 * Prettier settings so that `npm run format` leaves the file as it is.
 */
export async function generateWebSchema(document: object, root: string): Promise<string> {
  const doc = structuredClone(document) as { paths?: Record<string, unknown> };
  const paths: Record<string, unknown> = {};
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (!path.startsWith(`${API_PREFIX}/`)) throw new Error(`${path} is not under ${API_PREFIX}`);
    paths[path.slice(API_PREFIX.length)] = item;
  }
  doc.paths = paths;
  const ast = await openapiTS(doc as Parameters<typeof openapiTS>[0], { alphabetize: false, emptyObjectsUnknown: true });
  const target = join(root, WEB_SCHEMA_FILE);
  const options = (await resolveConfig(target)) ?? {};
  return format(HEADER + astToString(ast), { ...options, filepath: target });
}

/** The committed document (docs/openapi.json under `root`). */
export function committedDocument(root: string): object {
  return JSON.parse(readFileSync(join(root, 'docs', 'openapi.json'), 'utf8')) as object;
}
