import { EntityManager } from 'typeorm';
import { returned } from './crf.repository';

export type QueryStatus = 'open' | 'answered' | 'closed';
export type QueryMessageKind = 'open' | 'answer' | 'close' | 'reopen';

export interface QueryMessageRow {
  kind: QueryMessageKind;
  userId: string | null;
  userName: string | null;
  text: string;
  at: string;
}

export interface FormQueryRow {
  id: string;
  participantId: string;
  participantLabel: string;
  siteId: string;
  siteCode: string;
  studyCode: string;
  eventId: string;
  formId: string;
  instance: number;
  field: string;
  status: QueryStatus;
  checkId: string | null;
  openedBy: string | null;
  openedAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface NewFormQuery {
  participantId: string;
  studyCode: string;
  eventId: string;
  formId: string;
  instance: number;
  field: string;
  checkId: string | null;
  openedBy: string | null;
  openedAt: Date;
}

export interface VerificationRow {
  recordId: string;
  eventId: string;
  formId: string;
  instance: number;
  field: string;
  value: unknown;
  verifiedBy: string | null;
  verifiedAt: string;
}

export interface SdvPlanRow {
  studyCode: string;
  kind: 'all' | 'critical' | 'sample';
  samplePercent: number | null;
  setBy: string | null;
  setAt: string;
}

export interface CasebookRow {
  id: string;
  participantId: string;
  n: number;
  status: 'building' | 'ready' | 'failed';
  progress: number;
  path: string | null;
  bytes: number | null;
  sha256: string | null;
  error: string | null;
  requestedBy: string | null;
  requestedAt: string;
  completedAt: string | null;
}

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

const QUERY_SELECT = `SELECT q.*, p.label AS participant_label, p.site_id, s.code AS site_code
  FROM form_queries q JOIN participants p ON p.id = q.participant_id JOIN sites s ON s.id = p.site_id`;

function mapQuery(r: Record<string, any>): FormQueryRow {
  return {
    id: r.id,
    participantId: r.participant_id,
    participantLabel: r.participant_label,
    siteId: r.site_id,
    siteCode: r.site_code,
    studyCode: r.study_code,
    eventId: r.event_id,
    formId: r.form_id,
    instance: r.instance,
    field: r.field,
    status: r.status,
    checkId: r.check_id ?? null,
    openedBy: r.opened_by ?? null,
    openedAt: iso(r.opened_at),
    updatedAt: iso(r.updated_at),
    closedAt: isoOrNull(r.closed_at),
  };
}

function mapCasebook(r: Record<string, any>): CasebookRow {
  return {
    id: r.id,
    participantId: r.participant_id,
    n: r.n,
    status: r.status,
    progress: r.progress,
    path: r.path ?? null,
    bytes: r.bytes ?? null,
    sha256: r.sha256 ?? null,
    error: r.error ?? null,
    requestedBy: r.requested_by ?? null,
    requestedAt: iso(r.requested_at),
    completedAt: isoOrNull(r.completed_at),
  };
}

/** Data queries, source data verification and casebooks: the review side of form entry. */
export class CrfReviewRepository {
  constructor(private readonly m: EntityManager) {}

  // ----- queries -----

  async insertQuery(q: NewFormQuery, text: string): Promise<string> {
    const rows = await this.m.query(
      `INSERT INTO form_queries (participant_id, study_code, event_id, form_id, instance, field, status, check_id, opened_by, opened_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9, $9) RETURNING id`,
      [q.participantId, q.studyCode, q.eventId, q.formId, q.instance, q.field, q.checkId, q.openedBy, q.openedAt],
    );
    const id = rows[0].id as string;
    await this.addMessage(id, 'open', q.openedBy, text, q.openedAt);
    return id;
  }

  async addMessage(queryId: string, kind: QueryMessageKind, userId: string | null, text: string, at: Date): Promise<void> {
    await this.m.query('INSERT INTO form_query_messages (query_id, kind, user_id, text, at) VALUES ($1, $2, $3, $4, $5)', [
      queryId,
      kind,
      userId,
      text,
      at,
    ]);
  }

  async setQueryStatus(queryId: string, status: QueryStatus, at: Date): Promise<void> {
    await this.m.query(
      `UPDATE form_queries SET status = $2::text, updated_at = $3, closed_at = CASE WHEN $2::text = 'closed' THEN $3::timestamptz ELSE NULL END WHERE id = $1`,
      [queryId, status, at],
    );
  }

