/**
 * Issue 5 end to end: seed a study through the API (enrolment, randomisation, CRF forms, staff-entered
 * questionnaires), lock it (checklist refusal, then override with a reason), see writes refused, let
 * the real worker build the dataset, download every file and check it (SHA-256, manifest, ODM against
 * the XSD, dictionary ↔ columns, no contact data, R), and re-export an interim to byte-identical files.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { validateXML } from 'xmllint-wasm';
import type { WorkerProcess } from '../apps/worker/src/worker';
import { reconcileDatasets } from '../apps/worker/src/handlers/exports';
import { INSTRUMENTS } from '@trialdata/instruments';
import { DATASET_FILES, LONG_ONLY_ANNOTATION, REDCAP_HEADER, datasetJobId } from '@trialdata/datasets';
import { QueueName } from '@trialdata/queue';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { startApi, type Reply, type TestApi } from './support/harness';
import { startTestWorker } from './support/worker';
import { TestClock } from './support/clock';
import { waitFor } from './support/wait';

// A copy of ../shared/schemas/odm-1.3.2, kept in the repository so that tests run from any checkout.
const XSD_DIR = join(__dirname, 'fixtures/odm-1.3.2');
const CONTACT = { email: 'jan.jansen@example.org', phone: '+31 6 1234 5678', language: 'nl' as const };

let api: TestApi;
let world: World;
let worker: WorkerProcess;
const clock = new TestClock('2026-11-27T09:00:00Z');
const ids: string[] = [];
const labels: string[] = [];
let lockDatasetId = '';

const token = (who: string) => (who === 'admin' ? world.adminToken : world.tokens[who]);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** A dataset row written straight into the table (a lost job, a failed build), at the next version. */
async function insertDataset(status: 'building' | 'failed', requestedAt: string): Promise<string> {
  const [{ id }] = await api.db.dataSource.query(
    `INSERT INTO datasets (study_code, version, kind, reason, status, created_at, requested_at, error)
     SELECT 'TEIAS', coalesce(max(version), 0) + 1, 'interim', 'inserted by the test', $1, $2, $2, CASE WHEN $1 = 'failed' THEN 'boom' END
     FROM datasets WHERE study_code = 'TEIAS' RETURNING id`,
    [status, requestedAt],
  );
  return id;
}
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

function expect201(r: Reply) {
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

async function enrol(site: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await api.request('POST', '/studies/TEIAS/participants', {
    token: token(`coordinator.${site}`),
    body: enrolment(api.studies.get('TEIAS'), site, extra),
  });
  expect201(r);
  ids.push(r.body.id);
  labels.push(r.body.label);
  return r.body.id;
}

async function randomise(id: string, site: string): Promise<Reply> {
  return api.request('POST', `/participants/${id}/randomisation`, {
    token: token(`coordinator.${site}`),
    body: { factors: { symptomDuration: '<6w' } },
  });
}

const putForm = (who: string, id: string, eventId: string, formId: string, body: Record<string, unknown>, instance?: number) =>
  api.request('PUT', `/participants/${id}/events/${eventId}/forms/${formId}${instance ? `?instance=${instance}` : ''}`, {
    token: token(who),
    body,
  });

/** Answers every (unconditional) item of the event's instruments, with the given overrides. */
function answersFor(codes: string[], overrides: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const code of codes) {
    const def = INSTRUMENTS.find((d) => d.code === code)!;
    const a: Record<string, unknown> = {};
    for (const item of def.items) {
      if (item.showIf) continue;
      if (item.type === 'choice') a[item.id] = item.options![Math.min(1, item.options!.length - 1)].code;
      else if (item.type === 'multichoice') a[item.id] = [item.options!.find((o) => !o.exclusive)!.code];
      else if (item.type === 'integer') a[item.id] = item.range!.min;
      else if (item.type === 'date') a[item.id] = '2026-11-25';
    }
    out[code] = { ...a, ...(overrides[code] ?? {}) };
  }
  return out;
}

