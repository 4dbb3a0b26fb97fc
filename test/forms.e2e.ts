import { readFile } from 'node:fs/promises';
import { startApi, type Reply, type TestApi } from './support/harness';
import { day, TestClock } from './support/clock';
import { TEIAS } from '@trialdata/protocol';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { startTestWorker } from './support/worker';
import type { WorkerProcess } from '../apps/worker/src/worker';
import { CrfRepository } from '@trialdata/database';
import { CasebookService, formEntityId, formStateAt } from '@trialdata/crf';
import { PASSWORD } from './support/harness';
import { waitFor } from './support/wait';

let api: TestApi;
let world: World;
let worker: WorkerProcess;
/** Randomised TEIAS participants at LUMC, one per arm. */
const arm: Record<'TEI' | 'UC', string> = { TEI: '', UC: '' };

const token = (who: string) => (who === 'admin' ? world.adminToken : world.tokens[who]);
const formPath = (id: string, eventId: string, formId: string, instance?: number) =>
  `/participants/${id}/events/${eventId}/forms/${formId}${instance ? `?instance=${instance}` : ''}`;
const put = (who: string, id: string, eventId: string, formId: string, body: Record<string, unknown>, instance?: number) =>
  api.request('PUT', formPath(id, eventId, formId, instance), { token: token(who), body });
const get = (who: string, id: string, eventId: string, formId: string, instance?: number) =>
  api.request('GET', formPath(id, eventId, formId, instance), { token: token(who) });
const audit = async (id: string) =>
  (await api.request<any[]>('GET', `/participants/${id}/audit`, { token: world.tokens.data_manager })).body;

function expectProblem(r: Reply, status: number, fields?: string[]) {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  if (fields) expect((r.body.errors ?? []).map((e: { field: string }) => e.field).sort()).toEqual([...fields].sort());
}

