import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { datasetCsvPath } from '@trialdata/modelling';
import { TEIAS } from '@trialdata/protocol';
import type { WorkerProcess } from '../apps/worker/src/worker';
import { API_PREFIX, openApiDocument } from '../apps/api/src/app';
import { day, TestClock } from './support/clock';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { PASSWORD, startApi, type TestApi } from './support/harness';
import { contractValidator, declaresNoContent } from './support/response-contract';
import { waitFor } from './support/wait';
import { startTestWorker } from './support/worker';

/**
 * Issue 9 item 3, the form-review routes (forms, queries, SDV, signatures, locks, deviations,
 * casebook) and the downloads of datasets and casebooks: each body the API really sends is validated
 * against the response schema of the LIVE OpenAPI document, strictly (test/support/response-contract.ts:
 * required keys, null only where nullable, no key the DTO does not list). The data are built to reach
 * the states a DTO must describe: a soft-check query opened by the system, a voided signature, a
 * visit lock (no form), a form never saved, a form's state before its first save (null), a
 * deviation, a casebook building and ready. Downloads must come with a content type the document
 * declares, with a binary schema; 204s must be declared without content and send none.
 */

let api: TestApi;
let world: World;
let worker: WorkerProcess;
let doc: OpenAPIObject;
let check: ReturnType<typeof contractValidator>;
/** `METHOD /path status` of every call validated, to prove the list of operations below is covered. */
const checked = new Set<string>();

const clock = TestClock.ticking();
const token = (who: string) => (who === 'admin' ? world.adminToken : world.tokens[who]);

/** Fills `{name}` of a documented path. */
function fill(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(params[name]);
  });
}

/**
 * Calls `method path` (the path as the document names it, below /api/v1), expects `status`, and
 * validates the body against the document: its JSON schema, or for a 204 no content at all.
 */
async function call(
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  o: { params?: Record<string, string>; as: string; body?: unknown; query?: string; status?: number; nonEmpty?: boolean },
): Promise<any> {
  const status = o.status ?? (method === 'POST' ? 201 : 200);
  const r = await api.request(method, fill(path, o.params ?? {}) + (o.query ? `?${o.query}` : ''), { token: token(o.as), body: o.body });
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBe(status);
  const documented = `/${API_PREFIX}${path}`;
  if (status === 204) {
    expect(declaresNoContent(doc, method, documented, 204), `${method} ${path} declares 204 without content`).toBe(true);
    expect(r.body).toBeNull();
  } else {
    expect(check(method, documented, status, r.body)).toBeNull();
    if (o.nonEmpty) expect(Array.isArray(r.body) && r.body.length > 0, `${method} ${path} lists something`).toBe(true);
  }
  checked.add(`${method} ${path} ${status}`);
  return r.body;
}

