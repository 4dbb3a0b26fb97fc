import * as argon2 from 'argon2';
import { assertStudyWritable } from '@trialdata/studies';
import { DateTime } from 'luxon';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@trialdata/common';
import type { Actor, StudyAccess } from '@trialdata/accounts';
import {
  CrfRepository,
  CrfReviewRepository,
  type FormLockRow,
  type FormRecordRow,
  type SignatureRow,
  type SignatureScope,
} from '@trialdata/database';
import { findForm, type StudyDefinition } from '@trialdata/protocol';
import { detectDeviations, type Deviation } from './deviations';
import { DEFAULT_SDV_PLAN, fieldsToVerify, inSample, type SdvPlan, type SdvPlanKind } from './sdv-plan';
import { formEntityId, loadParticipant, resolveTarget, type CrfDeps } from './target';

export interface Scope {
  eventId?: string;
  formId?: string;
  instance?: number;
}

export interface SdvStatus {
  plan: SdvPlan;
  sampled: boolean;
  forms: Array<{ eventId: string; formId: string; instance: number; toVerify: string[]; verified: string[]; remaining: string[] }>;
  remaining: number;
}

const MEANINGS: Record<SignatureScope, string> = {
  form: 'I approve the data in this form',
  visit: 'I approve the data in this visit',
  casebook: 'I approve the data in this casebook',
};

/**
 * The review side of form entry: source data verification (per field, form or visit in one action,
 * against the study's plan), electronic signatures (password re-entered, 21 CFR Part 11 manifest),
 * form and visit locks, and protocol deviations.
 */
export class ReviewService {
  constructor(private readonly deps: CrfDeps) {}

  // ----- source data verification -----

  /**
   * Verifies, in one action, the given fields of one form instance, every entered field of one form
   * instance, or every entered field of every form of a visit. Returns the fields verified.
   */
  async verify(
    participantId: string,
    scope: Scope & { eventId: string; fields?: string[] },
    actor: Actor,
  ): Promise<{ verified: Array<{ eventId: string; formId: string; instance: number; field: string }> }> {
    return this.deps.db.transaction(async (tx) => {
      const { participant, study } = await loadParticipant(tx, participantId, this.deps.studies);
      await assertStudyWritable(tx, study.code);
      if (scope.formId !== undefined) resolveTarget(study, participant, scope.eventId, scope.formId, scope.instance ?? 1);
      else if (!study.schedule.some((e) => e.id === scope.eventId))
        throw new NotFoundError(`${study.code} has no event "${scope.eventId}"`);
      if (scope.fields && scope.formId === undefined)
        throw new ValidationError('Fields need a form', [{ field: 'fields', message: 'name formId to verify single fields' }]);
      // FOR SHARE: a save in flight on one of these records commits first and its values are the
      // ones verified; a save arriving later waits for this and then clears what its change touches.
      const records = await tx.get(CrfRepository).recordsForReview(participantId, {
        eventId: scope.eventId,
        ...(scope.formId !== undefined ? { formId: scope.formId, instance: scope.instance ?? 1 } : {}),
      });
      if (records.length === 0) throw new ConflictError('Nothing saved to verify there');

      const now = this.deps.clock();
      const verified: Array<{ eventId: string; formId: string; instance: number; field: string }> = [];
      const audit = [];
      const review = tx.get(CrfReviewRepository);
      for (const record of records) {
        const form = findForm(study, record.formId);
        if (!form) continue;
        const entered = form.fields.filter((f) => f.calculated === undefined && record.values[f.id] !== undefined).map((f) => f.id);
        let fields = entered;
        if (scope.fields) {
          const unknown = scope.fields.filter((f) => !entered.includes(f));
          if (unknown.length)
            throw new ValidationError(
              'Only entered fields can be verified',
              unknown.map((f) => ({ field: 'fields', message: `${f} has no value on ${form.id}` })),
            );
          fields = scope.fields;
        }
        await review.verify(
          record.id,
          fields.map((field) => ({ field, value: record.values[field] })),
          actor.userId,
          now,
        );
        for (const field of fields) {
          verified.push({ eventId: record.eventId, formId: record.formId, instance: record.instance, field });
          audit.push({
            userId: actor.userId,
            action: 'verify',
            entity: 'sdv',
            entityId: formEntityId(record.eventId, record.formId, record.instance),
            studyCode: study.code,
            participantId,
            field,
            to: record.values[field] ?? null,
          });
        }
      }
      await tx.audit.append(audit);
      return { verified };
    });
  }

