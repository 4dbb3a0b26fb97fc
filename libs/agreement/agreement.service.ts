import { reachesSite, type StudyAccess } from '@trialdata/accounts';
import { ConflictError, NotFoundError, ValidationError } from '@trialdata/common';
import { CrfRepository, type Database, type FormRecordRow, type ParticipantRow } from '@trialdata/database';
import type { DoubleReadingDefinition, FormDefinition, StudyDefinition } from '@trialdata/protocol';
import { agreementSummary, type AgreementSummary } from './agreement';

export interface AgreementStudies {
  find(code: string): StudyDefinition | undefined;
}

/** What FormEntryService.save offers: the blinded reading is an ordinary form instance, audited and checked. */
export interface ReadingFormStore {
  save(
    participantId: string,
    eventId: string,
    formId: string,
    instance: number,
    input: { values: Record<string, unknown>; status?: 'incomplete' | 'complete'; reason?: string; version?: number | null },
    userId: string,
  ): Promise<{ status: string; values: Record<string, unknown>; version: number | null }>;
}

/** A subject field of the first reading as the blinded reader sees it: the value and its label. */
export interface SubjectValue {
  field: string;
  label: string;
  code: unknown;
  text: string;
}

/** One scan to read: the participant and what to grade, never the first reading's grades. */
export interface ReadingTask {
  participantId: string;
  label: string;
  subject: SubjectValue[];
  /** The caller's own reading, when started. */
  reading: { instance: number; status: string; version: number } | null;
}

export interface BlindedReading extends ReadingTask {
  /** The caller's own values (grades only), `{}` before the first save. */
  values: Record<string, unknown>;
  /** The fields the reader fills in (the further-reading form minus reader and subject). */
  fields: string[];
}

export interface ReadingInput {
  values: Record<string, unknown>;
  status?: 'incomplete' | 'complete';
  version?: number | null;
  reason?: string;
}

export interface StudyAgreement extends AgreementSummary {
  study: string;
  /** The further readings entered blind through the reader routes (the others were entered on the CRF). */
  blindedReadings: number;
}

/**
 * The blinded second reading and the agreement table. A reader (`reader` role) sees the scans to read
 * with their subject (level, side) and only their own reading: the first reading's grades and other
 * readers' readings never leave the server through these routes, and the role reaches no other route.
 * The reader id stored on the reading is the reader's user id, so two readers never share one.
 */
export class AgreementService {
  constructor(
    private readonly db: Database,
    private readonly studies: AgreementStudies,
    private readonly forms: ReadingFormStore,
  ) {}

  /** Kappa per grade and side over every participant the caller reaches. */
  async agreement(access: StudyAccess): Promise<StudyAgreement> {
    const { study } = this.reading(access.studyCode);
    const records = await this.db.repos.get(CrfRepository).listStudyRecords(study.code, access.siteIds);
    const byParticipant = new Map<string, FormRecordRow[]>();
    for (const r of records) byParticipant.set(r.participantId, [...(byParticipant.get(r.participantId) ?? []), r]);
    const reading = study.doubleReading!;
    const blindedReadings = records.filter(
      (r) => r.formId === reading.furtherFormId && r.status === 'complete' && r.values[reading.readerFieldId] === r.updatedBy,
    ).length;
    return { study: study.code, blindedReadings, ...agreementSummary(study, byParticipant.values()) };
  }

  /** The scans a reader may read: participants at the reader's sites with a complete first reading. */
  async tasks(access: StudyAccess, readerId: string): Promise<ReadingTask[]> {
    const { study, reading, first } = this.reading(access.studyCode);
    const participants = await this.db.repos.participants.list(study.code, access.siteIds);
    const records = await this.db.repos.get(CrfRepository).listStudyRecords(study.code, access.siteIds);
    const byParticipant = new Map<string, FormRecordRow[]>();
    for (const r of records) byParticipant.set(r.participantId, [...(byParticipant.get(r.participantId) ?? []), r]);
    const out: ReadingTask[] = [];
    for (const p of participants) {
      const task = toTask(reading, first, p, byParticipant.get(p.id) ?? [], readerId);
      if (task) out.push(task);
    }
    return out;
  }

  /** The reader's own reading of one participant's scan. */
  async get(access: StudyAccess, participantId: string, readerId: string): Promise<BlindedReading> {
    const { reading, first, further, participant, records } = await this.load(access, participantId);
    const task = toTask(reading, first, participant, records, readerId);
    if (!task) throw new NotFoundError('No first reading to compare with yet');
    const own = records.find((r) => r.instance === task.reading?.instance && r.formId === reading.furtherFormId);
    return { ...task, values: own ? gradesOnly(reading, own.values) : {}, fields: gradeFields(reading, further) };
  }

