import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { EntityManager } from 'typeorm';
import { CopyTextReader, isoMicros, type CopyRow } from '../copy-text';

export interface DatasetFileRow {
  name: string;
  bytes: number;
  sha256: string;
}

export interface DatasetRow {
  id: string;
  studyCode: string;
  version: number;
  kind: 'lock' | 'interim';
  reason: string;
  status: 'building' | 'ready' | 'failed';
  progress: number;
  createdAt: string;
  createdBy: string | null;
  completedAt: string | null;
  participants: number | null;
  files: DatasetFileRow[];
  sha256: string | null;
  error: string | null;
  /** Build attempt: 1 for the first job, n after n − 1 rebuilds or re-enqueues (job id `dataset-<id>[-<n>]`). */
  attempt: number;
  /** When the current attempt was requested. */
  requestedAt: string;
  /** The highest audit sequence number visible in the snapshot the files were read from (null until ready). */
  snapshotSeq: number | null;
}

export interface StudyLockRow {
  id: string;
  studyCode: string;
  datasetId: string;
  lockedAt: string;
  lockedBy: string | null;
  reason: string;
  overridden: boolean;
  unlockedAt: string | null;
}

/** A participant as the export reads it: label and site code, never the id outside the worker. */
export interface ExportParticipantRow {
  id: string;
  label: string;
  site: string;
  status: string;
  arm: string | null;
  cohort: string | null;
  sex: string;
  birthYear: number;
  consentDate: string;
  consentVersion: string;
  enrolmentDate: string;
  randomisationDate: string | null;
  anchorDate: string | null;
}

export interface ExportFormRow {
  participantId: string;
  eventId: string;
  formId: string;
  instance: number;
  status: string;
  values: Record<string, unknown>;
}

export interface ExportQuestionnaireRow {
  participantId: string;
  eventId: string;
  /** `completed`, or `completed_short` when the short version (primary outcome only) completed the time point. */
  status: string;
  answers: Record<string, Record<string, unknown>>;
  scores: Record<string, Record<string, number | string | boolean | null>> | null;
}

export interface ExportAuditRow {
  seq: number;
  /** The sequence number of the first exported audit row of the same entity (a stable pseudonym for it). */
  entityFirstSeq: number;
  at: string;
  userId: string | null;
  action: string;
  entity: string;
  entityId: string;
  participantId: string | null;
  participantLabel: string | null;
  site: string | null;
  field: string | null;
  from: unknown;
  to: unknown;
  reason: string | null;
}

/** One item of a lock checklist count query: a participant label and where. */
export interface ChecklistDetail {
  participant: string;
  where: string;
}

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

/**
 * The audit entities that record clinical data, and so belong in a dataset's audit.csv and ODM
 * AuditRecords: participants (enrolment, status, randomisation, anchor date), whether contact data
 * exist (flags only, never the data), CRF form values and status, queries, source-data verification,
 * signatures, form/visit locks and questionnaire responses. Everything else (requests and reads of
 * casebooks, models and datasets, locks of the study, SDV plans, coordinator tasks, accounts, sites) is
 * left out, as are reads: rows written while a study is locked then cannot change its files, so the
 * same data give the same bytes. (An include-list: a new entity stays out until it is listed here.)
 */
export const DATASET_AUDIT_ENTITIES = [
  'participant',
  'participant_contact',
  'form',
  'query',
  'sdv',
  'signature',
  'lock',
  'questionnaire',
] as const;

/**
 * A participant who withdrew consent and refused the use of the data collected so far is left out of
 * every dataset: rows, audit and counts (issue 13 item 4; participants.collected_data_refused).
 */
const USABLE = (p: string) => `NOT ${p}.collected_data_refused`;

/** The study's ($1) audit rows a dataset carries, on `audit_log a`. */
const AUDIT_FILTER = `a.study_code = $1 AND a.entity IN (${DATASET_AUDIT_ENTITIES.map((e) => `'${e}'`).join(',')}) AND a.action <> 'read'
   AND NOT EXISTS (SELECT 1 FROM participants x WHERE x.id = a.participant_id AND x.collected_data_refused)`;
/**
 * A database id anywhere in a text (case-insensitive): the one pattern for both the first-row ids
 * here and libs/datasets AuditPseudonyms, which must agree on what an id is.
 */
