/**
 * Building a dataset: read one consistent snapshot of the study (a REPEATABLE READ, read-only
 * transaction, paged by label and by audit sequence), stream the eight files into a fresh temporary
 * directory, then rename it into place and record sizes and checksums. Idempotent: a retry starts
 * again from scratch; a ready dataset is never rebuilt.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { agreementCsv } from '@trialdata/agreement';
import { HEAD_FORMAT, UNSIGNED, headJson, signHead } from '@trialdata/audit';
import {
  Database,
  DatasetsRepository,
  type AuditRepository,
  type Repositories,
  type ExportAuditRow,
  type ExportParticipantRow,
  UUID_PATTERN,
} from '@trialdata/database';
import type { StudyDefinition } from '@trialdata/protocol';
import { JobName, jobIdOf } from '@trialdata/queue';
import { writeDatasetFiles, manifestSha256, type DatasetSources } from './files';
import type { AuditRecordRow, ParticipantRecord, QuestionnaireRecord } from './model';
import { buildExportPlan } from './plan';

export interface BuildDeps {
  db: Database;
  studies: { find(code: string): StudyDefinition | undefined };
  storageDir: string;
  clock: () => Date;
  log?: (msg: string, extra?: object) => void;
  /** Signs audit-head.json (the worker passes the key derived from DATA_KEY); unset: the head is written unsigned. */
  auditHead?: { key: Buffer; database: string };
}

const PAGE = 500;
const UUID = new RegExp(UUID_PATTERN, 'i');
const UUIDS = new RegExp(UUID.source, 'gi');

/** The BullMQ job id of a dataset's build attempt: `dataset-<id>` for the first, `dataset-<id>-<n>` after (libs/queue jobIdOf). */
export function datasetJobId(datasetId: string, attempt = 1): string {
  return jobIdOf(JobName.BuildDataset, { datasetId, attempt });
}

/** Where a dataset's files live: `<storageDir>/datasets/<datasetId>/<name>` (the modelling worker reads data.csv there). */
export function datasetDir(storageDir: string, datasetId: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(datasetId)) throw new Error(`not a dataset id: ${datasetId}`);
  return join(storageDir, 'datasets', datasetId);
}

/** The participant pages of one snapshot, as records the writers read (labels only, no ids). */
export function snapshotSources(
  repo: DatasetsRepository,
  study: StudyDefinition,
  count: number,
  meta: DatasetSources['meta'],
  userIds: readonly string[] = [],
  head?: { audit: AuditRepository; sign?: { key: Buffer; database: string } },
): DatasetSources {
  return {
    participantCount: count,
    meta,
    participants: () => participantRecords(repo, study),
    audit: () => auditRecords(repo, study.code, userIds),
    auditHead: head ? (lastSeq) => auditHeadText(head.audit, lastSeq, head.sign) : undefined,
    agreement: study.doubleReading ? (participants) => agreementCsv(study, participants) : undefined,
  };
}

/** The chain position of the last exported audit row, as the text of audit-head.json (deterministic: same data, same bytes). */
async function auditHeadText(audit: AuditRepository, seq: number, sign?: { key: Buffer; database: string }): Promise<string> {
  const row = seq > 0 ? await audit.rowHash(seq) : null;
  // `seq` is the row's insertion number; the head names its chain position (issue 16, docs/AUDIT.md).
  const fields = { seq: row?.seq ?? seq, hash: row?.hash ?? '0'.repeat(64), at: row?.at ?? '1970-01-01T00:00:00.000000Z' };
  if (!sign) return `${headJson({ format: HEAD_FORMAT, database: await audit.databaseName(), ...fields, signature: UNSIGNED })}\n`;
  return `${headJson(signHead(sign.key, { database: sign.database, ...fields }))}\n`;
}

/**
 * Pages read one ahead: the next page's queries are sent before this page's items are handed on, so
 * PostgreSQL reads it while the writer formats this one (one connection runs them in turn; what
 * overlaps is the database's work with ours). A consumer that stops early waits for the page in
 * flight, so no query outlives the transaction.
 */
export async function* readAhead<T, C>(first: C, fetch: (after: C) => Promise<T[]>, cursor: (last: T) => C): AsyncGenerator<T> {
  let pending: Promise<T[]> | null = fetch(first);
  try {
    for (;;) {
      const page: T[] = await pending;
      pending = null;
      if (!page.length) return;
      pending = fetch(cursor(page[page.length - 1]));
      // Settled by the next await, or by the finally if the consumer stops first.
      pending.catch(() => undefined);
      yield* page;
    }
  } finally {
    if (pending) await pending.catch(() => undefined);
  }
}