async function enrol(study: string, site = 'LUMC'): Promise<string> {
  const r = await api.request('POST', `/studies/${study}/participants`, {
    token: world.tokens[`coordinator.${site}`],
    body: enrolment(api.studies.get(study), site),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

/** Agrees with what enrolment recorded (birth year, female), so no enrolment-consistency warning. */
const DEMOGRAPHICS = {
  birth_year: enrolment(TEIAS, 'LUMC').birthYear,
  sex: 1,
  height: 172,
  weight: 70.5,
  smoking: 1,
  work: 1,
  workload: 1,
};

/** Ticking from TEST_EPOCH; moved ahead where a form records a date that lies in the future at the start. */
const clock = TestClock.ticking();

beforeAll(async () => {
  api = await startApi({ clock: clock.now });
  world = await setUpWorld(api);
  worker = await startTestWorker(api);
  // Blocks of 4 or 6 hold both arms: a few participants give one of each.
  for (let i = 0; i < 8 && (!arm.TEI || !arm.UC); i++) {
    const id = await enrol('TEIAS');
    const r = await api.request('POST', `/participants/${id}/randomisation`, {
      token: world.tokens['coordinator.LUMC'],
      body: { factors: { symptomDuration: '<6w' } },
    });
    expect(r.status).toBe(201);
    const a = r.body.arm as 'TEI' | 'UC';
    if (!arm[a]) arm[a] = id;
  }
});

afterAll(async () => {
  await worker?.close();
  await api?.close();
});

describe('form entry (PUT/GET per API.md)', () => {
  let id: string;
  beforeAll(async () => {
    id = await enrol('TEIAS');
  });

  it('answers not_started for a form never saved', async () => {
    const r = await get('coordinator.LUMC', id, 'enrolment', 'demographics');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'not_started', values: {}, version: null });
  });

  it('saves a partial form as incomplete, computes calculated fields, and reads it back', async () => {
    const r = await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: { birth_year: 1980, height: 180, weight: 81 } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: 'incomplete', version: 1, values: { birth_year: 1980, height: 180, weight: 81, bmi: 25 } });
    const read = await get('monitor', id, 'enrolment', 'demographics');
    expect(read.body).toEqual({ status: 'incomplete', values: { birth_year: 1980, height: 180, weight: 81, bmi: 25 }, version: 1 });
  });

  it('refuses a value of the wrong type, naming the plain field id', async () => {
    expectProblem(await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: { birth_year: '1980' }, version: 1 }), 400, [
      'birth_year',
    ]);
  });

  it('refuses an out-of-range value', async () => {
    const r = await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: { birth_year: 1980, height: 300 }, version: 1 });
    expectProblem(r, 400, ['height']);
    expect(r.body.errors[0].message).toMatch(/at most 220/);
  });

  it('refuses a value for a field hidden by branching, and unknown fields', async () => {
    expectProblem(await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: { work: 4, workload: 2 }, version: 1 }), 400, [
      'workload',
    ]);
    expectProblem(await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: { shoe_size: 42 }, version: 1 }), 400, [
      'shoe_size',
    ]);
    expectProblem(await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: {}, version: 1, extra: true }), 400);
  });

  it('enforces required fields only when the form becomes complete, listing the missing ones', async () => {
    const r = await put('coordinator.LUMC', id, 'enrolment', 'demographics', {
      values: { birth_year: 1980, height: 180, weight: 81 },
      status: 'complete',
      version: 1,
    });
    expectProblem(r, 400, ['sex', 'smoking', 'work']);
  });

  it('answers 409 to a PUT without version on a saved form, and to a stale version', async () => {
    expectProblem(await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: DEMOGRAPHICS }), 409);
    expectProblem(await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: DEMOGRAPHICS, version: 7 }), 409);
    expect((await get('coordinator.LUMC', id, 'enrolment', 'demographics')).body.version).toBe(1);
  });

  it('lets exactly one of two concurrent saves of the same version win', async () => {
    const [a, b] = await Promise.all([
      put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: { ...DEMOGRAPHICS, weight: 82 }, version: 1 }),
      put('investigator.LUMC', id, 'enrolment', 'demographics', { values: { ...DEMOGRAPHICS, weight: 83 }, version: 1 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const read = await get('coordinator.LUMC', id, 'enrolment', 'demographics');
    expect(read.body.version).toBe(2);
    expect(read.body.values.weight).toBe(a.status === 200 ? 82 : 83);
  });

  it('completes the form, then refuses a change without reason (422) and audits one row per changed field', async () => {
    const done = await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: DEMOGRAPHICS, status: 'complete', version: 2 });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'complete', version: 3 });

    const changed = { ...DEMOGRAPHICS, weight: 72 };
    expectProblem(await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: changed, version: 3 }), 422, ['reason']);
    // A status change alone is a change too.
    expectProblem(
      await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: DEMOGRAPHICS, status: 'incomplete', version: 3 }),
      422,
    );

    const before = (await audit(id)).length;
    // Left out: workload (cleared, audited) — with work 3 (student) it is hidden, so it must be left out.
    const { workload: _dropped, ...rest } = changed;
    const r = await put('coordinator.LUMC', id, 'enrolment', 'demographics', {
      values: { ...rest, work: 3 },
      version: 3,
      reason: 'Weighed again at the clinic',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.version).toBe(4);
    expect(r.body.values.workload).toBeUndefined();
    const rows = (await audit(id)).slice(before).filter((a) => a.entity === 'form');
    expect(rows.map((a) => [a.field, a.from, a.to])).toEqual([
      ['weight', 70.5, 72],
      ['bmi', 23.8, 24.3],
      ['work', 1, 3],
      ['workload', 1, null],
    ]);
    expect(rows.every((a) => a.reason === 'Weighed again at the clinic' && a.action === 'update')).toBe(true);
  });

  it('changes nothing on an identical re-save, even of a complete form without reason', async () => {
    const current = (await get('coordinator.LUMC', id, 'enrolment', 'demographics')).body;
    const before = (await audit(id)).length;
    const r = await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: current.values, version: current.version });
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(current.version);
    expect((await audit(id)).length).toBe(before);
  });

  it('answers 404 for an unknown event or form, or a form the event does not hold', async () => {
    expectProblem(await get('coordinator.LUMC', id, 'week99', 'demographics'), 404);
    expectProblem(await put('coordinator.LUMC', id, 'enrolment', 'no_such_form', { values: {} }), 404);
    expectProblem(await put('coordinator.LUMC', id, 'week2', 'demographics', { values: {} }), 404);
  });

  it('answers 422 for a form restricted to another arm (and before randomisation)', async () => {
    expectProblem(await put('coordinator.LUMC', arm.UC, 'baseline', 'injection', { values: { date: day(0) } }), 422);
    expectProblem(await put('coordinator.LUMC', id, 'baseline', 'injection', { values: { date: day(0) } }), 422);
  });

  it('keeps repeating forms apart by instance, and refuses an instance of a form that does not repeat', async () => {
    const ae = (term: string) => ({ values: { term, onset: day(-1), severity: 1, related: 1, serious: false, outcome: 2 } });
    expect((await put('coordinator.LUMC', id, 'unscheduled', 'adverse_event', ae('Headache'))).status).toBe(200);
    expect((await put('coordinator.LUMC', id, 'unscheduled', 'adverse_event', ae('Nausea'), 2)).status).toBe(200);
    expect((await get('coordinator.LUMC', id, 'unscheduled', 'adverse_event', 1)).body.values.term).toBe('Headache');
    expect((await get('coordinator.LUMC', id, 'unscheduled', 'adverse_event', 2)).body.values.term).toBe('Nausea');
    expectProblem(await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: {} }, 2), 400, ['instance']);
    expectProblem(
      await api.request('GET', `${formPath(id, 'unscheduled', 'adverse_event')}?instance=0`, { token: token('coordinator.LUMC') }),
      400,
    );
  });

  it('lets only site staff of the participant’s site enter data', async () => {
    expectProblem(await put('monitor', id, 'enrolment', 'consent', { values: { date: day(-7) } }), 403);
    expectProblem(await put('coordinator.HMC', id, 'enrolment', 'consent', { values: { date: day(-7) } }), 404);
    expectProblem(await get('coordinator.HMC', id, 'enrolment', 'consent'), 404);
    expect((await get('statistician', id, 'enrolment', 'consent')).status).toBe(403);
  });
});

