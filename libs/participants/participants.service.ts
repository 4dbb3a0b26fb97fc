import { DateTime } from 'luxon';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, ValidationError, type FieldError } from '@trialdata/common';
import { reachesSite, type Actor, type StudyAccess } from '@trialdata/accounts';
import { CrfRepository, type AuditEntry, type Database, type ParticipantRow, type Repositories } from '@trialdata/database';
import type { ContactCipher, ContactDetails } from '@trialdata/privacy';
import type { StudyDefinition } from '@trialdata/protocol';
import { timePoints, windowState } from '@trialdata/scheduling';
import { assertStudyWritable } from '@trialdata/studies';
import { ParticipantEvents } from './events';
import { enrolmentPrefill, savePrefill } from './prefill';
import { transitionRefusal, type ParticipantStatus } from './status';
import { END_OF_STUDY_FORM, studyEndOf } from './end-of-study';

/** What a participant who withdraws consent still allows (recorded with the withdrawal). */
export interface WithdrawalInput {
  /** Day consent was withdrawn (YYYY-MM-DD); default today in the study's time zone. */
  date?: string;
  furtherContact: boolean;
  furtherData: boolean;
  collectedData: boolean;
}

export type Withdrawal = Required<WithdrawalInput>;

/**
 * A withdrawal recorded without saying what the participant allows: no further contact or data, and
 * the data collected so far may be used (the usual wording of Dutch consent forms, WMO).
 */
export const DEFAULT_WITHDRAWAL = { furtherContact: false, furtherData: false, collectedData: true } as const;

export interface StudyCatalogue {
  find(code: string): StudyDefinition | undefined;
}

export interface EnrolmentInput {
  siteCode: string;
  eligibility: Record<string, unknown>;
  consent: { date: string; version: string };
  birthYear: number;
  sex: 'female' | 'male';
  contact?: ContactDetails;
  cohort?: string;
  plannedAnchorDate?: string;
  /** Save eligibility and consent into the study's eligibility and consent forms too (no double entry). */
  prefillForms?: boolean;
}

export interface ScheduleEntry {
  eventId: string;
  title: string;
  offsetDays: number;
  windowBefore: number;
  windowAfter: number;
  forms: string[];
  instruments: string[];
  dueAt: string | null;
  opensAt: string | null;
  closesAt: string | null;
  state: 'awaiting_anchor' | 'upcoming' | 'open' | 'closed';
}

export interface ParticipantView {
  id: string;
  label: string;
  study: string;
  siteCode: string;
  status: string;
  statusReason: string | null;
  arm: string | null;
  cohort: string | null;
  birthYear: number;
  sex: string;
  consent: { date: string; version: string };
  enrolledAt: string;
  plannedAnchorDate: string | null;
  anchorDate: string | null;
  /** Local wall time (HH:MM) of the anchor when recorded (POTEISS injection time). */
  anchorTime: string | null;
  /** Stopped treatment, follow-up continues (intention-to-treat): not a status, every message goes on. */
  treatment: { stoppedOn: string; reason: string } | null;
  /** What a participant who withdrew consent allows; null when consent was not withdrawn. */
  withdrawal: Withdrawal | null;
  hasContact: boolean;
}

/** A real calendar date in a plausible range (PostgreSQL and the scheduler accept far more). */
const isDate = (v: string): boolean => /^(19|20)\d{2}-\d{2}-\d{2}$/.test(v) && DateTime.fromISO(v, { zone: 'utc' }).isValid;

/** Screening and enrolment, participant status, and what a participant's record shows. */
export class ParticipantsService {
  constructor(
    private readonly db: Database,
    private readonly studies: StudyCatalogue,
    private readonly cipher: ContactCipher,
    private readonly clock: () => Date = () => new Date(),
    readonly events: ParticipantEvents = new ParticipantEvents(),
  ) {}

  study(code: string): StudyDefinition {
    const def = this.studies.find(code);
    if (!def) throw new NotFoundError(`Study ${code} does not exist`);
    return def;
  }