async function* participantRecords(repo: DatasetsRepository, study: StudyDefinition): AsyncGenerator<ParticipantRecord> {
  const fetch = async (after: string): Promise<ParticipantRecord[]> => {
    const page = await repo.participantsPage(study.code, study.timeZone, after, PAGE);
    if (!page.length) return [];
    const ids = page.map((p) => p.id);
    const forms = groupBy(await repo.formRecordsFor(ids), (f) => f.participantId);
    const questionnaires = groupBy(await repo.questionnairesFor(ids), (q) => q.participantId);
    return page.map((p) =>
      toRecord(
        p,
        (forms.get(p.id) ?? []).map((f) => ({
          eventId: f.eventId,
          formId: f.formId,
          instance: f.instance,
          status: f.status,
          values: f.values,
        })),
        (questionnaires.get(p.id) ?? []).flatMap((q) => {
          const codes = [...new Set([...Object.keys(q.answers ?? {}), ...Object.keys(q.scores ?? {})])].sort();
          return codes.map((code): QuestionnaireRecord => ({
            eventId: q.eventId,
            instrument: code,
            status: q.status,
            answers: q.answers?.[code] ?? {},
            scores: q.scores?.[code] ?? undefined,
          }));
        }),
      ),
    );
  };
  yield* readAhead('', fetch, (last) => last.label);
}

function toRecord(p: ExportParticipantRow, forms: ParticipantRecord['forms'], questionnaires: QuestionnaireRecord[]): ParticipantRecord {
  return {
    label: p.label,
    site: p.site,
    status: p.status,
    arm: p.arm,
    cohort: p.cohort,
    sex: p.sex,
    birthYear: p.birthYear,
    consentDate: p.consentDate,
    consentVersion: p.consentVersion,
    enrolmentDate: p.enrolmentDate,
    randomisationDate: p.randomisationDate,
    anchorDate: p.anchorDate,
    forms,
    questionnaires,
  };
}

/** The audit rows as the files carry them, in the batches the database delivers. */
async function* auditRecords(repo: DatasetsRepository, studyCode: string, userIds: readonly string[]): AsyncGenerator<AuditRecordRow[]> {
  const pseudonyms = new AuditPseudonyms(userIds);
  for await (const rows of repo.auditRows(studyCode)) yield rows.map((r) => pseudonyms.record(r));
}

/** A user's pseudonym in a dataset: `user-<n>`, n in order of the user's first exported audit row. */
export const userPseudonym = (n: number): string => `user-${n}`;

/**
 * Stable pseudonyms for the database ids of an audit trail, so that files carry no database id and
 * still link rows: a participant id becomes the participant's label, a user id `user-<n>` (n in order
 * of first appearance, given up front), any other entity id `<entity>-<seq of the entity's first
 * exported audit row>` (e.g. `query-42`). The same ids inside `from`/`to` get the same pseudonyms; an
 * id not (yet) known there is dropped. Fed rows in sequence order, the same data give the same text.
 */
export class AuditPseudonyms {
  private readonly users = new Map<string, string>();
  private readonly ids = new Map<string, string>();

  constructor(userIds: readonly string[] = []) {
    userIds.forEach((id, i) => this.users.set(id.toLowerCase(), userPseudonym(i + 1)));
  }

  user(id: string | null): string | null {
    if (!id) return null;
    const known = this.users.get(id);
    if (known) return known;
    const key = id.toLowerCase();
    let p = this.users.get(key);
    if (!p) {
      p = userPseudonym(this.users.size + 1);
      this.users.set(key, p);
    }
    return p;
  }

  record(r: ExportAuditRow): AuditRecordRow {
    let entityId = r.entityId;
    if (r.participantId && r.participantLabel) {
      const key = r.participantId.toLowerCase();
      if (this.ids.get(key) !== r.participantLabel) this.ids.set(key, r.participantLabel);
      if (entityId.includes(r.participantId)) entityId = entityId.split(r.participantId).join(r.participantLabel);
    }
    // (36 characters: a UUID's length, so the shorter ids of form rows skip the pattern.)
    if (entityId.length >= 36 && UUID.test(entityId)) {
      const pseudonym = `${r.entity}-${r.entityFirstSeq}`;
      for (const id of entityId.match(UUIDS) ?? []) if (!this.ids.has(id.toLowerCase())) this.ids.set(id.toLowerCase(), pseudonym);
      entityId = UUID.exec(entityId)![0].length === entityId.length ? pseudonym : this.text(entityId);
    }
    return {
      seq: r.seq,
      at: r.at,
      user: this.user(r.userId),
      action: r.action,
      entity: r.entity,
      entityId,
      participant: r.participantLabel,
      site: r.site,
      field: r.field,
      from: this.json(r.from),
      to: this.json(r.to),
      reason: r.reason === null ? null : this.text(r.reason),
    };
  }

