import type { PoolClient } from 'pg';
import { EntityManager } from 'typeorm';
import { GENESIS_HASH, auditRowDigest, auditRowHash, type RawAuditRow } from '../audit-chain';

export interface AuditEntry {
  userId: string | null;
  action: string;
  entity: string;
  entityId: string;
  studyCode?: string | null;
  participantId?: string | null;
  field?: string | null;
  from?: unknown;
  to?: unknown;
  reason?: string | null;
}

export interface AuditRow {
  seq: number;
  at: string;
  userId: string | null;
  action: string;
  entity: string;
  entityId: string;
  studyCode: string | null;
  participantId: string | null;
  field: string | null;
  from: unknown;
  to: unknown;
  reason: string | null;
}

export interface ChainBreak {
  seq: number;
  problem: string;
}

/** What one sealing round did: rows sealed, and the chain's head after it (position 0: empty chain). */
export interface SealOutcome {
  sealed: number;
  head: { seq: number; hash: string };
}

const toJson = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

export class AuditRepository {
  constructor(private readonly m: EntityManager) {}

  /**
   * Appends rows to the audit trail in one statement, without any lock: the database gives each row
   * its insertion number, time, transaction id and insert-time digest (trigger `audit_log_chain`);
   * its chain position and hash come later, from the sealer (`seal()`, docs/AUDIT.md "Sealing").
   */
  async append(entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const params: unknown[] = [];
    const rows = entries.map((e) => {
      const base = params.length;
      params.push(
        e.userId,
        e.action,
        e.entity,
        e.entityId,
        e.studyCode ?? null,
        e.participantId ?? null,
        e.field ?? null,
        toJson(e.from),
        toJson(e.to),
        e.reason ?? null,
      );
      return `(${Array.from({ length: 10 }, (_, i) => `$${base + i + 1}`).join(',')})`;
    });
    await this.m.query(
      `INSERT INTO audit_log (user_id, action, entity, entity_id, study_code, participant_id, field, old_value, new_value, reason)
       SELECT v.u::uuid, v.a, v.e, v.i, v.s, v.p::uuid, v.f, v.o::jsonb, v.n::jsonb, v.r
       FROM (VALUES ${rows.join(',')}) AS v(u, a, e, i, s, p, f, o, n, r)`,
      params,
    );
  }

  async forParticipant(participantId: string): Promise<AuditRow[]> {
    const rows = await this.m.query(
      `SELECT seq, at, user_id, action, entity, entity_id, study_code, participant_id, field, old_value, new_value, reason
       FROM audit_log WHERE participant_id = $1 ORDER BY seq`,
      [participantId],
    );
    return rows.map(mapRow);
  }

  async forEntity(entity: string, entityId: string): Promise<AuditRow[]> {
    const rows = await this.m.query(
      `SELECT seq, at, user_id, action, entity, entity_id, study_code, participant_id, field, old_value, new_value, reason
       FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY seq`,
      [entity, entityId],
    );
    return rows.map(mapRow);
  }

  /**
   * Seals the trail now: one `audit_seal()` round in its own READ COMMITTED transaction (never the
   * caller's), which gives every committed, unsealed row its chain position and hash under the chain's
   * advisory lock. The worker calls it every second; verify, head publication and dataset heads call it
   * before they read the chain.
   */
  async seal(): Promise<SealOutcome> {
    const [row] = await this.m.connection.transaction('READ COMMITTED', (m) =>
      m.query('SELECT sealed, head_pos::text AS pos, head_hash FROM audit_seal()'),
    );
    return { sealed: Number(row.sealed), head: { seq: Number(row.pos), hash: row.head_hash } };
  }

  /**
   * The chain position, hash and time (`at` as in the row hash: UTC, six fraction digits) of the row
   * with insertion number `seq`, or null when there is none. A row that is not sealed yet is sealed
   * first (in another transaction: the caller's snapshot, a dataset's, would not see the seal, so the
   * sealed values are read outside it too; they never change once set).
   */
  async rowHash(seq: number): Promise<{ seq: number; hash: string; at: string } | null> {
    const select = `SELECT pos::text AS pos, hash, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at
                    FROM audit_log WHERE seq = $1`;
    let [row] = await this.m.query(select, [seq]);
    if (row && row.pos === null) {
      await this.seal();
      [row] = await this.m.connection.query(select, [seq]);
      if (!row || row.pos === null) throw new Error(`audit row ${seq} could not be sealed`);
    }
    return row ? { seq: Number(row.pos), hash: row.hash, at: row.at } : null;
  }

  async databaseName(): Promise<string> {
    const [{ name }] = await this.m.query('SELECT current_database() AS name');
    return name;
  }

  async count(): Promise<number> {
    const [{ n }] = await this.m.query('SELECT count(*)::int AS n FROM audit_log');
    return n;
  }

