import { DateTime } from 'luxon';
import { assertStudyWritable } from '@trialdata/studies';
import { ConflictError, RuleViolationError, ValidationError } from '@trialdata/common';
import {
  CrfRepository,
  CrfReviewRepository,
  type AuditEntry,
  type FormLockRow,
  type FormRecordRow,
  type ParticipantRow,
  type Repositories,
} from '@trialdata/database';
import {
  CALCULATED_SENT,
  diffValues,
  validateFormValues,
  type CheckWarning,
  type FieldError,
  type FormContext,
  type FormStatus,
  type ValueChange,
} from '@trialdata/forms';
import type { FormDefinition } from '@trialdata/protocol';
import type { ParticipantsService } from '@trialdata/participants';
import { detectDeviations, type Deviation } from './deviations';
import { formStateAt, STATUS_ACTION, type FormAuditRow, type FormState } from './reconstruct';
import { loadParticipant, resolveTarget, type CrfDeps, type FormTarget } from './target';
import { assertFurtherDataAllowed } from './withdrawal';

export interface FormView {
  status: FormStatus | 'not_started';
  values: Record<string, unknown>;
  version: number | null;
}

export interface SaveInput {
  values: Record<string, unknown>;
  status?: FormStatus;
  reason?: string;
  version?: number | null;
}

export interface SaveResult extends FormView {
  /** Soft checks that failed: the values are saved and a query is open on each field. */
  warnings: CheckWarning[];
  /** Deviations this form instance shows after the save (window, arm). */
  deviations: Deviation[];
}

export interface FormSummary {
  eventId: string;
  formId: string;
  instance: number;
  status: FormStatus;
  version: number;
  updatedAt: string;
}

/** Audit action of a field's first value, and of later changes. */
const CREATE = 'create';
const UPDATE = 'update';

/**
 * Clinician form entry: a PUT replaces a form instance's values, validated by libs/forms, under
 * optimistic concurrency, with one audit row per changed field. Side effects of a change happen in
 * the same transaction: verification of changed fields is cleared, signatures covering the form are
 * voided, soft-check queries are opened and the schedule anchor follows an actual-date field.
 */
export class FormEntryService {
  constructor(
    private readonly deps: CrfDeps,
    private readonly participants: Pick<ParticipantsService, 'setAnchorDate' | 'followEndOfStudy'>,
  ) {}

  async get(participantId: string, eventId: string, formId: string, instance: number): Promise<FormView> {
    const repos = this.deps.db.repos;
    const { participant, study } = await loadParticipant(repos, participantId, this.deps.studies);
    const target = resolveTarget(study, participant, eventId, formId, instance);
    const record = await repos.get(CrfRepository).findRecord(target.key);
    return record ? view(record) : { status: 'not_started', values: {}, version: null };
  }

  /** Every saved form instance of a participant. */
  async list(participantId: string): Promise<FormSummary[]> {
    const records = await this.deps.db.repos.get(CrfRepository).listRecords(participantId);
    return records.map((r) => ({
      eventId: r.eventId,
      formId: r.formId,
      instance: r.instance,
      status: r.status,
      version: r.version,
      updatedAt: r.updatedAt,
    }));
  }

  /** The audit rows of one form instance, and the form rebuilt from them at `at` when asked. */
  async history(
    participantId: string,
    eventId: string,
    formId: string,
    instance: number,
    at?: string,
  ): Promise<{ rows: Array<FormAuditRow & { userName: string | null }>; stateAt?: FormState | null }> {
    const repos = this.deps.db.repos;
    const { participant, study } = await loadParticipant(repos, participantId, this.deps.studies);
    const target = resolveTarget(study, participant, eventId, formId, instance);
    const crf = repos.get(CrfRepository);
    const audit = await crf.formAudit(participantId, target.entityId);
    // Who made each change, by name (the console shows it beside the field): one save writes one row
    // per field and action at one instant, so (instant, action, field) names a row.
    const key = (r: { at: string; action: string; field: string | null }) => `${r.at}|${r.action}|${r.field ?? ''}`;
    const names = new Map(
      (await crf.participantFormAudit(participantId)).filter((r) => r.entityId === target.entityId).map((r) => [key(r), r.userName]),
    );
    const rows = audit.map((r) => ({ ...r, userName: names.get(key(r)) ?? null }));
    return at === undefined ? { rows } : { rows, stateAt: formStateAt(rows, at) };
  }