  /** Every database id inside a text replaced by its pseudonym (or dropped when unknown). */
  text(s: string): string {
    if (!UUID.test(s)) return s;
    return s.replace(UUIDS, (id) => {
      const key = id.toLowerCase();
      return this.ids.get(key) ?? this.users.get(key) ?? '';
    });
  }

  /** The same, through a JSON value (keys and strings). */
  json(v: unknown): unknown {
    if (typeof v === 'string') return this.text(v);
    if (Array.isArray(v)) return v.map((x) => this.json(x));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[this.text(k)] = this.json(x);
      return out;
    }
    return v;
  }
}

/** One audit row without database ids (a fresh pseudonymiser: see AuditPseudonyms for a whole trail). */
export function toAuditRecord(r: ExportAuditRow, pseudonyms: AuditPseudonyms = new AuditPseudonyms()): AuditRecordRow {
  return pseudonyms.record(r);
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (!map.has(k)) map.set(k, []);
    map.get(k)!.push(item);
  }
  return map;
}

export type BuildOutcome = 'built' | 'already-ready' | 'gone' | 'not-building' | 'superseded';

/**
 * Builds the files of one dataset row; `onProgress` receives 0–100. `attempt` (from the job) is the
 * build attempt the job was enqueued for: a job of an older attempt (superseded by a rebuild) does nothing.
 */
/**
 * The first reads of a build transaction (`tx`): one consistent snapshot, the participant count, the
 * audit summary (users, as-of instant, high-water mark) and the sources the writers read from it.
 * buildDataset and the export benchmark (bench/datasets.bench.ts) both open it so.
 */
export async function openSnapshot(
  tx: Repositories,
  study: StudyDefinition,
  sign?: BuildDeps['auditHead'],
): Promise<{ sources: DatasetSources; participants: number; snapshotSeq: number }> {
  const repo = tx.get(DatasetsRepository);
  await repo.beginSnapshot();
  const participants = await repo.participantCount(study.code);
  const summary = await repo.auditSummary(study.code);
  const meta = {
    asOf: summary.lastAt ?? '1970-01-01T00:00:00.000000Z',
    sites: await repo.participantSites(study.code),
    users: summary.users.map((_, i) => userPseudonym(i + 1)),
  };
  const sources = snapshotSources(repo, study, participants, meta, summary.users, { audit: tx.audit, sign });
  return { sources, participants, snapshotSeq: summary.maxSeq };
}

export async function buildDataset(
  deps: BuildDeps,
  datasetId: string,
  onProgress: (percent: number) => Promise<void> = async () => undefined,
  attempt?: number,
): Promise<BuildOutcome> {
  const pool = deps.db.repos.get(DatasetsRepository);
  const row = await pool.find(datasetId);
  if (!row) return 'gone';
  if (row.status === 'ready') return 'already-ready';
  if (row.status !== 'building') return 'not-building';
  if (attempt !== undefined && attempt !== row.attempt) return 'superseded';
  const study = deps.studies.find(row.studyCode);
  if (!study) throw new Error(`dataset ${datasetId}: study ${row.studyCode} has no definition`);

  const finalDir = datasetDir(deps.storageDir, datasetId);
  const tmpDir = join(deps.storageDir, 'datasets', `.tmp-${datasetId}-${randomBytes(4).toString('hex')}`);
  await mkdir(tmpDir, { recursive: true });
  let lastPercent = -1;
  const report = async (fraction: number) => {
    const percent = Math.min(99, Math.floor(fraction * 100));
    if (percent === lastPercent) return;
    lastPercent = percent;
    await pool.setProgress(datasetId, percent);
    await onProgress(percent);
  };
  try {
    const plan = buildExportPlan(study);
    const { files, participants, snapshotSeq } = await deps.db.transaction(async (tx) => {
      const snapshot = await openSnapshot(tx, study, deps.auditHead);
      const written = await writeDatasetFiles(tmpDir, plan, snapshot.sources, report);
      return { files: written, participants: snapshot.participants, snapshotSeq: snapshot.snapshotSeq };
    });
    // A rebuild may have superseded this attempt while it ran: then its files must not replace anything.
    const current = await pool.find(datasetId);
    if (!current || current.status !== 'building' || current.attempt !== row.attempt) return 'superseded';
    // A previous attempt may have renamed its directory before failing to record it: replace it.
    if (
      await stat(finalDir).then(
        () => true,
        () => false,
      )
    )
      await rm(finalDir, { recursive: true, force: true });
    await rename(tmpDir, finalDir);
    await pool.markReady(datasetId, {
      participants,
      files,
      sha256: manifestSha256(files),
      completedAt: deps.clock(),
      snapshotSeq,
      attempt: row.attempt,
    });
    await onProgress(100);
    deps.log?.('dataset ready', { datasetId, study: study.code, participants });
    return 'built';
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}
