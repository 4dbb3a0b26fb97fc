/**
 * The audit chain sealed after commit (issue 16, docs/AUDIT.md "Sealing"): writers append rows
 * unsealed without a lock; the worker's sealer gives committed rows their chain position and hash in
 * commit order; `audit verify` finds a row edited while it waited to be sealed (its insert-time
 * digest) and one edited after (its chain hash), and the trigger lets nothing but the sealer set the
 * hash columns, once.
 */
import { Client } from 'pg';
import { auditVerify } from '../apps/cli/src/commands/audit';
import type { WorkerProcess } from '../apps/worker/src/worker';
import { startApi, type TestApi } from './support/harness';
import { startTestWorker } from './support/worker';
import { waitFor } from './support/wait';

let api: TestApi;
let worker: WorkerProcess;
let owner: Client;
let app: Client;

beforeAll(async () => {
  api = await startApi({ appRole: true });
  // The worker's own sealer, every 200 ms: sealing is the worker's, not the test's.
  worker = await startTestWorker(api, { sealEveryMs: 200 });
  owner = new Client({ connectionString: api.databaseUrl });
  await owner.connect();
  app = new Client({ connectionString: api.appDatabaseUrl });
  await app.connect();
}, 120_000);

afterAll(async () => {
  await app?.end();
  await owner?.end();
  await worker?.close();
  await api?.close();
});

const verify = async (options: { seal?: boolean } = {}) => {
  const lines: string[] = [];
  const code = await auditVerify(api.databaseUrl, (l) => lines.push(l), undefined, { seal: options.seal });
  return { code, text: lines.join('\n') };
};

/** Appends one audit row as the app's role in its own transaction; returns its insertion number. */
async function appendAsApp(client: Client, entityId: string): Promise<number> {
  const { rows } = await client.query(
    `INSERT INTO audit_log (action, entity, entity_id, new_value) VALUES ('probe', 'test', $1, '"original"') RETURNING seq`,
    [entityId],
  );
  return Number(rows[0].seq);
}

const sealedPos = async (seq: number): Promise<number | null> => {
  const { rows } = await owner.query('SELECT pos FROM audit_log WHERE seq = $1', [seq]);
  return rows[0].pos === null ? null : Number(rows[0].pos);
};

/** Superuser edits with the append-only guard off. */
async function tamper(sql: string, params: unknown[]): Promise<void> {
  await owner.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
  try {
    await owner.query(sql, params);
  } finally {
    await owner.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
  }
}

