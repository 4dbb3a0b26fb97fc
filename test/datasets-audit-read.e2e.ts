/**
 * A dataset's audit rows read by one COPY (DatasetsRepository.auditRows) against what a plain query
 * of the same rows gives through node-postgres (the oracle: the read this replaced, with its per-row
 * first-row lookup and participant join): awkward text, JSON, timestamps of every precision, a
 * participant of another study, a refused participant, and enough rows to cross many batches.
 */
import { Client } from 'pg';
import { DATASET_AUDIT_ENTITIES, Database, DatasetsRepository, dropDatabase, migrate, type ExportAuditRow } from '@trialdata/database';
import { freshDatabaseUrl, openDatabase } from './support/harness';

const url = freshDatabaseUrl();
const U1 = '11111111-1111-4111-8111-111111111111';
const U2 = '22222222-2222-4222-8222-222222222222';
let owner: Client;
let db: Database;

const ENTITIES = DATASET_AUDIT_ENTITIES.map((e) => `'${e}'`).join(',');
const ORACLE = `
  SELECT a.seq, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, a.user_id, a.action, a.entity, a.entity_id,
         CASE WHEN a.entity_id ~* '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
           THEN (SELECT min(b.seq) FROM audit_log b WHERE b.entity = a.entity AND b.entity_id = a.entity_id AND b.study_code = $1
                 AND b.entity IN (${ENTITIES}) AND b.action <> 'read'
                 AND NOT EXISTS (SELECT 1 FROM participants x WHERE x.id = b.participant_id AND x.collected_data_refused))
         END AS first_seq,
         a.participant_id, p.label, s.code AS site, a.field, a.old_value, a.new_value, a.reason
  FROM audit_log a LEFT JOIN participants p ON p.id = a.participant_id LEFT JOIN sites s ON s.id = p.site_id
  WHERE a.study_code = $1 AND a.entity IN (${ENTITIES}) AND a.action <> 'read'
    AND NOT EXISTS (SELECT 1 FROM participants x WHERE x.id = a.participant_id AND x.collected_data_refused)
  ORDER BY a.seq`;

const oracle = async (code: string): Promise<ExportAuditRow[]> =>
  (await owner.query(ORACLE, [code])).rows.map((r) => ({
    seq: Number(r.seq),
    entityFirstSeq: Number(r.first_seq ?? r.seq),
    at: r.at,
    userId: r.user_id,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    participantId: r.participant_id,
    participantLabel: r.label,
    site: r.site,
    field: r.field,
    from: r.old_value,
    to: r.new_value,
    reason: r.reason,
  }));

const read = (code: string, stopAfter = Infinity) =>
  db.transaction(async (tx) => {
    const repo = tx.get(DatasetsRepository);
    await repo.beginSnapshot();
    const rows: ExportAuditRow[] = [];
    let batches = 0;
    for await (const batch of repo.auditRows(code)) {
      rows.push(...batch);
      if (++batches >= stopAfter) break;
    }
    // The connection is still usable after the read (also after stopping early).
    const [{ one }] = await tx.manager.query('SELECT 1 AS one');
    return { rows, batches, one };
  });