  /**
   * Enrols a participant when every inclusion criterion holds and no exclusion does. The label,
   * the participant, the encrypted contact and the audit rows are written in one transaction.
   */
  async enrol(access: StudyAccess, actor: Actor, input: EnrolmentInput): Promise<{ id: string; label: string; status: string }> {
    const def = this.study(access.studyCode);
    this.checkEnrolmentInput(def, input);
    const site = await this.db.repos.sites.findByCode(input.siteCode);
    if (!site || !(await this.db.repos.sites.isInStudy(def.code, site.id))) {
      throw new ValidationError('Unknown site', [
        { field: 'siteCode', message: `site "${input.siteCode}" does not take part in ${def.code}` },
      ]);
    }
    if (!reachesSite(access, site.id)) throw new ForbiddenError(`You may enrol only at your own site, not at ${site.code}`);
    const studyRow = await this.db.repos.studies.find(def.code);
    if (studyRow?.status !== 'recruiting') throw new ConflictError(`${def.code} is ${studyRow?.status ?? 'not set up'}; it does not enrol`);
    const failed = this.eligibilityFailures(def, input);
    if (failed.length) {
      // The screen failure is kept (no personal data) for the CONSORT flow, then refused.
      await this.db.repos.sites.logScreening({
        at: this.clock(),
        studyCode: def.code,
        siteId: site.id,
        userId: actor.userId,
        eligible: false,
        failed: failed.map((f) => f.field.replace('eligibility.', '')),
        participantId: null,
      });
      throw new RuleViolationError(
        // In words, as the coordinator read them on the form; `errors` keeps the criterion ids for tools.
        `Not eligible for ${def.code}: ${failed.map((f) => f.message).join('; ')}`,
        failed,
      );
    }

    const eligibility = Object.fromEntries(def.eligibility.map((c) => [c.id, input.eligibility[c.id] as boolean]));
    const planned = input.plannedAnchorDate ?? null;
    // Anchored on enrolment: day 0 is today in the study's time zone. Randomisation anchors are set
    // when the participant is randomised; injection/surgery start from the planned date.
    const now = this.clock();
    const anchor = def.anchor.kind === 'enrolment' ? (DateTime.fromJSDate(now, { zone: def.timeZone }).toISODate() as string) : planned;
    return this.db.transaction(async (tx) => {
      await assertStudyWritable(tx, def.code);
      const number = await tx.participants.nextNumber(def.code, site.id);
      const label = `${def.code}-${site.code}-${String(number).padStart(4, '0')}`;
      const record = {
        studyCode: def.code,
        siteId: site.id,
        label,
        number,
        status: 'enrolled',
        cohort: input.cohort ?? null,
        birthYear: input.birthYear,
        sex: input.sex,
        consentDate: input.consent.date,
        consentVersion: input.consent.version,
        eligibility,
        plannedAnchorDate: planned,
        anchorDate: anchor,
        enrolledBy: actor.userId,
        enrolledAt: now,
      };
      const id = await tx.participants.insert(record);
      const audit: AuditEntry[] = [
        {
          userId: actor.userId,
          action: 'enrol',
          entity: 'participant',
          entityId: id,
          studyCode: def.code,
          participantId: id,
          to: {
            label,
            site: site.code,
            status: 'enrolled',
            cohort: record.cohort,
            birthYear: record.birthYear,
            sex: record.sex,
            consent: input.consent,
            eligibility,
            plannedAnchorDate: planned,
          },
        },
      ];
      if (input.contact) {
        await tx.participants.saveContact(id, input.contact.language, this.cipher.encrypt(id, input.contact));
        // The audit trail records that contact details were set, never the details themselves.
        audit.push({
          userId: actor.userId,
          action: 'set',
          entity: 'participant_contact',
          entityId: id,
          studyCode: def.code,
          participantId: id,
          field: 'contact',
          to: { email: !!input.contact.email, phone: !!input.contact.phone, language: input.contact.language },
        });
      }
      await tx.sites.logScreening({
        at: now,
        studyCode: def.code,
        siteId: site.id,
        userId: actor.userId,
        eligible: true,
        failed: [],
        participantId: id,
      });
      if (anchor) await this.events.anchorChanged(tx, { participantId: id, studyCode: def.code, from: null, to: anchor });
      // Asked for (the console does): eligibility and consent as entered here fill the study's
      // eligibility and consent forms, so nobody types them twice.
      if (input.prefillForms) {
        const enrolmentDate = DateTime.fromJSDate(now, { zone: def.timeZone }).toISODate() as string;
        audit.push(
          ...(await savePrefill(
            tx,
            def,
            { id, birthYear: record.birthYear, sex: record.sex, cohort: record.cohort, enrolmentDate, consentDate: input.consent.date },
            enrolmentPrefill(def, { eligibility, consent: input.consent }, enrolmentDate),
            actor.userId,
          )),
        );
      }
      await tx.audit.append(audit);
      return { id, label, status: 'enrolled' };
    });
  }