describe('soft checks and queries', () => {
  let id: string;
  let queryId: string;
  beforeAll(async () => {
    id = await enrol('TEIAS');
  });

  it('saves a value that fails a soft check and opens a system query on it', async () => {
    const r = await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: { ...DEMOGRAPHICS, height: 150, weight: 200 } });
    expect(r.status).toBe(200);
    expect(r.body.warnings).toEqual([expect.objectContaining({ field: 'bmi', check: 'bmi_plausible' })]);
    const queries = (await api.request('GET', `/participants/${id}/queries`, { token: world.tokens.monitor })).body;
    expect(queries).toEqual([expect.objectContaining({ field: 'bmi', status: 'open', checkId: 'bmi_plausible', openedBy: null })]);
    // Saving again with the same problem does not open a second query.
    await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: { ...DEMOGRAPHICS, height: 150, weight: 201 }, version: 1 });
    expect((await api.request('GET', `/participants/${id}/queries`, { token: world.tokens.monitor })).body).toHaveLength(1);
    expect((await audit(id)).some((a) => a.entity === 'query' && a.action === 'open' && a.userId === null)).toBe(true);
  });

  it('lets a monitor open a query, the site answer it, and the opener close and re-open it', async () => {
    expectProblem(
      await api.request('POST', `/participants/${id}/queries`, {
        token: world.tokens['coordinator.LUMC'],
        body: { eventId: 'enrolment', formId: 'demographics', field: 'weight', text: 'Check' },
      }),
      403,
    );
    expectProblem(
      await api.request('POST', `/participants/${id}/queries`, {
        token: world.tokens.monitor,
        body: { eventId: 'enrolment', formId: 'demographics', field: 'nope', text: 'Check' },
      }),
      400,
    );
    const opened = await api.request('POST', `/participants/${id}/queries`, {
      token: world.tokens.monitor,
      body: { eventId: 'enrolment', formId: 'demographics', field: 'weight', text: 'Weight differs from the clinic letter' },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body).toMatchObject({ status: 'open', field: 'weight', ageDays: 0 });
    queryId = opened.body.id;

    expectProblem(
      await api.request('POST', `/participants/${id}/queries/${queryId}/answer`, { token: world.tokens.monitor, body: { text: 'x' } }),
      403,
    );
    const answered = await api.request('POST', `/participants/${id}/queries/${queryId}/answer`, {
      token: world.tokens['coordinator.LUMC'],
      body: { text: 'Corrected from source' },
    });
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('answered');

    const closed = await api.request('POST', `/participants/${id}/queries/${queryId}/close`, {
      token: world.tokens.monitor,
      body: { text: 'Thanks' },
    });
    expect(closed.body.status).toBe('closed');
    expectProblem(
      await api.request('POST', `/participants/${id}/queries/${queryId}/answer`, {
        token: world.tokens['coordinator.LUMC'],
        body: { text: 'late' },
      }),
      409,
    );
    const reopened = await api.request('POST', `/participants/${id}/queries/${queryId}/reopen`, {
      token: world.tokens.data_manager,
      body: { text: 'Still wrong on page 2' },
    });
    expect(reopened.body.status).toBe('open');
    expect(reopened.body.messages.map((m: { kind: string }) => m.kind)).toEqual(['open', 'answer', 'close', 'reopen']);
    const rows = (await audit(id)).filter((a) => a.entity === 'query' && a.field === 'weight');
    expect(rows.map((a) => a.action)).toEqual(['open', 'answer', 'close', 'reopen']);
  });

  it('lists open queries per site with their age, scoped to the caller’s sites', async () => {
    const all = await api.request<any[]>('GET', '/studies/TEIAS/queries?status=open', { token: world.tokens.monitor });
    expect(all.status).toBe(200);
    expect(
      all.body
        .filter((q) => q.participantId === id)
        .map((q) => q.field)
        .sort(),
    ).toEqual(['bmi', 'weight']);
    expect(all.body.every((q) => q.status === 'open' && q.siteCode === 'LUMC' && typeof q.ageDays === 'number')).toBe(true);
    const hmc = await api.request<any[]>('GET', '/studies/TEIAS/queries?status=open', { token: world.tokens['coordinator.HMC'] });
    expect(hmc.body).toEqual([]);
    expectProblem(await api.request('GET', '/studies/TEIAS/queries?status=bogus', { token: world.tokens.monitor }), 400);
  });
});