  /**
   * Saves the reader's reading as an instance of the further-reading form: the reader id is the
   * caller's, the subject is copied from the first reading, a new reading takes the next instance.
   */
  async save(access: StudyAccess, participantId: string, readerId: string, input: ReadingInput): Promise<BlindedReading> {
    const { reading, first, further, participant, records } = await this.load(access, participantId);
    const task = toTask(reading, first, participant, records, readerId);
    if (!task) throw new ConflictError('The first reading is not complete yet; a blinded reading compares with it');
    const allowed = new Set(gradeFields(reading, further));
    const values = input?.values;
    if (!values || typeof values !== 'object' || Array.isArray(values)) throw new ValidationError('values must be an object');
    const foreign = Object.keys(values).filter((k) => !allowed.has(k));
    if (foreign.length)
      throw new ValidationError(
        `Not a field of a blinded reading: ${foreign.join(', ')}`,
        foreign.map((field) => ({ field, message: 'the reader and what is read are set by the server' })),
      );
    const firstValues = records.find((r) => r.formId === reading.firstFormId && r.instance === 1)!.values;
    const subject = Object.fromEntries(reading.subjectFieldIds.map((id) => [id, firstValues[id]]));
    const instance =
      task.reading?.instance ??
      1 + Math.max(0, ...records.filter((r) => r.eventId === reading.eventId && r.formId === reading.furtherFormId).map((r) => r.instance));
    const saved = await this.forms.save(
      participantId,
      reading.eventId,
      reading.furtherFormId,
      instance,
      {
        values: { ...values, ...subject, [reading.readerFieldId]: readerId },
        status: input.status,
        version: task.reading ? (input.version ?? null) : null,
        reason: input.reason,
      },
      readerId,
    );
    return {
      ...task,
      reading: { instance, status: saved.status, version: saved.version ?? 0 },
      values: gradesOnly(reading, saved.values),
      fields: [...allowed],
    };
  }

  private reading(studyCode: string): {
    study: StudyDefinition;
    reading: DoubleReadingDefinition;
    first: FormDefinition;
    further: FormDefinition;
  } {
    const study = this.studies.find(studyCode);
    const reading = study?.doubleReading;
    if (!study || !reading) throw new NotFoundError(`${studyCode} has no double reading`);
    const form = (id: string) => study.forms.find((f) => f.id === id)!;
    return { study, reading, first: form(reading.firstFormId), further: form(reading.furtherFormId) };
  }

  private async load(access: StudyAccess, participantId: string) {
    const resolved = this.reading(access.studyCode);
    const participant = await this.db.repos.participants.findById(participantId);
    // Another study's or another site's participant: not found, as everywhere (existence does not leak).
    if (!participant || participant.studyCode !== access.studyCode || !reachesSite(access, participant.siteId))
      throw new NotFoundError('Participant not found');
    const records = (await this.db.repos.get(CrfRepository).listRecords(participantId)).filter(
      (r) => r.eventId === resolved.reading.eventId,
    );
    return { ...resolved, participant, records };
  }
}

function toTask(
  reading: DoubleReadingDefinition,
  first: FormDefinition,
  participant: ParticipantRow,
  records: readonly FormRecordRow[],
  readerId: string,
): ReadingTask | null {
  const at = records.filter((r) => r.eventId === reading.eventId);
  const firstReading = at.find((r) => r.formId === reading.firstFormId && r.instance === 1 && r.status === 'complete');
  if (!firstReading) return null;
  const own = at
    .filter((r) => r.formId === reading.furtherFormId && r.values[reading.readerFieldId] === readerId)
    .sort((a, b) => a.instance - b.instance)[0];
  return {
    participantId: participant.id,
    label: participant.label,
    subject: reading.subjectFieldIds.map((id) => {
      const field = first.fields.find((f) => f.id === id)!;
      const code = firstReading.values[id] ?? null;
      return { field: id, label: field.label, code, text: field.options?.find((o) => o.code === code)?.label ?? String(code ?? '') };
    }),
    reading: own ? { instance: own.instance, status: own.status, version: own.version } : null,
  };
}

function gradeFields(reading: DoubleReadingDefinition, further: FormDefinition): string[] {
  const fixed = new Set([reading.readerFieldId, ...reading.subjectFieldIds]);
  return further.fields.filter((f) => !fixed.has(f.id)).map((f) => f.id);
}

function gradesOnly(reading: DoubleReadingDefinition, values: Record<string, unknown>): Record<string, unknown> {
  const fixed = new Set([reading.readerFieldId, ...reading.subjectFieldIds]);
  return Object.fromEntries(Object.entries(values).filter(([k]) => !fixed.has(k)));
}