  private checkEnrolmentInput(def: StudyDefinition, input: EnrolmentInput): void {
    const errors: FieldError[] = [];
    const today = DateTime.fromJSDate(this.clock(), { zone: def.timeZone }).toISODate() as string;
    // The DTO's nested validation passes an absent object: without this a missing consent was a 500.
    const consent = input.consent as EnrolmentInput['consent'] | undefined | null;
    if (typeof consent !== 'object' || consent === null)
      errors.push({ field: 'consent', message: 'is required: {date: YYYY-MM-DD, version}' });
    else if (!isDate(consent.date)) errors.push({ field: 'consent.date', message: 'must be a real date YYYY-MM-DD' });
    else if (consent.date > today) errors.push({ field: 'consent.date', message: 'must not be in the future' });
    const year = Number(today.slice(0, 4));
    if (input.birthYear < 1900 || input.birthYear > year) errors.push({ field: 'birthYear', message: `must be between 1900 and ${year}` });
    if (def.cohorts?.length) {
      if (input.cohort === undefined)
        errors.push({ field: 'cohort', message: `is required in ${def.code}: one of ${def.cohorts.join(', ')}` });
      else if (!def.cohorts.includes(input.cohort)) errors.push({ field: 'cohort', message: `must be one of ${def.cohorts.join(', ')}` });
    } else if (input.cohort !== undefined) errors.push({ field: 'cohort', message: `${def.code} has no cohorts` });
    if (input.plannedAnchorDate !== undefined) {
      if (!def.requiresPlannedAnchorDate)
        errors.push({ field: 'plannedAnchorDate', message: `${def.code} is anchored on ${def.anchor.kind}; no planned date is taken` });
      else if (!isDate(input.plannedAnchorDate)) errors.push({ field: 'plannedAnchorDate', message: 'must be a real date YYYY-MM-DD' });
    } else if (def.requiresPlannedAnchorDate) {
      errors.push({ field: 'plannedAnchorDate', message: `is required in ${def.code} (planned ${def.anchor.kind} date)` });
    }
    if (input.contact && !def.languages.includes(input.contact.language))
      errors.push({ field: 'contact.language', message: `must be one of ${def.languages.join(', ')}` });
    const known = new Set(def.eligibility.map((c) => c.id));
    for (const [key, value] of Object.entries(input.eligibility)) {
      if (!known.has(key)) errors.push({ field: `eligibility.${key}`, message: `unknown criterion for ${def.code}` });
      else if (typeof value !== 'boolean') errors.push({ field: `eligibility.${key}`, message: 'must be true or false' });
    }
    for (const c of def.eligibility) {
      if (!(c.id in input.eligibility)) errors.push({ field: `eligibility.${c.id}`, message: 'must be answered (true or false)' });
    }
    if (errors.length) throw new ValidationError('Invalid enrolment', errors);
  }

  private eligibilityFailures(def: StudyDefinition, input: EnrolmentInput): FieldError[] {
    const failed: FieldError[] = [];
    for (const c of def.eligibility) {
      const answer = input.eligibility[c.id] as boolean;
      if (c.kind === 'inclusion' && !answer)
        failed.push({ field: `eligibility.${c.id}`, message: `inclusion criterion not met: ${c.text}` });
      if (c.kind === 'exclusion' && answer)
        failed.push({ field: `eligibility.${c.id}`, message: `exclusion criterion applies: ${c.text}` });
    }
    if (def.ageRange) {
      // Only the birth year is kept (data minimisation), so the age at consent is one of two values.
      const consentYear = Number(input.consent.date.slice(0, 4));
      const oldest = consentYear - input.birthYear;
      const youngest = oldest - 1;
      const { min, max } = def.ageRange;
      if (oldest < min || (max !== undefined && youngest > max)) {
        failed.push({
          field: 'birthYear',
          message: `age at consent (${youngest}–${oldest} years, from the birth year) is outside ${min}–${max ?? '…'} years`,
        });
      }
    }
    return failed;
  }