describe('source data verification', () => {
  let id: string;
  beforeAll(async () => {
    id = await enrol('TEIAS');
    await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: DEMOGRAPHICS, status: 'complete' });
    await put('coordinator.LUMC', id, 'enrolment', 'consent', { values: { date: day(-7), version: '1.0' } });
  });

  it('verifies a whole visit in one action, and a change to verified data clears it (audited)', async () => {
    expectProblem(
      await api.request('POST', `/participants/${id}/sdv`, { token: world.tokens.data_manager, body: { eventId: 'enrolment' } }),
      403,
    );
    const r = await api.request('POST', `/participants/${id}/sdv`, { token: world.tokens.monitor, body: { eventId: 'enrolment' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.verified).toHaveLength(Object.keys(DEMOGRAPHICS).length + 2);
    let status = (await api.request('GET', `/participants/${id}/sdv`, { token: world.tokens.monitor })).body;
    expect(status.remaining).toBe(0);

    const changed = await put('coordinator.LUMC', id, 'enrolment', 'demographics', {
      values: { ...DEMOGRAPHICS, height: 173 },
      version: 1,
      reason: 'Typo',
    });
    expect(changed.status).toBe(200);
    status = (await api.request('GET', `/participants/${id}/sdv`, { token: world.tokens.monitor })).body;
    const demo = status.forms.find((f: { formId: string }) => f.formId === 'demographics');
    expect(demo.remaining).toEqual(['height']);
    const rows = await audit(id);
    expect(rows.filter((a) => a.entity === 'sdv' && a.action === 'unverify').map((a) => a.field)).toEqual(['height']);
  });

  it('verifies single fields, and reports what remains under a critical-fields plan', async () => {
    const r = await api.request('POST', `/participants/${id}/sdv`, {
      token: world.tokens.monitor,
      body: { eventId: 'enrolment', formId: 'demographics', fields: ['height'] },
    });
    expect(r.body.verified).toEqual([{ eventId: 'enrolment', formId: 'demographics', instance: 1, field: 'height' }]);
    expectProblem(await api.request('PUT', '/studies/TEIAS/sdv-plan', { token: world.tokens.monitor, body: { kind: 'critical' } }), 403);
    expectProblem(await api.request('PUT', '/studies/TEIAS/sdv-plan', { token: world.tokens.data_manager, body: { kind: 'sample' } }), 400);
    expect(
      (await api.request('PUT', '/studies/TEIAS/sdv-plan', { token: world.tokens.data_manager, body: { kind: 'critical' } })).status,
    ).toBe(200);
    const report = await api.request('GET', '/studies/TEIAS/sdv', { token: world.tokens.monitor });
    expect(report.body.plan).toEqual({ kind: 'critical', samplePercent: null });
    expect(report.body.participants.find((p: { participantId: string }) => p.participantId === id).remaining).toBe(0);
    await api.request('PUT', '/studies/TEIAS/sdv-plan', { token: world.tokens.data_manager, body: { kind: 'all' } });
  });
});