export const UUID_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const UUID_RE = new RegExp(UUID_PATTERN, 'i');
/** A string that shares no memory with the text it was cut from (V8 keeps a long slice's parent alive). */
const ownCopy = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');
/**
 * Rows are handed on a 16 KiB slice of the stream at a time (~100 rows): a stream read returns all it
 * holds (up to COPY_BUFFER), and a large batch lives long enough to be copied by every young-generation
 * GC (whole reads of a 1–4 MiB buffer: audit.csv 11.7–14 s; 16 KiB slices: 7–8 s; 4 KiB was no faster).
 */
const BATCH_BYTES = 1 << 14;
/** How far (bytes) the COPY may run ahead of the writer. */
const COPY_BUFFER = 1 << 20;

function mapDataset(r: Record<string, any>): DatasetRow {
  return {
    id: r.id,
    studyCode: r.study_code,
    version: r.version,
    kind: r.kind,
    reason: r.reason,
    status: r.status,
    progress: r.progress,
    createdAt: iso(r.created_at),
    createdBy: r.created_by ?? null,
    completedAt: isoOrNull(r.completed_at),
    participants: r.participants ?? null,
    files: r.files ?? [],
    sha256: r.sha256 ?? null,
    error: r.error ?? null,
    attempt: r.attempt ?? 1,
    requestedAt: iso(r.requested_at ?? r.created_at),
    snapshotSeq: r.snapshot_seq === null || r.snapshot_seq === undefined ? null : Number(r.snapshot_seq),
  };
}

export class DatasetsRepository {
  constructor(private readonly m: EntityManager) {}

  // ------------------------------------------------------------------------------------- studies

  async studyStatus(code: string): Promise<string | null> {
    const rows = await this.m.query('SELECT status FROM studies WHERE code = $1', [code]);
    return rows.length ? rows[0].status : null;
  }

  /** Locks the study row for a lock or unlock (waits for writers holding FOR SHARE). */
  async lockStudyRow(code: string): Promise<{ status: string; statusBeforeLock: string | null } | null> {
    const rows = await this.m.query('SELECT status, status_before_lock FROM studies WHERE code = $1 FOR UPDATE', [code]);
    return rows.length ? { status: rows[0].status, statusBeforeLock: rows[0].status_before_lock ?? null } : null;
  }

  async setStudyLocked(code: string, previous: string): Promise<void> {
    await this.m.query(`UPDATE studies SET status = 'locked', status_before_lock = $2 WHERE code = $1`, [code, previous]);
  }

  async setStudyUnlocked(code: string): Promise<string> {
    // (TypeORM answers UPDATE … RETURNING with [rows, count]; a plain SELECT afterwards is clearer.)
    await this.m.query(`UPDATE studies SET status = coalesce(status_before_lock, 'closed'), status_before_lock = NULL WHERE code = $1`, [
      code,
    ]);
    const rows = await this.m.query('SELECT status FROM studies WHERE code = $1', [code]);
    return rows[0].status;
  }

  // ------------------------------------------------------------------------------------ datasets

  /** Serialises dataset creation per study, so versions are 1, 2, 3 … without gaps. */
  async nextVersion(code: string): Promise<number> {
    await this.m.query(`SELECT pg_advisory_xact_lock(7420005, hashtext($1))`, [code]);
    const [{ n }] = await this.m.query('SELECT coalesce(max(version), 0) + 1 AS n FROM datasets WHERE study_code = $1', [code]);
    return Number(n);
  }

  async insert(d: {
    studyCode: string;
    version: number;
    kind: 'lock' | 'interim';
    reason: string;
    createdAt: Date;
    createdBy: string | null;
  }): Promise<DatasetRow> {
    const rows = await this.m.query(
      `INSERT INTO datasets (study_code, version, kind, reason, created_at, created_by, requested_at) VALUES ($1, $2, $3, $4, $5, $6, $5) RETURNING *`,
      [d.studyCode, d.version, d.kind, d.reason, d.createdAt, d.createdBy],
    );
    return mapDataset(rows[0]);
  }