  /** The screening log per site (screened, eligible, enrolled) and the criteria that failed. */
  screening(access: StudyAccess) {
    return this.db.repos.sites.screeningSummary(access.studyCode, access.siteIds);
  }

  async list(access: StudyAccess): Promise<ParticipantView[]> {
    const rows = await this.db.repos.participants.list(access.studyCode, access.siteIds);
    return rows.map((p) => this.view(p, false));
  }

  /** A participant's record with the schedule and each time point's window and state. */
  async get(participantId: string): Promise<ParticipantView & { schedule: ScheduleEntry[] }> {
    const p = await this.db.repos.participants.findById(participantId);
    if (!p) throw new NotFoundError('Participant not found');
    const contact = await this.db.repos.participants.findContact(participantId);
    return { ...this.view(p, !!contact), schedule: this.schedule(this.study(p.studyCode), p) };
  }

  schedule(def: StudyDefinition, p: Pick<ParticipantRow, 'anchorDate' | 'cohort'> & { anchorTime?: string | null }): ScheduleEntry[] {
    const points = p.anchorDate
      ? new Map(
          timePoints({
            anchorDate: p.anchorDate,
            ...(p.anchorTime ? { anchorInstant: `${p.anchorDate}T${p.anchorTime}` } : {}),
            events: def.schedule,
            timeZone: def.timeZone,
            cohort: p.cohort ?? undefined,
          }).map((t) => [t.eventId, t]),
        )
      : null;
    const now = this.clock();
    return def.schedule
      .filter((e) => !e.unscheduled)
      .map((e) => {
        const tp = points?.get(e.id);
        const instruments = (p.cohort && e.instrumentsByCohort?.[p.cohort]) || e.instruments;
        return {
          eventId: e.id,
          title: e.title,
          offsetDays: e.offsetDays,
          windowBefore: e.windowBefore,
          windowAfter: e.windowAfter,
          forms: e.forms,
          instruments,
          dueAt: tp?.dueAt ?? null,
          opensAt: tp?.opensAt ?? null,
          closesAt: tp?.closesAt ?? null,
          state: tp ? windowState(tp, now) : 'awaiting_anchor',
        };
      });
  }

  /**
   * Withdrawal, completion, loss to follow-up and return: always with a reason, always audited. A
   * withdrawal records what the participant still allows (`DEFAULT_WITHDRAWAL` when not said); a
   * change that contradicts a complete end-of-study form is refused (the form leads, see end-of-study.ts).
   */
  async changeStatus(
    participantId: string,
    actor: Actor,
    to: ParticipantStatus,
    reason: string,
    withdrawal?: WithdrawalInput,
  ): Promise<ParticipantView> {
    return this.db.transaction(async (tx) => {
      const p = await tx.participants.findById(participantId, { lock: true });
      if (!p) throw new NotFoundError('Participant not found');
      await assertStudyWritable(tx, p.studyCode);
      const form = (await tx.get(CrfRepository).listRecords(p.id)).find(
        (r) => r.formId === END_OF_STUDY_FORM.formId && r.instance === 1 && r.status === 'complete',
      );
      const end = form && studyEndOf(form.values);
      if (end && !end.statuses.includes(to)) {
        const message = `the complete end-of-study form says "${end.label}"; correct that form instead (the status follows it)`;
        throw new RuleViolationError(`Status change refused: ${message}`, [{ field: 'status', message }]);
      }
      const record = to === 'withdrawn' ? this.withdrawalRecord(p.studyCode, withdrawal) : null;
      if (withdrawal && to !== 'withdrawn')
        throw new ValidationError('Only a withdrawal records what the participant allows', [
          { field: 'withdrawal', message: 'is only for status withdrawn' },
        ]);
      const view = await this.applyStatus(tx, p, to, reason, record, actor.userId);
      return { ...view, hasContact: !!(await tx.participants.findContact(p.id)) };
    });
  }

