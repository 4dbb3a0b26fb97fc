import type { OpenAPIObject } from '@nestjs/swagger';
import { DEMO_PASSWORD, DEMO_STUDY, seedDemo } from '../apps/cli/src/commands/seed';
import { API_PREFIX, openApiDocument } from '../apps/api/src/app';
import { day } from './support/clock';
import { startApi, type TestApi } from './support/harness';
import { contractValidator, declaresNoContent } from './support/response-contract';

/**
 * Issue 9 item 3: every JSON response is described by a DTO in the OpenAPI document, and the DTO is
 * true. On the demo seed (real data in every state), each route of ROUTES is called and its body
 * validated against the response schema of the LIVE document (openApiDocument, as `npm run openapi`
 * and /docs build it), strictly: required keys required, null only where nullable, and no key the
 * DTO does not document (test/support/response-contract.ts; test/response-contract.spec.ts shows it
 * refuses a wrong body).
 *
 * To cover more routes, add rows to ROUTES (and, when a row needs an id, a lookup to `setUp`).
 * Rows run in order, so a write can prepare what a later read lists.
 */

/** Ids a route's path or body needs, found in the seeded data by `setUp`. */
interface Context {
  study: string;
  /** A randomised participant with contact details and completed follow-ups. */
  participant: string;
  /** A participant whose status the table may change (withdrawn). */
  leaving: string;
  /** A participant who gets a treatment stop. */
  stopping: string;
  stoppingConsent: string;
  /** A questionnaire open now, and its participant: for a patient link. */
  openQuestionnaire: { id: string; participantId: string };
  /** An open coordinator task. */
  task: string;
  /** Filled by the rows themselves. */
  token?: string;
  portalAnswers?: Record<string, Record<string, unknown>>;
}

type User = 'studyadmin' | 'statistician' | 'coordinator' | 'monitor' | 'public';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Route {
  method: Method;
  /** The path as the document names it (below /api/v1), `{name}` filled from `params`. */
  path: string;
  params?: (c: Context) => Record<string, string>;
  query?: string;
  body?: (c: Context) => unknown;
  /** Default: the study admin (every study action, not site-bound). */
  as?: User;
  /** Default 200 (201 for POST). */
  status?: number;
  /** An array body must have at least one element (an empty list proves nothing about its items). */
  nonEmpty?: boolean;
  /** After the call: keep what later rows need. */
  then?: (body: any, c: Context) => void;
}

/** A serious adverse event (life-threatening: 7 days), so the report list has a row. */
const SAE = () => ({
  values: {
    term: 'Hospitalisation for cauda equina syndrome',
    onset: day(-1, api.clock()),
    learned: day(0, api.clock()),
    severity: 3,
    related: 3,
    expected: 2,
    action: 3,
    serious: true,
    sae_crit: [2],
    outcome: 2,
    sae_reported: day(0, api.clock()),
  },
});

