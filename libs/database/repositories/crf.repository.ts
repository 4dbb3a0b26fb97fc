import { EntityManager } from 'typeorm';

/** One saved instance of a case report form. */
export interface FormRecordRow {
  id: string;
  participantId: string;
  studyCode: string;
  eventId: string;
  formId: string;
  instance: number;
  status: 'incomplete' | 'complete';
  values: Record<string, unknown>;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
}

export interface FormKey {
  participantId: string;
  eventId: string;
  formId: string;
  instance: number;
}

export interface FormLockRow {
  id: string;
  participantId: string;
  studyCode: string;
  eventId: string;
  formId: string | null;
  instance: number | null;
  lockedBy: string | null;
  lockedByName: string | null;
  lockedAt: string;
  reason: string;
}

export type SignatureScope = 'form' | 'visit' | 'casebook';

export interface SignatureRow {
  id: string;
  participantId: string;
  studyCode: string;
  scope: SignatureScope;
  eventId: string | null;
  formId: string | null;
  instance: number | null;
  userId: string;
  printedName: string;
  meaning: string;
  signedAt: string;
  status: 'valid' | 'voided';
  voidedAt: string | null;
  voidedBy: string | null;
  voidedBecause: string | null;
}

export interface NewSignature {
  participantId: string;
  studyCode: string;
  scope: SignatureScope;
  eventId: string | null;
  formId: string | null;
  instance: number | null;
  userId: string;
  printedName: string;
  meaning: string;
  signedAt: Date;
}

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

function mapRecord(r: Record<string, any>): FormRecordRow {
  return {
    id: r.id,
    participantId: r.participant_id,
    studyCode: r.study_code,
    eventId: r.event_id,
    formId: r.form_id,
    instance: r.instance,
    status: r.status,
    values: r.data,
    version: r.version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    updatedBy: r.updated_by ?? null,
  };
}

function mapLock(r: Record<string, any>): FormLockRow {
  return {
    id: r.id,
    participantId: r.participant_id,
    studyCode: r.study_code,
    eventId: r.event_id,
    formId: r.form_id ?? null,
    instance: r.instance ?? null,
    lockedBy: r.locked_by ?? null,
    lockedByName: r.locked_by_name ?? null,
    lockedAt: iso(r.locked_at),
    reason: r.reason,
  };
}

function mapSignature(r: Record<string, any>): SignatureRow {
  return {
    id: r.id,
    participantId: r.participant_id,
    studyCode: r.study_code,
    scope: r.scope,
    eventId: r.event_id ?? null,
    formId: r.form_id ?? null,
    instance: r.instance ?? null,
    userId: r.user_id,
    printedName: r.printed_name,
    meaning: r.meaning,
    signedAt: iso(r.signed_at),
    status: r.status,
    voidedAt: isoOrNull(r.voided_at),
    voidedBy: r.voided_by ?? null,
    voidedBecause: r.voided_because ?? null,
  };
}

/** The RETURNING rows of a statement: TypeORM wraps those of UPDATE and DELETE as [rows, rowCount]. */
export function returned(result: unknown): Array<Record<string, any>> {
  const list = result as unknown[];
  return (Array.isArray(list[0]) ? list[0] : list) as Array<Record<string, any>>;
}

/** First key of the participant-wide form entry advisory lock (audit uses 7420001, datasets 7420005). */
const FORM_ENTRY_LOCK_CLASS = 7420013;

const RECORD_COLUMNS =
  'id, participant_id, study_code, event_id, form_id, instance, status, data, version, created_at, updated_at, updated_by';

/** Form instances, locks and signatures: the state behind form entry. */
export class CrfRepository {
  constructor(private readonly m: EntityManager) {}

  async findRecord(key: FormKey, options: { lock?: boolean } = {}): Promise<FormRecordRow | null> {
    const rows = await this.m.query(
      `SELECT ${RECORD_COLUMNS} FROM form_records
       WHERE participant_id = $1 AND event_id = $2 AND form_id = $3 AND instance = $4${options.lock ? ' FOR UPDATE' : ''}`,
      [key.participantId, key.eventId, key.formId, key.instance],
    );
    return rows.length ? mapRecord(rows[0]) : null;
  }

  /**
   * Inserts the first version of a form instance. Null when a concurrent first save won the race
   * (the unique key holds), which the caller answers as a stale version.
   */
  async insertRecord(
    key: FormKey & { studyCode: string },
    status: string,
    values: Record<string, unknown>,
    userId: string,
  ): Promise<FormRecordRow | null> {
    const rows = await this.m.query(
      `INSERT INTO form_records (participant_id, study_code, event_id, form_id, instance, status, data, version, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, 1, $8, $8)
       ON CONFLICT (participant_id, event_id, form_id, instance) DO NOTHING RETURNING ${RECORD_COLUMNS}`,
      [key.participantId, key.studyCode, key.eventId, key.formId, key.instance, status, JSON.stringify(values), userId],
    );
    return rows.length ? mapRecord(rows[0]) : null;
  }