describe('electronic signatures', () => {
  let id: string;
  beforeAll(async () => {
    id = await enrol('TEIAS');
    await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: DEMOGRAPHICS, status: 'complete' });
  });

  it('refuses a wrong password, a non-investigator, and signs with printed name, time and meaning', async () => {
    expectProblem(
      await api.request('POST', `/participants/${id}/signatures`, {
        token: world.tokens['investigator.LUMC'],
        body: { scope: 'casebook', password: 'wrong-password' },
      }),
      403,
    );
    expectProblem(
      await api.request('POST', `/participants/${id}/signatures`, {
        token: world.tokens['coordinator.LUMC'],
        body: { scope: 'casebook', password: PASSWORD },
      }),
      403,
    );
    const r = await api.request('POST', `/participants/${id}/signatures`, {
      token: world.tokens['investigator.LUMC'],
      body: { scope: 'casebook', password: PASSWORD },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      scope: 'casebook',
      printedName: 'investigator.LUMC',
      meaning: 'I approve the data in this casebook',
      status: 'valid',
    });
    const form = await api.request('POST', `/participants/${id}/signatures`, {
      token: world.tokens['investigator.LUMC'],
      body: { scope: 'form', eventId: 'enrolment', formId: 'demographics', password: PASSWORD },
    });
    expect(form.status).toBe(201);
    const other = await api.request('POST', `/participants/${id}/signatures`, {
      token: world.tokens['investigator.LUMC'],
      body: { scope: 'visit', eventId: 'baseline', password: PASSWORD },
    });
    expectProblem(other, 409);
  });

  it('voids every signature covering data changed after signing, visibly', async () => {
    const r = await put('coordinator.LUMC', id, 'enrolment', 'demographics', {
      values: { ...DEMOGRAPHICS, smoking: 3 },
      version: 1,
      reason: 'Patient corrected smoking status',
    });
    expect(r.status).toBe(200);
    const signatures = (await api.request('GET', `/participants/${id}/signatures`, { token: world.tokens.monitor })).body;
    expect(signatures).toHaveLength(2);
    for (const s of signatures) {
      expect(s.status).toBe('voided');
      expect(s.voidedAt).toEqual(expect.any(String));
      expect(s.voidedBecause).toMatch(/demographics.*smoking/);
    }
    expect((await audit(id)).filter((a) => a.entity === 'signature' && a.action === 'void')).toHaveLength(2);
  });

  it('voids casebook and visit signatures when a first save adds a form instance under them', async () => {
    const other = await enrol('TEIAS');
    await put('coordinator.LUMC', other, 'enrolment', 'demographics', { values: DEMOGRAPHICS, status: 'complete' });
    await put('coordinator.LUMC', other, 'unscheduled', 'conmed', { values: { drug: 'Paracetamol' } });
    const sign = (body: Record<string, unknown>) =>
      api.request('POST', `/participants/${other}/signatures`, {
        token: world.tokens['investigator.LUMC'],
        body: { ...body, password: PASSWORD },
      });
    const casebook = await sign({ scope: 'casebook' });
    const visit = await sign({ scope: 'visit', eventId: 'unscheduled' });
    const form = await sign({ scope: 'form', eventId: 'enrolment', formId: 'demographics' });
    for (const r of [casebook, visit, form]) expect(r.status, JSON.stringify(r.body)).toBe(201);

    const ae = await put('coordinator.LUMC', other, 'unscheduled', 'adverse_event', { values: { term: 'Headache' } }, 1);
    expect(ae.status, JSON.stringify(ae.body)).toBe(200);

    const signatures: any[] = (await api.request('GET', `/participants/${other}/signatures`, { token: world.tokens.monitor })).body;
    const byId = new Map(signatures.map((s) => [s.id, s]));
    for (const s of [casebook.body, visit.body]) {
      expect(byId.get(s.id)).toMatchObject({ status: 'voided', voidedAt: expect.any(String) });
      expect(byId.get(s.id).voidedBecause).toMatch(/adverse_event at unscheduled \(instance 1\) added after signing: term/);
    }
    // The demographics form did not change: its own signature stands.
    expect(byId.get(form.body.id)).toMatchObject({ status: 'valid', voidedAt: null });
    const voids = (await audit(other)).filter((a) => a.entity === 'signature' && a.action === 'void');
    expect(voids).toHaveLength(2);
    for (const a of voids) expect(a.reason).toMatch(/adverse_event .*added after signing/);
  });
});