  async find(id: string): Promise<DatasetRow | null> {
    const rows = await this.m.query('SELECT * FROM datasets WHERE id = $1', [id]);
    return rows.length ? mapDataset(rows[0]) : null;
  }

  async list(code: string): Promise<DatasetRow[]> {
    const rows = await this.m.query('SELECT * FROM datasets WHERE study_code = $1 ORDER BY version DESC', [code]);
    return rows.map(mapDataset);
  }

  async setProgress(id: string, progress: number): Promise<void> {
    await this.m.query(`UPDATE datasets SET progress = $2 WHERE id = $1 AND status = 'building'`, [id, progress]);
  }

  /** Locks one dataset row until the end of the transaction (rebuild, reconcile). */
  async findForUpdate(id: string): Promise<DatasetRow | null> {
    const rows = await this.m.query('SELECT * FROM datasets WHERE id = $1 FOR UPDATE', [id]);
    return rows.length ? mapDataset(rows[0]) : null;
  }

  /**
   * Back to building under a new attempt (a failed or stale dataset is rebuilt; a ready one never
   * changes). Only when the row is still at `attempt`; returns the new row, or null.
   */
  async restart(id: string, attempt: number, at: Date): Promise<DatasetRow | null> {
    await this.m.query(
      `UPDATE datasets SET status = 'building', progress = 0, error = NULL, completed_at = NULL, attempt = attempt + 1, requested_at = $3
       WHERE id = $1 AND status <> 'ready' AND attempt = $2`,
      [id, attempt, at],
    );
    const row = await this.find(id);
    return row && row.attempt === attempt + 1 && row.status === 'building' ? row : null;
  }

  /** `building` rows whose current attempt was requested before `before` (candidates for the reconciler). */
  async buildingBefore(before: Date, limit = 100): Promise<DatasetRow[]> {
    const rows = await this.m.query(
      `SELECT * FROM datasets WHERE status = 'building' AND requested_at < $1 ORDER BY requested_at, id LIMIT $2`,
      [before, limit],
    );
    return rows.map(mapDataset);
  }

  /** Ready, when the row is still building under `attempt` (a superseded attempt records nothing). */
  async markReady(
    id: string,
    r: { participants: number; files: DatasetFileRow[]; sha256: string; completedAt: Date; snapshotSeq: number; attempt: number },
  ): Promise<boolean> {
    await this.m.query(
      `UPDATE datasets SET status = 'ready', progress = 100, participants = $2, files = $3::jsonb, sha256 = $4, completed_at = $5, error = NULL,
              snapshot_seq = $6
       WHERE id = $1 AND status = 'building' AND attempt = $7`,
      [id, r.participants, JSON.stringify(r.files), r.sha256, r.completedAt, r.snapshotSeq, r.attempt],
    );
    const row = await this.find(id);
    return row?.status === 'ready' && row.attempt === r.attempt;
  }

  async markFailed(id: string, error: string, at: Date): Promise<void> {
    await this.m.query(`UPDATE datasets SET status = 'failed', error = $2, completed_at = $3 WHERE id = $1 AND status = 'building'`, [
      id,
      error.slice(0, 2000),
      at,
    ]);
  }

  // --------------------------------------------------------------------------------------- locks

  async insertLock(l: {
    studyCode: string;
    datasetId: string;
    lockedAt: Date;
    lockedBy: string | null;
    reason: string;
    overridden: boolean;
    openItems: unknown;
  }): Promise<string> {
    const rows = await this.m.query(
      `INSERT INTO study_locks (study_code, dataset_id, locked_at, locked_by, reason, overridden, open_items) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) RETURNING id`,
      [l.studyCode, l.datasetId, l.lockedAt, l.lockedBy, l.reason, l.overridden, JSON.stringify(l.openItems)],
    );
    return rows[0].id;
  }

  async openLock(code: string): Promise<StudyLockRow | null> {
    const rows = await this.m.query('SELECT * FROM study_locks WHERE study_code = $1 AND unlocked_at IS NULL', [code]);
    return rows.length ? mapLock(rows[0]) : null;
  }

  /** The lock whose snapshot a dataset is (null for interim datasets). */
  async lockOfDataset(datasetId: string): Promise<StudyLockRow | null> {
    const rows = await this.m.query('SELECT * FROM study_locks WHERE dataset_id = $1', [datasetId]);
    return rows.length ? mapLock(rows[0]) : null;
  }

