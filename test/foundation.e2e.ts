import { ADMIN, PASSWORD, openDatabase, startApi, type TestApi } from './support/harness';
import { SITES, enrolment, setUpWorld, type World } from './support/fixtures';
import { auditVerify } from '../apps/cli/src/commands/audit';

let api: TestApi;
let world: World;

beforeAll(async () => {
  api = await startApi();
  world = await setUpWorld(api);
});

afterAll(async () => {
  await api?.close();
});

const teias = () => api.studies.get('TEIAS');
const poteiss = () => api.studies.get('POTEISS');

function expectProblem(r: { status: number; body: any; headers: Headers }, status: number) {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(r.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
}

describe('health and documentation', () => {
  it('reports database and Redis up', async () => {
    const r = await api.request('GET', '/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', db: 'up', redis: 'up' });
  });

  it('describes the fixed endpoints in /docs-json', async () => {
    const res = await fetch(api.url.replace('/api/v1', '/docs-json'));
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    for (const [path, method] of [
      ['/api/v1/health', 'get'],
      ['/api/v1/auth/login', 'post'],
      ['/api/v1/studies', 'get'],
      ['/api/v1/studies/{study}', 'get'],
      ['/api/v1/sites', 'post'],
      ['/api/v1/studies/{study}/sites', 'post'],
      ['/api/v1/users', 'post'],
      ['/api/v1/studies/{study}/eligibility', 'get'],
      ['/api/v1/studies/{study}/participants', 'post'],
      ['/api/v1/studies/{study}/participants', 'get'],
      ['/api/v1/participants/{id}', 'get'],
      ['/api/v1/participants/{id}/randomisation', 'post'],
      ['/api/v1/participants/{id}/audit', 'get'],
    ]) {
      expect(doc.paths[path]?.[method]).toBeDefined();
    }
  });
});