  /** Writes a new version; the WHERE on the old version makes a lost update impossible even without the row lock. */
  async updateRecord(
    id: string,
    expectedVersion: number,
    status: string,
    values: Record<string, unknown>,
    userId: string,
  ): Promise<FormRecordRow | null> {
    const rows = await this.m.query(
      `UPDATE form_records SET status = $3, data = $4::jsonb, version = version + 1, updated_at = now(), updated_by = $5
       WHERE id = $1 AND version = $2 RETURNING ${RECORD_COLUMNS}`,
      [id, expectedVersion, status, JSON.stringify(values), userId],
    );
    const [updated] = returned(rows);
    return updated ? mapRecord(updated) : null;
  }

  /**
   * What a save's rules may read of the participant's other forms: their first instances. Not the
   * repeated instances (a participant's adverse events) nor the form being saved, which the save
   * used to read and parse in full each time.
   */
  async contextRecords(participantId: string, formId: string): Promise<FormRecordRow[]> {
    const rows = await this.m.query(
      `SELECT ${RECORD_COLUMNS} FROM form_records WHERE participant_id = $1 AND instance = 1 AND form_id <> $2
       ORDER BY event_id, form_id`,
      [participantId, formId],
    );
    return rows.map(mapRecord);
  }

  async listRecords(participantId: string): Promise<FormRecordRow[]> {
    const rows = await this.m.query(
      `SELECT ${RECORD_COLUMNS} FROM form_records WHERE participant_id = $1 ORDER BY event_id, form_id, instance`,
      [participantId],
    );
    return rows.map(mapRecord);
  }

  /**
   * The form instances a review action covers (the whole casebook, one visit, or one instance),
   * read FOR SHARE: a save holding one of them FOR UPDATE commits first and its values are the ones
   * returned; a save arriving later waits for the review action to commit and then sees its result.
   */
  async recordsForReview(
    participantId: string,
    scope: { eventId?: string; formId?: string; instance?: number } = {},
  ): Promise<FormRecordRow[]> {
    const rows = await this.m.query(
      `SELECT ${RECORD_COLUMNS} FROM form_records
       WHERE participant_id = $1 AND ($2::text IS NULL OR event_id = $2) AND ($3::text IS NULL OR (form_id = $3 AND instance = $4))
       ORDER BY event_id, form_id, instance FOR SHARE`,
      [participantId, scope.eventId ?? null, scope.formId ?? null, scope.instance ?? 1],
    );
    return rows.map(mapRecord);
  }

  /**
   * Serialises data entry against the review actions that must also cover form instances not saved
   * yet (a lock on a visit, a visit or casebook signature): every save takes this participant-wide
   * transaction-level advisory lock `shared` (saves run side by side), lock insertion and signing take
   * it `exclusive`, so either the save commits first and the action sees its record, or the action
   * commits first and the save sees the lock or voids the signature. Released at commit or rollback.
   */
  async lockParticipantEntry(participantId: string, mode: 'shared' | 'exclusive'): Promise<void> {
    const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
    await this.m.query(`SELECT ${fn}(${FORM_ENTRY_LOCK_CLASS}, hashtext($1::text))`, [participantId]);
  }

  /** Form instances of a study's participants (optionally only at these sites). */
  async listStudyRecords(studyCode: string, siteIds: string[] | null): Promise<FormRecordRow[]> {
    const rows = await this.m.query(
      `SELECT ${RECORD_COLUMNS.split(', ')
        .map((c) => `f.${c}`)
        .join(', ')} FROM form_records f JOIN participants p ON p.id = f.participant_id
       WHERE f.study_code = $1 AND ($2::uuid[] IS NULL OR p.site_id = ANY($2::uuid[]))`,
      [studyCode, siteIds],
    );
    return rows.map(mapRecord);
  }

  /**
   * The `form` audit rows of every form instance of a participant with the name of whoever made each
   * change, in chain order: the value-change history the casebook prints.
   */
  async participantFormAudit(participantId: string): Promise<
    Array<{
      entityId: string;
      at: string;
      userName: string | null;
      action: string;
      field: string | null;
      from: unknown;
      to: unknown;
      reason: string | null;
    }>
  > {
    const rows = await this.m.query(
      `SELECT a.entity_id, a.at, u.name AS user_name, a.action, a.field, a.old_value, a.new_value, a.reason
       FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
       WHERE a.participant_id = $1 AND a.entity = 'form' ORDER BY a.seq`,
      [participantId],
    );
    return rows.map((r: Record<string, any>) => ({
      entityId: r.entity_id,
      at: iso(r.at),
      userName: r.user_name ?? null,
      action: r.action,
      field: r.field ?? null,
      from: r.old_value ?? null,
      to: r.new_value ?? null,
      reason: r.reason ?? null,
    }));
  }