  async closeLock(id: string, by: string | null, at: Date, reason: string): Promise<void> {
    await this.m.query('UPDATE study_locks SET unlocked_at = $2, unlocked_by = $3, unlock_reason = $4 WHERE id = $1', [id, at, by, reason]);
  }

  // ----------------------------------------------------------------------------------- checklist

  /** Whether another capability's table exists yet (checklist items switch on as tables appear). */
  async tableExists(name: string): Promise<boolean> {
    const [{ found }] = await this.m.query('SELECT to_regclass($1) IS NOT NULL AS found', [name]);
    return found;
  }

  /** Runs one checklist query that returns `participant` and `where`; the first `limit` rows and the total. */
  private async detailQuery(sql: string, params: unknown[], limit: number): Promise<{ count: number; details: ChecklistDetail[] }> {
    const rows = await this.m.query(
      `SELECT participant, "where", count(*) OVER () AS total FROM (${sql}) x ORDER BY participant, "where" LIMIT ${Number(limit)}`,
      params,
    );
    return {
      count: rows.length ? Number(rows[0].total) : 0,
      details: rows.map((r: any) => ({ participant: r.participant, where: r.where })),
    };
  }

  openQueries(code: string, limit: number) {
    return this.detailQuery(
      `SELECT p.label AS participant, q.event_id || '/' || q.form_id || '#' || q.instance || '/' || q.field || ' (' || q.status || ')' AS "where"
       FROM form_queries q JOIN participants p ON p.id = q.participant_id WHERE q.study_code = $1 AND q.status <> 'closed'`,
      [code],
      limit,
    );
  }

  incompleteForms(code: string, limit: number) {
    return this.detailQuery(
      `SELECT p.label AS participant, f.event_id || '/' || f.form_id || '#' || f.instance AS "where"
       FROM form_records f JOIN participants p ON p.id = f.participant_id WHERE f.study_code = $1 AND f.status <> 'complete'`,
      [code],
      limit,
    );
  }

  /** Participants with saved forms and no valid casebook signature. */
  unsignedCasebooks(code: string, limit: number) {
    return this.detailQuery(
      `SELECT p.label AS participant, 'casebook' AS "where" FROM participants p
       WHERE p.study_code = $1 AND EXISTS (SELECT 1 FROM form_records f WHERE f.participant_id = p.id)
         AND NOT EXISTS (SELECT 1 FROM signatures s WHERE s.participant_id = p.id AND s.scope = 'casebook' AND s.status = 'valid')`,
      [code],
      limit,
    );
  }

  /** Saved values of critical fields with no verification of the current value. */
  unverifiedCriticalFields(code: string, fields: Array<{ formId: string; fieldId: string }>, limit: number) {
    if (!fields.length) return Promise.resolve({ count: 0, details: [] });
    return this.detailQuery(
      `SELECT p.label AS participant, f.event_id || '/' || f.form_id || '#' || f.instance || '/' || c.field_id AS "where"
       FROM form_records f
       JOIN participants p ON p.id = f.participant_id
       JOIN unnest($2::text[], $3::text[]) AS c(form_id, field_id) ON c.form_id = f.form_id
       WHERE f.study_code = $1 AND f.data ? c.field_id AND f.data -> c.field_id <> 'null'::jsonb
         AND NOT EXISTS (SELECT 1 FROM sdv_verifications v WHERE v.record_id = f.id AND v.field = c.field_id AND v.value IS NOT DISTINCT FROM f.data -> c.field_id)`,
      [code, fields.map((f) => f.formId), fields.map((f) => f.fieldId)],
      limit,
    );
  }

  /** Questionnaires whose window is open now and that are not completed. */
  openQuestionnaires(code: string, now: Date, limit: number) {
    return this.detailQuery(
      `SELECT p.label AS participant, q.event_id || ' (closes ' || to_char(q.closes_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') || ')' AS "where"
       FROM questionnaires q JOIN participants p ON p.id = q.participant_id
       WHERE q.study_code = $1 AND q.status = 'scheduled' AND q.opens_at <= $2 AND q.closes_at > $2`,
      [code, now],
      limit,
    );
  }