  async sdvStatus(participantId: string): Promise<SdvStatus> {
    const repos = this.deps.db.repos;
    const { participant, study } = await loadParticipant(repos, participantId, this.deps.studies);
    const plan = await this.plan(study.code);
    const records = await repos.get(CrfRepository).listRecords(participantId);
    const verifications = await repos.get(CrfReviewRepository).verifications([participantId]);
    return this.status(study, plan, participant.id, records, verifications);
  }

  /** What remains to verify in a study, per participant, at the caller's sites. */
  async sdvReport(access: StudyAccess): Promise<{
    plan: SdvPlan;
    participants: Array<{ participantId: string; label: string; siteCode: string; sampled: boolean; remaining: number }>;
    remaining: number;
  }> {
    const repos = this.deps.db.repos;
    const study = this.study(access.studyCode);
    const plan = await this.plan(study.code);
    const participants = (await repos.participants.list(study.code, null)).filter(
      (p) => access.siteIds === null || access.siteIds.includes(p.siteId),
    );
    const records = byParticipant(await repos.get(CrfRepository).listStudyRecords(study.code, access.siteIds));
    const verifications = byParticipant(await repos.get(CrfReviewRepository).verifications(participants.map((p) => p.id)));
    const rows = participants.map((p) => {
      const s = this.status(study, plan, p.id, records.get(p.id) ?? [], verifications.get(p.id) ?? []);
      return { participantId: p.id, label: p.label, siteCode: p.siteCode, sampled: s.sampled, remaining: s.remaining };
    });
    return { plan, participants: rows, remaining: rows.reduce((n, r) => n + r.remaining, 0) };
  }

  async plan(studyCode: string): Promise<SdvPlan> {
    const row = await this.deps.db.repos.get(CrfReviewRepository).plan(studyCode);
    return row ? { kind: row.kind, samplePercent: row.samplePercent } : DEFAULT_SDV_PLAN;
  }

  async setPlan(access: StudyAccess, plan: { kind: SdvPlanKind; samplePercent?: number }, actor: Actor): Promise<SdvPlan> {
    const samplePercent = plan.kind === 'sample' ? (plan.samplePercent ?? null) : null;
    if (plan.kind === 'sample' && samplePercent === null)
      throw new ValidationError('A sample plan needs its size', [
        { field: 'samplePercent', message: 'required for a sample plan (1–100)' },
      ]);
    if (plan.kind !== 'sample' && plan.samplePercent !== undefined)
      throw new ValidationError('Only a sample plan has a size', [{ field: 'samplePercent', message: 'only for kind sample' }]);
    const before = await this.plan(access.studyCode);
    await this.deps.db.transaction(async (tx) => {
      await assertStudyWritable(tx, access.studyCode);
      await tx
        .get(CrfReviewRepository)
        .setPlan({ studyCode: access.studyCode, kind: plan.kind, samplePercent, setBy: actor.userId, setAt: this.deps.clock() });
      await tx.audit.append([
        {
          userId: actor.userId,
          action: 'update',
          entity: 'sdv_plan',
          entityId: access.studyCode,
          studyCode: access.studyCode,
          from: before,
          to: { kind: plan.kind, samplePercent },
        },
      ]);
    });
    return { kind: plan.kind, samplePercent };
  }

  private status(
    study: StudyDefinition,
    plan: SdvPlan,
    participantId: string,
    records: FormRecordRow[],
    verifications: Array<{ recordId: string; field: string }>,
  ): SdvStatus {
    const sampled = plan.kind === 'sample' && inSample(study.code, participantId, plan.samplePercent ?? 0);
    const byRecord = new Map<string, string[]>();
    for (const v of verifications) {
      const list = byRecord.get(v.recordId);
      if (list) list.push(v.field);
      else byRecord.set(v.recordId, [v.field]);
    }
    const forms = records.map((r) => {
      const form = findForm(study, r.formId);
      const toVerify = form ? fieldsToVerify(plan, form, r.values, sampled) : [];
      const verified = byRecord.get(r.id) ?? [];
      return {
        eventId: r.eventId,
        formId: r.formId,
        instance: r.instance,
        toVerify,
        verified,
        remaining: toVerify.filter((f) => !verified.includes(f)),
      };
    });
    return { plan, sampled, forms, remaining: forms.reduce((n, f) => n + f.remaining.length, 0) };
  }

