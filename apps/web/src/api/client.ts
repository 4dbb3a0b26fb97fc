// What the console and the patient page share about the API: one openapi-fetch client per page, typed by
// the generated schema (schema.d.ts, from docs/openapi.json by `npm run openapi`), and one ApiError for
// every refusal (RFC 9457 application/problem+json) or unreachable server.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

declare const __API_BASE__: string;
/** Where the API is (`API_BASE` at build time, default same origin); the schema's paths are relative to it. */
export const API_BASE = typeof __API_BASE__ === 'string' ? __API_BASE__ : '/api/v1';

/** The response and request bodies the API documents. */
export type Schemas = components['schemas'];
export type { paths };
export type Api = Client<paths>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The whole RFC 9457 problem body (field errors, the current version on a conflict, …). */
    readonly problem: Record<string, unknown> | null = null,
  ) {
    super(message);
  }
}

/**
 * A client for the API whose failures reject with ApiError: a non-2xx answer with its problem's `detail`
 * (or the status text) and the problem itself; a network failure with status 0 and `unreachable()`.
 * `middleware` runs first (e.g. the console's bearer token).
 */
export function createApi(options: { unreachable: () => string; middleware?: Middleware[] }): Api {
  const client = createClient<paths>({ baseUrl: API_BASE });
  const problems: Middleware = {
    async onResponse({ response }) {
      if (response.ok) return undefined;
      const problem = (await response.json().catch(() => null)) as ({ detail?: unknown } & Record<string, unknown>) | null;
      const detail = typeof problem?.detail === 'string' ? problem.detail : null;
      throw new ApiError(response.status, detail ?? (response.statusText || `HTTP ${response.status}`), problem);
    },
    onError({ error }) {
      return error instanceof ApiError ? error : new ApiError(0, options.unreachable());
    },
  };
  client.use(problems, ...(options.middleware ?? []));
  return client;
}

/**
 * The body of a call that succeeded (a failed one has already rejected with ApiError):
 * `await data(api.GET('/studies/{study}', { params: { path: { study } } }))`.
 */
export async function data<T>(call: Promise<{ data?: T; response: Response }>): Promise<T> {
  return (await call).data as T;
}