async function enterQuestionnaire(
  id: string,
  site: string,
  eventId: string,
  overrides: Record<string, Record<string, unknown>>,
): Promise<Reply> {
  const list = await api.request<any[]>('GET', `/participants/${id}/questionnaires`, { token: token(`coordinator.${site}`) });
  expect(list.status).toBe(200);
  const q = list.body.find((x) => x.eventId === eventId);
  expect(q, `questionnaire ${eventId}`).toBeDefined();
  return api.request('POST', `/participants/${id}/questionnaires/${q.id}/entry`, {
    token: token(`coordinator.${site}`),
    body: { mode: 'paper', answers: answersFor(q.instruments, overrides) },
  });
}

async function datasets(who = 'statistician'): Promise<any[]> {
  const r = await api.request<any[]>('GET', '/studies/TEIAS/datasets', { token: token(who) });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

async function waitReady(id: string): Promise<any> {
  return waitFor(`dataset ${id}`, async () => {
    const d = (await datasets()).find((x) => x.id === id);
    return d?.status === 'ready' || d?.status === 'failed' ? d : null;
  });
}

async function download(id: string, name: string, who = 'statistician'): Promise<{ status: number; body: Buffer; headers: Headers }> {
  const res = await fetch(`${api.url}/datasets/${id}/files/${name}`, { headers: { authorization: `Bearer ${token(who)}` } });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

beforeAll(async () => {
  api = await startApi({ clock: clock.now });
  world = await setUpWorld(api);
  worker = await startTestWorker(api, { clock: clock.now });

  // Four participants: three randomised, one left enrolled (an open checklist item).
  const p1 = await enrol('LUMC', { contact: CONTACT });
  const p2 = await enrol('HMC');
  const p3 = await enrol('LUMC');
  await enrol('HMC');
  for (const [id, site] of [
    [p1, 'LUMC'],
    [p2, 'HMC'],
    [p3, 'LUMC'],
  ])
    expect201(await randomise(id, site));

  // CRF data through the forms capability's routes: a complete form, a missing-data code, a repeating form.
  const demographics = { birth_year: 1985, sex: 1, height: 175, weight: 70.5, smoking: 1, work: 1, workload: 1 };
  expect((await putForm('coordinator.LUMC', p1, 'enrolment', 'demographics', { values: demographics, status: 'complete' })).status).toBe(
    200,
  );
  expect(
    (
      await putForm('coordinator.HMC', p2, 'enrolment', 'demographics', {
        values: { ...demographics, smoking: { missing: 'unknown' } },
        status: 'complete',
      })
    ).status,
  ).toBe(200);
  const conmed = { drug: 'Paracetamol', class: 1, start: '2026-11-20', ongoing: true };
  expect((await putForm('coordinator.LUMC', p1, 'unscheduled', 'conmed', { values: conmed, status: 'complete' }, 1)).status).toBe(200);
  expect(
    (
      await putForm(
        'coordinator.LUMC',
        p1,
        'unscheduled',
        'conmed',
        { values: { ...conmed, drug: 'Tramadol, "slow release"', class: 3 }, status: 'complete' },
        2,
      )
    ).status,
  ).toBe(200);

  // Questionnaires entered by staff (paper): baseline and week 2 for p1, baseline for p2.
  expect201(await enterQuestionnaire(p1, 'LUMC', 'baseline', { NRS_LEG: { score: 8 } }));
  expect201(await enterQuestionnaire(p1, 'LUMC', 'week2', { NRS_LEG: { score: 3 }, GPE: { gpe: 2 } }));
  expect201(await enterQuestionnaire(p2, 'HMC', 'baseline', { NRS_LEG: { score: 6 } }));
}, 240_000);

afterAll(async () => {
  await worker?.close();
  await api?.close();
});

describe('database lock', () => {
  it('lets only unbound admins and data managers lock', async () => {
    expect((await api.request('POST', '/studies/TEIAS/lock', { token: token('statistician'), body: { reason: 'x' } })).status).toBe(403);
    expect((await api.request('POST', '/studies/TEIAS/lock', { token: token('coordinator.LUMC'), body: { reason: 'x' } })).status).toBe(
      403,
    );
    expect(
      (await api.request('POST', '/studies/TEIAS/lock', { token: token('data_manager'), body: { reason: 'x', extra: 1 } })).status,
    ).toBe(400);
  });

  it('refuses with the open checklist items, then locks when overridden with a reason', async () => {
    const checklist = await api.request('GET', '/studies/TEIAS/lock/checklist', { token: token('data_manager') });
    expect(checklist.status).toBe(200);
    const refused = await api.request('POST', '/studies/TEIAS/lock', {
      token: token('data_manager'),
      body: { reason: 'End of follow-up' },
    });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const open = refused.body.items.map((i: { id: string }) => i.id);
    expect(open).toContain('unrandomised_participants');
    // Required forms never started are checked (their windows have not closed yet today).
    expect(checklist.body.checked.map((i: { id: string }) => i.id)).toContain('never_started_forms');
    expect(checklist.body.unavailable).toEqual([]);
    expect(refused.body.items.find((i: any) => i.id === 'unrandomised_participants').details[0].participant).toBe(labels[3]);
    expect(open).toEqual(checklist.body.open.map((i: { id: string }) => i.id));

    const locked = await api.request('POST', '/studies/TEIAS/lock', {
      token: token('data_manager'),
      body: { reason: 'End of follow-up; the unrandomised participant withdrew', override: true },
    });
    expect201(locked);
    lockDatasetId = locked.body.datasetId;
    expect(locked.body.version).toBe(1);
    expect((await api.request('GET', '/studies/TEIAS', { token: token('data_manager') })).body.status).toBe('locked');
    expect(
      (await api.request('POST', '/studies/TEIAS/lock', { token: token('data_manager'), body: { reason: 'again', override: true } }))
        .status,
    ).toBe(409);
  });

  it('answers 409 to writes on the locked study (enrolment, forms, questionnaires)', async () => {
    const enrolRefused = await api.request('POST', '/studies/TEIAS/participants', {
      token: token('coordinator.LUMC'),
      body: enrolment(api.studies.get('TEIAS'), 'LUMC'),
    });
    expect(enrolRefused.status).toBe(409);
    const form = await putForm('coordinator.LUMC', ids[2], 'enrolment', 'demographics', { values: { birth_year: 1990 } });
    expect(form.status).toBe(409);
    const q = await enterQuestionnaire(ids[2], 'LUMC', 'baseline', {});
    expect(q.status).toBe(409);
  });

  it('answers 409 to randomisation and status changes on a locked study', async () => {
    const factor = api.studies.get('TEIAS').randomisation!.factors[0];
    const r = await api.request('POST', `/participants/${ids[3]}/randomisation`, {
      token: token('admin'),
      body: { factors: { [factor.id]: factor.options[0] } },
    });
    expect(r.status).toBe(409);
    expect(r.body.detail).toMatch(/locked/);
    const s = await api.request('PATCH', `/participants/${ids[3]}/status`, {
      token: token('admin'),
      body: { status: 'withdrawn', reason: 'after the lock' },
    });
    expect(s.status).toBe(409);
  });
});

describe('datasets', () => {
  let lock: any;
  const files = new Map<string, Buffer>();

  it('are built by the worker with progress, files, sizes and checksums', async () => {
    lock = await waitReady(lockDatasetId);
    expect(lock).toMatchObject({ kind: 'lock', status: 'ready', progress: 100, version: 1, participants: 4, attempt: 1 });
    const [{ seq }] = await api.db.dataSource.query('SELECT max(seq)::int AS seq FROM audit_log');
    expect(lock.snapshotSeq).toBeGreaterThan(0);
    expect(lock.snapshotSeq).toBeLessThanOrEqual(seq);
    expect(lock.files.map((f: any) => f.name).sort()).toEqual([...DATASET_FILES].sort());
  });

  it('are readable by statisticians, data managers and admins, never by a site-bound member or another role', async () => {
    expect((await api.request('GET', '/studies/TEIAS/datasets', { token: token('coordinator.LUMC') })).status).toBe(403);
    expect((await api.request('GET', '/studies/TEIAS/datasets', { token: token('investigator.LUMC') })).status).toBe(403);
    expect((await api.request('GET', '/studies/TEIAS/datasets', { token: token('monitor') })).status).toBe(403);
    expect((await datasets('data_manager')).length).toBe(1);
    expect((await datasets('admin')).length).toBe(1);
    expect((await download(lockDatasetId, 'data.csv', 'coordinator.LUMC')).status).toBe(403);
    expect((await download(lockDatasetId, 'passwords.txt')).status).toBe(404);
  });

  it('serve every file with the SHA-256 and size listed, and the dataset sha256 is that of the manifest', async () => {
    for (const f of lock.files) {
      const r = await download(lockDatasetId, f.name);
      expect(r.status).toBe(200);
      expect(r.body.length).toBe(f.bytes);
      expect(sha256(r.body)).toBe(f.sha256);
      expect(r.headers.get('x-checksum-sha256')).toBe(f.sha256);
      files.set(f.name, r.body);
    }
    const manifest = [...lock.files]
      .sort((a: any, b: any) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)))
      .map((f: any) => `${f.sha256}  ${f.name}\n`)
      .join('');
    expect(lock.sha256).toBe(sha256(manifest));
  });

  it('audit every download', async () => {
    const [{ n }] = await api.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity = 'dataset' AND action = 'download' AND entity_id = $1`,
      [lockDatasetId],
    );
    expect(n).toBeGreaterThanOrEqual(DATASET_FILES.length);
  });

  it('have data.csv with one row per participant, event_form_field columns, scores and derived outcomes', () => {
    const rows = parse(files.get('data.csv')!, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.participant)).toEqual([...labels].sort());
    const p1 = rows.find((r) => r.participant === labels[0])!;
    expect(p1).toMatchObject({
      site: 'LUMC',
      sex: 'female',
      enrolment_demographics_weight: '70.5',
      baseline_nrs_leg_score: '8',
      week2_nrs_leg_score: '3',
      week2_derived_nrs_leg_change: '-5',
      week2_derived_nrs_leg_pct_change: '-62.5',
      week2_derived_responder50: '1',
      week2_derived_recovered: '1',
      week2_gpe_recovered: '1',
    });
    expect(p1.arm).toMatch(/^(TEI|UC)$/);
    const p2 = rows.find((r) => r.participant === labels[1])!;
    expect(p2.enrolment_demographics_smoking).toBe('');
    // The missing-data code is kept in the companion column (empty for a value).
    expect(p2.enrolment_demographics_smoking_missing).toBe('unknown');
    expect(p1.enrolment_demographics_smoking_missing).toBe('');
    expect(Object.keys(p1).some((c) => c.includes('conmed'))).toBe(false);
  });

  it('have data-long.csv with each repeating instance and missing-data codes', () => {
    const rows = parse(files.get('data-long.csv')!, { columns: true }) as Array<Record<string, string>>;
    expect(rows.filter((r) => r.form === 'conmed' && r.field === 'drug').map((r) => [r.participant, r.instance, r.value])).toEqual([
      [labels[0], '1', 'Paracetamol'],
      [labels[0], '2', 'Tramadol, "slow release"'],
    ]);
    expect(rows.find((r) => r.participant === labels[1] && r.variable === 'enrolment_demographics_smoking')).toMatchObject({
      value: '',
      missing_code: 'unknown',
    });
  });

  it('have a REDCap dictionary whose rows match data.csv columns one to one (and data-long variables for repeating forms)', () => {
    const dict = parse(files.get('dictionary.csv')!) as string[][];
    expect(dict[0]).toEqual([...REDCAP_HEADER]);
    const header = (parse(files.get('data.csv')!, { to_line: 1 }) as string[][])[0];
    const longVariables = new Set(
      (parse(files.get('data-long.csv')!, { columns: true }) as Array<Record<string, string>>).map((r) => r.variable),
    );
    const fromDictionary = new Set<string>();
    const longOnly = new Set<string>();
    for (const row of dict.slice(1)) {
      expect(row).toHaveLength(18);
      if (row[17].includes(LONG_ONLY_ANNOTATION)) longOnly.add(row[0]);
      else if (row[3] === 'checkbox') for (const choice of row[5].split(' | ')) fromDictionary.add(`${row[0]}___${choice.split(',')[0]}`);
      else fromDictionary.add(row[0]);
    }
    expect([...fromDictionary].sort()).toEqual([...header].sort());
    for (const v of longVariables)
      expect(fromDictionary.has(v) || longOnly.has(v) || [...fromDictionary].some((c) => c.startsWith(`${v}___`)), v).toBe(true);
    expect(longOnly.has('unscheduled_conmed_drug')).toBe(true);
  });

  it('have odm.xml valid against the ODM 1.3.2 schema', async () => {
    const read = (name: string) => ({ fileName: name, contents: readFileSync(join(XSD_DIR, name), 'utf8') });
    const result = await validateXML({
      xml: [{ fileName: 'odm.xml', contents: files.get('odm.xml')!.toString('utf8') }],
      schema: [read('ODM1-3-2.xsd')],
      preload: [read('ODM1-3-2-foundation.xsd'), read('xml.xsd'), read('xmldsig-core-schema.xsd'), read('xlink.xsd')],
      maxMemoryPages: 16 * 1024,
    });
    expect(result.errors.slice(0, 5)).toEqual([]);
    expect(result.valid).toBe(true);
    const xml = files.get('odm.xml')!.toString('utf8');
    expect(xml).toContain(`<SubjectData SubjectKey="${labels[0]}"`);
    expect(xml).toContain('FormRepeatKey="2"');
    expect(xml).toContain('<AuditRecord ');
  });

  it('hold no contact data and no database ids, anywhere', () => {
    for (const [name, body] of files) {
      const text = body.toString('utf8');
      expect(text, name).not.toContain(CONTACT.email);
      expect(text, name).not.toContain(CONTACT.phone);
      for (const id of ids) expect(text, `${name} holds ${id}`).not.toContain(id);
      expect(text.match(UUID)?.[0], `${name} holds a database id`).toBeUndefined();
    }
  });

  it('have an audit.csv of clinical-data entities with stable pseudonyms for users and entities', () => {
    const rows = parse(files.get('audit.csv')!, { columns: true }) as Array<Record<string, string>>;
    expect(new Set(rows.map((r) => r.entity))).toEqual(new Set(['participant', 'participant_contact', 'form', 'questionnaire', 'query']));
    for (const r of rows) expect(r.user, JSON.stringify(r)).toMatch(/^(user-\d+)?$/);
    const users = [...new Set(rows.map((r) => r.user).filter(Boolean))];
    expect(users).toEqual(users.map((_, i) => `user-${i + 1}`));
    // Each questionnaire's rows are told apart by its pseudonym: <entity>-<seq of its first row>.
    const questionnaires = rows.filter((r) => r.entity === 'questionnaire');
    expect(questionnaires.length).toBe(3);
    for (const q of questionnaires) expect(q.entity_id).toBe(`questionnaire-${q.seq}`);
    expect(rows.filter((r) => r.entity === 'participant').every((r) => labels.includes(r.entity_id))).toBe(true);
    const xml = files.get('odm.xml')!.toString('utf8');
    expect(xml).toContain('<User OID="U.user-1"');
  });

  it.skipIf(!existsSync('/usr/bin/Rscript'))('load.R leaves `data`, one row per participant', () => {
    const dir = mkdtempSync(join(tmpdir(), 'datasets-e2e-'));
    try {
      for (const [name, body] of files) writeFileSync(join(dir, name), body);
      const out = execFileSync(
        '/usr/bin/Rscript',
        ['-e', 'source("load.R"); cat(nrow(data), class(data$consent_date), class(data$enrolment_demographics_sex), sep="|")'],
        { cwd: dir, encoding: 'utf8' },
      );
      expect(out.trim()).toBe(`${labels.length}|Date|factor`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('re-export the same data as an interim snapshot to byte-identical files', async () => {
    clock.advance(3600_000);
    // Rows written after the lock that are not clinical data (model and casebook requests) change nothing.
    await api.db.transaction((tx) =>
      tx.audit.append([
        { userId: null, action: 'request', entity: 'model', entityId: lockDatasetId, studyCode: 'TEIAS', to: { datasetId: lockDatasetId } },
        { userId: null, action: 'request', entity: 'casebook', entityId: ids[0], studyCode: 'TEIAS', participantId: ids[0], to: { n: 1 } },
      ]),
    );
    expect(
      (await api.request('POST', '/studies/TEIAS/datasets', { token: token('coordinator.LUMC'), body: { kind: 'interim', reason: 'x' } }))
        .status,
    ).toBe(403);
    expect(
      (await api.request('POST', '/studies/TEIAS/datasets', { token: token('statistician'), body: { kind: 'lock', reason: 'x' } })).status,
    ).toBe(400);
    const created = await api.request('POST', '/studies/TEIAS/datasets', {
      token: token('statistician'),
      body: { kind: 'interim', reason: 'Same data, proven' },
    });
    expect201(created);
    expect(created.body).toMatchObject({ kind: 'interim', status: 'building', version: 2 });
    const interim = await waitReady(created.body.id);
    expect(interim.status).toBe('ready');
    expect(interim.files).toEqual(lock.files);
    expect(interim.sha256).toBe(lock.sha256);
    expect(interim.createdAt).not.toBe(lock.createdAt);
    const again = await download(created.body.id, 'odm.xml');
    expect(again.body.equals(files.get('odm.xml')!)).toBe(true);
  });
});

describe('unlock', () => {
  it('is for admins only, with a reason; the next lock is a new dataset version', async () => {
    expect(
      (await api.request('POST', '/studies/TEIAS/unlock', { token: token('data_manager'), body: { reason: 'late SAE' } })).status,
    ).toBe(403);
    expect((await api.request('POST', '/studies/TEIAS/unlock', { token: token('admin'), body: {} })).status).toBe(400);
    const unlocked = await api.request('POST', '/studies/TEIAS/unlock', { token: token('admin'), body: { reason: 'Late SAE follow-up' } });
    expect(unlocked.status, JSON.stringify(unlocked.body)).toBe(200);
    expect(unlocked.body.status).toBe('recruiting');
    await enrol('LUMC');
    // While the lock's dataset is building, unlocking is refused: its files must be the locked data.
    const exportsQueue = worker.context.queues.queue(QueueName.Exports);
    await exportsQueue.pause();
    let relocked: Reply;
    try {
      relocked = await api.request('POST', '/studies/TEIAS/lock', {
        token: token('data_manager'),
        body: { reason: 'SAE entered', override: true },
      });
      expect201(relocked);
      expect(relocked.body.version).toBe(3);
      const early = await api.request('POST', '/studies/TEIAS/unlock', { token: token('admin'), body: { reason: 'too soon' } });
      expect(early.status).toBe(409);
      expect(early.body.detail).toMatch(/building/);
    } finally {
      await exportsQueue.resume();
    }
    const d = await waitReady(relocked.body.datasetId);
    expect(d).toMatchObject({ status: 'ready', participants: 5 });
    expect(d.sha256).not.toBe((await datasets()).find((x) => x.id === lockDatasetId).sha256);
  });
});

describe('rebuild and reconcile', () => {
  it('rebuilds a failed dataset under a new attempt and job id (admins and data managers only)', async () => {
    const id = await insertDataset('failed', clock.now().toISOString());
    expect((await api.request('POST', `/datasets/${id}/rebuild`, { token: token('statistician'), body: {} })).status).toBe(403);
    expect((await api.request('POST', `/datasets/${id}/rebuild`, { token: token('coordinator.LUMC'), body: {} })).status).toBe(403);
    const r = await api.request('POST', `/datasets/${id}/rebuild`, { token: token('data_manager'), body: { reason: 'disk was full' } });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body).toMatchObject({ id, status: 'building', attempt: 2, error: null });
    const d = await waitReady(id);
    expect(d).toMatchObject({ status: 'ready', attempt: 2 });
    // The job marks the dataset ready, then BullMQ records the job completed: wait for the second.
    const exportsQueue = worker.context.queues.queue(QueueName.Exports);
    let state = await exportsQueue.getJobState(datasetJobId(id, 2));
    for (const end = Date.now() + 30_000; state === 'active' && Date.now() < end;) {
      await new Promise((r) => setTimeout(r, 50));
      state = await exportsQueue.getJobState(datasetJobId(id, 2));
    }
    expect(state).toBe('completed');
    // Ready datasets never change; a building one with a live job is not stale.
    expect((await api.request('POST', `/datasets/${id}/rebuild`, { token: token('admin'), body: {} })).status).toBe(409);
    const [{ n }] = await api.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity = 'dataset' AND action = 'rebuild' AND entity_id = $1`,
      [id],
    );
    expect(n).toBe(1);
  });

  it('refuses to rebuild the snapshot of a lock that was lifted', async () => {
    const id = await insertDataset('failed', clock.now().toISOString());
    await api.db.dataSource.query(`UPDATE datasets SET kind = 'lock' WHERE id = $1`, [id]);
    await api.db.dataSource.query(
      `INSERT INTO study_locks (study_code, dataset_id, locked_at, reason, overridden, open_items, unlocked_at, unlock_reason)
       VALUES ('TEIAS', $1, $2, 'test', false, '[]', $2, 'lifted')`,
      [id, clock.now().toISOString()],
    );
    const r = await api.request('POST', `/datasets/${id}/rebuild`, { token: token('admin'), body: {} });
    expect(r.status).toBe(409);
    expect(r.body.detail).toMatch(/lifted/);
  });

  it('rebuilds a building dataset only when its job is gone (stale), not while the job is queued', async () => {
    const exportsQueue = worker.context.queues.queue(QueueName.Exports);
    await exportsQueue.pause();
    try {
      const created = await api.request('POST', '/studies/TEIAS/datasets', {
        token: token('statistician'),
        body: { kind: 'interim', reason: 'queued' },
      });
      expect201(created);
      const live = await api.request('POST', `/datasets/${created.body.id}/rebuild`, { token: token('admin'), body: {} });
      expect(live.status).toBe(409);
      expect(live.body.detail).toMatch(/still queued or running/);
      const lost = await insertDataset('building', clock.now().toISOString());
      const r = await api.request('POST', `/datasets/${lost}/rebuild`, { token: token('admin'), body: {} });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      expect(r.body).toMatchObject({ status: 'building', attempt: 2 });
    } finally {
      await exportsQueue.resume();
    }
  });

  it('re-enqueues a building dataset whose job is lost from Redis', async () => {
    const id = await insertDataset('building', new Date(clock.now().getTime() - 10 * 60_000).toISOString());
    const result = await reconcileDatasets(worker.context, { graceMs: 60_000 });
    expect(result.requeued).toContain(id);
    const d = await waitReady(id);
    expect(d).toMatchObject({ status: 'ready', attempt: 1 });
    expect((await reconcileDatasets(worker.context, { graceMs: 0 })).requeued).not.toContain(id);
  });

  it('lists required forms never started once their window has closed', async () => {
    clock.advance(10 * 24 * 3600_000);
    const checklist = await api.request('GET', '/studies/TEIAS/lock/checklist', { token: token('data_manager') });
    expect(checklist.status).toBe(200);
    const item = checklist.body.open.find((i: { id: string }) => i.id === 'never_started_forms');
    expect(item, JSON.stringify(checklist.body.open)).toBeDefined();
    expect(item.details).toContainEqual({ participant: labels[2], where: 'enrolment/eligibility' });
    // Saved forms are not listed here (incomplete ones are the incomplete_forms item).
    expect(item.details).not.toContainEqual({ participant: labels[0], where: 'enrolment/demographics' });
  });
});
