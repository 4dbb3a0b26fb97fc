import { createApi } from '../apps/api/src/app';
import { createPlatform } from '@trialdata/platform';
import { seedDemo } from '../apps/cli/src/commands/seed';
import { ADMIN, PASSWORD, openDatabase, startApi, type Reply, type TestApi } from './support/harness';
import { enrolment, setUpWorld, type World } from './support/fixtures';

/**
 * Issue 15 items 3-6 and 10 (demo): accounts that can be ended, signatures that count towards the
 * lock-out, lock-out without account enumeration (in Redis, per account and address), study-wide
 * settings by study-wide members only. The API trusts the loopback proxy, so a test can speak from
 * several client addresses with X-Forwarded-For.
 */
let api: TestApi;
let world: World;

beforeAll(async () => {
  api = await startApi({ env: { TRUST_PROXY: 'loopback' } });
  world = await setUpWorld(api);
});

afterAll(async () => {
  await api?.close();
});

const from = (address: string) => ({ 'x-forwarded-for': address });

function expectProblem(r: Reply, status: number) {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
}

let counter = 0;
async function newUser(memberships: Array<{ study: string; role: string; siteCode?: string }> = [{ study: 'TEIAS', role: 'monitor' }]) {
  const email = `user${++counter}@security.trialdata.org`;
  const r = await api.request('POST', '/users', {
    token: world.adminToken,
    body: { email, password: PASSWORD, name: `User ${counter}`, memberships },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id as string, email };
}

const login = (email: string, password: string, address = '192.0.2.1') =>
  api.request('POST', '/auth/login', { body: { email, password }, headers: from(address) });

async function tokenOf(email: string, password = PASSWORD, address = '192.0.2.1'): Promise<string> {
  const r = await login(email, password, address);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.accessToken;
}

describe('accounts that can be ended (item 3)', () => {
  it('GET /me answers id, email, name, memberships and permissions per study', async () => {
    const u = await newUser([
      { study: 'TEIAS', role: 'coordinator', siteCode: 'LUMC' },
      { study: 'POTEISS', role: 'data_manager' },
    ]);
    const me = await api.request('GET', '/me', { token: await tokenOf(u.email) });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: u.id, email: u.email, name: expect.stringMatching(/^User /) });
    expect(me.body.memberships).toEqual(
      expect.arrayContaining([
        { study: 'TEIAS', role: 'coordinator', siteCode: 'LUMC' },
        { study: 'POTEISS', role: 'data_manager', siteCode: null },
      ]),
    );
    expect(me.body.permissions.TEIAS).toEqual(expect.arrayContaining(['enrol', 'enter_data']));
    expect(me.body.permissions.TEIAS).not.toContain('add_site');
    expect(me.body.permissions.POTEISS).toEqual(expect.arrayContaining(['set_sdv_plan', 'export_datasets']));
    expect(me.body.permissions.POTEISS).not.toContain('enrol');
    expect(me.body.permissions.EIMICOR).toBeUndefined();
  });

  it('a deactivated user’s token answers 401 from the next request, login is refused like a wrong password, and reactivation restores login', async () => {
    const u = await newUser();
    const token = await tokenOf(u.email);
    expect((await api.request('GET', '/studies/TEIAS/participants', { token })).status).toBe(200);
    const r = await api.request('PATCH', `/users/${u.id}`, { token: world.adminToken, body: { active: false } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ id: u.id, active: false });
    expectProblem(await api.request('GET', '/studies/TEIAS/participants', { token }), 401);
    expectProblem(await api.request('GET', '/me', { token }), 401);
    const refused = await login(u.email, PASSWORD, '192.0.2.50');
    expectProblem(refused, 401);
    const wrong = await login(u.email, 'not-the-password', '192.0.2.51');
    expect(refused.body.detail).toBe(wrong.body.detail);
    expect((await api.request('PATCH', `/users/${u.id}`, { token: world.adminToken, body: { active: true } })).status).toBe(200);
    expect((await api.request('GET', '/me', { token: await tokenOf(u.email, PASSWORD, '192.0.2.52') })).status).toBe(200);
    // The old token stays dead after reactivation.
    expectProblem(await api.request('GET', '/me', { token }), 401);
  });

  it('changing or removing memberships ends existing tokens; the new token carries the new rights', async () => {
    const u = await newUser([{ study: 'TEIAS', role: 'monitor' }]);
    const token = await tokenOf(u.email);
    const r = await api.request('PATCH', `/users/${u.id}`, {
      token: world.adminToken,
      body: { memberships: [{ study: 'POTEISS', role: 'coordinator', siteCode: 'HMC' }], name: 'Renamed' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ name: 'Renamed', memberships: [{ study: 'POTEISS', role: 'coordinator', siteCode: 'HMC' }] });
    expectProblem(await api.request('GET', '/studies/TEIAS/participants', { token }), 401);
    const fresh = await tokenOf(u.email);
    expectProblem(await api.request('GET', '/studies/TEIAS/participants', { token: fresh }), 403);
    expect((await api.request('GET', '/studies/POTEISS/participants', { token: fresh })).status).toBe(200);
    // Removing every membership.
    expect((await api.request('PATCH', `/users/${u.id}`, { token: world.adminToken, body: { memberships: [] } })).status).toBe(200);
    expectProblem(await api.request('GET', '/studies/POTEISS/participants', { token: fresh }), 401);
    // A renaming alone does not end a session.
    const third = await tokenOf(u.email);
    expect((await api.request('PATCH', `/users/${u.id}`, { token: world.adminToken, body: { name: 'Once more' } })).status).toBe(200);
    expect((await api.request('GET', '/me', { token: third })).body.name).toBe('Once more');
    // An unknown site is a 400 naming the field, and nothing changed.
    const bad = await api.request('PATCH', `/users/${u.id}`, {
      token: world.adminToken,
      body: { memberships: [{ study: 'TEIAS', role: 'monitor', siteCode: 'NOPE' }] },
    });
    expectProblem(bad, 400);
    expect(bad.body.errors).toEqual([{ field: 'memberships[0].siteCode', message: expect.any(String) }]);
    expect((await api.request('GET', '/me', { token: third })).status).toBe(200);
  });

  it('a password reset by an administrator and a change by the user both end every token', async () => {
    const u = await newUser();
    const before = await tokenOf(u.email);
    const reset = 'reset-password-456';
    expect((await api.request('PATCH', `/users/${u.id}`, { token: world.adminToken, body: { password: reset } })).status).toBe(200);
    expectProblem(await api.request('GET', '/me', { token: before }), 401);
    expectProblem(await login(u.email, PASSWORD, '192.0.2.60'), 401);
    const afterReset = await tokenOf(u.email, reset, '192.0.2.60');

    const mine = 'my-own-password-789';
    expectProblem(
      await api.request('PUT', '/me/password', { token: afterReset, body: { currentPassword: 'wrong-password', newPassword: mine } }),
      403,
    );
    expectProblem(
      await api.request('PUT', '/me/password', { token: afterReset, body: { currentPassword: reset, newPassword: 'short' } }),
      400,
    );
    expect(
      (await api.request('PUT', '/me/password', { token: afterReset, body: { currentPassword: reset, newPassword: mine } })).status,
    ).toBe(204);
    expectProblem(await api.request('GET', '/me', { token: afterReset }), 401);
    expect((await api.request('GET', '/me', { token: await tokenOf(u.email, mine, '192.0.2.61') })).status).toBe(200);
  });

  it('only a platform administrator changes accounts; they cannot deactivate themselves; users are never deleted', async () => {
    const u = await newUser();
    expectProblem(await api.request('PATCH', `/users/${u.id}`, { token: world.tokens.data_manager, body: { active: false } }), 403);
    expectProblem(
      await api.request('PATCH', `/users/00000000-0000-4000-8000-000000000000`, { token: world.adminToken, body: { active: false } }),
      404,
    );
    expectProblem(await api.request('PATCH', `/users/${u.id}`, { token: world.adminToken, body: { active: false, isAdmin: true } }), 400);
    const me = await api.request('GET', '/me', { token: world.adminToken });
    expectProblem(await api.request('PATCH', `/users/${me.body.id}`, { token: world.adminToken, body: { active: false } }), 422);

    const db = await openDatabase(api.databaseUrl);
    try {
      await expect(db.dataSource.query('DELETE FROM users WHERE id = $1', [u.id])).rejects.toThrow(/never deleted/);
      await api.request('PATCH', `/users/${u.id}`, { token: world.adminToken, body: { active: false } });
      const audit = await db.dataSource.query(
        `SELECT action, user_id FROM audit_log WHERE entity = 'user' AND entity_id = $1 ORDER BY seq`,
        [u.id],
      );
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['create', 'deactivate']);
      expect(audit[1].user_id).toBe(me.body.id);
    } finally {
      await db.dataSource.destroy();
    }
  });
});