  // ----- signatures -----

  /**
   * Signs a form instance, a visit or the whole casebook. The investigator re-enters the password
   * (verified against the stored argon2id hash); the signature keeps the printed name, the time and
   * the meaning. A later change to the data it covers voids it (see FormEntryService).
   */
  async sign(
    participantId: string,
    input: Scope & { scope: SignatureScope; password: string; meaning?: string },
    actor: Actor,
  ): Promise<SignatureRow> {
    const repos = this.deps.db.repos;
    const user = await repos.users.findById(actor.userId);
    if (!user || !(await argon2.verify(user.passwordHash, input.password))) {
      await repos.audit.append([
        {
          userId: actor.userId,
          action: 'sign_refused',
          entity: 'signature',
          entityId: participantId,
          participantId,
          to: { why: 'wrong password' },
        },
      ]);
      throw new ForbiddenError('The password does not match; the signature was not applied');
    }
    return this.deps.db.transaction(async (tx) => {
      const { participant, study } = await loadParticipant(tx, participantId, this.deps.studies);
      await assertStudyWritable(tx, study.code);
      // Exclusive participant entry lock: no save is in flight, and none starts until this signature
      // has committed (a save after it voids it, a first save included). The records read FOR SHARE
      // are then exactly the data signed.
      const crf = tx.get(CrfRepository);
      await crf.lockParticipantEntry(participantId, 'exclusive');
      const records = await crf.recordsForReview(participantId);
      let where: { eventId: string | null; formId: string | null; instance: number | null };
      if (input.scope === 'form') {
        if (!input.eventId || !input.formId)
          throw new ValidationError('A form signature names the form', [
            { field: 'formId', message: 'eventId and formId are required for scope form' },
          ]);
        const target = resolveTarget(study, participant, input.eventId, input.formId, input.instance ?? 1);
        if (!records.some((r) => r.eventId === target.event.id && r.formId === target.form.id && r.instance === target.instance))
          throw new ConflictError(`${target.form.id} has not been saved; there is nothing to sign`);
        where = { eventId: target.event.id, formId: target.form.id, instance: target.instance };
      } else if (input.scope === 'visit') {
        if (!input.eventId)
          throw new ValidationError('A visit signature names the visit', [{ field: 'eventId', message: 'required for scope visit' }]);
        if (!study.schedule.some((e) => e.id === input.eventId)) throw new NotFoundError(`${study.code} has no event "${input.eventId}"`);
        if (!records.some((r) => r.eventId === input.eventId))
          throw new ConflictError(`Nothing has been saved at ${input.eventId}; there is nothing to sign`);
        where = { eventId: input.eventId, formId: null, instance: null };
      } else {
        if (records.length === 0) throw new ConflictError('The casebook is empty; there is nothing to sign');
        where = { eventId: null, formId: null, instance: null };
      }
      const signature = await crf.insertSignature({
        participantId,
        studyCode: study.code,
        scope: input.scope,
        ...where,
        userId: actor.userId,
        printedName: user.name,
        meaning: input.meaning?.trim() || MEANINGS[input.scope],
        signedAt: this.deps.clock(),
      });
      await tx.audit.append([
        {
          userId: actor.userId,
          action: 'sign',
          entity: 'signature',
          entityId: signature.id,
          studyCode: study.code,
          participantId,
          to: {
            scope: signature.scope,
            eventId: signature.eventId,
            formId: signature.formId,
            instance: signature.instance,
            printedName: signature.printedName,
            meaning: signature.meaning,
            signedAt: signature.signedAt,
          },
        },
      ]);
      return signature;
    });
  }

  /**
   * What a signature by this user would carry, shown before the password is re-entered: the printed
   * name from the account and the meaning per scope.
   */
  async signer(actor: Actor): Promise<{ printedName: string; meanings: Record<SignatureScope, string> }> {
    const user = await this.deps.db.repos.users.findById(actor.userId);
    return { printedName: user?.name ?? actor.email, meanings: { ...MEANINGS } };
  }

  signatures(participantId: string): Promise<SignatureRow[]> {
    return this.deps.db.repos.get(CrfRepository).listSignatures(participantId);
  }

  // ----- locks -----

