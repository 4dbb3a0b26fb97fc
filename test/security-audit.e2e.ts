/**
 * The audit check does not trust the database it checks (issue 15 item 1, docs/AUDIT.md): every
 * hash is re-computed in Node, so replacing PostgreSQL's audit_row_hash() hides no edit; the head is
 * published outside the database (signed, by the worker), so cutting rows off the end or rewriting
 * from a row on and re-hashing the rest is found too.
 */
import { readFileSync } from 'node:fs';
import { auditVerify } from '../apps/cli/src/commands/audit';
import { publishAuditHead } from '../apps/worker/src/handlers/maintenance';
import type { WorkerProcess } from '../apps/worker/src/worker';
import { auditHeadKey, headPaths, headSignatureValid, parseHead } from '@trialdata/audit';
import { auditRowHash, auditRowText, type RawAuditRow } from '@trialdata/database';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { openDatabase, startApi, type TestApi } from './support/harness';
import { startTestWorker } from './support/worker';
import { waitFor } from './support/wait';

let api: TestApi;
let world: World;
let worker: WorkerProcess;

beforeAll(async () => {
  api = await startApi();
  world = await setUpWorld(api);
  worker = await startTestWorker(api);
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await api?.close();
});

const ORIGINAL_FUNCTION = `
  CREATE OR REPLACE FUNCTION audit_row_hash(prev_hash text, seq bigint, at timestamptz, user_id uuid, action text,
      entity text, entity_id text, study_code text, participant_id uuid, field text,
      old_value jsonb, new_value jsonb, reason text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
      SELECT encode(sha256(convert_to(jsonb_build_array(prev_hash, seq,
        to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), user_id, action, entity, entity_id,
        study_code, participant_id, field, old_value, new_value, reason)::text, 'UTF8')), 'hex')
    $$`;

/** What an attacker with superuser rights installs: every row "hashes" to whatever it stores. */
const FORGED_FUNCTION = `
  CREATE OR REPLACE FUNCTION audit_row_hash(prev_hash text, seq bigint, at timestamptz, user_id uuid, action text,
      entity text, entity_id text, study_code text, participant_id uuid, field text,
      old_value jsonb, new_value jsonb, reason text) RETURNS text
    LANGUAGE sql STABLE AS $$ SELECT coalesce((SELECT a.hash FROM audit_log a WHERE a.pos = $2), repeat('0', 64)) $$`;

const verify = async (options: { published?: boolean; expectHead?: string } = {}) => {
  const lines: string[] = [];
  const code = await auditVerify(
    api.databaseUrl,
    (l) => lines.push(l),
    options.expectHead,
    options.published === false ? {} : { storageDir: api.config.storageDir, dataKey: api.config.dataKey },
  );
  return { code, text: lines.join('\n') };
};

/** Superuser work on the trail, with the append-only guard switched off meanwhile. */
async function asSuperuser(fn: (sql: (q: string, p?: unknown[]) => Promise<any[]>) => Promise<void>): Promise<void> {
  const db = await openDatabase(api.databaseUrl);
  try {
    await db.dataSource.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await fn((q, p) => db.dataSource.query(q, p));
  } finally {
    await db.dataSource.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    await db.dataSource.destroy();
  }
}

async function enrolAndRandomise(): Promise<{ id: string; arm: string }> {
  const token = world.tokens['coordinator.LUMC'];
  const teias = api.studies.get('TEIAS');
  const factor = teias.randomisation!.factors[0];
  const r = await api.request('POST', '/studies/TEIAS/participants', { token, body: enrolment(teias, 'LUMC') });
  expect(r.status).toBe(201);
  const rnd = await api.request('POST', `/participants/${r.body.id}/randomisation`, {
    token,
    body: { factors: { [factor.id]: factor.options[0] } },
  });
  expect(rnd.status).toBe(201);
  return { id: r.body.id, arm: rnd.body.arm };
}

/** The chain position of the audit row recording a UC allocation (randomising until one is UC), sealed now. */
async function ucAllocationRow(): Promise<number> {
  for (let i = 0; i < 30; i++) {
    const { id, arm } = await enrolAndRandomise();
    if (arm !== 'UC') continue;
    await api.db.repos.audit.seal();
    const [row] = await api.db.dataSource.query(
      `SELECT pos FROM audit_log WHERE participant_id = $1 AND action = 'randomise' AND field = 'arm'`,
      [id],
    );
    return Number(row.pos);
  }
  throw new Error('no UC allocation in 30 randomisations');
}