  async findQuery(participantId: string, queryId: string, options: { lock?: boolean } = {}): Promise<FormQueryRow | null> {
    const rows = await this.m.query(`${QUERY_SELECT} WHERE q.participant_id = $1 AND q.id = $2${options.lock ? ' FOR UPDATE OF q' : ''}`, [
      participantId,
      queryId,
    ]);
    return rows.length ? mapQuery(rows[0]) : null;
  }

  /** A not-closed query that the same soft check opened on the same field, if any. */
  async findOpenCheckQuery(
    participantId: string,
    eventId: string,
    formId: string,
    instance: number,
    field: string,
    checkId: string,
  ): Promise<string | null> {
    const rows = await this.m.query(
      `SELECT id FROM form_queries WHERE participant_id = $1 AND event_id = $2 AND form_id = $3 AND instance = $4 AND field = $5 AND check_id = $6 AND status <> 'closed'`,
      [participantId, eventId, formId, instance, field, checkId],
    );
    return rows.length ? rows[0].id : null;
  }

  async listQueries(participantId: string): Promise<FormQueryRow[]> {
    const rows = await this.m.query(`${QUERY_SELECT} WHERE q.participant_id = $1 ORDER BY q.opened_at, q.id`, [participantId]);
    return rows.map(mapQuery);
  }

  async listStudyQueries(studyCode: string, status: QueryStatus | null, siteIds: string[] | null): Promise<FormQueryRow[]> {
    const rows = await this.m.query(
      `${QUERY_SELECT} WHERE q.study_code = $1 AND ($2::text IS NULL OR q.status = $2) AND ($3::uuid[] IS NULL OR p.site_id = ANY($3::uuid[]))
       ORDER BY s.code, q.opened_at, q.id`,
      [studyCode, status, siteIds],
    );
    return rows.map(mapQuery);
  }

  /** Every message of these queries, oldest first, by query id. */
  async messages(queryIds: string[]): Promise<Map<string, QueryMessageRow[]>> {
    const out = new Map<string, QueryMessageRow[]>();
    if (queryIds.length === 0) return out;
    const rows = await this.m.query(
      `SELECT m.query_id, m.kind, m.user_id, u.name AS user_name, m.text, m.at FROM form_query_messages m LEFT JOIN users u ON u.id = m.user_id
       WHERE m.query_id = ANY($1::uuid[]) ORDER BY m.id`,
      [queryIds],
    );
    for (const r of rows) {
      const list = out.get(r.query_id) ?? [];
      list.push({ kind: r.kind, userId: r.user_id ?? null, userName: r.user_name ?? null, text: r.text, at: iso(r.at) });
      out.set(r.query_id, list);
    }
    return out;
  }

  // ----- source data verification -----

  async verify(recordId: string, fields: Array<{ field: string; value: unknown }>, userId: string, at: Date): Promise<void> {
    if (fields.length === 0) return;
    await this.m.query(
      `INSERT INTO sdv_verifications (record_id, field, value, verified_by, verified_at)
       SELECT $1, f.field, f.value, $3, $4 FROM jsonb_to_recordset($2::jsonb) AS f(field text, value jsonb)
       ON CONFLICT (record_id, field) DO UPDATE SET value = EXCLUDED.value, verified_by = EXCLUDED.verified_by, verified_at = EXCLUDED.verified_at`,
      [recordId, JSON.stringify(fields.map((f) => ({ field: f.field, value: f.value ?? null }))), userId, at],
    );
  }

  /** Removes the verification of these fields; returns the fields that had one. */
  async clearVerifications(recordId: string, fields: string[]): Promise<string[]> {
    if (fields.length === 0) return [];
    const rows = await this.m.query('DELETE FROM sdv_verifications WHERE record_id = $1 AND field = ANY($2::text[]) RETURNING field', [
      recordId,
      fields,
    ]);
    return returned(rows).map((r) => r.field as string);
  }

