import { DateTime } from 'luxon';
import type { Actor, StudyAccess } from '@trialdata/accounts';
import { reachesSite } from '@trialdata/accounts';
import { ConflictError, NotFoundError, ValidationError } from '@trialdata/common';
import { DEFAULT_GRADES, type DeviationGrade, type DeviationKind } from '@trialdata/crf';
import type { Database } from '@trialdata/database';
import type { MessageSender } from '@trialdata/notifications';
import type { StudyDefinition } from '@trialdata/protocol';
import { assertStudyWritable } from '@trialdata/studies';
import { saeDeadline, type SaeDeadline } from './deadlines';

export interface SafetyStudies {
  find(code: string): StudyDefinition | undefined;
}

export interface SafetyReport extends SaeDeadline {
  id: string;
  participantId: string;
  participantLabel: string;
  siteId: string;
  eventId: string;
  instance: number;
  term: string;
  onset: string | null;
  createdAt: string;
  task: { status: 'open' | 'done'; doneAt: string | null };
  email: { state: string; sentAt: string | null };
}

export interface RecordedDeviation {
  id: string;
  participantId: string;
  participantLabel: string;
  kind: DeviationKind;
  grade: DeviationGrade;
  eventId: string | null;
  formId: string | null;
  description: string;
  occurredOn: string | null;
  createdAt: string;
  createdBy: string;
}

export interface DeviationInput {
  participantId: string;
  kind?: DeviationKind;
  grade?: DeviationGrade;
  eventId?: string;
  formId?: string;
  description: string;
  occurredOn?: string;
}

const KINDS: DeviationKind[] = [
  'out_of_window',
  'missing_form',
  'treatment_in_other_arm',
  'eligibility_violation',
  'wrong_treatment',
  'other',
];
/** How long one send attempt holds a `sending` row before another may take it over. */
const LEASE_MS = 2 * 60_000;
const MAX_ATTEMPTS = 10;

/**
 * Serious adverse events: the report list with deadlines and state, the coordinator task and the
 * alert email to the study's safety contacts (once per SAE: the row is made by a database trigger in
 * the save's transaction, and the email goes pending → sending → sent with a Message-ID derived from
 * the row, as the questionnaire outbox does). Also protocol deviations entered by hand.
 */
export class SafetyService {
  constructor(
    private readonly db: Database,
    private readonly studies: SafetyStudies,
    private readonly clock: () => Date,
    private readonly sender: MessageSender | null,
    private readonly contacts: Map<string, string[]>,
    private readonly log: (msg: string, extra?: object) => void = () => undefined,
  ) {}

  private today(study: StudyDefinition): string {
    return DateTime.fromJSDate(this.clock()).setZone(study.timeZone).toISODate() as string;
  }

  private study(code: string): StudyDefinition {
    const study = this.studies.find(code);
    if (!study) throw new NotFoundError(`Study ${code} not found`);
    return study;
  }

  /** Every SAE of the study at the caller's sites (all sites when `access` is null), oldest first. */
  async reports(studyCode: string, access: StudyAccess | null): Promise<SafetyReport[]> {
    const study = this.study(studyCode);
    const today = this.today(study);
    const rows: any[] = await this.db.dataSource.query(
      `SELECT s.id, s.participant_id, p.label, p.site_id, f.event_id, f.instance, f.data, s.created_at,
              s.task_status, s.task_done_at, s.email_state, s.email_sent_at
         FROM safety_reports s
         JOIN form_records f ON f.id = s.form_record_id
         JOIN participants p ON p.id = s.participant_id
        WHERE s.study_code = $1
        ORDER BY s.created_at, s.id`,
      [studyCode],
    );
    return rows
      .filter((r) => !access || reachesSite(access, r.site_id))
      .map((r) => {
        const values = (r.data ?? {}) as Record<string, unknown>;
        const savedOn = DateTime.fromJSDate(new Date(r.created_at)).setZone(study.timeZone).toISODate() as string;
        return {
          id: r.id,
          participantId: r.participant_id,
          participantLabel: r.label,
          siteId: r.site_id,
          eventId: r.event_id,
          instance: r.instance,
          term: typeof values.term === 'string' ? values.term : '',
          onset: typeof values.onset === 'string' ? values.onset : null,
          createdAt: new Date(r.created_at).toISOString(),
          task: { status: r.task_status, doneAt: r.task_done_at ? new Date(r.task_done_at).toISOString() : null },
          email: { state: r.email_state, sentAt: r.email_sent_at ? new Date(r.email_sent_at).toISOString() : null },
          ...saeDeadline(values, savedOn, today),
        };
      });
  }