  private withdrawalRecord(studyCode: string, input: WithdrawalInput | undefined): Withdrawal {
    const def = this.study(studyCode);
    const today = DateTime.fromJSDate(this.clock(), { zone: def.timeZone }).toISODate() as string;
    const w: Withdrawal = {
      furtherContact: input?.furtherContact ?? DEFAULT_WITHDRAWAL.furtherContact,
      furtherData: input?.furtherData ?? DEFAULT_WITHDRAWAL.furtherData,
      collectedData: input?.collectedData ?? DEFAULT_WITHDRAWAL.collectedData,
      date: input?.date ?? today,
    };
    const errors: FieldError[] = [];
    if (!isDate(w.date)) errors.push({ field: 'withdrawal.date', message: 'must be a real date YYYY-MM-DD' });
    else if (w.date > today) errors.push({ field: 'withdrawal.date', message: 'must not be in the future' });
    if (errors.length) throw new ValidationError('Invalid withdrawal', errors);
    if (w.furtherContact && w.furtherData) {
      const message =
        'a participant who allows further contact and further data has not withdrawn consent; record a treatment stop instead';
      throw new RuleViolationError(`Withdrawal refused: ${message}`, [{ field: 'withdrawal', message }]);
    }
    return w;
  }

  /** The status change itself, inside the caller's transaction: listeners (messages) follow, audited. */
  private async applyStatus(
    tx: Repositories,
    p: ParticipantRow,
    to: ParticipantStatus,
    reason: string,
    withdrawal: Withdrawal | null,
    userId: string,
  ): Promise<ParticipantView> {
    const refusal = transitionRefusal(p.status as ParticipantStatus, to, { randomised: p.arm !== null });
    if (refusal) throw new RuleViolationError(`Status change refused: ${refusal}`, [{ field: 'status', message: refusal }]);
    await tx.participants.update(p.id, { status: to, statusReason: reason });
    const audit: AuditEntry[] = [
      {
        userId,
        action: 'status',
        entity: 'participant',
        entityId: p.id,
        studyCode: p.studyCode,
        participantId: p.id,
        field: 'status',
        from: p.status,
        to,
        reason,
      },
    ];
    if (withdrawal) {
      await tx.participants.setWithdrawal(p.id, withdrawal);
      audit.push({
        userId,
        action: 'withdraw',
        entity: 'participant',
        entityId: p.id,
        studyCode: p.studyCode,
        participantId: p.id,
        field: 'withdrawal',
        from: p.withdrawal,
        to: withdrawal,
        reason,
      });
    }
    await this.events.statusChanged(tx, { participantId: p.id, studyCode: p.studyCode, from: p.status, to });
    await tx.audit.append(audit);
    return this.view({ ...p, status: to, statusReason: reason, withdrawal: withdrawal ?? p.withdrawal } as ParticipantRow, false);
  }