  async verifications(participantIds: string[]): Promise<Array<VerificationRow & { participantId: string }>> {
    if (participantIds.length === 0) return [];
    const rows = await this.m.query(
      `SELECT v.*, f.participant_id, f.event_id, f.form_id, f.instance FROM sdv_verifications v JOIN form_records f ON f.id = v.record_id
       WHERE f.participant_id = ANY($1::uuid[]) ORDER BY f.event_id, f.form_id, f.instance, v.field`,
      [participantIds],
    );
    return rows.map((r: Record<string, any>) => ({
      participantId: r.participant_id,
      recordId: r.record_id,
      eventId: r.event_id,
      formId: r.form_id,
      instance: r.instance,
      field: r.field,
      value: r.value ?? null,
      verifiedBy: r.verified_by ?? null,
      verifiedAt: iso(r.verified_at),
    }));
  }

  async plan(studyCode: string): Promise<SdvPlanRow | null> {
    const rows = await this.m.query('SELECT * FROM sdv_plans WHERE study_code = $1', [studyCode]);
    if (!rows.length) return null;
    const r = rows[0];
    return {
      studyCode: r.study_code,
      kind: r.kind,
      samplePercent: r.sample_percent ?? null,
      setBy: r.set_by ?? null,
      setAt: iso(r.set_at),
    };
  }

  async setPlan(plan: { studyCode: string; kind: string; samplePercent: number | null; setBy: string; setAt: Date }): Promise<void> {
    await this.m.query(
      `INSERT INTO sdv_plans (study_code, kind, sample_percent, set_by, set_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (study_code) DO UPDATE SET kind = EXCLUDED.kind, sample_percent = EXCLUDED.sample_percent, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at`,
      [plan.studyCode, plan.kind, plan.samplePercent, plan.setBy, plan.setAt],
    );
  }

  // ----- casebooks -----

  /**
   * First statement of a casebook read: every later read of the transaction sees one consistent
   * snapshot. Nothing may be written in it (audit rows refuse anything but READ COMMITTED).
   */
  async beginSnapshot(): Promise<void> {
    await this.m.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
  }

  /** A new casebook row with the participant's next number; the row lock on the participant serialises numbering. */
  async insertCasebook(participantId: string, requestedBy: string, at: Date): Promise<CasebookRow> {
    await this.m.query('SELECT id FROM participants WHERE id = $1 FOR UPDATE', [participantId]);
    const rows = await this.m.query(
      `INSERT INTO casebooks (participant_id, n, status, requested_by, requested_at)
       SELECT $1, coalesce(max(n), 0) + 1, 'building', $2, $3 FROM casebooks WHERE participant_id = $1 RETURNING *`,
      [participantId, requestedBy, at],
    );
    return mapCasebook(rows[0]);
  }

  /** `building` casebooks requested before `before`: the worker's reconciler checks each has a live job. */
  async buildingCasebooksBefore(before: Date, limit = 100): Promise<CasebookRow[]> {
    const rows = await this.m.query(
      `SELECT * FROM casebooks WHERE status = 'building' AND requested_at < $1 ORDER BY requested_at, id LIMIT $2`,
      [before, limit],
    );
    return rows.map(mapCasebook);
  }

  async findCasebook(id: string): Promise<CasebookRow | null> {
    const rows = await this.m.query('SELECT * FROM casebooks WHERE id = $1', [id]);
    return rows.length ? mapCasebook(rows[0]) : null;
  }

  async latestCasebook(participantId: string): Promise<CasebookRow | null> {
    const rows = await this.m.query('SELECT * FROM casebooks WHERE participant_id = $1 ORDER BY n DESC LIMIT 1', [participantId]);
    return rows.length ? mapCasebook(rows[0]) : null;
  }

  async setCasebookProgress(id: string, progress: number): Promise<void> {
    await this.m.query(`UPDATE casebooks SET progress = $2 WHERE id = $1 AND status = 'building'`, [id, progress]);
  }

  async finishCasebook(id: string, result: { path: string; bytes: number; sha256: string; at: Date }): Promise<void> {
    await this.m.query(
      `UPDATE casebooks SET status = 'ready', progress = 100, path = $2, bytes = $3, sha256 = $4, completed_at = $5, error = NULL WHERE id = $1`,
      [id, result.path, result.bytes, result.sha256, result.at],
    );
  }

  async failCasebook(id: string, error: string, at: Date): Promise<void> {
    await this.m.query(`UPDATE casebooks SET status = 'failed', error = $2, completed_at = $3 WHERE id = $1`, [id, error, at]);
  }
}