export const ROUTES: Route[] = [
  // studies.controller.ts
  { method: 'GET', path: '/studies', as: 'coordinator', nonEmpty: true },
  { method: 'GET', path: '/studies/{study}', params: (c) => ({ study: c.study }), as: 'coordinator' },
  { method: 'GET', path: '/studies/{study}', params: () => ({ study: 'POTEISS' }), as: 'coordinator' },
  { method: 'GET', path: '/studies/{study}', params: () => ({ study: 'EIMICOR' }), as: 'coordinator' },
  { method: 'GET', path: '/studies/{study}/eligibility', params: (c) => ({ study: c.study }), as: 'coordinator', nonEmpty: true },
  { method: 'GET', path: '/studies/{study}/recruitment', params: (c) => ({ study: c.study }), as: 'coordinator' },
  { method: 'GET', path: '/studies/{study}/recruitment', params: (c) => ({ study: c.study }) },
  {
    method: 'GET',
    path: '/studies/{study}/randomisation/allocations',
    params: (c) => ({ study: c.study }),
    as: 'statistician',
    nonEmpty: true,
  },
  { method: 'GET', path: '/studies/{study}/randomisation/verification', params: (c) => ({ study: c.study }), as: 'statistician' },
  // participants.controller.ts
  { method: 'GET', path: '/studies/{study}/participants', params: (c) => ({ study: c.study }), nonEmpty: true },
  { method: 'GET', path: '/studies/{study}/screening', params: (c) => ({ study: c.study }) },
  { method: 'GET', path: '/participants/{id}', params: (c) => ({ id: c.participant }) },
  { method: 'GET', path: '/participants/{id}/contact', params: (c) => ({ id: c.participant }) },
  {
    method: 'PATCH',
    path: '/participants/{id}/status',
    params: (c) => ({ id: c.leaving }),
    body: () => ({
      status: 'withdrawn',
      reason: 'Withdrew consent by phone',
      withdrawal: { furtherContact: true, furtherData: false, collectedData: true },
    }),
    status: 200,
    then: (b) => expect(b.withdrawal).toMatchObject({ furtherContact: true }),
  },
  { method: 'GET', path: '/participants/{id}', params: (c) => ({ id: c.leaving }) },
  {
    method: 'PUT',
    path: '/participants/{id}/treatment-stop',
    params: (c) => ({ id: c.stopping }),
    body: (c) => ({ date: c.stoppingConsent, reason: 'Side effects' }),
    then: (b) => expect(b.treatment).not.toBeNull(),
  },
  // questionnaires: instruments, portal, coordinator views
  { method: 'GET', path: '/instruments', as: 'coordinator', nonEmpty: true },
  { method: 'GET', path: '/instruments', query: 'language=nl', as: 'coordinator', nonEmpty: true },
  { method: 'GET', path: '/instruments/{code}', params: () => ({ code: 'NRS_LEG' }), as: 'coordinator' },
  { method: 'GET', path: '/instruments/{code}', params: () => ({ code: 'ODI' }), query: 'language=nl', as: 'coordinator' },
  { method: 'GET', path: '/participants/{id}/outcomes', params: (c) => ({ id: c.participant }), nonEmpty: true },
  { method: 'GET', path: '/participants/{id}/questionnaires', params: (c) => ({ id: c.participant }), nonEmpty: true },
  { method: 'GET', path: '/studies/{study}/questionnaires/due', params: (c) => ({ study: c.study }), nonEmpty: true },
  {
    method: 'GET',
    path: '/studies/{study}/questionnaires/due',
    params: (c) => ({ study: c.study }),
    query: 'status=overdue',
    nonEmpty: true,
  },
  { method: 'GET', path: '/studies/{study}/tasks', params: (c) => ({ study: c.study }), nonEmpty: true },
  {
    method: 'POST',
    path: '/participants/{id}/questionnaires/{qid}/link',
    params: (c) => ({ id: c.openQuestionnaire.participantId, qid: c.openQuestionnaire.id }),
    then: (b, c) => {
      c.token = String(b.link).split('/q/')[1];
    },
  },
  {
    method: 'GET',
    path: '/portal/{token}',
    params: (c) => ({ token: c.token! }),
    as: 'public',
    then: (b, c) => {
      // One answer to the first item of the first instrument, for the save below.
      const instrument = b.instruments[0];
      const item = instrument.items.find((i: any) => !i.showIf);
      const value = item.type === 'integer' ? item.min : item.type === 'multichoice' ? [item.options[0].code] : item.options[0].code;
      c.portalAnswers = { [instrument.code]: { [item.id]: value } };
    },
  },
  {
    method: 'PUT',
    path: '/portal/{token}/answers',
    params: (c) => ({ token: c.token! }),
    body: (c) => ({ answers: c.portalAnswers }),
    as: 'public',
  },
  { method: 'POST', path: '/studies/{study}/tasks/{taskId}/done', params: (c) => ({ study: c.study, taskId: c.task }), status: 204 },
  { method: 'GET', path: '/studies/{study}/tasks', params: (c) => ({ study: c.study }), query: 'status=done', nonEmpty: true },
  // safety.controller.ts
  {
    method: 'PUT',
    path: '/participants/{id}/events/{eventId}/forms/{formId}',
    params: (c) => ({ id: c.participant, eventId: 'unscheduled', formId: 'adverse_event' }),
    query: 'instance=1',
    body: SAE,
    // The forms route is part B's: here it only makes an SAE for the report list.
    then: () => undefined,
  },
  { method: 'GET', path: '/studies/{study}/safety/reports', params: (c) => ({ study: c.study }), nonEmpty: true },
  {
    method: 'POST',
    path: '/studies/{study}/deviations',
    params: (c) => ({ study: c.study }),
    body: (c) => ({ participantId: c.participant, kind: 'out_of_window', eventId: 'week2', description: 'Week 2 visit held late' }),
    as: 'monitor',
  },
  {
    method: 'POST',
    path: '/studies/{study}/deviations',
    params: (c) => ({ study: c.study }),
    body: (c) => ({ participantId: c.participant, description: 'Consent form version not filed', occurredOn: day(-3, api.clock()) }),
    as: 'monitor',
  },
  { method: 'GET', path: '/studies/{study}/deviations/recorded', params: (c) => ({ study: c.study }), nonEmpty: true },
  // auth: last, as it ends the caller's tokens
  {
    method: 'PUT',
    path: '/me/password',
    body: () => ({ currentPassword: DEMO_PASSWORD, newPassword: 'a new long passphrase for the monitor' }),
    as: 'monitor',
    status: 204,
  },
];