describe('review actions racing a save', () => {
  let id: string;
  const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
  /** A transaction on its own connection, standing in for a request still in flight. */
  async function inFlight() {
    const qr = api.db.dataSource.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    return {
      qr,
      crf: new CrfRepository(qr.manager),
      async commit() {
        await qr.commitTransaction();
        await qr.release();
      },
    };
  }
  /** Whether a promise is still pending after `ms`. */
  async function pendingAfter(p: Promise<unknown>, ms: number): Promise<boolean> {
    let settled = false;
    void p.then(
      () => (settled = true),
      () => (settled = true),
    );
    await sleep(ms);
    return !settled;
  }

  beforeAll(async () => {
    id = await enrol('TEIAS');
    await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: DEMOGRAPHICS });
  });

  it('a first save waits for a visit lock being inserted, then refuses with 409', async () => {
    const lockTx = await inFlight();
    await lockTx.crf.lockParticipantEntry(id, 'exclusive');
    await lockTx.qr.query(
      `INSERT INTO form_locks (participant_id, study_code, event_id, form_id, instance, locked_by, locked_at, reason)
       VALUES ($1, 'TEIAS', 'unscheduled', NULL, NULL, NULL, now(), 'Closing the visit')`,
      [id],
    );
    const save = put('coordinator.LUMC', id, 'unscheduled', 'adverse_event', { values: { term: 'Dizziness' } }, 1);
    const waited = await pendingAfter(save, 300);
    await lockTx.commit();
    expect(waited).toBe(true);
    const r = await save;
    expectProblem(r, 409);
    expect(r.body.lock).toMatchObject({ scope: 'visit', eventId: 'unscheduled' });
    expect((await get('coordinator.LUMC', id, 'unscheduled', 'adverse_event', 1)).body.status).toBe('not_started');
  });

  it('locking and signing wait for a save in flight', async () => {
    const saveTx = await inFlight();
    await saveTx.crf.lockParticipantEntry(id, 'shared');
    const lock = api.request('POST', `/participants/${id}/locks`, {
      token: world.tokens.data_manager,
      body: { eventId: 'enrolment', formId: 'consent', reason: 'Cleaned' },
    });
    const sign = api.request('POST', `/participants/${id}/signatures`, {
      token: world.tokens['investigator.LUMC'],
      body: { scope: 'casebook', password: PASSWORD },
    });
    const waited = await pendingAfter(Promise.all([lock, sign]), 300);
    await saveTx.commit();
    expect(waited).toBe(true);
    expect((await lock).status).toBe(201);
    expect((await sign).status).toBe(201);
  });

  it('verification waits for a save holding the record, and verifies the value it committed', async () => {
    const saveTx = await inFlight();
    const [row] = await saveTx.qr.query(
      `SELECT id FROM form_records WHERE participant_id = $1 AND event_id = 'enrolment' AND form_id = 'demographics' FOR UPDATE`,
      [id],
    );
    await saveTx.qr.query(`UPDATE form_records SET data = jsonb_set(data, '{height}', '181'), version = version + 1 WHERE id = $1`, [
      row.id,
    ]);
    const verify = api.request('POST', `/participants/${id}/sdv`, {
      token: world.tokens.monitor,
      body: { eventId: 'enrolment', formId: 'demographics', fields: ['height'] },
    });
    const waited = await pendingAfter(verify, 300);
    await saveTx.commit();
    expect(waited).toBe(true);
    expect((await verify).status).toBe(200);
    const [v] = await api.db.dataSource.query(`SELECT value FROM sdv_verifications WHERE record_id = $1 AND field = 'height'`, [row.id]);
    expect(v.value).toBe(181);
  });
});

describe('locks', () => {
  let id: string;
  beforeAll(async () => {
    id = await enrol('TEIAS');
    await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: DEMOGRAPHICS });
  });

  it('refuses a write to a locked form with 409 naming the lock, until it is unlocked', async () => {
    expectProblem(
      await api.request('POST', `/participants/${id}/locks`, {
        token: world.tokens.monitor,
        body: { eventId: 'enrolment', formId: 'demographics', reason: 'Cleaned' },
      }),
      403,
    );
    const lock = await api.request('POST', `/participants/${id}/locks`, {
      token: world.tokens.data_manager,
      body: { eventId: 'enrolment', formId: 'demographics', reason: 'Cleaned for interim' },
    });
    expect(lock.status, JSON.stringify(lock.body)).toBe(201);
    expectProblem(
      await api.request('POST', `/participants/${id}/locks`, {
        token: world.tokens.data_manager,
        body: { eventId: 'enrolment', formId: 'demographics', reason: 'Again' },
      }),
      409,
    );

    const refused = await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: { ...DEMOGRAPHICS, sex: 2 }, version: 1 });
    expectProblem(refused, 409);
    expect(refused.body.detail).toMatch(/locked by data_manager .*Cleaned for interim/);
    expect(refused.body.lock).toMatchObject({ id: lock.body.id, scope: 'form' });
    // Reading is still allowed.
    expect((await get('coordinator.LUMC', id, 'enrolment', 'demographics')).status).toBe(200);

    expect(
      (
        await api.request('POST', `/participants/${id}/locks/${lock.body.id}/unlock`, {
          token: world.tokens.data_manager,
          body: { reason: 'Query raised' },
        })
      ).status,
    ).toBe(204);
    expect(
      (await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: { ...DEMOGRAPHICS, sex: 2 }, version: 1 })).status,
    ).toBe(200);
    const actions = (await audit(id)).filter((a) => a.entity === 'lock').map((a) => a.action);
    expect(actions).toEqual(['lock', 'unlock']);
  });

  it('refuses writes to any form of a locked visit', async () => {
    const lock = await api.request('POST', `/participants/${id}/locks`, {
      token: world.tokens.data_manager,
      body: { eventId: 'enrolment', reason: 'Visit closed' },
    });
    expect(lock.status).toBe(201);
    const r = await put('coordinator.LUMC', id, 'enrolment', 'consent', { values: { date: day(-7) } });
    expectProblem(r, 409);
    expect(r.body.detail).toMatch(/Visit enrolment .*locked/);
    expect((await put('coordinator.LUMC', id, 'unscheduled', 'conmed', { values: { drug: 'Paracetamol' } })).status).toBe(200);
  });
});

