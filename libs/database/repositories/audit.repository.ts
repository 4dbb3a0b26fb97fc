import { EntityManager } from 'typeorm';

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

const toJson = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

export class AuditRepository {
  constructor(private readonly m: EntityManager) {}

  /**
   * Appends rows to the audit trail. The database assigns chain position and hash (trigger
   * `audit_log_chain`) under a lock held to commit, so call this as the last write of a transaction.
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
      `INSERT INTO audit_log (user_id, action, entity, entity_id, study_code, participant_id, field, old_value, new_value, reason, prev_hash, hash)
       SELECT v.u::uuid, v.a, v.e, v.i, v.s, v.p::uuid, v.f, v.o::jsonb, v.n::jsonb, v.r, '', ''
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

  async count(): Promise<number> {
    const [{ n }] = await this.m.query('SELECT count(*)::int AS n FROM audit_log');
    return n;
  }

  /**
   * Re-computes every row's hash from its columns and the previous row's hash, in batches, and
   * reports each place where the chain does not hold: an edited row, a deleted row (gap), or a row
   * re-linked to the wrong predecessor.
   */
  async verifyChain(
    onProgress?: (checked: number) => void,
    batch = 5000,
  ): Promise<{ checked: number; breaks: ChainBreak[]; head: { seq: number; hash: string } }> {
    const breaks: ChainBreak[] = [];
    let lastSeq = 0;
    let lastHash = '0'.repeat(64);
    let checked = 0;
    for (;;) {
      const rows: Array<{ seq: string; prev_hash: string; hash: string; expected: string }> = await this.m.query(
        `SELECT seq, prev_hash, hash,
                audit_row_hash(prev_hash, seq, at, user_id, action, entity, entity_id, study_code, participant_id,
                               field, old_value, new_value, reason) AS expected
         FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [lastSeq, batch],
      );
      if (rows.length === 0) break;
      for (const r of rows) {
        const seq = Number(r.seq);
        if (seq !== lastSeq + 1) breaks.push({ seq, problem: `rows ${lastSeq + 1}..${seq - 1} are missing` });
        if (r.prev_hash !== lastHash) breaks.push({ seq, problem: 'prev_hash does not match the previous row' });
        if (r.hash !== r.expected) breaks.push({ seq, problem: 'row content does not match its hash (edited)' });
        lastSeq = seq;
        lastHash = r.hash;
      }
      checked += rows.length;
      onProgress?.(checked);
    }
    return { checked, breaks, head: { seq: lastSeq, hash: lastHash } };
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