  async save(
    participantId: string,
    eventId: string,
    formId: string,
    instance: number,
    input: SaveInput,
    userId: string,
  ): Promise<SaveResult> {
    return this.deps.db.transaction(async (tx) => {
      const { participant, study } = await loadParticipant(tx, participantId, this.deps.studies);
      const target = resolveTarget(study, participant, eventId, formId, instance);
      const crf = tx.get(CrfRepository);

      await assertStudyWritable(tx, study.code);
      // Concurrency (docs/forms.md "Concurrency"): the shared participant entry lock makes a lock
      // insertion or a signature either wait for this save or commit before it (then seen below);
      // the record's FOR UPDATE makes verification wait for this save, or this save wait for it.
      await crf.lockParticipantEntry(participantId, 'shared');
      const existing = await crf.findRecord(target.key, { lock: true });
      const locks = await crf.locksCovering(target.key);
      if (locks.length) throw lockedError(target, locks[0]);
      checkVersion(existing, input.version);

      const status: FormStatus = input.status ?? existing?.status ?? 'incomplete';
      const context = await this.formContext(tx, target);
      const today = DateTime.fromJSDate(this.deps.clock(), { zone: study.timeZone }).toISODate() as string;
      const result = validateFormValues(target.form, enteredOnly(target.form, input.values), { status, context, today });
      result.errors.push(...calculatedMismatches(target.form, input.values, result.values));
      if (result.errors.length) {
        throw new ValidationError(
          `Invalid values for ${target.form.id}: ${result.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
          result.errors,
        );
      }
      // Blank fields are not stored: absent and null mean the same, and the stored object stays small.
      const values = Object.fromEntries(Object.entries(result.values).filter(([, v]) => v !== null));
      const changes = diffValues(existing?.values ?? null, values, target.form);
      const statusChanged = existing ? existing.status !== status : true;

      if (existing && changes.length === 0 && !statusChanged) {
        return { ...view(existing), warnings: result.warnings, deviations: this.deviations(target, existing) };
      }
      // Withdrawal without further data: nothing about the time after the withdrawal (libs/crf/withdrawal.ts).
      assertFurtherDataAllowed(target, values, context.enrolment?.date ?? null);
      const reason = input.reason?.trim() || null;
      if (existing?.status === 'complete' && !reason) {
        const what = [...changes.map((c) => c.field), ...(statusChanged ? ['status'] : [])].join(', ');
        throw new RuleViolationError(`${target.form.id} is complete; changing it (${what}) needs a reason`, [
          { field: 'reason', message: 'required to change a complete form' },
        ]);
      }

      const saved = existing
        ? await crf.updateRecord(existing.id, existing.version, status, values, userId)
        : await crf.insertRecord({ ...target.key, studyCode: study.code }, status, values, userId);
      if (!saved) throw new ConflictError(`${target.form.id} was saved by someone else meanwhile; read it again and re-apply your changes`);

      const audit: AuditEntry[] = [];
      const base = { userId, entity: 'form', entityId: target.entityId, studyCode: study.code, participantId, reason };
      if (statusChanged) audit.push({ ...base, action: STATUS_ACTION, field: null, from: existing?.status ?? 'not_started', to: status });
      for (const change of changes) {
        audit.push({
          ...base,
          action: existing && existing.values[change.field] !== undefined ? UPDATE : CREATE,
          field: change.field,
          from: change.from,
          to: change.to,
        });
      }
      // Only a saved record can have verified fields; but a first save (a new adverse-event instance,
      // a late form) adds data under a signed visit or casebook, which voids those signatures too.
      if (existing) audit.push(...(await this.clearVerification(tx, target, saved.id, changes, userId)));
      audit.push(...(await this.voidSignatures(tx, target, changes, statusChanged, !existing, userId)));
      audit.push(...(await this.openCheckQueries(tx, target, result.warnings)));
      await this.followAnchor(tx, target, changes, userId, reason, values);
      // The end-of-study form leads, the participant status follows (libs/participants/end-of-study.ts).
      await this.participants.followEndOfStudy(tx, { participantId, formId: target.form.id, instance, status, values, userId });
      await tx.audit.append(audit);
      return { ...view(saved), warnings: result.warnings, deviations: this.deviations(target, saved) };
    });
  }

  /** What rules may read: enrolment and anchor dates, cohort, and the participant's other forms (first instance). */
  private async formContext(tx: Repositories, target: FormTarget): Promise<FormContext> {
    const { participant, study } = target;
    const records = await tx.get(CrfRepository).contextRecords(participant.id, target.form.id);
    const otherForms: Record<string, Record<string, unknown>> = {};
    const newest = new Map<string, FormRecordRow>();
    for (const r of records) {
      const seen = newest.get(r.formId);
      if (!seen || seen.updatedAt < r.updatedAt) newest.set(r.formId, r);
    }
    for (const [id, r] of newest) otherForms[id] = r.values;
    const enrolled = DateTime.fromJSDate(new Date(participant.enrolledAt), { zone: study.timeZone }).toISODate() as string;
    return {
      enrolment: {
        date: enrolled,
        // "On or after enrolment" rules read the consent date: a participant registered after the
        // procedure (consented before it) can still be entered (issue 13 item 5).
        consentDate: participant.consentDate,
        birthYear: participant.birthYear,
        sex: participant.sex,
        ...(participant.cohort ? { cohort: participant.cohort } : {}),
      },
      ...(participant.anchorDate ? { anchor: { date: participant.anchorDate } } : {}),
      otherForms,
    };
  }

  /** A change to verified data undoes its verification: the monitor has not seen the new value. */
  private async clearVerification(
    tx: Repositories,
    target: FormTarget,
    recordId: string,
    changes: ValueChange[],
    userId: string,
  ): Promise<AuditEntry[]> {
    const cleared = await tx.get(CrfReviewRepository).clearVerifications(
      recordId,
      changes.map((c) => c.field),
    );
    return cleared.map((field) => ({
      userId,
      action: 'unverify',
      entity: 'sdv',
      entityId: target.entityId,
      studyCode: target.study.code,
      participantId: target.participant.id,
      field,
      reason: 'value changed after verification',
    }));
  }

  /** A signature covers the data as signed; any later change to it voids the signature, visibly. */
  private async voidSignatures(
    tx: Repositories,
    target: FormTarget,
    changes: ValueChange[],
    statusChanged: boolean,
    added: boolean,
    userId: string,
  ): Promise<AuditEntry[]> {
    const crf = tx.get(CrfRepository);
    const signatures = await crf.validSignaturesCovering(target.key);
    if (signatures.length === 0) return [];
    const fields = [...changes.map((c) => c.field), ...(statusChanged && !added ? ['(status)'] : [])];
    const what = `${target.form.id} at ${target.event.id} (instance ${target.instance})`;
    const because = added
      ? `${what} added after signing${fields.length ? `: ${fields.join(', ')}` : ''}`
      : `${what} changed: ${fields.join(', ')}`;
    await crf.voidSignatures(
      signatures.map((s) => s.id),
      userId,
      because,
      this.deps.clock(),
    );
    return signatures.map((s) => ({
      userId,
      action: 'void',
      entity: 'signature',
      entityId: s.id,
      studyCode: target.study.code,
      participantId: target.participant.id,
      from: 'valid',
      to: 'voided',
      reason: because,
    }));
  }

  /** Each failed soft check opens one query on its field (by the system), unless one is already open. */
  private async openCheckQueries(tx: Repositories, target: FormTarget, warnings: CheckWarning[]): Promise<AuditEntry[]> {
    const review = tx.get(CrfReviewRepository);
    const audit: AuditEntry[] = [];
    const { key } = target;
    for (const w of warnings) {
      if (await review.findOpenCheckQuery(key.participantId, key.eventId, key.formId, key.instance, w.field, w.check)) continue;
      const text = `${w.message} (check ${w.check})`;
      const id = await review.insertQuery(
        { ...key, studyCode: target.study.code, field: w.field, checkId: w.check, openedBy: null, openedAt: this.deps.clock() },
        text,
      );
      audit.push({
        userId: null,
        action: 'open',
        entity: 'query',
        entityId: id,
        studyCode: target.study.code,
        participantId: key.participantId,
        field: w.field,
        to: { status: 'open', text, form: target.entityId },
      });
    }
    return audit;
  }

  /** The actual injection or surgery date moves the schedule anchor; clearing it falls back to the planned date. */
  private async followAnchor(
    tx: Repositories,
    target: FormTarget,
    changes: ValueChange[],
    userId: string,
    reason: string | null,
    values: Record<string, unknown>,
  ): Promise<void> {
    const actual = target.study.anchor.actual;
    if (!actual || actual.eventId !== target.event.id || actual.formId !== target.form.id || target.instance !== 1) return;
    if (!changes.some((c) => c.field === actual.fieldId || c.field === actual.timeFieldId)) return;
    const recorded = values[actual.fieldId];
    const date = typeof recorded === 'string' ? recorded : target.participant.plannedAnchorDate;
    // The anchor's time of day (POTEISS injection time) only with the actual date it belongs to.
    const time =
      actual.timeFieldId === undefined ? undefined : typeof recorded === 'string' ? ((values[actual.timeFieldId] as string) ?? null) : null;
    await this.participants.setAnchorDate(
      tx,
      target.participant.id,
      date,
      userId,
      reason ?? `actual ${target.study.anchor.kind} date from form ${target.form.id}`,
      time,
    );
  }

  private deviations(target: FormTarget, record: FormRecordRow): Deviation[] {
    const { participant, study } = target;
    const today = DateTime.fromJSDate(this.deps.clock(), { zone: study.timeZone }).toISODate() as string;
    // Only this instance's own deviations (window, arm); missing forms are the study list's business.
    return detectDeviations(study, anchorOf(participant, target, record), [record], today).filter((d) => d.kind !== 'missing_form');
  }
}

/** The participant as deviation detection sees it, with the anchor this save may just have set. */
function anchorOf(p: ParticipantRow, target: FormTarget, record: FormRecordRow) {
  const actual = target.study.anchor.actual;
  const own = actual && actual.formId === record.formId && actual.eventId === record.eventId ? record.values[actual.fieldId] : undefined;
  return { id: p.id, arm: p.arm, cohort: p.cohort, anchorDate: typeof own === 'string' ? own : p.anchorDate };
}

/**
 * The values without calculated fields. A client may send back what it read (calculated values
 * included) so that GET → edit → PUT round-trips; libs/forms computes them again.
 */
function enteredOnly(form: FormDefinition, values: Record<string, unknown>): Record<string, unknown> {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) return values;
  const calculated = new Set(form.fields.filter((f) => f.calculated !== undefined).map((f) => f.id));
  return Object.fromEntries(Object.entries(values).filter(([id]) => !calculated.has(id)));
}

/** A calculated value sent that differs from the one the form computes is refused, never silently replaced. */
function calculatedMismatches(form: FormDefinition, sent: Record<string, unknown>, computed: Record<string, unknown>): FieldError[] {
  if (sent === null || typeof sent !== 'object' || Array.isArray(sent)) return [];
  return form.fields
    .filter(
      (f) =>
        f.calculated !== undefined &&
        sent[f.id] !== undefined &&
        sent[f.id] !== null &&
        JSON.stringify(sent[f.id]) !== JSON.stringify(computed[f.id] ?? null),
    )
    .map((f) => ({ field: f.id, message: `${CALCULATED_SENT}; it computes to ${JSON.stringify(computed[f.id] ?? null)}` }));
}

function view(r: FormRecordRow): FormView {
  return { status: r.status, values: r.values, version: r.version };
}

/** Optimistic concurrency: the version last read must be the stored one; a saved form needs one. */
function checkVersion(existing: FormRecordRow | null, version: number | null | undefined): void {
  const given = version ?? null;
  if (existing && given === null) {
    throw new ConflictError(`This form has been saved before (version ${existing.version}); send the version you last read`, undefined, {
      currentVersion: existing.version,
    });
  }
  if (existing && given !== existing.version) {
    throw new ConflictError(
      `Stale version ${given}: the form is at version ${existing.version}; read it again and re-apply your changes`,
      undefined,
      { currentVersion: existing.version },
    );
  }
  if (!existing && given !== null)
    throw new ConflictError(`Stale version ${given}: the form has not been saved yet; omit version on the first save`, undefined, {
      currentVersion: null,
    });
}

function lockedError(target: FormTarget, lock: FormLockRow): ConflictError {
  const what = lock.formId ? `Form ${target.form.id} (instance ${target.instance})` : `Visit ${lock.eventId}`;
  return new ConflictError(
    `${what} of ${target.participant.label} is locked by ${lock.lockedByName ?? 'a data manager'} since ${lock.lockedAt}: ${lock.reason}`,
    undefined,
    {
      lock: {
        id: lock.id,
        scope: lock.formId ? 'form' : 'visit',
        eventId: lock.eventId,
        formId: lock.formId,
        instance: lock.instance,
        lockedAt: lock.lockedAt,
        reason: lock.reason,
      },
    },
  );
}