describe('schedule anchor from the actual date', () => {
  it('moves a POTEISS participant’s anchor when the injection form records the actual date', async () => {
    const id = await enrol('POTEISS');
    // Planned for day 4 (fixtures), given today: dates on forms are never in the future.
    const r = await put('coordinator.LUMC', id, 'baseline', 'injection', { values: { date: day(0) } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const p = await api.request('GET', `/participants/${id}`, { token: world.tokens.monitor });
    expect(p.body.anchorDate).toBe(day(0));
    expect((await audit(id)).some((a) => a.entity === 'participant' && a.field === 'anchorDate' && a.to === day(0))).toBe(true);
  });
});

describe('audit trail reconstruction', () => {
  it('rebuilds a form at any past instant from the audit rows alone, matching what was saved then', async () => {
    const id = await enrol('TEIAS');
    const snapshots: Array<{ at: Date; state: { status: string; values: Record<string, unknown> } }> = [];
    const pause = () => new Promise((r) => setTimeout(r, 15));
    const saves: Array<Record<string, unknown>> = [
      { values: { birth_year: 1980 } },
      { values: { birth_year: 1981, height: 170, weight: 70 }, version: 1 },
      { values: { ...DEMOGRAPHICS, height: 170, weight: 70 }, status: 'complete', version: 2 },
      { values: { ...DEMOGRAPHICS, work: 6, workload: undefined }, version: 3, reason: 'Retired last month' },
      {
        values: { ...DEMOGRAPHICS, work: 6, workload: undefined, smoking: { missing: 'unknown' } },
        status: 'incomplete',
        version: 4,
        reason: 'Smoking to be asked again',
      },
    ];
    // Audit rows are stamped by PostgreSQL, so the instants to rebuild at come from its clock too.
    const dbNow = async (): Promise<Date> => (await api.db.dataSource.query('SELECT clock_timestamp() AS t'))[0].t;
    const start = await dbNow();
    await pause();
    for (const body of saves) {
      const r = await put('coordinator.LUMC', id, 'enrolment', 'demographics', body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      await pause();
      const read = (await get('coordinator.LUMC', id, 'enrolment', 'demographics')).body;
      snapshots.push({ at: await dbNow(), state: { status: read.status, values: read.values } });
      await pause();
    }

    // The evidence: audit_log rows only (read straight from the database, not from form_records).
    const rows = await api.db.repos.get(CrfRepository).formAudit(id, formEntityId('enrolment', 'demographics', 1));
    expect(formStateAt(rows, start)).toBeNull();
    for (const { at, state } of snapshots) expect(formStateAt(rows, at)).toEqual(state);

    // The same through the API.
    const viaApi = await api.request(
      'GET',
      `${formPath(id, 'enrolment', 'demographics')}/audit?at=${encodeURIComponent(snapshots[2].at.toISOString())}`,
      { token: world.tokens.monitor },
    );
    expect(viaApi.status).toBe(200);
    expect(viaApi.body.stateAt).toEqual(snapshots[2].state);
  });
});

describe('protocol deviations', () => {
  it('flags an injection dated outside its window, and an injection given in the usual-care arm', async () => {
    // Entered 25 days on, so that the dates lie in the past (a future date is refused).
    const now = clock.now();
    clock.advance(25 * 86_400_000);
    try {
      await enterLate();
    } finally {
      clock.set(now);
    }
  });
  async function enterLate() {
    const outside = await put('coordinator.LUMC', arm.TEI, 'baseline', 'injection', {
      values: { date: day(23), level: 5, side: 1, drug: 1, dose: 40, lidocaine: true, compl: false },
    });
    expect(outside.status, JSON.stringify(outside.body)).toBe(200);
    expect(outside.body.deviations).toEqual([expect.objectContaining({ kind: 'out_of_window', formId: 'injection' })]);
    const crossover = await put('coordinator.LUMC', arm.UC, 'unscheduled', 'crossover', {
      values: { any: true, tei: true, tei_date: day(1), surgery: false },
    });
    expect(crossover.status, JSON.stringify(crossover.body)).toBe(200);

    const list = await api.request<any[]>('GET', '/studies/TEIAS/deviations', { token: world.tokens.data_manager });
    expect(list.status).toBe(200);
    expect(list.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ participantId: arm.TEI, kind: 'out_of_window', eventId: 'baseline', formId: 'injection' }),
        expect.objectContaining({ participantId: arm.UC, kind: 'treatment_in_other_arm', formId: 'crossover' }),
      ]),
    );
    expect((await api.request<any[]>('GET', '/studies/TEIAS/deviations', { token: world.tokens['coordinator.HMC'] })).body).toEqual([]);
  }
});