beforeAll(async () => {
  await migrate(url);
  owner = new Client({ connectionString: url });
  await owner.connect();
  db = await openDatabase(url);
  await owner.query(`
    INSERT INTO users (id, email, name, password_hash) VALUES
      ('11111111-1111-4111-8111-111111111111', 'a@x.org', 'A', 'x'), ('22222222-2222-4222-8222-222222222222', 'b@x.org', 'B', 'x');
    INSERT INTO studies (code, randomisation_seed) VALUES ('ONE', 's'), ('TWO', 's');
    INSERT INTO sites (code, name, country) VALUES ('LUMC', 'Leiden', 'NL'), ('HMC', 'Haaglanden', 'NL');
    INSERT INTO study_sites (study_code, site_id) SELECT st, id FROM sites, unnest(ARRAY['ONE','TWO']) st;
    INSERT INTO participants (id, study_code, site_id, label, number, status, birth_year, sex, consent_date, consent_version, eligibility, collected_data_refused)
    SELECT v.id::uuid, v.study, s.id, v.label, v.n, 'enrolled', 1970, 'female', '2026-01-01', '1', '{}', v.refused
    FROM (VALUES ('aaaaaaaa-0000-4000-8000-000000000001', 'ONE', 'LUMC', 'ONE-LUMC-0001', 1, false),
                 ('aaaaaaaa-0000-4000-8000-000000000002', 'ONE', 'HMC', 'ONE-HMC-0001', 1, false),
                 ('aaaaaaaa-0000-4000-8000-000000000003', 'ONE', 'LUMC', 'ONE-LUMC-0002', 2, true),
                 ('bbbbbbbb-0000-4000-8000-000000000001', 'TWO', 'HMC', 'TWO-HMC-0001', 1, false)) v(id, study, site, label, n, refused)
    JOIN sites s ON s.code = v.site;
  `);
  const insert = (rows: unknown[][]) =>
    owner.query(
      `INSERT INTO audit_log (at, user_id, action, entity, entity_id, study_code, participant_id, field, old_value, new_value, reason)
       SELECT * FROM unnest($1::timestamptz[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::text[], $9::jsonb[], $10::jsonb[], $11::text[])`,
      rows[0].map((_, i) => rows.map((r) => r[i])),
    );
  const [u1, u2] = [U1, U2];
  const [p1, p2, refused] = [
    'aaaaaaaa-0000-4000-8000-000000000001',
    'aaaaaaaa-0000-4000-8000-000000000002',
    'aaaaaaaa-0000-4000-8000-000000000003',
  ];
  const other = 'bbbbbbbb-0000-4000-8000-000000000001';
  const query = 'cccccccc-0000-4000-8000-000000000001';
  await insert([
    ['2026-03-01T10:00:00Z', u1, 'enrol', 'participant', p1, 'ONE', p1, null, null, JSON.stringify({ label: 'ONE-LUMC-0001' }), null],
    ['2026-03-01T10:00:00.5Z', u2, 'enrol', 'participant', p2, 'ONE', p2, null, null, '{}', 'tab\there, line\nbreak, cr\r, back\\slash'],
    [
      '2026-03-01T10:00:00.123456Z',
      u1,
      'create',
      'form',
      'baseline/demo/1',
      'ONE',
      p1,
      'note',
      null,
      JSON.stringify('\\N "quoted" ünïcödé 🩺'),
      '\\N',
    ],
    ['2026-03-01T10:00:00.000001Z', u1, 'update', 'form', 'baseline/demo/1', 'ONE', p1, 'dose', '1.50', '2.0e1', ''],
    [
      '2026-03-01T10:00:01Z',
      null,
      'open',
      'query',
      query,
      'ONE',
      p1,
      null,
      null,
      JSON.stringify({ about: p2, text: `ask ${u2}` }),
      `see ${query}`,
    ],
    ['2026-03-01T10:00:02Z', u2, 'answer', 'query', query, 'ONE', p1, null, JSON.stringify([1, 'x', null, { a: true }]), 'null', null],
    ['2026-03-01T10:00:03Z', u1, 'create', 'form', 'baseline/demo/1', 'ONE', refused, 'note', null, '"refused"', null],
    ['2026-03-01T10:00:04Z', u1, 'create', 'form', `of/${other}`, 'ONE', other, 'note', null, '"other study participant"', null],
    ['2026-03-01T10:00:05Z', u1, 'read', 'form', 'baseline/demo/1', 'ONE', p1, null, null, null, null],
    ['2026-03-01T10:00:06Z', u1, 'create', 'form', 'baseline/demo/1', 'TWO', other, 'note', null, '"another study"', null],
    ['2026-03-01T10:00:07Z', u1, 'update', 'account', U1, 'ONE', p1, null, null, null, 'not a dataset entity'],
  ]);
  // 3,000 more rows with multi-byte text: many 16 KiB batches, cut anywhere.
  await owner.query(
    `INSERT INTO audit_log (at, user_id, action, entity, entity_id, study_code, participant_id, field, old_value, new_value, reason)
     SELECT timestamptz '2026-03-02T00:00:00Z' + n * interval '1.5 ms', $1, 'update', 'form', 'visit' || (n % 7) || '/f/1', 'ONE',
            CASE WHEN n % 2 = 0 THEN $2::uuid ELSE $3::uuid END, 'f' || n, to_jsonb(n), to_jsonb(repeat('é日🩺\t', n % 40)), repeat('x', n % 300)
     FROM generate_series(1, 3000) n`,
    [u1, p1, p2],
  );
}, 60_000);

afterAll(async () => {
  await db?.dataSource.destroy();
  await owner?.end();
  await dropDatabase(url);
});

describe('DatasetsRepository.auditRows (COPY)', () => {
  it('gives the rows, values and first-row numbers the plain query gives, in many batches', async () => {
    const expected = await oracle('ONE');
    expect(expected.length).toBe(3007); // 7 of the 11 chosen rows (not: TWO's, the refused participant's, a read, an account's) and 3,000
    const { rows, batches, one } = await read('ONE');
    expect(rows).toEqual(expected);
    expect(batches).toBeGreaterThan(10);
    expect(one).toBe(1);
    // What the oracle says, spelled out for the awkward rows.
    expect(rows[1]).toMatchObject({ reason: 'tab\there, line\nbreak, cr\r, back\\slash', site: 'HMC' });
    expect(rows[2]).toMatchObject({ to: '\\N "quoted" ünïcödé 🩺', reason: '\\N', field: 'note' });
    expect(rows[3]).toMatchObject({ from: 1.5, to: 20, reason: '' });
    // The trigger stamps `at` (clock_timestamp()): among 3,007 instants some end in a zero, which
    // PostgreSQL's text leaves off and to_char's does not.
    expect(rows.every((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(r.at))).toBe(true);
    expect(rows.some((r) => r.at.endsWith('0Z'))).toBe(true);
    expect(rows.find((r) => r.entity === 'query' && r.action === 'answer')).toMatchObject({ entityFirstSeq: rows[4].seq, userId: U2 });
    expect(rows.find((r) => r.to === 'other study participant')).toMatchObject({ participantLabel: 'TWO-HMC-0001', site: 'HMC' });
    expect(rows.some((r) => r.to === 'refused' || r.action === 'read' || r.entity === 'sdv')).toBe(false);
  });

  it('reads another study on its own, and nothing for a study without rows', async () => {
    expect((await read('TWO')).rows).toEqual(await oracle('TWO'));
    expect((await read('NONE')).rows).toEqual([]);
  });

  it('leaves the connection usable when the reader stops after one batch', async () => {
    const { rows, batches, one } = await read('ONE', 1);
    expect(batches).toBe(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(one).toBe(1);
  });

  it('reads a study code holding a quote as a literal, not as SQL', async () => {
    expect((await read("ONE' OR '1'='1")).rows).toEqual([]);
  });
});