  /**
   * Participants for the never-started-forms check, a page after `afterLabel` by label: those whose
   * forms are due (not screened, not withdrawn), with what the schedule needs.
   */
  async dueParticipantsPage(
    code: string,
    afterLabel: string,
    limit: number,
  ): Promise<Array<{ id: string; label: string; arm: string | null; cohort: string | null; anchorDate: string | null }>> {
    const rows = await this.m.query(
      `SELECT p.id, p.label, p.arm, p.cohort, p.anchor_date FROM participants p
       WHERE p.study_code = $1 AND p.status NOT IN ('screened','withdrawn') AND p.label COLLATE "C" > $2
       ORDER BY p.label COLLATE "C" LIMIT $3`,
      [code, afterLabel, limit],
    );
    return rows.map((r: any) => ({
      id: r.id,
      label: r.label,
      arm: r.arm ?? null,
      cohort: r.cohort ?? null,
      anchorDate: r.anchor_date ?? null,
    }));
  }

  /** The saved form instances of these participants, without their values. */
  async formKeysFor(
    participantIds: string[],
  ): Promise<Array<{ participantId: string; eventId: string; formId: string; instance: number; status: string; createdAt: string }>> {
    if (!participantIds.length) return [];
    const rows = await this.m.query(
      `SELECT participant_id, event_id, form_id, instance, status, created_at FROM form_records WHERE participant_id = ANY($1::uuid[])`,
      [participantIds],
    );
    return rows.map((r: any) => ({
      participantId: r.participant_id,
      eventId: r.event_id,
      formId: r.form_id,
      instance: r.instance,
      status: r.status,
      createdAt: iso(r.created_at),
    }));
  }

  /** rct: participants enrolled but never randomised. */
  unrandomisedParticipants(code: string, limit: number) {
    return this.detailQuery(
      `SELECT p.label AS participant, p.status AS "where" FROM participants p WHERE p.study_code = $1 AND p.status = 'enrolled'`,
      [code],
      limit,
    );
  }

  // ------------------------------------------------------------------------------ snapshot reads

  /**
   * First statement of a build transaction: every later read sees one consistent snapshot. JIT is off
   * for the transaction: the planner's cost of an audit page (its per-row first-row lookup) is far
   * above jit_above_cost, and compiling each page took 0.5 s against 6–10 ms to run it (EXPLAIN ANALYZE,
   * 1,000 participants, 311,000 audit rows), so a build paid seconds to minutes for nothing.
   */
  async beginSnapshot(): Promise<void> {
    await this.m.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    await this.m.query('SET LOCAL jit = off');
    // auditRows reads timestamps as text; node-postgres's own parsers assume this style too.
    await this.m.query("SET LOCAL DateStyle = 'ISO, YMD'");
  }

  async participantCount(code: string): Promise<number> {
    const [{ n }] = await this.m.query(`SELECT count(*)::int AS n FROM participants p WHERE p.study_code = $1 AND ${USABLE('p')}`, [code]);
    return n;
  }

  /** Participants ordered by label, a page after `afterLabel` (keyset pagination). */
  async participantsPage(code: string, timeZone: string, afterLabel: string, limit: number): Promise<ExportParticipantRow[]> {
    const rows = await this.m.query(
      `SELECT p.id, p.label, s.code AS site, p.status, p.arm, p.cohort, p.sex, p.birth_year, p.consent_date, p.consent_version,
              to_char(p.enrolled_at AT TIME ZONE $2, 'YYYY-MM-DD') AS enrolment_date,
              to_char(r.randomised_at AT TIME ZONE $2, 'YYYY-MM-DD') AS randomisation_date, p.anchor_date
       FROM participants p JOIN sites s ON s.id = p.site_id LEFT JOIN randomisations r ON r.participant_id = p.id
       WHERE p.study_code = $1 AND ${USABLE('p')} AND p.label COLLATE "C" > $3 ORDER BY p.label COLLATE "C" LIMIT $4`,
      [code, timeZone, afterLabel, limit],
    );
    return rows.map((r: any) => ({
      id: r.id,
      label: r.label,
      site: r.site,
      status: r.status,
      arm: r.arm ?? null,
      cohort: r.cohort ?? null,
      sex: r.sex,
      birthYear: r.birth_year,
      consentDate: r.consent_date,
      consentVersion: r.consent_version,
      enrolmentDate: r.enrolment_date,
      randomisationDate: r.randomisation_date ?? null,
      anchorDate: r.anchor_date ?? null,
    }));
  }