describe('the audit check re-computes every hash itself', () => {
  let ucSeq: number;

  it('agrees with the database on every row, awkward text and JSON included', async () => {
    ucSeq = await ucAllocationRow();
    // Text and JSON that a careless re-implementation would print differently from PostgreSQL.
    await api.db.repos.audit.append([
      {
        userId: null,
        action: 'probe',
        entity: 'test',
        entityId: 'quote " backslash \\ tab \t newline \n cr \r bell \u0007 del \u007f',
        field: 'ünïcödé ✓ 𝄞 \u2028',
        from: { zeta: 1, a: [true, null, 'x'], bb: { c: -0.5 }, 'long key': 1e21 },
        to: 'plain',
        reason: '',
      },
    ]);
    await api.db.dataSource.query(
      `INSERT INTO audit_log (action, entity, entity_id, old_value, new_value, prev_hash, hash)
       VALUES ('probe', 'test', 'numbers', '{"b": 1.50, "a": [1e2, 0.000, -3]}', '[{}, [], ""]', '', '')`,
    );
    // Appended unsealed (the '' given for prev_hash and hash are replaced by NULL); sealed here.
    await api.db.repos.audit.seal();
    const db = await openDatabase(api.databaseUrl);
    const rows: Array<RawAuditRow & { id: string; digest: string }> = await db.dataSource.query(
      `SELECT pos::text AS seq, seq::text AS id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' AS at, user_id::text, action, entity,
              entity_id, study_code, participant_id::text, field, old_value::text, new_value::text, reason, prev_hash, hash, digest
       FROM audit_log ORDER BY pos`,
    );
    await db.dataSource.destroy();
    expect(rows.length).toBeGreaterThan(20);
    for (const r of rows) {
      expect(auditRowHash(r.prev_hash, r)).toBe(r.hash);
      // The insert-time digest, computed by the trigger in PostgreSQL, agrees with Node's too.
      expect(auditRowHash('', { ...r, seq: r.id })).toBe(r.digest);
    }
    expect(auditRowText(rows[0].prev_hash, rows[0])).toMatch(/^\["0{64}", 1, "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", /);
  });

  it('passes an unedited trail, with and without published heads', async () => {
    expect((await verify({ published: false })).code).toBe(0);
    const none = await verify();
    expect(none.code).toBe(0);
    expect(none.text).toMatch(/no published head/);
  });

  it('publishes a signed head outside the database, and verify checks the trail against it', async () => {
    const outcome = await publishAuditHead(worker.context);
    expect(outcome).toMatchObject({ outcome: 'published' });
    const head = parseHead(readFileSync(headPaths(api.config.storageDir).latest, 'utf8'))!;
    expect(head).toMatchObject({
      format: 'trialdata-audit-head/1',
      seq: expect.any(Number),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(headSignatureValid(auditHeadKey(api.config.dataKey), head)).toBe(true);
    expect(headSignatureValid(auditHeadKey(Buffer.alloc(32, 7)), head)).toBe(false);
    expect(await publishAuditHead(worker.context)).toEqual({ outcome: 'unchanged', seq: head.seq });
    const ok = await verify();
    expect(ok.code).toBe(0);
    expect(ok.text).toContain(`latest published ${head.seq}:${head.hash}`);
  });

  it('puts the signed chain position of its audit extract into every dataset (audit-head.json, in the manifest)', async () => {
    const created = await api.request('POST', '/studies/TEIAS/datasets', {
      token: world.tokens.data_manager,
      body: { kind: 'interim', reason: 'audit head test' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.datasetId ?? created.body.id;
    let dataset: any;
    await waitFor(`dataset ${id}`, async () => {
      const list = await api.request<any[]>('GET', '/studies/TEIAS/datasets', { token: world.tokens.data_manager });
      dataset = list.body.find((x) => x.id === id);
      if (dataset?.status === 'failed') throw new Error('dataset build failed');
      return dataset?.status === 'ready';
    });
    expect(dataset.files.map((f: any) => f.name)).toContain('audit-head.json');
    const file = await fetch(`${api.url}/datasets/${id}/files/audit-head.json`, {
      headers: { authorization: `Bearer ${world.tokens.data_manager}` },
    });
    const head = parseHead(await file.text())!;
    expect(head.seq).toBeGreaterThan(0);
    expect(headSignatureValid(auditHeadKey(api.config.dataKey), head)).toBe(true);
    const [row] = await api.db.dataSource.query('SELECT hash FROM audit_log WHERE pos = $1', [head.seq]);
    expect(row.hash).toBe(head.hash);
    const ok = await verify();
    expect(ok.code).toBe(0);
    expect(ok.text).toMatch(/matches [3-9] published head/);
  }, 120_000);

  it('finds an arm edited from UC to TEI even when audit_row_hash() is replaced by a forgery', async () => {
    const before = await verify();
    const head = /head (\d+:[0-9a-f]{64})/.exec(before.text)![1];
    let sqlFindsNothing = false;
    await asSuperuser(async (sql) => {
      await sql(FORGED_FUNCTION);
      await sql(`UPDATE audit_log SET new_value = '"TEI"' WHERE pos = $1 AND new_value = '"UC"'`, [ucSeq]);
      // The database's own check is fooled: every stored hash "matches".
      const [{ n }] = await sql(
        `SELECT count(*)::int AS n FROM audit_log WHERE hash <> audit_row_hash(prev_hash, pos, at, user_id, action, entity,
           entity_id, study_code, participant_id, field, old_value, new_value, reason)`,
      );
      sqlFindsNothing = n === 0;
    });
    expect(sqlFindsNothing).toBe(true);
    try {
      const broken = await verify({ expectHead: head });
      expect(broken.code).toBe(1);
      expect(broken.text).toContain(`row ${ucSeq}: row content does not match its hash (edited)`);
      expect((await verify({ published: false })).code).toBe(1);
    } finally {
      await asSuperuser(async (sql) => {
        await sql(ORIGINAL_FUNCTION);
        await sql(`UPDATE audit_log SET new_value = '"UC"' WHERE pos = $1`, [ucSeq]);
      });
    }
    expect((await verify()).code).toBe(0);
  });

  it('finds a rewrite from a row on, re-hashed to a valid chain, by the published head', async () => {
    await enrolAndRandomise();
    expect(await publishAuditHead(worker.context)).toMatchObject({ outcome: 'published' });
    const saved: Array<{ seq: string; prev_hash: string; hash: string; new_value: string | null; digest: string }> =
      await api.db.dataSource.query(
        `SELECT pos::text AS seq, prev_hash, hash, new_value::text, digest FROM audit_log WHERE pos >= $1 ORDER BY pos`,
        [ucSeq],
      );
    await asSuperuser(async (sql) => {
      await sql(`UPDATE audit_log SET new_value = '"TEI"' WHERE pos = $1`, [ucSeq]);
      // Re-hash everything from the edited row on with the real algorithm, insert-time digest
      // included: the chain holds again.
      const rows: Array<RawAuditRow & { id: string }> = await sql(
        `SELECT pos::text AS seq, seq::text AS id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' AS at, user_id::text,
                action, entity, entity_id, study_code, participant_id::text, field, old_value::text, new_value::text, reason, prev_hash, hash
         FROM audit_log WHERE pos >= $1 ORDER BY pos`,
        [ucSeq],
      );
      let prev = rows[0].prev_hash;
      for (const r of rows) {
        const hash = auditRowHash(prev, r);
        await sql(`UPDATE audit_log SET prev_hash = $2, hash = $3, digest = $4 WHERE pos = $1`, [
          r.seq,
          prev,
          hash,
          auditRowHash('', { ...r, seq: r.id }),
        ]);
        prev = hash;
      }
    });
    try {
      // On its own the rewritten chain is consistent; only the head kept outside tells.
      expect((await verify({ published: false })).code).toBe(0);
      const broken = await verify();
      expect(broken.code).toBe(1);
      expect(broken.text).toMatch(/the published head \(.*head\.json\) hash differs \(the chain was rewritten\)/);
    } finally {
      await asSuperuser(async (sql) => {
        for (const r of saved)
          await sql(`UPDATE audit_log SET prev_hash = $2, hash = $3, new_value = $4::jsonb, digest = $5 WHERE pos = $1`, [
            r.seq,
            r.prev_hash,
            r.hash,
            r.new_value,
            r.digest,
          ]);
      });
    }
    expect((await verify()).code).toBe(0);
  });

  it('finds the trail truncated after a published head', async () => {
    await enrolAndRandomise();
    expect(await publishAuditHead(worker.context)).toMatchObject({ outcome: 'published' });
    const head = parseHead(readFileSync(headPaths(api.config.storageDir).latest, 'utf8'))!;
    const db = await openDatabase(api.databaseUrl);
    await db.dataSource.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate');
    await db.dataSource.query('TRUNCATE audit_log');
    await db.dataSource.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_truncate');
    await db.dataSource.destroy();
    // Cut to nothing: an empty chain is a valid chain.
    expect((await verify({ published: false })).code).toBe(0);
    const broken = await verify();
    expect(broken.code).toBe(1);
    expect(broken.text).toContain(`row ${head.seq}: the published head`);
    expect(broken.text).toContain('row is gone (rows were cut off the end)');
    expect(await publishAuditHead(worker.context)).toMatchObject({ outcome: 'refused' });
  });
});