  /**
   * Called by form entry inside the save's transaction: a complete end-of-study form sets the matching
   * status (and, for a withdrawal of consent, what the participant allows), or is refused when that
   * status cannot be reached or contradicts the recorded withdrawal.
   */
  async followEndOfStudy(
    tx: Repositories,
    change: { participantId: string; formId: string; instance: number; status: string; values: Record<string, unknown>; userId: string },
  ): Promise<void> {
    if (change.formId !== END_OF_STUDY_FORM.formId || change.instance !== 1 || change.status !== 'complete') return;
    const end = studyEndOf(change.values);
    if (!end) return;
    const p = await tx.participants.findById(change.participantId, { lock: true });
    if (!p) throw new NotFoundError('Participant not found');
    const keep = change.values[END_OF_STUDY_FORM.keepDataField];
    const date = change.values[END_OF_STUDY_FORM.dateField];
    const refuse = (message: string): never => {
      throw new RuleViolationError(`End of study refused: ${message}`, [{ field: END_OF_STUDY_FORM.statusField, message }]);
    };
    if (end.statuses.includes(p.status as ParticipantStatus)) {
      if (!end.consentWithdrawn || typeof keep !== 'boolean') return;
      if (p.withdrawal && p.withdrawal.collectedData !== keep)
        refuse(
          `the withdrawal recorded on ${p.withdrawal.date} says data collected so far ${p.withdrawal.collectedData ? 'may' : 'may not'} be used; ` +
            `the form says the opposite. Correct one of them`,
        );
      if (!p.withdrawal) {
        const record = { ...DEFAULT_WITHDRAWAL, date: typeof date === 'string' ? date : p.consentDate, collectedData: keep };
        await tx.participants.setWithdrawal(p.id, record);
        await tx.audit.append([
          {
            userId: change.userId,
            action: 'withdraw',
            entity: 'participant',
            entityId: p.id,
            studyCode: p.studyCode,
            participantId: p.id,
            field: 'withdrawal',
            from: null,
            to: record,
            reason: 'end-of-study form',
          },
        ]);
      }
      return;
    }
    const to = end.statuses[0]!;
    const refusal = transitionRefusal(p.status as ParticipantStatus, to, { randomised: p.arm !== null });
    if (refusal) refuse(`the form says "${end.label}" but the participant is ${p.status.replaceAll('_', ' ')}: ${refusal}`);
    const withdrawal: Withdrawal | null = end.consentWithdrawn
      ? {
          ...DEFAULT_WITHDRAWAL,
          date:
            typeof date === 'string'
              ? date
              : (DateTime.fromJSDate(this.clock(), { zone: this.study(p.studyCode).timeZone }).toISODate() as string),
          collectedData: typeof keep === 'boolean' ? keep : true,
        }
      : null;
    await this.applyStatus(tx, p, to, `end-of-study form: ${end.label}`, withdrawal, change.userId);
  }

  /**
   * "Stopped treatment, follow-up continues" (intention-to-treat): the date and reason are recorded and
   * audited; the status stays, so every questionnaire and message goes on. `null` clears a stop
   * entered by mistake (with a reason).
   */
  async recordTreatmentStop(
    participantId: string,
    actor: Actor,
    stop: { date: string; reason: string } | null,
    correction?: string,
  ): Promise<ParticipantView> {
    return this.db.transaction(async (tx) => {
      const p = await tx.participants.findById(participantId, { lock: true });
      if (!p) throw new NotFoundError('Participant not found');
      await assertStudyWritable(tx, p.studyCode);
      const def = this.study(p.studyCode);
      const today = DateTime.fromJSDate(this.clock(), { zone: def.timeZone }).toISODate() as string;
      if (stop) {
        const errors: FieldError[] = [];
        if (!isDate(stop.date)) errors.push({ field: 'date', message: 'must be a real date YYYY-MM-DD' });
        else if (stop.date > today) errors.push({ field: 'date', message: 'must not be in the future' });
        else if (stop.date < p.consentDate) errors.push({ field: 'date', message: `must not be before consent (${p.consentDate})` });
        if (!stop.reason.trim()) errors.push({ field: 'reason', message: 'is required' });
        if (errors.length) throw new ValidationError('Invalid treatment stop', errors);
      }
      if (p.status === 'withdrawn' || p.status === 'completed')
        throw new RuleViolationError(`A treatment stop is recorded while follow-up continues; the participant is ${p.status}`, [
          { field: 'status', message: `participant is ${p.status}` },
        ]);
      const before = p.treatmentStoppedOn ? { date: p.treatmentStoppedOn, reason: p.treatmentStopReason } : null;
      if (before && !(correction ?? '').trim())
        throw new RuleViolationError('A treatment stop is already recorded; changing it needs a reason', [
          { field: 'correction', message: 'required to change a recorded treatment stop' },
        ]);
      const value = stop ? { date: stop.date, reason: stop.reason.trim() } : null;
      await tx.participants.setTreatmentStop(p.id, value);
      await tx.audit.append([
        {
          userId: actor.userId,
          action: 'treatment_stop',
          entity: 'participant',
          entityId: p.id,
          studyCode: p.studyCode,
          participantId: p.id,
          field: 'treatment',
          from: before,
          to: value,
          reason: correction?.trim() || value?.reason || null,
        },
      ]);
      const contact = await tx.participants.findContact(p.id);
      return this.view(
        { ...p, treatmentStoppedOn: value?.date ?? null, treatmentStopReason: value?.reason ?? null } as ParticipantRow,
        !!contact,
      );
    });
  }