describe('lock-out without account enumeration (item 5)', () => {
  const max = () => api.config.login.maxFailures;

  async function failUntilLocked(email: string, address: string): Promise<Reply[]> {
    const replies: Reply[] = [];
    for (let i = 0; i < max() + 1; i++) replies.push(await login(email, 'wrong-guess', address));
    return replies;
  }

  it('answers an unknown email exactly like a known one: 401, then 429 with the same fields', async () => {
    const known = await newUser();
    const knownReplies = await failUntilLocked(known.email, '198.51.100.1');
    const unknownReplies = await failUntilLocked('nobody-here@security.trialdata.org', '198.51.100.1');
    const shape = (r: Reply) => [r.status, Object.keys(r.body).sort().join(','), r.headers.get('retry-after') !== null];
    expect(knownReplies.map(shape)).toEqual(unknownReplies.map(shape));
    expect(knownReplies.map((r) => r.status)).toEqual([...Array(max() - 1).fill(401), 429, 429]);
    expect(knownReplies.at(-1)!.body).toMatchObject({
      status: 429,
      lockedUntil: expect.any(String),
      retryAfterSeconds: expect.any(Number),
    });
    expect(Number(knownReplies.at(-1)!.headers.get('retry-after'))).toBe(knownReplies.at(-1)!.body.retryAfterSeconds);
    expect(knownReplies[0].body.detail).toBe(unknownReplies[0].body.detail);
    // Locked: even the right password is refused from that address.
    expectProblem(await login(known.email, PASSWORD, '198.51.100.1'), 429);
  });

  it('a stranger cannot lock the owner out: the lock holds for the stranger’s address only', async () => {
    const u = await newUser();
    await failUntilLocked(u.email, '203.0.113.66');
    expectProblem(await login(u.email, PASSWORD, '203.0.113.66'), 429);
    expect((await login(u.email, PASSWORD, '192.0.2.200')).status).toBe(200);
  });

  it('keeps the counts in Redis: a second API process sees the same lock', async () => {
    const u = await newUser();
    await failUntilLocked(u.email, '198.51.100.7');
    const second = await createApi({ config: api.config, studies: api.studies, clock: api.clock });
    await second.listen(0, '127.0.0.1');
    try {
      const url = (await second.getUrl()).replace('[::1]', '127.0.0.1') + '/api/v1/auth/login';
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...from('198.51.100.7') },
        body: JSON.stringify({ email: u.email, password: PASSWORD }),
      });
      expect(res.status).toBe(429);
    } finally {
      await second.close();
    }
  });

  it('builds a process’s platform only once its Redis connection is ready (no login refused at start-up)', async () => {
    // With no offline queue, a login reaching a process before its connection is ready is refused
    // with 503: seen in CI, when the test above raced the second process's connection.
    const platform = await createPlatform(api.config, api.studies, api.clock);
    try {
      expect(platform.redis.status).toBe('ready');
    } finally {
      await platform.close();
    }
  });

  it('limits password checks per address across accounts (LOGIN_RATE_PER_MINUTE, in Redis)', async () => {
    const limited = await startApi({ env: { TRUST_PROXY: 'loopback', LOGIN_RATE_PER_MINUTE: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push(
          (
            await limited.request('POST', '/auth/login', {
              body: { email: `someone${i}@x.nl`, password: 'x' },
              headers: from('198.51.100.99'),
            })
          ).status,
        );
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      // Another address is not affected.
      expect(
        (
          await limited.request('POST', '/auth/login', {
            body: { email: ADMIN.email, password: ADMIN.password },
            headers: from('198.51.100.98'),
          })
        ).status,
      ).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('lock-out store down', () => {
  it('refuses password checks with 503 (not 500, and not unlimited) when Redis is unreachable', async () => {
    const down = await startApi({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const r = await down.request('POST', '/auth/login', { body: { email: ADMIN.email, password: ADMIN.password } });
      expectProblem(r, 503);
    } finally {
      await down.close();
    }
  });
});

describe('signatures are authentication (item 4)', () => {
  it('wrong signature passwords count towards the login lock-out; a locked account cannot sign or log in', async () => {
    const investigator = await newUser([{ study: 'TEIAS', role: 'investigator', siteCode: 'LUMC' }]);
    const token = await tokenOf(investigator.email, PASSWORD, '127.0.0.1');
    const enrolled = await api.request('POST', '/studies/TEIAS/participants', {
      token: world.tokens['coordinator.LUMC'],
      body: enrolment(api.studies.get('TEIAS'), 'LUMC'),
    });
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
    const sign = (password: string) =>
      api.request('POST', `/participants/${enrolled.body.id}/signatures`, { token, body: { scope: 'casebook', password } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await sign('wrong-password')).status);
    expect(statuses).toEqual([403, 403, 403, 403, 429, 429]);
    // Locked: the right password cannot sign (429, not the 409 of an empty casebook), nor log in.
    expectProblem(await sign(PASSWORD), 429);
    expectProblem(await api.request('POST', '/auth/login', { body: { email: investigator.email, password: PASSWORD } }), 429);

    const db = await openDatabase(api.databaseUrl);
    try {
      const rows = await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'sign_refused' AND user_id = $1`, [
        investigator.id,
      ]);
      expect(rows[0].n).toBe(7);
    } finally {
      await db.dataSource.destroy();
    }
  });

  it('earlier login failures count towards a signature lock too', async () => {
    const investigator = await newUser([{ study: 'TEIAS', role: 'investigator', siteCode: 'LUMC' }]);
    const token = await tokenOf(investigator.email, PASSWORD, '127.0.0.1');
    for (let i = 0; i < api.config.login.maxFailures; i++)
      await api.request('POST', '/auth/login', { body: { email: investigator.email, password: 'wrong' } });
    const enrolled = await api.request('POST', '/studies/TEIAS/participants', {
      token: world.tokens['coordinator.LUMC'],
      body: enrolment(api.studies.get('TEIAS'), 'LUMC'),
    });
    const r = await api.request('POST', `/participants/${enrolled.body.id}/signatures`, {
      token,
      body: { scope: 'casebook', password: PASSWORD },
    });
    expectProblem(r, 429);
  });
});

describe('study-wide settings by study-wide members only (item 6)', () => {
  it('a site-bound admin or data manager gets 403 on the SDV plan and on adding sites', async () => {
    const boundAdmin = await tokenOf((await newUser([{ study: 'TEIAS', role: 'admin', siteCode: 'LUMC' }])).email);
    const boundDm = await tokenOf((await newUser([{ study: 'TEIAS', role: 'data_manager', siteCode: 'HMC' }])).email);
    const wideDm = await tokenOf((await newUser([{ study: 'TEIAS', role: 'data_manager' }])).email);
    expect(
      (await api.request('POST', '/sites', { token: world.adminToken, body: { code: 'RADB', name: 'Radboud', country: 'NL' } })).status,
    ).toBe(201);

    expectProblem(await api.request('PUT', '/studies/TEIAS/sdv-plan', { token: boundAdmin, body: { kind: 'critical' } }), 403);
    expectProblem(await api.request('PUT', '/studies/TEIAS/sdv-plan', { token: boundDm, body: { kind: 'critical' } }), 403);
    expectProblem(await api.request('POST', '/studies/TEIAS/sites', { token: boundAdmin, body: { siteCode: 'RADB' } }), 403);
    expect((await api.request('PUT', '/studies/TEIAS/sdv-plan', { token: wideDm, body: { kind: 'critical' } })).status).toBe(200);
    expect((await api.request('POST', '/studies/TEIAS/sites', { token: world.adminToken, body: { siteCode: 'RADB' } })).status).toBe(201);
  });

  it('adding a site to a locked study is 409', async () => {
    expect(
      (await api.request('POST', '/sites', { token: world.adminToken, body: { code: 'UMCU', name: 'UMC Utrecht', country: 'NL' } })).status,
    ).toBe(201);
    const db = await openDatabase(api.databaseUrl);
    try {
      await db.dataSource.query(`UPDATE studies SET status = 'locked' WHERE code = 'EIMICOR'`);
      expectProblem(await api.request('POST', '/studies/EIMICOR/sites', { token: world.adminToken, body: { siteCode: 'UMCU' } }), 409);
      const sites = await db.dataSource.query(`SELECT count(*)::int AS n FROM study_sites WHERE study_code = 'EIMICOR'`);
      expect(sites[0].n).toBe(2);
    } finally {
      await db.dataSource.query(`UPDATE studies SET status = 'recruiting' WHERE code = 'EIMICOR'`);
      await db.dataSource.destroy();
    }
  });
});

describe('the demo and real users (item 10)', () => {
  it('refuses to seed its public password into a database that holds non-demo users', async () => {
    await expect(seedDemo(api.config, api.studies, () => undefined)).rejects.toThrow(/Refusing to seed the demo/);
    const db = await openDatabase(api.databaseUrl);
    try {
      const rows = await db.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE email LIKE '%@demo.trialdata.org'`);
      expect(rows[0].n).toBe(0);
    } finally {
      await db.dataSource.destroy();
    }
  });
});