  async formRecordsFor(participantIds: string[]): Promise<ExportFormRow[]> {
    if (!participantIds.length || !(await this.tableExists('form_records'))) return [];
    const rows = await this.m.query(
      `SELECT participant_id, event_id, form_id, instance, status, data FROM form_records WHERE participant_id = ANY($1::uuid[])
       ORDER BY participant_id, event_id, form_id, instance`,
      [participantIds],
    );
    return rows.map((r: any) => ({
      participantId: r.participant_id,
      eventId: r.event_id,
      formId: r.form_id,
      instance: r.instance,
      status: r.status,
      values: r.data ?? {},
    }));
  }

  /** Completed questionnaires (answers and stored scores per instrument). */
  async questionnairesFor(participantIds: string[]): Promise<ExportQuestionnaireRow[]> {
    if (!participantIds.length || !(await this.tableExists('questionnaires'))) return [];
    const rows = await this.m.query(
      `SELECT participant_id, event_id, status, completed_by, answers, scores FROM questionnaires
       WHERE participant_id = ANY($1::uuid[]) AND status = 'completed' ORDER BY participant_id, event_id`,
      [participantIds],
    );
    return rows.map((r: any) => ({
      participantId: r.participant_id,
      eventId: r.event_id,
      // The short version (primary outcome only, docs/questionnaires.md) is told apart in the exports.
      status: r.completed_by === 'short' ? 'completed_short' : r.status,
      answers: r.answers ?? {},
      scores: (r.scores && typeof r.scores === 'object' && 'scores' in r.scores ? r.scores.scores : r.scores) ?? null,
    }));
  }