  async lock(
    participantId: string,
    input: { eventId: string; formId?: string; instance?: number; reason: string },
    actor: Actor,
  ): Promise<FormLockRow> {
    return this.deps.db.transaction(async (tx) => {
      const { participant, study } = await loadParticipant(tx, participantId, this.deps.studies);
      await assertStudyWritable(tx, study.code);
      if (input.formId !== undefined) resolveTarget(study, participant, input.eventId, input.formId, input.instance ?? 1);
      else if (!study.schedule.some((e) => e.id === input.eventId))
        throw new NotFoundError(`${study.code} has no event "${input.eventId}"`);
      if (input.formId === undefined && input.instance !== undefined)
        throw new ValidationError('An instance needs a form', [{ field: 'instance', message: 'only with formId' }]);
      // Exclusive participant entry lock: a save in flight (even the first save of a form of this
      // visit, which has no record to lock yet) commits first; a later save sees this lock.
      await tx.get(CrfRepository).lockParticipantEntry(participantId, 'exclusive');
      const lock = await tx.get(CrfRepository).insertLock({
        participantId,
        studyCode: study.code,
        eventId: input.eventId,
        formId: input.formId ?? null,
        instance: input.formId === undefined ? null : (input.instance ?? 1),
        lockedBy: actor.userId,
        lockedAt: this.deps.clock(),
        reason: input.reason,
      });
      if (!lock) throw new ConflictError(`${input.formId ? `Form ${input.formId}` : `Visit ${input.eventId}`} is already locked`);
      await tx.audit.append([
        {
          userId: actor.userId,
          action: 'lock',
          entity: 'lock',
          entityId: lock.id,
          studyCode: study.code,
          participantId,
          to: { eventId: lock.eventId, formId: lock.formId, instance: lock.instance },
          reason: input.reason,
        },
      ]);
      return (await tx.get(CrfRepository).findLock(participantId, lock.id)) as FormLockRow;
    });
  }

  async unlock(participantId: string, lockId: string, reason: string, actor: Actor): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      const crf = tx.get(CrfRepository);
      const lock = await crf.findLock(participantId, lockId);
      if (!lock) throw new NotFoundError('Lock not found');
      const scope = await tx.participants.scope(participantId);
      if (scope) await assertStudyWritable(tx, scope.studyCode);
      await crf.deleteLock(lock.id);
      await tx.audit.append([
        {
          userId: actor.userId,
          action: 'unlock',
          entity: 'lock',
          entityId: lock.id,
          studyCode: lock.studyCode,
          participantId,
          from: { eventId: lock.eventId, formId: lock.formId, instance: lock.instance },
          reason,
        },
      ]);
    });
  }

  locks(participantId: string): Promise<FormLockRow[]> {
    return this.deps.db.repos.get(CrfRepository).listLocks(participantId);
  }

  // ----- deviations -----

  /**
   * Protocol deviations of a study's participants at the caller's sites. Derived on every call from
   * the forms, the schedule and today's date, so the list can never go stale (a missed form becomes a
   * deviation when its window closes, without any save).
   */
  async deviations(access: StudyAccess): Promise<Array<Deviation & { label: string; siteCode: string }>> {
    const repos = this.deps.db.repos;
    const study = this.study(access.studyCode);
    const today = DateTime.fromJSDate(this.deps.clock(), { zone: study.timeZone }).toISODate() as string;
    const participants = (await repos.participants.list(study.code, null)).filter(
      (p) => access.siteIds === null || access.siteIds.includes(p.siteId),
    );
    const records = byParticipant(await repos.get(CrfRepository).listStudyRecords(study.code, access.siteIds));
    return participants.flatMap((p) =>
      detectDeviations(study, { id: p.id, arm: p.arm, cohort: p.cohort, anchorDate: p.anchorDate }, records.get(p.id) ?? [], today).map(
        (d) => ({ ...d, label: p.label, siteCode: p.siteCode }),
      ),
    );
  }

  private study(code: string): StudyDefinition {
    const study = this.deps.studies.find(code);
    if (!study) throw new NotFoundError(`Study ${code} does not exist`);
    return study;
  }
}

/** Rows grouped by participant in one pass (study-wide reports: never filter the whole list per participant). */
function byParticipant<T extends { participantId: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.participantId);
    if (list) list.push(r);
    else out.set(r.participantId, [r]);
  }
  return out;
}