/** A download: 200, a content type the document declares for it, and a binary schema there. */
async function download(path: string, params: Record<string, string>, as: string): Promise<{ type: string; bytes: Buffer }> {
  const res = await fetch(api.url + fill(path, params), { headers: { authorization: `Bearer ${token(as)}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(res.status, `GET ${path}: ${bytes.toString('utf8', 0, 300)}`).toBe(200);
  const type = (res.headers.get('content-type') ?? '').split(';')[0].trim();
  const content = (doc.paths[`/${API_PREFIX}${path}`] as any)?.get?.responses?.['200']?.content ?? {};
  expect(Object.keys(content), `GET ${path} declares ${type}`).toContain(type);
  expect(content[type].schema).toEqual({ type: 'string', format: 'binary' });
  expect(bytes.length).toBeGreaterThan(0);
  checked.add(`GET ${path} 200`);
  return { type, bytes };
}

const FORM = '/participants/{id}/events/{eventId}/forms/{formId}';

/** Agrees with enrolment (birth year, female): no soft-check warning. */
const DEMOGRAPHICS = {
  birth_year: enrolment(TEIAS, 'LUMC').birthYear,
  sex: 1,
  height: 172,
  weight: 70.5,
  smoking: 1,
  work: 1,
  workload: 1,
};

/** A TEIAS participant at LUMC randomised to TEI (an injection form applies to it). */
let id = '';

beforeAll(async () => {
  api = await startApi({ clock: clock.now });
  world = await setUpWorld(api);
  worker = await startTestWorker(api, { clock: clock.now });
  doc = openApiDocument(api.app);
  check = contractValidator(doc);
  for (let i = 0; i < 10 && !id; i++) {
    const r = await api.request('POST', '/studies/TEIAS/participants', {
      token: token('coordinator.LUMC'),
      body: enrolment(TEIAS, 'LUMC'),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const rand = await api.request('POST', `/participants/${r.body.id}/randomisation`, {
      token: token('coordinator.LUMC'),
      body: { factors: { symptomDuration: '<6w' } },
    });
    expect(rand.status, JSON.stringify(rand.body)).toBe(201);
    if (rand.body.arm === 'TEI') id = r.body.id;
  }
  expect(id, 'a participant in arm TEI').not.toBe('');
});

afterAll(async () => {
  await worker?.close();
  await api?.close();
});

describe('form-review responses match the OpenAPI document (live bodies, strict schemas)', () => {
  const demographics = () => ({ id, eventId: 'enrolment', formId: 'demographics' });

  it('forms: save (with a soft-check warning), read, never saved, list, audit with and without a state', async () => {
    const never = await call('GET', FORM, { params: demographics(), as: 'monitor' });
    expect(never).toEqual({ status: 'not_started', values: {}, version: null });
    // A birth year that disagrees with enrolment: saved with a warning, and the system opens a query.
    const saved = await call('PUT', FORM, {
      params: demographics(),
      as: 'coordinator.LUMC',
      body: { values: { ...DEMOGRAPHICS, birth_year: DEMOGRAPHICS.birth_year - 1 } },
    });
    expect(saved.warnings.length).toBeGreaterThan(0);
    await call('PUT', FORM, { params: demographics(), as: 'coordinator.LUMC', body: { values: DEMOGRAPHICS, version: saved.version } });
    await call('GET', FORM, { params: demographics(), as: 'monitor' });
    await call('GET', '/participants/{id}/forms', { params: { id }, as: 'monitor', nonEmpty: true });

    const audit = await call('GET', `${FORM}/audit`, { params: demographics(), as: 'monitor' });
    expect(audit.rows.length).toBeGreaterThan(0);
    expect(audit).not.toHaveProperty('stateAt');
    // Audit instants are the database's: the state after the last row, and before the first (null).
    const at = (instant: string) => `at=${encodeURIComponent(instant)}`;
    const last = audit.rows[audit.rows.length - 1].at as string;
    const latest = await call('GET', `${FORM}/audit`, { params: demographics(), as: 'monitor', query: at(last) });
    expect(latest.stateAt.values).toMatchObject(DEMOGRAPHICS);
    const first = new Date(new Date(audit.rows[0].at).getTime() - 1).toISOString();
    expect((await call('GET', `${FORM}/audit`, { params: demographics(), as: 'monitor', query: at(first) })).stateAt).toBeNull();
  });

  it('queries: raise, list, answer, close, reopen, the study list (a system query among them)', async () => {
    const raised = await call('POST', '/participants/{id}/queries', {
      params: { id },
      as: 'monitor',
      body: { eventId: 'enrolment', formId: 'demographics', field: 'weight', text: 'Weight differs from the clinic letter' },
    });
    const queries = await call('GET', '/participants/{id}/queries', { params: { id }, as: 'monitor', nonEmpty: true });
    expect(
      queries.some((q: { openedBy: string | null }) => q.openedBy === null),
      'a query the system opened',
    ).toBe(true);
    const q = { id, queryId: raised.id };
    await call('POST', '/participants/{id}/queries/{queryId}/answer', {
      params: q,
      as: 'coordinator.LUMC',
      body: { text: 'Checked' },
      status: 200,
    });
    await call('POST', '/participants/{id}/queries/{queryId}/close', { params: q, as: 'monitor', body: {}, status: 200 });
    await call('POST', '/participants/{id}/queries/{queryId}/reopen', { params: q, as: 'monitor', body: { text: 'Again' }, status: 200 });
    await call('GET', '/studies/{study}/queries', { params: { study: 'TEIAS' }, as: 'data_manager', nonEmpty: true });
    await call('GET', '/studies/{study}/queries', { params: { study: 'TEIAS' }, as: 'data_manager', query: 'status=open', nonEmpty: true });
  });

  it('source data verification: verify, participant state, study report, the plan (default and set)', async () => {
    await call('POST', '/participants/{id}/sdv', {
      params: { id },
      as: 'monitor',
      body: { eventId: 'enrolment', formId: 'demographics', fields: ['height'] },
      status: 200,
    });
    await call('GET', '/participants/{id}/sdv', { params: { id }, as: 'monitor' });
    await call('GET', '/studies/{study}/sdv', { params: { study: 'TEIAS' }, as: 'monitor' });
    // No plan set: {kind: 'all', samplePercent: null}.
    expect(await call('GET', '/studies/{study}/sdv-plan', { params: { study: 'TEIAS' }, as: 'monitor' })).toEqual({
      kind: 'all',
      samplePercent: null,
    });
    await call('PUT', '/studies/{study}/sdv-plan', { params: { study: 'TEIAS' }, as: 'data_manager', body: { kind: 'critical' } });
    await call('GET', '/participants/{id}/sdv', { params: { id }, as: 'monitor' });
  });

  it('signatures: what a signer carries, a signature, the list with a voided one', async () => {
    await call('GET', '/participants/{id}/signatures/signer', { params: { id }, as: 'investigator.LUMC' });
    await call('POST', '/participants/{id}/signatures', {
      params: { id },
      as: 'investigator.LUMC',
      body: { scope: 'form', eventId: 'enrolment', formId: 'demographics', password: PASSWORD },
    });
    await call('POST', '/participants/{id}/signatures', {
      params: { id },
      as: 'investigator.LUMC',
      body: { scope: 'casebook', password: PASSWORD },
    });
    // A change to the form voids both.
    const current = await call('GET', FORM, { params: demographics(), as: 'monitor' });
    await call('PUT', FORM, {
      params: demographics(),
      as: 'coordinator.LUMC',
      body: { values: { ...DEMOGRAPHICS, weight: 71 }, version: current.version, reason: 'Re-weighed' },
    });
    const signatures = await call('GET', '/participants/{id}/signatures', { params: { id }, as: 'monitor', nonEmpty: true });
    expect(signatures.map((s: { status: string }) => s.status)).toContain('voided');
  });

  it('locks: a form lock and a visit lock, the list, unlock (204)', async () => {
    const form = await call('POST', '/participants/{id}/locks', {
      params: { id },
      as: 'data_manager',
      body: { eventId: 'enrolment', formId: 'demographics', reason: 'Cleaned for the interim analysis' },
    });
    const visit = await call('POST', '/participants/{id}/locks', {
      params: { id },
      as: 'data_manager',
      body: { eventId: 'baseline', reason: 'Cleaned' },
    });
    expect(visit.formId).toBeNull();
    await call('GET', '/participants/{id}/locks', { params: { id }, as: 'monitor', nonEmpty: true });
    for (const lock of [form, visit])
      await call('POST', '/participants/{id}/locks/{lockId}/unlock', {
        params: { id, lockId: lock.id },
        as: 'data_manager',
        body: { reason: 'Correction requested by the monitor' },
        status: 204,
      });
  });

  it('deviations: a save that shows one, and the study list', async () => {
    // An injection dated outside its window (4 working days after randomisation), entered 25 days on.
    const now = clock.now();
    clock.advance(25 * 86_400_000);
    try {
      const saved = await call('PUT', FORM, {
        params: { id, eventId: 'baseline', formId: 'injection' },
        as: 'coordinator.LUMC',
        body: { values: { date: day(23), level: 5, side: 1, drug: 1, dose: 40, lidocaine: true, compl: false } },
      });
      expect(saved.deviations.length).toBeGreaterThan(0);
      const list = await call('GET', '/studies/{study}/deviations', { params: { study: 'TEIAS' }, as: 'data_manager', nonEmpty: true });
      expect(list.every((d: { source: string }) => d.source === 'detected')).toBe(true);
    } finally {
      clock.set(now);
    }
  });

  it('casebook: request (202), state while building and when ready, the PDF', async () => {
    const requested = await call('POST', '/participants/{id}/casebook', { params: { id }, as: 'monitor', status: 202 });
    await call('GET', '/participants/{id}/casebook', { params: { id }, as: 'monitor' });
    await waitFor('the casebook', async () => {
      const r = await api.request('GET', `/participants/${id}/casebook`, { token: token('monitor') });
      return r.body?.status === 'ready' ? r.body : null;
    });
    const ready = await call('GET', '/participants/{id}/casebook', { params: { id }, as: 'monitor' });
    expect(ready).toMatchObject({ id: requested.id, status: 'ready' });
    const pdf = await download('/participants/{id}/casebook.pdf', { id }, 'monitor');
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
  });

  it('datasets: each kind of file and the zip download with a declared content type', async () => {
    const created = await api.request('POST', '/studies/TEIAS/datasets', {
      token: token('statistician'),
      body: { kind: 'interim', reason: 'Response contract' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const dataset = { id: created.body.id as string };
    await waitFor(`dataset ${dataset.id}`, async () => {
      const r = await api.request('GET', `/datasets/${dataset.id}`, { token: token('statistician') });
      if (r.body?.status === 'failed') throw new Error(`dataset failed: ${r.body.error}`);
      return r.body?.status === 'ready';
    });
    const expected: Record<string, string> = {
      'data.csv': 'text/csv',
      'odm.xml': 'application/xml',
      'load.R': 'text/plain',
      'audit-head.json': 'application/octet-stream',
    };
    for (const [name, type] of Object.entries(expected))
      expect((await download('/datasets/{id}/files/{name}', { ...dataset, name }, 'statistician')).type).toBe(type);
    const zip = await download('/datasets/{id}/zip', dataset, 'statistician');
    expect(zip.type).toBe('application/zip');
    expect(zip.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('models: the report PDF of a done model', async () => {
    // A dataset registered straight in the database with its data.csv (as test/models.e2e.ts does): R's lung data.
    const lung = JSON.parse(readFileSync(join(__dirname, '..', 'libs', 'modelling', 'reference', 'cox', 'lung-efron.json'), 'utf8')) as {
      data: { event: number[]; X: number[][] };
    };
    const lines = ['participant,dead,age,sex'];
    lung.data.event.forEach((dead, i) =>
      lines.push([`POTEISS-LUMC-${String(i + 1).padStart(4, '0')}`, dead, lung.data.X[i][0], lung.data.X[i][1]].join(',')),
    );
    const [{ id: datasetId }] = await api.db.dataSource.query(
      `INSERT INTO datasets (study_code, version, kind, reason, status, created_at) VALUES ('POTEISS', 1, 'interim', 'response contract', 'ready', now()) RETURNING id`,
    );
    const csv = datasetCsvPath(api.config.storageDir, datasetId);
    mkdirSync(dirname(csv), { recursive: true });
    writeFileSync(csv, lines.join('\n') + '\n');
    const posted = await api.request('POST', `/datasets/${datasetId}/models`, {
      token: token('statistician'),
      body: { model: 'logistic', outcome: 'dead', covariates: ['age', 'sex'] },
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(202);
    const model = { id: posted.body.id as string };
    await waitFor(`model ${model.id}`, async () => {
      const r = await api.request('GET', `/models/${model.id}`, { token: token('statistician') });
      if (r.body?.status === 'failed') throw new Error(`model failed: ${JSON.stringify(r.body)}`);
      return r.body?.status === 'done';
    });
    const pdf = await download('/models/{id}/report.pdf', model, 'statistician');
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('covers every operation of the form-review and download controllers', () => {
    expect([...checked].sort()).toEqual(
      [
        `GET ${FORM} 200`,
        `PUT ${FORM} 200`,
        `GET ${FORM}/audit 200`,
        'GET /participants/{id}/forms 200',
        'POST /participants/{id}/queries 201',
        'GET /participants/{id}/queries 200',
        'POST /participants/{id}/queries/{queryId}/answer 200',
        'POST /participants/{id}/queries/{queryId}/close 200',
        'POST /participants/{id}/queries/{queryId}/reopen 200',
        'GET /studies/{study}/queries 200',
        'POST /participants/{id}/sdv 200',
        'GET /participants/{id}/sdv 200',
        'GET /studies/{study}/sdv 200',
        'GET /studies/{study}/sdv-plan 200',
        'PUT /studies/{study}/sdv-plan 200',
        'GET /participants/{id}/signatures/signer 200',
        'POST /participants/{id}/signatures 201',
        'GET /participants/{id}/signatures 200',
        'POST /participants/{id}/locks 201',
        'GET /participants/{id}/locks 200',
        'POST /participants/{id}/locks/{lockId}/unlock 204',
        'GET /studies/{study}/deviations 200',
        'POST /participants/{id}/casebook 202',
        'GET /participants/{id}/casebook 200',
        'GET /participants/{id}/casebook.pdf 200',
        'GET /datasets/{id}/files/{name} 200',
        'GET /datasets/{id}/zip 200',
        'GET /models/{id}/report.pdf 200',
      ].sort(),
    );
  });
});