describe('appending', () => {
  it('takes no lock and leaves the row unsealed; the worker seals it soon after commit', async () => {
    // Someone holds the chain's advisory lock (the sealer's): an append does not wait for it.
    const holder = new Client({ connectionString: api.databaseUrl });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(7420001)');
      const seq = await appendAsApp(app, 'no-lock');
      const { rows } = await owner.query('SELECT pos, prev_hash, hash, xid IS NOT NULL AS has_xid, digest FROM audit_log WHERE seq = $1', [
        seq,
      ]);
      expect(rows[0]).toMatchObject({
        pos: null,
        prev_hash: null,
        hash: null,
        has_xid: true,
        digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      await holder.query('SELECT pg_advisory_unlock(7420001)');
      await waitFor('the row sealed by the worker', () => sealedPos(seq));
    } finally {
      await holder.end();
    }
    expect((await verify()).code).toBe(0);
  });

  it('seals in commit order: a transaction that started writing first but commits later comes later in the chain', async () => {
    const early = new Client({ connectionString: api.appDatabaseUrl });
    await early.connect();
    try {
      await early.query('BEGIN');
      const earlySeq = await appendAsApp(early, 'early-writer'); // the lower xid and insertion number
      const lateSeq = await appendAsApp(app, 'late-writer'); // committed at once
      const latePos = await waitFor('the committed row sealed', () => sealedPos(lateSeq));
      // Still running: its row is visible to no one else, the sealer included, so it is not sealed (and
      // the sealer did not wait for it).
      expect((await owner.query('SELECT pos FROM audit_log WHERE seq = $1', [earlySeq])).rows).toEqual([]);
      expect((await early.query('SELECT pos FROM audit_log WHERE seq = $1', [earlySeq])).rows).toEqual([{ pos: null }]);
      await early.query('COMMIT');
      const earlyPos = await waitFor('the later-committed row sealed', () => sealedPos(earlySeq));
      expect(earlySeq).toBeLessThan(lateSeq);
      expect(earlyPos).toBeGreaterThan(latePos);
    } finally {
      await early.end();
    }
    const ok = await verify();
    expect(ok.code, ok.text).toBe(0);
  });

  it('lets only the sealer set the hash columns, once', async () => {
    const seq = await appendAsApp(app, 'guarded');
    // The app's role has no UPDATE right at all.
    await expect(app.query(`UPDATE audit_log SET pos = 999999, prev_hash = 'x', hash = 'y' WHERE seq = $1`, [seq])).rejects.toThrow(
      /permission denied/,
    );
    // Even the owner, with the guard on, cannot seal by hand, nor re-seal, outside audit_seal().
    await expect(
      owner.query(`UPDATE audit_log SET pos = 999999, prev_hash = repeat('0', 64), hash = repeat('f', 64) WHERE seq = $1`, [seq]),
    ).rejects.toThrow(/append-only/);
    const pos = await waitFor('the row sealed', () => sealedPos(seq));
    await owner.query('BEGIN');
    try {
      await owner.query(`SELECT set_config('trialdata.audit_sealing', 'on', true)`);
      await expect(owner.query(`UPDATE audit_log SET hash = repeat('f', 64) WHERE pos = $1`, [pos])).rejects.toThrow(/append-only/);
    } finally {
      await owner.query('ROLLBACK');
    }
    // Any role may ask for a seal (SECURITY DEFINER), which only ever seals honestly.
    await app.query('SELECT * FROM audit_seal()');
    expect((await verify()).code).toBe(0);
  });
});

describe('audit verify', () => {
  it('finds a row edited after it was sealed (its chain hash)', async () => {
    const seq = await appendAsApp(app, 'edited-after');
    const pos = await waitFor('the row sealed', () => sealedPos(seq));
    await tamper(`UPDATE audit_log SET new_value = '"forged"' WHERE seq = $1`, [seq]);
    const broken = await verify();
    expect(broken.code).toBe(1);
    expect(broken.text).toContain(`row ${pos}: row content does not match its hash (edited)`);
    await tamper(`UPDATE audit_log SET new_value = '"original"' WHERE seq = $1`, [seq]);
    expect((await verify()).code).toBe(0);
  });

  it('finds a row edited while it waited to be sealed, before and after it is sealed', async () => {
    // Hold the sealer off (the chain's advisory lock), so that the row waits as long as the test needs.
    const holder = new Client({ connectionString: api.databaseUrl });
    await holder.connect();
    let seq: number;
    try {
      await holder.query('SELECT pg_advisory_lock(7420001)');
      seq = await appendAsApp(app, 'edited-before');
      const waiting = await verify({ seal: false });
      expect(waiting.code, waiting.text).toBe(0);
      expect(waiting.text).toMatch(/1 committed row\(s\) not sealed yet/);
      await tamper(`UPDATE audit_log SET new_value = '"forged"' WHERE seq = $1`, [seq]);
      expect(await sealedPos(seq)).toBeNull();
      const before = await verify({ seal: false });
      expect(before.code).toBe(1);
      expect(before.text).toContain(`insert-time digest (audit row #${seq} was edited or its digest altered), not sealed yet`);
    } finally {
      await holder.query('SELECT pg_advisory_unlock(7420001)');
      await holder.end();
    }
    // The sealer hashes the edited row into the chain, so the chain itself holds; the digest does not.
    const pos = await waitFor('the edited row sealed', () => sealedPos(seq!));
    const after = await verify();
    expect(after.code).toBe(1);
    expect(after.text).toContain(`row ${pos}: row content does not match its insert-time digest (audit row #${seq!} was edited`);
    expect(after.text).not.toContain('does not match its hash');
    expect(after.text).not.toContain('prev_hash');
  });
});