  /**
   * Re-computes every row's hash here, in Node, from its columns and the previous row's hash
   * (never asking PostgreSQL's `audit_row_hash()`, which whoever checks the trail must not have to
   * trust), and reports each place where the chain does not hold: an edited row, a deleted row
   * (gap), or a row re-linked to the wrong predecessor; and every row, sealed or not, whose content
   * no longer matches its insert-time digest (edited while it waited to be sealed). Seals first
   * (unless `seal: false`), then reads one REPEATABLE READ snapshot in batches, by chain position.
   * `after` starts from a known head (its row must still hash to it); `hashesAt` returns the
   * re-computed hash at the given positions (to compare with published heads). Positions (`seq` in
   * breaks and heads) are chain positions; `unsealed` counts the committed rows still waiting.
   */
  async verifyChain(
    options: {
      onProgress?: (checked: number) => void;
      batch?: number;
      after?: { seq: number; hash: string };
      hashesAt?: Iterable<number>;
      seal?: boolean;
    } = {},
  ): Promise<{
    checked: number;
    breaks: ChainBreak[];
    head: { seq: number; hash: string };
    hashesAt: Map<number, string>;
    unsealed: number;
  }> {
    if (options.seal !== false) await this.seal();
    const batch = options.batch ?? 5000;
    const wanted = new Set(options.hashesAt ?? []);
    const hashesAt = new Map<number, string>();
    const breaks: ChainBreak[] = [];
    let lastSeq = options.after?.seq ?? 0;
    let lastHash = options.after?.hash ?? GENESIS_HASH;
    if (lastSeq === 0) hashesAt.set(0, GENESIS_HASH);
    let checked = 0;
    const runner = this.m.connection.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    const raw = { getTypeParser: () => (value: string) => value };
    let unsealed = 0;
    const select = `SELECT pos AS seq, seq AS id, at, user_id, action, entity, entity_id, study_code, participant_id, field,
                           old_value, new_value, reason, prev_hash, hash, digest FROM audit_log`;
    type Row = RawAuditRow & { id: string; digest: string | null };
    const digestBreak = (r: Row, where: number): ChainBreak | null =>
      r.digest === auditRowDigest(r)
        ? null
        : {
            seq: where,
            problem: `row content does not match its insert-time digest (audit row #${r.id} was edited or its digest altered)`,
          };
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // The row text uses UTC times; the server prints timestamptz in the session's zone and style.
      await client.query(`SET LOCAL TimeZone = 'UTC'`);
      await client.query(`SET LOCAL DateStyle = 'ISO, YMD'`);
      if (options.after && options.after.seq > 0) {
        const { rows } = await client.query<Row>({ text: `${select} WHERE pos = $1`, values: [options.after.seq], types: raw });
        const at = rows[0];
        if (!at) breaks.push({ seq: options.after.seq, problem: 'the known head row is gone (rows were cut off the end)' });
        else if (at.hash !== options.after.hash || auditRowHash(at.prev_hash, at) !== options.after.hash)
          breaks.push({ seq: options.after.seq, problem: 'the known head row no longer hashes to the known head (rewritten)' });
      }
      for (;;) {
        const { rows } = await client.query<Row>({
          text: `${select} WHERE pos > $1 ORDER BY pos LIMIT $2`,
          values: [lastSeq, batch],
          types: raw,
        });
        if (rows.length === 0) break;
        for (const r of rows) {
          const seq = Number(r.seq);
          if (seq !== lastSeq + 1) breaks.push({ seq, problem: `rows ${lastSeq + 1}..${seq - 1} are missing` });
          if (r.prev_hash !== lastHash) breaks.push({ seq, problem: 'prev_hash does not match the previous row' });
          // Re-hashed here from the row's own columns: PostgreSQL's audit_row_hash() is never asked.
          if (r.hash !== auditRowHash(r.prev_hash, r)) breaks.push({ seq, problem: 'row content does not match its hash (edited)' });
          const digest = digestBreak(r, seq);
          if (digest) breaks.push(digest);
          // Linking on the stored hash finds each break once; with no break at all, every stored hash
          // equals the hash re-computed from the first row on (by induction), so the head is proven.
          lastSeq = seq;
          lastHash = r.hash;
          if (wanted.has(seq)) hashesAt.set(seq, r.hash);
        }
        checked += rows.length;
        options.onProgress?.(checked);
      }
      // Committed rows not sealed yet (appended after the seal above, or with `seal: false`): not in
      // the chain, but their insert-time digest is checked all the same.
      let afterId = '0';
      for (;;) {
        const { rows } = await client.query<Row>({
          text: `${select} WHERE pos IS NULL AND seq > $1 ORDER BY seq LIMIT $2`,
          values: [afterId, batch],
          types: raw,
        });
        if (rows.length === 0) break;
        for (const r of rows) {
          const digest = digestBreak(r, 0);
          if (digest) breaks.push({ ...digest, problem: `${digest.problem}, not sealed yet` });
        }
        unsealed += rows.length;
        afterId = rows[rows.length - 1].id;
      }
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      await runner.release();
    }
    return { checked, breaks, head: { seq: lastSeq, hash: lastHash }, hashesAt, unsealed };
  }
}

function mapRow(r: Record<string, unknown>): AuditRow {
  return {
    seq: Number(r.seq),
    at: (r.at as Date).toISOString(),
    userId: (r.user_id as string) ?? null,
    action: r.action as string,
    entity: r.entity as string,
    entityId: r.entity_id as string,
    studyCode: (r.study_code as string) ?? null,
    participantId: (r.participant_id as string) ?? null,
    field: (r.field as string) ?? null,
    from: r.old_value ?? null,
    to: r.new_value ?? null,
    reason: (r.reason as string) ?? null,
  };
}