  /**
   * The study's audit rows for a dataset, in chain order, in batches of about a hundred (BATCH_BYTES):
   * one `COPY ... TO STDOUT` in the snapshot transaction (so only inside `db.transaction`), read as
   * text (copy-text.ts). At 3.11 million rows this is what made audit.csv fast (bench/README.md):
   * node-postgres's row protocol decodes each field apart (9 s for the rows alone), COPY hands over
   * text that is cut up in place, and the server runs ahead of the writer by up to a buffer.
   * Participants' labels and sites come from one query first (each participant probed once by the
   * audit_log_participant index), not a join per row. `entityFirstSeq`
   * (what AuditPseudonyms names a database id by) is the first row of the entity the stream meets,
   * kept only for entity ids holding a UUID (the `<event>/<form>/<instance>` of every form is shared
   * by all participants): rows come in sequence order from the first, so that is its first exported row.
   * A consumer that stops early has the rest read and dropped, so the connection stays usable.
   * The ids a caller may keep (participant and UUID entity ids, as AuditPseudonyms does) are strings of
   * their own: a field is a slice of its chunk's text, and a kept slice keeps the whole chunk (with the
   * slices of 10,000 participants' ids kept, reading the audit peaked at 0.5–1.1 GB RSS; 130 MB since).
   */
  async *auditRows(code: string): AsyncGenerator<ExportAuditRow[]> {
    const runner = this.m.queryRunner;
    if (!runner) throw new Error('auditRows needs a transaction (its COPY reads the snapshot)');
    const people = new Map<string, { id: string; label: string; site: string | null }>();
    const known = await this.m.query(
      `SELECT p.id, p.label, s.code AS site FROM participants p LEFT JOIN sites s ON s.id = p.site_id
       WHERE EXISTS (SELECT 1 FROM audit_log a WHERE a.participant_id = p.id AND a.study_code = $1)`,
      [code],
    );
    for (const r of known) people.set(r.id, { id: r.id, label: r.label, site: r.site ?? null });
    const client: PoolClient = await runner.connect();
    // COPY takes no parameters: the code goes in as a quoted literal. `at AT TIME ZONE 'UTC'` is a
    // timestamp in the ISO DateStyle that node-postgres itself needs (set in beginSnapshot).
    const filter = AUDIT_FILTER.replaceAll('$1', () => client.escapeLiteral(code));
    const stream = client.query(
      copyTo(
        `COPY (SELECT a.seq, a.at AT TIME ZONE 'UTC', a.user_id, a.action, a.entity, a.entity_id, a.participant_id,
                      a.field, a.old_value, a.new_value, a.reason
               FROM audit_log a WHERE ${filter} ORDER BY a.seq) TO STDOUT`,
        { highWaterMark: COPY_BUFFER },
      ),
    );
    const reader = new CopyTextReader();
    const firstSeq = new Map<string, number>();
    const toRow = (f: CopyRow): ExportAuditRow => {
      const seq = Number(f[0]);
      const entity = f[4]!;
      let entityId = f[5]!;
      let entityFirstSeq = seq;
      if (entityId.length >= 36 && UUID_RE.test(entityId)) {
        entityId = ownCopy(entityId);
        const key = `${entity}\u0000${entityId}`;
        const first = firstSeq.get(key);
        if (first === undefined) firstSeq.set(key, seq);
        else entityFirstSeq = first;
      }
      const person = f[6] === null ? undefined : people.get(f[6]);
      const participantId = person?.id ?? (f[6] === null ? null : ownCopy(f[6]));
      return {
        seq,
        entityFirstSeq,
        at: isoMicros(f[1]!),
        userId: f[2],
        action: f[3]!,
        entity,
        entityId,
        participantId,
        participantLabel: person?.label ?? null,
        site: person?.site ?? null,
        field: f[7],
        from: f[8] === null ? null : JSON.parse(f[8]),
        to: f[9] === null ? null : JSON.parse(f[9]),
        reason: f[10],
      };
    };
    // Never destroyed on an early return (a for-await would): the rest must still be read off the connection.
    const chunks = (): AsyncIterable<Buffer> => stream.iterator({ destroyOnReturn: false });
    let done = false;
    try {
      for await (const chunk of chunks())
        for (let at = 0; at < chunk.length; at += BATCH_BYTES) {
          const rows = reader.push(chunk.subarray(at, at + BATCH_BYTES));
          if (rows.length) yield rows.map(toRow);
        }
      reader.end();
      done = true;
    } finally {
      if (!done && !stream.destroyed) for await (const _ of chunks());
    }
  }

  /**
   * Who appears in the dataset's audit rows (in order of their first row, for stable pseudonyms), its
   * as-of instant, and the snapshot's high-water mark (the highest audit sequence number it sees).
   */
  async auditSummary(code: string): Promise<{ users: string[]; lastAt: string | null; maxSeq: number }> {
    // One pass over the study's audit rows for both the users (in order of their first row) and the
    // last instant: at 3.11 million rows, 0.87 s against 1.64 s for the two queries this replaced.
    const groups = await this.m.query(
      `WITH g AS (SELECT a.user_id, min(a.seq) AS first, max(a.at) AS last FROM audit_log a WHERE ${AUDIT_FILTER} GROUP BY a.user_id)
       SELECT g.user_id, to_char((SELECT max(last) FROM g) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS last_at
       FROM g ORDER BY g.first`,
      [code],
    );
    const [{ seq }] = await this.m.query('SELECT coalesce(max(seq), 0) AS seq FROM audit_log');
    return {
      users: groups.filter((r: any) => r.user_id !== null).map((r: any) => r.user_id),
      lastAt: groups[0]?.last_at ?? null,
      maxSeq: Number(seq),
    };
  }

  async participantSites(code: string): Promise<string[]> {
    const rows = await this.m.query(
      `SELECT DISTINCT s.code FROM participants p JOIN sites s ON s.id = p.site_id WHERE p.study_code = $1 AND ${USABLE('p')} ORDER BY s.code`,
      [code],
    );
    return rows.map((r: any) => r.code);
  }
}

function mapLock(r: Record<string, any>): StudyLockRow {
  return {
    id: r.id,
    studyCode: r.study_code,
    datasetId: r.dataset_id,
    lockedAt: iso(r.locked_at),
    lockedBy: r.locked_by ?? null,
    reason: r.reason,
    overridden: r.overridden,
    unlockedAt: isoOrNull(r.unlocked_at),
  };
}
