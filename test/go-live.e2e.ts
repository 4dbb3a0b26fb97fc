import { openDatabase, startApi, type TestApi } from './support/harness';
import { enrolment, setUpWorld, type World } from './support/fixtures';

/**
 * A study cannot leave set-up with placeholder wording in a patient-facing instrument (issue 13
 * item 1): POST /studies/{study}/go-live (admin) refuses with 409 naming the instruments, unless
 * ALLOW_PLACEHOLDER_WORDING=true; going live is audited, and only a study in set-up goes live.
 */
async function putInSetUp(api: TestApi, study: string): Promise<void> {
  const db = await openDatabase(api.databaseUrl);
  try {
    await db.dataSource.query(`UPDATE studies SET status = 'setup' WHERE code = $1`, [study]);
  } finally {
    await db.dataSource.destroy();
  }
}

describe('without licensed wording (ALLOW_PLACEHOLDER_WORDING unset)', () => {
  let api: TestApi;
  let world: World;
  beforeAll(async () => {
    api = await startApi();
    world = await setUpWorld(api);
    await putInSetUp(api, 'TEIAS');
  }, 180_000);
  afterAll(() => api?.close());

  it('a study in set-up does not enrol', async () => {
    const r = await api.request('POST', '/studies/TEIAS/participants', {
      token: world.tokens['coordinator.LUMC'],
      body: enrolment(api.studies.get('TEIAS'), 'LUMC'),
    });
    expect(r.status).toBe(409);
    expect(r.body.detail).toMatch(/TEIAS is setup/);
  });

  it('only an admin may take a study live', async () => {
    for (const who of ['coordinator.LUMC', 'data_manager', 'statistician']) {
      expect((await api.request('POST', '/studies/TEIAS/go-live', { token: world.tokens[who] })).status).toBe(403);
    }
  });

  it('refuses going live with 409 naming every placeholder instrument; the study stays in set-up', async () => {
    const r = await api.request('POST', '/studies/TEIAS/go-live', { token: world.adminToken });
    expect(r.status).toBe(409);
    expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(r.body.rule).toBe('INSTRUMENT_WORDING_PLACEHOLDER');
    // TEIAS gives RMDQ, ODI, EQ-5D-5L (copyrighted, descriptive labels shipped); the NRS, GPE, SBI and HCU are not placeholders.
    expect(r.body.instruments).toEqual(['RMDQ', 'ODI', 'EQ5D5L']);
    expect(r.body.detail).toMatch(/TEIAS cannot leave set-up: .*placeholder wording for RMDQ, ODI, EQ5D5L/);
    expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(['instruments.RMDQ', 'instruments.ODI', 'instruments.EQ5D5L']);
    const study = await api.request('GET', '/studies/TEIAS', { token: world.adminToken });
    expect(study.body.status).toBe('setup');
    const audit = await api.db.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'go_live'`);
    expect(audit[0].n).toBe(0);
  });

  it('a study that is already live cannot go live again', async () => {
    const r = await api.request('POST', '/studies/POTEISS/go-live', { token: world.adminToken });
    expect(r.status).toBe(409);
    expect(r.body.detail).toMatch(/POTEISS is recruiting; only a study in set-up can go live/);
  });
});

describe('with ALLOW_PLACEHOLDER_WORDING=true (demos, tests)', () => {
  let api: TestApi;
  let world: World;
  beforeAll(async () => {
    api = await startApi({ env: { ALLOW_PLACEHOLDER_WORDING: 'true' } });
    world = await setUpWorld(api);
    await putInSetUp(api, 'TEIAS');
  }, 180_000);
  afterAll(() => api?.close());

  it('goes live, audited, and then enrols', async () => {
    const r = await api.request('POST', '/studies/TEIAS/go-live', { token: world.adminToken });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ study: 'TEIAS', status: 'recruiting' });
    const audit = await api.db.dataSource.query(
      `SELECT action, entity, entity_id, study_code, field, old_value, new_value FROM audit_log WHERE action = 'go_live'`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity: 'study', entity_id: 'TEIAS', study_code: 'TEIAS', field: 'status' });
    expect(JSON.stringify([audit[0].old_value, audit[0].new_value])).toBe('["setup","recruiting"]');
    const enrolled = await api.request('POST', '/studies/TEIAS/participants', {
      token: world.tokens['coordinator.LUMC'],
      body: enrolment(api.studies.get('TEIAS'), 'LUMC'),
    });
    expect(enrolled.status).toBe(201);
    expect((await api.request('POST', '/studies/TEIAS/go-live', { token: world.adminToken })).status).toBe(409);
  });
});