  /** The audit rows of one form instance (entity 'form', entity id `<eventId>/<formId>/<instance>`), in chain order. */
  async formAudit(
    participantId: string,
    entityId: string,
  ): Promise<
    Array<{
      seq: number;
      at: string;
      userId: string | null;
      action: string;
      field: string | null;
      from: unknown;
      to: unknown;
      reason: string | null;
    }>
  > {
    const rows = await this.m.query(
      `SELECT seq, at, user_id, action, field, old_value, new_value, reason FROM audit_log
       WHERE participant_id = $1 AND entity = 'form' AND entity_id = $2 ORDER BY seq`,
      [participantId, entityId],
    );
    return rows.map((r: Record<string, any>) => ({
      seq: Number(r.seq),
      at: iso(r.at),
      userId: r.user_id ?? null,
      action: r.action,
      field: r.field ?? null,
      from: r.old_value ?? null,
      to: r.new_value ?? null,
      reason: r.reason ?? null,
    }));
  }

  // ----- locks -----

  /** Locks that cover a form instance: its own lock and its visit's lock. */
  async locksCovering(key: FormKey): Promise<FormLockRow[]> {
    const rows = await this.m.query(
      `SELECT l.*, u.name AS locked_by_name FROM form_locks l LEFT JOIN users u ON u.id = l.locked_by
       WHERE l.participant_id = $1 AND l.event_id = $2 AND (l.form_id IS NULL OR (l.form_id = $3 AND l.instance = $4))`,
      [key.participantId, key.eventId, key.formId, key.instance],
    );
    return rows.map(mapLock);
  }

  /** Null when the same form or visit is already locked. */
  async insertLock(lock: {
    participantId: string;
    studyCode: string;
    eventId: string;
    formId: string | null;
    instance: number | null;
    lockedBy: string;
    lockedAt: Date;
    reason: string;
  }): Promise<FormLockRow | null> {
    const rows = await this.m.query(
      `INSERT INTO form_locks (participant_id, study_code, event_id, form_id, instance, locked_by, locked_at, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING *`,
      [lock.participantId, lock.studyCode, lock.eventId, lock.formId, lock.instance, lock.lockedBy, lock.lockedAt, lock.reason],
    );
    return rows.length ? mapLock(rows[0]) : null;
  }

  async findLock(participantId: string, lockId: string): Promise<FormLockRow | null> {
    const rows = await this.m.query(
      `SELECT l.*, u.name AS locked_by_name FROM form_locks l LEFT JOIN users u ON u.id = l.locked_by WHERE l.participant_id = $1 AND l.id = $2`,
      [participantId, lockId],
    );
    return rows.length ? mapLock(rows[0]) : null;
  }

  async deleteLock(lockId: string): Promise<void> {
    await this.m.query('DELETE FROM form_locks WHERE id = $1', [lockId]);
  }

  async listLocks(participantId: string): Promise<FormLockRow[]> {
    const rows = await this.m.query(
      `SELECT l.*, u.name AS locked_by_name FROM form_locks l LEFT JOIN users u ON u.id = l.locked_by WHERE l.participant_id = $1 ORDER BY l.locked_at`,
      [participantId],
    );
    return rows.map(mapLock);
  }

  // ----- signatures -----

  async insertSignature(s: NewSignature): Promise<SignatureRow> {
    const rows = await this.m.query(
      `INSERT INTO signatures (participant_id, study_code, scope, event_id, form_id, instance, user_id, printed_name, meaning, signed_at, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'valid') RETURNING *`,
      [s.participantId, s.studyCode, s.scope, s.eventId, s.formId, s.instance, s.userId, s.printedName, s.meaning, s.signedAt],
    );
    return mapSignature(rows[0]);
  }

  async listSignatures(participantId: string): Promise<SignatureRow[]> {
    const rows = await this.m.query('SELECT * FROM signatures WHERE participant_id = $1 ORDER BY signed_at, id', [participantId]);
    return rows.map(mapSignature);
  }

  /** Valid signatures whose scope includes this form instance (the form, its visit, the casebook), locked for voiding. */
  async validSignaturesCovering(key: FormKey): Promise<SignatureRow[]> {
    const rows = await this.m.query(
      `SELECT * FROM signatures WHERE participant_id = $1 AND status = 'valid'
         AND (scope = 'casebook' OR (scope = 'visit' AND event_id = $2) OR (scope = 'form' AND event_id = $2 AND form_id = $3 AND instance = $4))
       ORDER BY signed_at FOR UPDATE`,
      [key.participantId, key.eventId, key.formId, key.instance],
    );
    return rows.map(mapSignature);
  }

  async voidSignatures(ids: string[], by: string, because: string, at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.m.query(
      `UPDATE signatures SET status = 'voided', voided_at = $2, voided_by = $3, voided_because = $4 WHERE id = ANY($1::uuid[])`,
      [ids, at, by, because],
    );
  }
}