describe('casebook PDF', () => {
  it('is rendered by the worker with forms, queries, verification and signatures, and downloads as a PDF', async () => {
    const id = arm.TEI;
    await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: DEMOGRAPHICS });
    await api.request('POST', `/participants/${id}/signatures`, {
      token: world.tokens['investigator.LUMC'],
      body: { scope: 'casebook', password: PASSWORD },
    });
    expectProblem(await api.request('GET', `/participants/${id}/casebook`, { token: world.tokens.monitor }), 404);

    const r = await api.request('POST', `/participants/${id}/casebook`, { token: world.tokens.monitor });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body.jobId).toBe(`casebook-${r.body.id}`);
    const status = await waitFor('the casebook', async () => {
      const body = (await api.request('GET', `/participants/${id}/casebook`, { token: world.tokens.monitor })).body;
      return body.status !== 'building' ? body : null;
    });
    expect(status).toMatchObject({ id: r.body.id, n: 1, status: 'ready', progress: 100 });

    const res = await fetch(`${api.url}/participants/${id}/casebook.pdf`, { headers: { authorization: `Bearer ${world.tokens.monitor}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/pdf/);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const label = (await api.request('GET', `/participants/${id}`, { token: world.tokens.monitor })).body.label;
    expect(pdf.toString('latin1')).toContain(label);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="casebook-${label}-1.pdf"`);
    expect(res.headers.get('content-disposition')).not.toContain(id);
    const stored = await readFile(`${api.config.storageDir}/casebooks/${id}-1.pdf`);
    expect(stored.equals(pdf)).toBe(true);
    expect((await audit(id)).filter((a) => a.entity === 'casebook').map((a) => a.action)).toEqual(['request', 'read']);
  });

  it('shows each form’s value-change history from the audit trail: field, old → new, who, when, reason', async () => {
    const id = await enrol('TEIAS');
    await put('coordinator.LUMC', id, 'enrolment', 'demographics', { values: DEMOGRAPHICS, status: 'complete' });
    const changed = await put('coordinator.LUMC', id, 'enrolment', 'demographics', {
      values: { ...DEMOGRAPHICS, sex: 2 },
      version: 1,
      reason: 'Source document says male',
    });
    expect(changed.status).toBe(200);
    const casebooks = new CasebookService({ db: api.db, studies: api.studies, clock: () => new Date() }, api.config.storageDir);
    const data = await casebooks.data(id);
    const demo = data.forms.find((f) => f.formId === 'demographics');
    expect(demo?.history[0]).toMatchObject({ field: null, label: 'Status', from: 'Not started', to: 'Complete', by: 'coordinator.LUMC' });
    expect(demo?.history.filter((c) => c.field === 'sex')).toEqual([
      {
        at: expect.any(String),
        by: 'coordinator.LUMC',
        field: 'sex',
        label: 'Sex',
        from: '',
        to: expect.stringMatching(/\(1\)$/),
        reason: null,
      },
      {
        at: expect.any(String),
        by: 'coordinator.LUMC',
        field: 'sex',
        label: 'Sex',
        from: expect.stringMatching(/\(1\)$/),
        to: expect.stringMatching(/\(2\)$/),
        reason: 'Source document says male',
      },
    ]);
    // A snapshot read writes nothing, audit included.
    const before = (await audit(id)).length;
    await casebooks.data(id);
    expect((await audit(id)).length).toBe(before);
  });
});