/** Rows whose JSON is checked here only in passing (another part's routes used to set up data). */
const NOT_CHECKED = new Set(['PUT /participants/{id}/events/{eventId}/forms/{formId}']);

let api: TestApi;
let doc: OpenAPIObject;
let check: ReturnType<typeof contractValidator>;
const tokens = {} as Record<User, string | undefined>;
const context = {} as Context;
const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> => api.db.dataSource.query(query, params);

beforeAll(async () => {
  api = await startApi({ env: { ADMIN_EMAIL: 'admin@demo.trialdata.org', ADMIN_PASSWORD: DEMO_PASSWORD } });
  await seedDemo(api.config, api.studies, () => undefined, { clock: api.clock });
  doc = openApiDocument(api.app);
  check = contractValidator(doc);
  for (const user of ['studyadmin', 'statistician', 'monitor'] as const)
    tokens[user] = await api.login(`${user}@demo.trialdata.org`, DEMO_PASSWORD);
  tokens.coordinator = await api.login('coordinator.lumc@demo.trialdata.org', DEMO_PASSWORD);
  await setUp();
}, 300_000);

afterAll(async () => {
  await api?.close();
});

async function setUp(): Promise<void> {
  context.study = DEMO_STUDY;
  const [withOutcomes] = await sql<{ id: string }>(
    `SELECT p.id FROM participants p JOIN participant_contacts c ON c.participant_id = p.id
      WHERE p.study_code = $1 AND p.arm IS NOT NULL
        AND EXISTS (SELECT 1 FROM questionnaires q WHERE q.participant_id = p.id AND q.status = 'completed' AND q.event_id <> 'baseline')
      ORDER BY p.label LIMIT 1`,
    [DEMO_STUDY],
  );
  context.participant = withOutcomes.id;
  const others = await sql<{ id: string; consent_date: string }>(
    `SELECT id, to_char(consent_date, 'YYYY-MM-DD') AS consent_date FROM participants
      WHERE study_code = $1 AND id <> $2 AND status IN ('enrolled', 'randomised') ORDER BY label`,
    [DEMO_STUDY, context.participant],
  );
  const [open] = await sql<{ id: string; participant_id: string }>(
    `SELECT q.id, q.participant_id FROM questionnaires q JOIN participants p ON p.id = q.participant_id
      WHERE q.study_code = $1 AND q.status = 'scheduled' AND q.mode = 'remote' AND q.opens_at <= $2 AND q.closes_at > $2
        AND p.status IN ('enrolled', 'randomised') ORDER BY q.closes_at DESC LIMIT 1`,
    [DEMO_STUDY, api.clock().toISOString()],
  );
  context.openQuestionnaire = { id: open.id, participantId: open.participant_id };
  const spare = others.filter((p) => p.id !== open.participant_id);
  context.leaving = spare[0].id;
  context.stopping = spare[1].id;
  context.stoppingConsent = spare[1].consent_date;
  const [task] = await sql<{ id: string }>(`SELECT id FROM coordinator_tasks WHERE study_code = $1 AND status = 'open' LIMIT 1`, [
    DEMO_STUDY,
  ]);
  context.task = task.id;
}

const fill = (path: string, params: Record<string, string>): string =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(params[name]);
  });

describe('every JSON response matches its DTO in the live OpenAPI document', () => {
  it.each(ROUTES.map((r, i) => [`${r.method} ${r.path}${r.query ? `?${r.query}` : ''} #${i + 1}`, r] as const))(
    '%s',
    async (_name, route) => {
      const status = route.status ?? (route.method === 'POST' ? 201 : 200);
      const documented = `/${API_PREFIX}${route.path}`;
      const url = fill(route.path, route.params?.(context) ?? {}) + (route.query ? `?${route.query}` : '');
      const user = route.as ?? 'studyadmin';
      const token = user === 'public' ? undefined : tokens[user];
      const r = await api.request(route.method, url, { token, body: route.body?.(context) });
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      route.then?.(r.body, context);
      if (NOT_CHECKED.has(`${route.method} ${route.path}`)) return;
      if (status === 204) {
        expect(declaresNoContent(doc, route.method, documented, 204), 'the document declares 204 without content').toBe(true);
        expect(r.body).toBeNull();
        return;
      }
      if (route.nonEmpty) expect(Array.isArray(r.body) && r.body.length, 'a non-empty list').toBeGreaterThan(0);
      expect(check(route.method, documented, status, r.body)).toBeNull();
    },
  );
});