  /**
   * Moves a participant's anchor (the actual injection or surgery date replacing the planned one),
   * inside the caller's transaction: audited, and the schedule's listeners follow.
   */
  async setAnchorDate(
    tx: Repositories,
    participantId: string,
    date: string | null,
    userId: string,
    reason: string,
    time?: string | null,
  ): Promise<void> {
    const p = await tx.participants.findById(participantId, { lock: true });
    if (!p) throw new NotFoundError('Participant not found');
    await assertStudyWritable(tx, p.studyCode);
    if (time !== undefined && time !== p.anchorTime) {
      if (time !== null && !/^([01]\d|2[0-3]):[0-5]\d$/.test(time))
        throw new ValidationError('Invalid anchor time', [{ field: 'anchorTime', message: 'must be a time HH:MM' }]);
      await tx.participants.setAnchorTime(p.id, time);
      await tx.audit.append([
        {
          userId,
          action: 'update',
          entity: 'participant',
          entityId: p.id,
          studyCode: p.studyCode,
          participantId: p.id,
          field: 'anchorTime',
          from: p.anchorTime,
          to: time,
          reason,
        },
      ]);
      if (p.anchorDate === date)
        await this.events.anchorChanged(tx, { participantId: p.id, studyCode: p.studyCode, from: p.anchorDate, to: date });
    }
    if (p.anchorDate === date) return;
    if (date !== null && !isDate(date))
      throw new ValidationError('Invalid anchor date', [{ field: 'anchorDate', message: 'must be a real date YYYY-MM-DD' }]);
    await tx.participants.update(p.id, { anchorDate: date });
    await this.events.anchorChanged(tx, { participantId: p.id, studyCode: p.studyCode, from: p.anchorDate, to: date });
    await tx.audit.append([
      {
        userId,
        action: 'update',
        entity: 'participant',
        entityId: p.id,
        studyCode: p.studyCode,
        participantId: p.id,
        field: 'anchorDate',
        from: p.anchorDate,
        to: date,
        reason,
      },
    ]);
  }

  /** Contact details for the site team, decrypted on demand; every read is audited. */
  async contact(participantId: string, actor: Actor): Promise<ContactDetails | null> {
    const row = await this.db.repos.participants.findContact(participantId);
    if (!row) return null;
    const p = await this.db.repos.participants.findById(participantId);
    await this.db.repos.audit.append([
      {
        userId: actor.userId,
        action: 'read',
        entity: 'participant_contact',
        entityId: participantId,
        studyCode: p?.studyCode,
        participantId,
        field: 'contact',
      },
    ]);
    return this.cipher.decrypt(participantId, row.ciphertext);
  }

  async audit(participantId: string) {
    return this.db.repos.audit.forParticipant(participantId);
  }

  private view(p: ParticipantRow, hasContact: boolean): ParticipantView {
    return {
      id: p.id,
      label: p.label,
      study: p.studyCode,
      siteCode: p.siteCode,
      status: p.status,
      statusReason: p.statusReason,
      arm: p.arm,
      cohort: p.cohort,
      birthYear: p.birthYear,
      sex: p.sex,
      consent: { date: p.consentDate, version: p.consentVersion },
      enrolledAt: new Date(p.enrolledAt).toISOString(),
      plannedAnchorDate: p.plannedAnchorDate,
      anchorDate: p.anchorDate,
      anchorTime: p.anchorTime ?? null,
      treatment: p.treatmentStoppedOn ? { stoppedOn: p.treatmentStoppedOn, reason: p.treatmentStopReason ?? '' } : null,
      withdrawal: (p.withdrawal as Withdrawal | null) ?? null,
      hasContact,
    };
  }
}