  /** SAEs whose report to the ethics committee is overdue (the lock checklist refuses while any is). */
  async overdue(studyCode: string): Promise<SafetyReport[]> {
    return (await this.reports(studyCode, null)).filter((r) => r.state === 'overdue');
  }

  /** The coordinator marks the SAE task done (audited). */
  async completeTask(access: StudyAccess, reportId: string, actor: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row]: any[] = await tx.manager.query(
        `SELECT s.id, s.task_status, s.participant_id, p.site_id FROM safety_reports s JOIN participants p ON p.id = s.participant_id
          WHERE s.id = $1 AND s.study_code = $2 FOR UPDATE OF s`,
        [reportId, access.studyCode],
      );
      if (!row || !reachesSite(access, row.site_id)) throw new NotFoundError('Safety report not found');
      if (row.task_status === 'done') throw new ConflictError('This task is already done');
      await assertStudyWritable(tx, access.studyCode);
      const at = this.clock().toISOString();
      await tx.manager.query(`UPDATE safety_reports SET task_status = 'done', task_done_at = $2, task_done_by = $3 WHERE id = $1`, [
        reportId,
        at,
        actor.userId,
      ]);
      await tx.audit.append([
        {
          userId: actor.userId,
          action: 'sae_task_done',
          entity: 'safety_report',
          entityId: reportId,
          studyCode: access.studyCode,
          participantId: row.participant_id,
          field: 'task_status',
          to: 'done',
        },
      ]);
    });
  }

  /**
   * Sends every pending SAE alert. Each row is claimed (SKIP LOCKED) and marked `sending` with a
   * lease before the send, and `sent` after it: a second caller, a retry or a second process finds
   * nothing to do. A crash between send and `sent` resends after the lease with the same Message-ID.
   */
  async dispatch(): Promise<number> {
    let sent = 0;
    for (;;) {
      const now = this.clock();
      const claimed = await this.db.transaction(async (tx) => {
        const [row]: any[] = await tx.manager.query(
          `SELECT s.id, s.study_code, s.email_attempts, p.label, f.data, s.created_at
             FROM safety_reports s JOIN participants p ON p.id = s.participant_id JOIN form_records f ON f.id = s.form_record_id
            WHERE s.email_state = 'pending' OR (s.email_state = 'sending' AND s.email_sending_until < $1)
            ORDER BY s.created_at LIMIT 1 FOR UPDATE OF s SKIP LOCKED`,
          [now.toISOString()],
        );
        if (!row) return null;
        const to = this.contacts.get(row.study_code) ?? this.contacts.get('*') ?? [];
        const fallback = this.studies.find(row.study_code)?.contact?.email;
        const addresses = to.length ? to : fallback ? [fallback] : [];
        if (!addresses.length || row.email_attempts >= MAX_ATTEMPTS) {
          const reason = addresses.length ? `gave up after ${row.email_attempts} attempts` : 'no safety contact for the study';
          await tx.manager.query(`UPDATE safety_reports SET email_state = $2, email_reason = $3 WHERE id = $1`, [
            row.id,
            addresses.length ? 'failed' : 'skipped',
            reason,
          ]);
          this.log('sae alert not sent', { reportId: row.id, reason });
          return { row, addresses: [] as string[] };
        }
        await tx.manager.query(
          `UPDATE safety_reports SET email_state = 'sending', email_attempts = email_attempts + 1, email_sending_until = $2 WHERE id = $1`,
          [row.id, new Date(now.getTime() + LEASE_MS).toISOString()],
        );
        return { row, addresses };
      });
      if (!claimed) return sent;
      if (!claimed.addresses.length) continue;
      const { row, addresses } = claimed;
      const study = this.study(row.study_code);
      const savedOn = DateTime.fromJSDate(new Date(row.created_at)).setZone(study.timeZone).toISODate() as string;
      const d = saeDeadline(row.data ?? {}, savedOn, this.today(study));
      const subject = `[${study.code}] Serious adverse event, participant ${row.label}: report by ${d.deadline}`;
      const text = [
        `A serious adverse event was recorded in ${study.code} for participant ${row.label}.`,
        `Category: ${d.category === 'fatal_or_life_threatening' ? 'fatal or life-threatening' : 'other SAE'} (${d.days} days).`,
        `The investigator learned of it on ${d.learned}; report to the ethics committee by ${d.deadline} (CCMO).`,
        `Open the study's safety reports in trialdata for the details.`,
      ].join('\n');
      try {
        await this.sendTo(addresses, { id: row.id, subject, text });
        await this.db.dataSource.query(
          `UPDATE safety_reports SET email_state = 'sent', email_sent_at = $2, email_reason = NULL WHERE id = $1 AND email_state = 'sending'`,
          [row.id, this.clock().toISOString()],
        );
        sent += 1;
      } catch (err) {
        // Back to pending: the next round tries again (same Message-ID).
        await this.db.dataSource.query(`UPDATE safety_reports SET email_state = 'pending', email_reason = $2 WHERE id = $1`, [
          row.id,
          (err as Error).message.slice(0, 200),
        ]);
        this.log('sae alert failed', { reportId: row.id });
        return sent;
      }
    }
  }

  private async sendTo(addresses: string[], m: { id: string; subject: string; text: string }): Promise<void> {
    if (!this.sender) return;
    const html = `<p>${m.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').split('\n').join('</p><p>')}</p>`;
    await this.sender.send({
      messageId: `<sae-${m.id}@trialdata>`,
      channel: 'email',
      to: addresses.join(', '),
      subject: m.subject,
      text: m.text,
      html,
      sms: m.subject,
    });
  }

  // ----- deviations entered by hand -----

  async recordDeviation(access: StudyAccess, actor: Actor, input: DeviationInput): Promise<RecordedDeviation> {
    const study = this.study(access.studyCode);
    const kind = input.kind ?? 'other';
    if (!KINDS.includes(kind))
      throw new ValidationError('Unknown deviation kind', [{ field: 'kind', message: `one of ${KINDS.join(', ')}` }]);
    const grade = input.grade ?? DEFAULT_GRADES[kind];
    if (grade !== 'major' && grade !== 'minor')
      throw new ValidationError('Grade is major or minor', [{ field: 'grade', message: 'major or minor' }]);
    const description = (input.description ?? '').trim();
    if (!description) throw new ValidationError('Describe the deviation', [{ field: 'description', message: 'required' }]);
    if (input.occurredOn !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(input.occurredOn))
      throw new ValidationError('Date as YYYY-MM-DD', [{ field: 'occurredOn', message: 'a date YYYY-MM-DD' }]);
    if (input.eventId && !study.schedule.some((e) => e.id === input.eventId))
      throw new ValidationError('Unknown event', [{ field: 'eventId', message: 'not in the schedule' }]);
    if (input.formId && !study.forms.some((f) => f.id === input.formId))
      throw new ValidationError('Unknown form', [{ field: 'formId', message: 'not a form of the study' }]);
    return this.db.transaction(async (tx) => {
      const [p]: any[] = await tx.manager.query(`SELECT id, site_id, label FROM participants WHERE id = $1 AND study_code = $2`, [
        input.participantId,
        access.studyCode,
      ]);
      if (!p || !reachesSite(access, p.site_id)) throw new NotFoundError('Participant not found');
      await assertStudyWritable(tx, access.studyCode);
      const at = this.clock().toISOString();
      const [row]: any[] = await tx.manager.query(
        `INSERT INTO deviations (study_code, participant_id, kind, grade, event_id, form_id, description, occurred_on, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          access.studyCode,
          p.id,
          kind,
          grade,
          input.eventId ?? null,
          input.formId ?? null,
          description,
          input.occurredOn ?? null,
          at,
          actor.userId,
        ],
      );
      const out: RecordedDeviation = {
        id: row.id,
        participantId: p.id,
        participantLabel: p.label,
        kind,
        grade,
        eventId: input.eventId ?? null,
        formId: input.formId ?? null,
        description,
        occurredOn: input.occurredOn ?? null,
        createdAt: at,
        createdBy: actor.userId,
      };
      await tx.audit.append([
        {
          userId: actor.userId,
          action: 'deviation_recorded',
          entity: 'deviation',
          entityId: row.id,
          studyCode: access.studyCode,
          participantId: p.id,
          to: { kind, grade, eventId: out.eventId, formId: out.formId, description, occurredOn: out.occurredOn },
        },
      ]);
      return out;
    });
  }

  async recordedDeviations(access: StudyAccess): Promise<RecordedDeviation[]> {
    const rows: any[] = await this.db.dataSource.query(
      `SELECT d.*, to_char(d.occurred_on, 'YYYY-MM-DD') AS occurred_text, p.label, p.site_id FROM deviations d JOIN participants p ON p.id = d.participant_id
        WHERE d.study_code = $1 ORDER BY d.created_at, d.id`,
      [access.studyCode],
    );
    return rows
      .filter((r) => reachesSite(access, r.site_id))
      .map((r) => ({
        id: r.id,
        participantId: r.participant_id,
        participantLabel: r.label,
        kind: r.kind,
        grade: r.grade,
        eventId: r.event_id,
        formId: r.form_id,
        description: r.description,
        occurredOn: r.occurred_text ?? null,
        createdAt: new Date(r.created_at).toISOString(),
        createdBy: r.created_by,
      }));
  }
}