describe('login', () => {
  it('refuses a wrong password with problem+json and audits the failure', async () => {
    const r = await api.request('POST', '/auth/login', { body: { email: 'monitor@test.trialdata.org', password: 'wrong-password' } });
    expectProblem(r, 401);
    const db = await openDatabase(api.databaseUrl);
    const rows = await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'login_failed'`);
    await db.dataSource.destroy();
    expect(rows[0].n).toBeGreaterThanOrEqual(1);
  });

  it('locks an account after repeated failures, even with the right password', async () => {
    const email = 'lockme@test.trialdata.org';
    expect(
      (
        await api.request('POST', '/users', {
          token: world.adminToken,
          body: { email, password: PASSWORD, name: 'Lock me', memberships: [] },
        })
      ).status,
    ).toBe(201);
    for (let i = 0; i < api.config.login.maxFailures - 1; i++) {
      expect((await api.request('POST', '/auth/login', { body: { email, password: 'nope' } })).status).toBe(401);
    }
    expectProblem(await api.request('POST', '/auth/login', { body: { email, password: 'nope' } }), 429);
    expectProblem(await api.request('POST', '/auth/login', { body: { email, password: PASSWORD } }), 429);
  });

  it('lets a burst of parallel wrong passwords try at most the allowed number', async () => {
    const email = 'burst@test.trialdata.org';
    expect(
      (
        await api.request('POST', '/users', {
          token: world.adminToken,
          body: { email, password: PASSWORD, name: 'Burst', memberships: [] },
        })
      ).status,
    ).toBe(201);
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => api.request('POST', '/auth/login', { body: { email, password: 'wrong-guess' } })),
    );
    expect(replies.filter((r) => r.status === 401).length).toBeLessThanOrEqual(api.config.login.maxFailures - 1);
    expect(replies.every((r) => r.status === 401 || r.status === 429)).toBe(true);
  });

  it('refuses a duplicate email with 409, whatever its case', async () => {
    const body = {
      email: 'Dup@Test.trialdata.org',
      password: PASSWORD,
      name: 'Dup',
      memberships: [
        { study: 'TEIAS', role: 'monitor' },
        { study: 'TEIAS', role: 'monitor' },
      ],
    };
    expect((await api.request('POST', '/users', { token: world.adminToken, body })).status).toBe(201);
    expectProblem(
      await api.request('POST', '/users', { token: world.adminToken, body: { ...body, email: 'dup@test.trialdata.org' } }),
      409,
    );
  });

  it('refuses requests without a valid token', async () => {
    expectProblem(await api.request('GET', '/studies'), 401);
    expectProblem(await api.request('GET', '/studies', { token: 'not.a.token' }), 401);
  });
});

describe('bad input never becomes a 500', () => {
  it('refuses unknown fields, naming them', async () => {
    const r = await api.request('POST', '/sites', {
      token: world.adminToken,
      body: { code: 'XYZ', name: 'X site', country: 'NL', evil: true },
    });
    expectProblem(r, 400);
    expect(r.body.errors).toContainEqual({ field: 'evil', message: 'unknown field' });
  });

  it('refuses malformed JSON', async () => {
    expectProblem(await api.request('POST', '/sites', { token: world.adminToken, raw: '{"code": "AB",' }), 400);
  });

  it('refuses an oversized body', async () => {
    const r = await api.request('POST', '/sites', {
      token: world.adminToken,
      raw: JSON.stringify({ code: 'AB', name: 'x'.repeat(400_000), country: 'NL' }),
    });
    expectProblem(r, 400);
    expect(r.body.type).toMatch(/payload-too-large/);
  });

  it('refuses wrong types and nested garbage with one error per field', async () => {
    const r = await api.request('POST', '/studies/TEIAS/participants', {
      token: world.tokens['coordinator.LUMC'],
      body: {
        siteCode: 7,
        eligibility: 'yes',
        consent: { date: 'yesterday', version: '' },
        birthYear: 'old',
        sex: 'x',
        contact: { language: 'fr', email: 'nope' },
      },
    });
    expectProblem(r, 400);
    const fields = r.body.errors.map((e: { field: string }) => e.field);
    for (const f of ['siteCode', 'eligibility', 'consent.date', 'consent.version', 'birthYear', 'sex', 'contact.language', 'contact.email'])
      expect(fields).toContain(f);
  });

  it('answers arrays, nulls and strings where objects belong with 400', async () => {
    for (const raw of ['[]', 'null', '"x"', '42']) {
      const r = await api.request('POST', '/sites', { token: world.adminToken, raw });
      expect(r.status).toBe(400);
    }
  });

  it('refuses NUL characters, lone surrogates, built-in member keys and deep nesting (never 500)', async () => {
    const base = enrolment(teias(), 'LUMC');
    const bodies: string[] = [
      JSON.stringify({ ...base, consent: { date: '2026-11-20', version: 'v\u0000' } }),
      JSON.stringify({ code: 'AB', name: '\ud800', country: 'NL' }),
      JSON.stringify(base).replace('"eligibility":{', '"eligibility":{"constructor":true,'),
      '{"code":"AB","name":"x","country":"NL","__proto__":{"admin":true}}',
      '{"code":"AB","name":' + '['.repeat(5000) + ']'.repeat(5000) + ',"country":"NL"}',
    ];
    for (const raw of bodies) {
      const path = raw.includes('eligibility') ? '/studies/TEIAS/participants' : '/sites';
      const r = await api.request('POST', path, {
        token: raw.includes('eligibility') ? world.tokens['coordinator.LUMC'] : world.adminToken,
        raw,
      });
      expectProblem(r, 400);
    }
    const login = await api.request('POST', '/auth/login', { raw: JSON.stringify({ email: 'a\ud800@x.nl', password: 'x' }) });
    expectProblem(login, 400);
  });

  it('refuses dates outside a plausible range', async () => {
    const r = await api.request('POST', '/studies/POTEISS/participants', {
      token: world.tokens['coordinator.LUMC'],
      body: enrolment(poteiss(), 'LUMC', { plannedAnchorDate: '9999-12-31' }),
    });
    expectProblem(r, 400);
    expect(r.body.errors[0].field).toBe('plannedAnchorDate');
  });

  it('answers an unknown study with 404 and a malformed participant id with 404', async () => {
    expectProblem(await api.request('GET', '/studies/NOPE', { token: world.adminToken }), 404);
    expectProblem(await api.request('GET', '/participants/not-a-uuid', { token: world.adminToken }), 404);
  });
});

describe('roles and sites', () => {
  it('refuses enrolment by a role that may not enrol (403)', async () => {
    const r = await api.request('POST', '/studies/TEIAS/participants', {
      token: world.tokens.statistician,
      body: enrolment(teias(), 'LUMC'),
    });
    expectProblem(r, 403);
  });

  it('refuses a site coordinator enrolling at another site (403)', async () => {
    expectProblem(
      await api.request('POST', '/studies/TEIAS/participants', {
        token: world.tokens['coordinator.LUMC'],
        body: enrolment(teias(), 'HMC'),
      }),
      403,
    );
  });

  it("hides another site's participant (404) and lists only the own site", async () => {
    const created = await api.request('POST', '/studies/POTEISS/participants', {
      token: world.tokens['coordinator.HMC'],
      body: enrolment(poteiss(), 'HMC'),
    });
    expect(created.status).toBe(201);
    expectProblem(await api.request('GET', `/participants/${created.body.id}`, { token: world.tokens['coordinator.LUMC'] }), 404);
    expectProblem(
      await api.request('POST', `/participants/${created.body.id}/randomisation`, {
        token: world.tokens['coordinator.LUMC'],
        body: { factors: {} },
      }),
      404,
    );
    expect((await api.request('GET', `/participants/${created.body.id}`, { token: world.tokens.monitor })).status).toBe(200);
    const list = await api.request('GET', '/studies/POTEISS/participants', { token: world.tokens['coordinator.LUMC'] });
    expect(list.status).toBe(200);
    expect(list.body.every((p: { siteCode: string }) => p.siteCode === 'LUMC')).toBe(true);
  });

  it('lets only a platform admin create sites and users', async () => {
    expectProblem(
      await api.request('POST', '/sites', { token: world.tokens.data_manager, body: { code: 'NEW', name: 'New', country: 'NL' } }),
      403,
    );
    expectProblem(
      await api.request('POST', '/users', {
        token: world.tokens.monitor,
        body: { email: 'x@y.nl', password: PASSWORD, name: 'x', memberships: [] },
      }),
      403,
    );
  });

  it('keeps the study-wide allocation log from site-bound members, whatever their role', async () => {
    const email = 'stat-lumc@test.trialdata.org';
    const created = await api.request('POST', '/users', {
      token: world.adminToken,
      body: {
        email,
        password: PASSWORD,
        name: 'Site statistician',
        memberships: [{ study: 'TEIAS', role: 'statistician', siteCode: 'LUMC' }],
      },
    });
    expect(created.status).toBe(201);
    const token = await api.login(email);
    expectProblem(await api.request('GET', '/studies/TEIAS/randomisation/allocations', { token }), 403);
    expectProblem(await api.request('GET', '/studies/TEIAS/randomisation/verification', { token }), 403);
    const sites = await api.request('GET', '/studies/TEIAS/sites', { token });
    expect(sites.body.map((s: { siteCode: string }) => s.siteCode)).toEqual(['LUMC']);
  });

  it('hides the allocation log from coordinators', async () => {
    expectProblem(await api.request('GET', '/studies/TEIAS/randomisation/allocations', { token: world.tokens['coordinator.LUMC'] }), 403);
    expect((await api.request('GET', '/studies/TEIAS/randomisation/allocations', { token: world.tokens.statistician })).status).toBe(200);
  });
});

describe('enrolment', () => {
  it('refuses an ineligible participant with 422 naming each failed criterion, and stores nothing', async () => {
    const def = teias();
    const inclusion = def.eligibility.find((c) => c.kind === 'inclusion')!;
    const exclusion = def.eligibility.find((c) => c.kind === 'exclusion')!;
    const body = enrolment(def, 'LUMC');
    body.eligibility[inclusion.id] = false;
    body.eligibility[exclusion.id] = true;
    const before = await api.request('GET', '/studies/TEIAS/participants', { token: world.tokens.monitor });
    const r = await api.request('POST', '/studies/TEIAS/participants', { token: world.tokens['coordinator.LUMC'], body });
    expectProblem(r, 422);
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      [`eligibility.${exclusion.id}`, `eligibility.${inclusion.id}`].sort(),
    );
    const after = await api.request('GET', '/studies/TEIAS/participants', { token: world.tokens.monitor });
    expect(after.body.length).toBe(before.body.length);
    // The screen failure is counted (without personal data) for the CONSORT flow.
    const screening = await api.request('GET', '/studies/TEIAS/screening', { token: world.tokens['coordinator.LUMC'] });
    expect(screening.body.sites.map((s: { siteCode: string }) => s.siteCode)).toEqual(['LUMC']);
    expect(screening.body.failures).toMatchObject({ [inclusion.id]: 1, [exclusion.id]: 1 });
    expect(screening.body.sites[0].screened - screening.body.sites[0].eligible).toBe(1);
  });

  it('refuses unanswered and unknown criteria with 400', async () => {
    const body = enrolment(teias(), 'LUMC');
    const [first] = Object.keys(body.eligibility);
    delete body.eligibility[first];
    (body.eligibility as Record<string, unknown>).made_up = true;
    const r = await api.request('POST', '/studies/TEIAS/participants', { token: world.tokens['coordinator.LUMC'], body });
    expectProblem(r, 400);
    expect(r.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: `eligibility.${first}` }),
        expect.objectContaining({ field: 'eligibility.made_up' }),
      ]),
    );
  });

  it('requires the planned anchor date where the study is anchored on it', async () => {
    const body = enrolment(poteiss(), 'LUMC');
    delete (body as Record<string, unknown>).plannedAnchorDate;
    const r = await api.request('POST', '/studies/POTEISS/participants', { token: world.tokens['coordinator.LUMC'], body });
    expectProblem(r, 400);
    expect(r.body.errors[0].field).toBe('plannedAnchorDate');
  });

  it('keeps contact details encrypted, out of the audit trail, and readable only by the site team', async () => {
    const body = enrolment(poteiss(), 'LUMC', { contact: { email: 'secret.patient@example.nl', phone: '+31611122233', language: 'nl' } });
    const r = await api.request('POST', '/studies/POTEISS/participants', { token: world.tokens['coordinator.LUMC'], body });
    expect(r.status).toBe(201);
    const db = await openDatabase(api.databaseUrl);
    const dump =
      JSON.stringify(await db.dataSource.query('SELECT * FROM participant_contacts')) +
      JSON.stringify(await db.dataSource.query('SELECT * FROM audit_log')) +
      JSON.stringify(await db.dataSource.query('SELECT * FROM participants'));
    await db.dataSource.destroy();
    expect(dump).not.toContain('secret.patient');
    expect(dump).not.toContain('611122233');
    const contact = await api.request('GET', `/participants/${r.body.id}/contact`, { token: world.tokens['coordinator.LUMC'] });
    expect(contact.body).toEqual({ email: 'secret.patient@example.nl', phone: '+31611122233', language: 'nl' });
    expectProblem(await api.request('GET', `/participants/${r.body.id}/contact`, { token: world.tokens.monitor }), 403);
    const participant = await api.request('GET', `/participants/${r.body.id}`, { token: world.tokens.monitor });
    expect(JSON.stringify(participant.body)).not.toContain('secret.patient');
  });

  it('gives concurrent enrolments at one site consecutive labels without gaps or duplicates', async () => {
    const def = api.studies.get('EIMICOR');
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        api.request('POST', '/studies/EIMICOR/participants', {
          token: i % 2 ? world.tokens['coordinator.HMC'] : world.adminToken,
          body: enrolment(def, 'HMC'),
        }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(40).fill(201));
    const numbers = replies.map((r) => Number(r.body.label.split('-').pop())).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(40);
    expect(numbers[39] - numbers[0]).toBe(39);
    expect(replies.every((r) => /^EIMICOR-HMC-\d{4}$/.test(r.body.label))).toBe(true);
  });

  it('shows recruitment per site against target, limited to the own site for a site coordinator', async () => {
    const all = await api.request('GET', '/studies/EIMICOR/recruitment', { token: world.tokens.monitor });
    expect(all.status).toBe(200);
    const hmc = all.body.sites.find((s: { siteCode: string }) => s.siteCode === 'HMC');
    expect(hmc.enrolled).toBeGreaterThanOrEqual(40);
    expect(hmc.target).toBe(50);
    expect(hmc.months.at(-1).cumulative).toBe(hmc.enrolled);
    const own = await api.request('GET', '/studies/EIMICOR/recruitment', { token: world.tokens['coordinator.LUMC'] });
    expect(own.body.sites.map((s: { siteCode: string }) => s.siteCode)).toEqual(['LUMC']);
  });

  it('shows the schedule with windows once the anchor is known', async () => {
    const r = await api.request('POST', '/studies/POTEISS/participants', {
      token: world.tokens['coordinator.LUMC'],
      body: enrolment(poteiss(), 'LUMC', { plannedAnchorDate: '2026-12-10' }),
    });
    const p = await api.request('GET', `/participants/${r.body.id}`, { token: world.tokens['coordinator.LUMC'] });
    expect(p.body).toMatchObject({ label: r.body.label, status: 'enrolled', arm: null, anchorDate: '2026-12-10' });
    const week2 = p.body.schedule.find((s: { offsetDays: number }) => s.offsetDays === 14);
    expect(week2).toMatchObject({ dueAt: '2026-12-23T23:00:00.000Z' });
  });
});

describe('participant status', () => {
  it('needs a reason, audits the change, and refuses changes after withdrawal', async () => {
    const r = await api.request('POST', '/studies/POTEISS/participants', {
      token: world.tokens['coordinator.LUMC'],
      body: enrolment(poteiss(), 'LUMC'),
    });
    const id = r.body.id;
    expectProblem(
      await api.request('PATCH', `/participants/${id}/status`, { token: world.tokens['coordinator.LUMC'], body: { status: 'withdrawn' } }),
      400,
    );
    const ok = await api.request('PATCH', `/participants/${id}/status`, {
      token: world.tokens['coordinator.LUMC'],
      body: { status: 'withdrawn', reason: 'Withdrew consent by phone' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('withdrawn');
    const again = await api.request('PATCH', `/participants/${id}/status`, {
      token: world.tokens['coordinator.LUMC'],
      body: { status: 'completed', reason: 'mistake' },
    });
    expectProblem(again, 422);
    expect(again.body.detail).toMatch(/withdrawn is final/);
    const audit = await api.request('GET', `/participants/${id}/audit`, { token: world.tokens.monitor });
    expect(audit.body).toContainEqual(
      expect.objectContaining({
        action: 'status',
        field: 'status',
        from: 'enrolled',
        to: 'withdrawn',
        reason: 'Withdrew consent by phone',
      }),
    );
  });
});

describe('randomisation', () => {
  async function enrolTeias(site: string) {
    const token = site === 'LUMC' ? world.tokens['coordinator.LUMC'] : world.tokens['coordinator.HMC'];
    const r = await api.request('POST', '/studies/TEIAS/participants', { token, body: enrolment(teias(), site) });
    expect(r.status).toBe(201);
    return { id: r.body.id as string, token };
  }

  it('randomises once; a second call answers 409 and changes nothing', async () => {
    const { id, token } = await enrolTeias('LUMC');
    const factor = teias().randomisation!.factors[0];
    const first = await api.request('POST', `/participants/${id}/randomisation`, {
      token,
      body: { factors: { [factor.id]: factor.options[0] } },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      arm: expect.stringMatching(/^(TEI|UC)$/),
      stratum: `LUMC|${factor.id}=${factor.options[0]}`,
    });
    expect(first.body).not.toHaveProperty('sequence'); // site-bound staff never see the position in the stratum
    const second = await api.request('POST', `/participants/${id}/randomisation`, {
      token,
      body: { factors: { [factor.id]: factor.options[1] } },
    });
    expectProblem(second, 409);
    const p = await api.request('GET', `/participants/${id}`, { token });
    expect(p.body).toMatchObject({ status: 'randomised', arm: first.body.arm });
    const audit = await api.request('GET', `/participants/${id}/audit`, { token });
    expect(audit.body).toContainEqual(expect.objectContaining({ action: 'randomise', field: 'arm', from: null, to: first.body.arm }));
  });

  it('refuses an unknown factor option naming the factor (400), and a cohort study (422)', async () => {
    const { id, token } = await enrolTeias('LUMC');
    const factor = teias().randomisation!.factors[0];
    const r = await api.request('POST', `/participants/${id}/randomisation`, { token, body: { factors: { [factor.id]: 'forever' } } });
    expectProblem(r, 400);
    expect(r.body.detail).toContain(factor.id);
    const c = await api.request('POST', '/studies/POTEISS/participants', {
      token: world.tokens['coordinator.LUMC'],
      body: enrolment(poteiss(), 'LUMC'),
    });
    expectProblem(await api.request('POST', `/participants/${c.body.id}/randomisation`, { token, body: { factors: {} } }), 422);
  });

  it('gives 200 simultaneous requests across sites and strata unique sequences and block-balanced arms', async () => {
    const factor = teias().randomisation!.factors[0];
    const people = [];
    for (let i = 0; i < 200; i++)
      people.push({ ...(await enrolTeias(SITES[i % 2].code)), option: factor.options[Math.floor(i / 2) % factor.options.length] });
    const replies = await Promise.all(
      people.map((p) =>
        api.request('POST', `/participants/${p.id}/randomisation`, { token: p.token, body: { factors: { [factor.id]: p.option } } }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(200).fill(201));

    const log = await api.request('GET', '/studies/TEIAS/randomisation/allocations', { token: world.tokens.statistician });
    const byStratum = new Map<string, Array<{ sequence: number; arm: string }>>();
    for (const a of log.body) byStratum.set(a.stratum, [...(byStratum.get(a.stratum) ?? []), a]);
    const maxBlock = Math.max(...(teias().randomisation as { blockSizes: number[] }).blockSizes);
    for (const [, allocations] of byStratum) {
      const sequences = allocations.map((a) => a.sequence).sort((a, b) => a - b);
      expect(sequences).toEqual(sequences.map((_, i) => i + 1));
      const tei = allocations.filter((a) => a.arm === 'TEI').length;
      expect(Math.abs(2 * tei - allocations.length)).toBeLessThanOrEqual(maxBlock);
    }
    const verification = await api.request('GET', '/studies/TEIAS/randomisation/verification', { token: world.tokens.statistician });
    expect(verification.body).toEqual({ checked: log.body.length, mismatches: [] });
  });
});

describe('audit trail', () => {
  it('writes an audit row for every change with who, when, what, old and new', async () => {
    const r = await api.request('POST', '/studies/POTEISS/participants', {
      token: world.tokens['coordinator.LUMC'],
      body: enrolment(poteiss(), 'LUMC'),
    });
    const audit = await api.request('GET', `/participants/${r.body.id}/audit`, { token: world.tokens.data_manager });
    expect(audit.status).toBe(200);
    expect(audit.body[0]).toMatchObject({
      action: 'enrol',
      entity: 'participant',
      userId: expect.any(String),
      at: expect.any(String),
      to: expect.objectContaining({ label: r.body.label }),
    });
  });

  it('refuses appends under snapshot isolation clearly', async () => {
    const db = await openDatabase(api.databaseUrl);
    const runner = db.dataSource.createQueryRunner();
    await runner.startTransaction('REPEATABLE READ');
    await expect(
      runner.query(`INSERT INTO audit_log (action, entity, entity_id, prev_hash, hash) VALUES ('x', 'y', 'z', '', '')`),
    ).rejects.toThrow(/READ COMMITTED/);
    await runner.rollbackTransaction();
    await runner.release();
    await db.dataSource.destroy();
  });

  it('refuses UPDATE and DELETE on the audit table', async () => {
    const db = await openDatabase(api.databaseUrl);
    await expect(db.dataSource.query(`UPDATE audit_log SET reason = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.dataSource.query(`DELETE FROM audit_log WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.dataSource.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    await db.dataSource.destroy();
  });

  it('`audit verify` passes an intact chain and finds a tampered row', async () => {
    const lines: string[] = [];
    expect(await auditVerify(api.databaseUrl, (l) => lines.push(l))).toBe(0);
    expect(lines.join('\n')).toMatch(/intact/);
    const head = /head (\d+:[0-9a-f]{64})/.exec(lines.join('\n'))![1];
    expect(await auditVerify(api.databaseUrl, () => undefined, head)).toBe(0);

    const db = await openDatabase(api.databaseUrl);
    // A superuser can switch the guard off; the hash chain still tells.
    await db.dataSource.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await db.dataSource.query(
      `UPDATE audit_log SET new_value = '"TAMPERED"' WHERE seq = (SELECT min(seq) FROM audit_log WHERE action = 'randomise' AND field = 'arm')`,
    );
    const [{ seq }] = await db.dataSource.query(`SELECT min(seq) AS seq FROM audit_log WHERE action = 'randomise' AND field = 'arm'`);
    await db.dataSource.query(`DELETE FROM audit_log WHERE seq = 3`);
    await db.dataSource.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    await db.dataSource.destroy();

    const broken: string[] = [];
    expect(await auditVerify(api.databaseUrl, (l) => broken.push(l))).toBe(1);
    const text = broken.join('\n');
    expect(text).toMatch(/BROKEN/);
    expect(text).toContain('row 4: rows 3..3 are missing');
    expect(text).toContain(`row ${seq}: row content does not match its hash (edited)`);

    // Cutting rows off the end leaves a chain that verifies on its own; the recorded head catches it.
    const cut = await openDatabase(api.databaseUrl);
    await cut.dataSource.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await cut.dataSource.query(`DELETE FROM audit_log WHERE seq = ${head.split(':')[0]}`);
    await cut.dataSource.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    await cut.dataSource.destroy();
    const tail: string[] = [];
    expect(await auditVerify(api.databaseUrl, (l) => tail.push(l), head)).toBe(1);
    expect(tail.join('\n')).toContain('the recorded head row is gone');
  });
});

describe('first admin', () => {
  it('comes from ADMIN_EMAIL and ADMIN_PASSWORD', async () => {
    expect(await api.login(ADMIN.email, ADMIN.password)).toEqual(expect.any(String));
  });
});
