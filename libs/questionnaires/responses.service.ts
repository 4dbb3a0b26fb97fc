import { DateTime } from 'luxon';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError, type FieldError } from '@trialdata/common';
import { assertStudyWritable, isStudyWritable } from '@trialdata/studies';
import type { Actor } from '@trialdata/accounts';
import { CrfRepository, QuestionnairesRepository, type Database, type QuestionnaireRow, type Repositories } from '@trialdata/database';
import type { RecordedMoment, StudyDefinition } from '@trialdata/protocol';
import type { Language, PublicInstrument, ScoreValue } from '@trialdata/instruments';
import { STOPPED_STATUSES, type Clock, type StudyLookup } from './common';
import type { InstrumentsService } from './instruments.service';
import { estimateMinutes } from './estimate';
import { shortInstruments } from './short-version';
import { hashToken, isTokenShaped, newToken } from './tokens';

/** The study team as the patient page shows it; `placeholder` when the study definition names none. */
export interface PortalContact {
  name: string;
  email?: string;
  phone?: string;
  placeholder?: true;
}

/** Raw answers per instrument code: `{ NRS_LEG: { nrs: 6 }, ... }`. */
export type QuestionnaireAnswers = Record<string, Record<string, unknown>>;

export interface SubmissionResult {
  scores: Record<string, Record<string, ScoreValue>>;
  reasons: Record<string, Record<string, string>>;
}

export interface PortalView {
  language: Language;
  study: string;
  eventId: string;
  closesAt: string;
  instruments: PublicInstrument[];
  /** What the patient saved so far, to continue where they stopped. */
  answers: QuestionnaireAnswers;
  /** The study's title (the welcome step, the emails). */
  studyTitle: string;
  /** The time point's title in the schedule ("Week 2"). */
  timePoint: string;
  /** Estimated minutes from the items (estimateMinutes; docs/questionnaires.md). */
  estimatedMinutes: number;
  /** The study team's contact, also on every error page. */
  contact: PortalContact;
  /** `short`: the link of a short-version message, showing the primary-outcome instruments only. */
  version: 'full' | 'short';
}

/**
 * Answers to questionnaires: from the patient through a link (saved a page at a time, submitted
 * once) or entered by the site team from paper or a phone call. Scores are computed on submission
 * and stored beside the raw answers.
 */
export class ResponsesService {
  constructor(
    private readonly db: Database,
    private readonly studies: StudyLookup,
    private readonly instruments: InstrumentsService,
    private readonly clock: Clock,
  ) {}

  /** A new link for a questionnaire, valid until its window closes. Returns the token (never stored). */
  async issueLink(
    tx: Repositories,
    questionnaire: Pick<QuestionnaireRow, 'id' | 'closesAt'>,
    messageId: string | null = null,
  ): Promise<string> {
    const token = newToken();
    await tx.get(QuestionnairesRepository).insertToken(hashToken(token), questionnaire.id, messageId, questionnaire.closesAt);
    return token;
  }

  async open(token: string, language?: Language): Promise<PortalView> {
    return this.db.transaction(async (tx) => {
      const { q, version } = await this.shortView(tx, token, await this.byToken(tx, token));
      // A locked study is read-only: the page still shows, but opening it records nothing.
      if (await isStudyWritable(tx, q.studyCode)) await tx.get(QuestionnairesRepository).markStarted(q.id, this.clock().toISOString());
      const lang =
        language ?? (await tx.get(QuestionnairesRepository).contactLanguage(q.participantId)) ?? this.defaultLanguage(q.studyCode);
      const def = this.studies.find(q.studyCode);
      const event = def?.schedule.find((e) => e.id === q.eventId);
      // Refused before the page shows: a patient should not fill in what cannot be sent.
      if (def && event) await this.checkTiming(tx, def, q, 'web');
      const instruments = q.instruments.map((code) => this.instruments.get(code, lang, event?.wording));
      return {
        language: lang,
        study: q.studyCode,
        eventId: q.eventId,
        closesAt: q.closesAt,
        instruments,
        answers: q.answers as QuestionnaireAnswers,
        studyTitle: def?.title ?? q.studyCode,
        timePoint: def?.schedule.find((e) => e.id === q.eventId)?.title ?? q.eventId,
        estimatedMinutes: estimateMinutes(instruments),
        contact: this.contact(q.studyCode),
        version,
      };
    });
  }

  /** Saves some answers (a page); `null` clears an item. Validated per item; returns all answers so far. */
  async save(token: string, answers: unknown): Promise<{ answers: QuestionnaireAnswers }> {
    return this.db.transaction(async (tx) => {
      const { q, all } = await this.shortView(tx, token, await this.byToken(tx, token, true));
      await assertStudyWritable(tx, q.studyCode);
      const merged = this.mergeValid(q, answers, false);
      // The short version shows some instruments only: what was saved of the others is kept.
      await tx.get(QuestionnairesRepository).saveAnswers(q.id, { ...all, ...merged }, this.clock().toISOString());
      return { answers: merged };
    });
  }

  /** Submits once: the saved answers with the body's on top, scored and stored. A second time is 409. */
  async submit(token: string, answers: unknown): Promise<SubmissionResult> {
    return this.db.transaction(async (tx) => {
      const { q, version, all } = await this.shortView(tx, token, await this.byToken(tx, token, true));
      return this.complete(tx, q, this.mergeValid(q, answers, true), 'web', null, version, all);
    });
  }

  /** A questionnaire filled in on paper, by phone or at the clinic, entered by the site team. */
  async enter(
    participantId: string,
    questionnaireId: string,
    actor: Actor,
    answers: unknown,
    mode: 'paper' | 'phone' | 'clinic',
  ): Promise<SubmissionResult> {
    return this.db.transaction(async (tx) => {
      const q = await tx.get(QuestionnairesRepository).find(questionnaireId, { lock: true });
      if (!q || q.participantId !== participantId) throw new NotFoundError('Questionnaire not found');
      if (q.status === 'completed') throw new ConflictError('This questionnaire has already been submitted');
      if (q.status === 'cancelled') throw new ConflictError('This questionnaire was cancelled');
      const p = await tx.participants.findById(participantId);
      if (p?.withdrawal && !p.withdrawal.furtherData)
        throw new RuleViolationError(`The participant withdrew consent on ${p.withdrawal.date} and allows no further data`, [
          { field: 'answers', message: 'no further data may be collected' },
        ]);
      if (!isObject(answers))
        throw new ValidationError('Invalid answers', [{ field: 'answers', message: 'must be an object of instrument code to answers' }]);
      return this.complete(tx, q, answers as QuestionnaireAnswers, mode, actor.userId);
    });
  }

  private async complete(
    tx: Repositories,
    q: QuestionnaireRow,
    answers: QuestionnaireAnswers,
    mode: 'web' | 'paper' | 'phone' | 'clinic',
    userId: string | null,
    version: 'full' | 'short' = 'full',
    /** Saved answers of instruments the short version does not show, kept with the submission. */
    others: QuestionnaireAnswers = {},
  ): Promise<SubmissionResult> {
    await assertStudyWritable(tx, q.studyCode);
    const def = this.studies.find(q.studyCode);
    if (def) await this.checkTiming(tx, def, q, mode);
    const problems = this.problems(q, answers);
    if (problems.length) throw new ValidationError('The questionnaire cannot be submitted', problems);
    // Nothing answered at all would complete the questionnaire with only null scores: refused, naming
    // each instrument without an answered item.
    const unanswered = q.instruments.filter((code) => !Object.values(answers[code] ?? {}).some((v) => v !== null && v !== undefined));
    if (unanswered.length === q.instruments.length) {
      throw new ValidationError(
        'Nothing has been answered',
        unanswered.map((code) => ({ field: code, message: 'has no answered item' })),
      );
    }
    const result: SubmissionResult = { scores: {}, reasons: {} };
    for (const code of q.instruments) {
      const scored = this.instruments.scoreIn(code, (answers[code] ?? {}) as never);
      result.scores[code] = scored.scores;
      result.reasons[code] = scored.reasons;
    }
    const at = this.clock().toISOString();
    const repo = tx.get(QuestionnairesRepository);
    await repo.complete(q.id, { answers: { ...others, ...answers }, scores: result as never, entryMode: mode, enteredBy: userId, at });
    // Which version completed the time point (the short version: its primary-outcome instruments only).
    await tx.manager.query('UPDATE questionnaires SET completed_by = $2 WHERE id = $1', [q.id, version]);
    await repo.cancelPendingOfQuestionnaire(q.id, 'questionnaire completed');
    await tx.audit.append([
      {
        userId,
        action: 'submit',
        entity: 'questionnaire',
        entityId: q.id,
        studyCode: q.studyCode,
        participantId: q.participantId,
        field: q.eventId,
        to: { mode, answers, scores: result.scores, ...(version === 'short' ? { version } : {}) },
      },
    ]);
    return result;
  }

  /**
   * Timing that is clinically true (the study's `answerAfter` / `answerBefore`): a questionnaire timed
   * from the injection cannot be answered before the recorded injection, nor while none is recorded;
   * a baseline that must precede the injection cannot be answered after it (answers typed in later
   * from paper were given earlier, so paper entry is not held to that). Refusals are 422 and say why;
   * `timing` in the problem lets the patient page say it in the patient's language.
   */
  private async checkTiming(tx: Repositories, def: StudyDefinition, q: QuestionnaireRow, mode: 'web' | 'paper' | 'phone' | 'clinic') {
    const event = def.schedule.find((e) => e.id === q.eventId);
    if (!event) return;
    const now = this.clock();
    const what = `The questionnaire "${event.title}"`;
    // The patient page says why in the patient's language, which it cannot know when the open fails.
    const language = (await tx.get(QuestionnairesRepository).contactLanguage(q.participantId)) ?? this.defaultLanguage(q.studyCode);
    if (event.answerAfter) {
      const moment = await this.recorded(tx, q.participantId, event.answerAfter, def.timeZone);
      const name = event.answerAfter.formId.replaceAll('_', ' ');
      if (!moment || (event.answerAfter.timeFieldId && moment.time === null)) {
        throw new RuleViolationError(
          `${what} cannot be answered yet: the ${name} ${moment ? 'time' : 'date and time'} ${moment ? 'has' : 'have'} not been recorded (form ${event.answerAfter.formId})`,
          [{ field: event.answerAfter.timeFieldId ?? event.answerAfter.fieldId, message: `record the ${name} first` }],
          { timing: 'not_yet_recorded', language, contact: this.contact(q.studyCode) },
        );
      }
      if (now.getTime() < moment.at.toMillis()) {
        throw new RuleViolationError(
          `${what} cannot be answered before the ${name}, recorded at ${moment.label}`,
          [{ field: 'answers', message: `not before ${moment.label}` }],
          { timing: 'before_event', at: moment.at.toUTC().toISO(), language, contact: this.contact(q.studyCode) },
        );
      }
    }
    if (event.answerBefore && mode !== 'paper') {
      const moment = await this.recorded(tx, q.participantId, event.answerBefore, def.timeZone);
      const name = event.answerBefore.formId.replaceAll('_', ' ');
      // Date only: answers on the day itself are allowed (the hour is not known); from the next day not.
      const limit = moment && (moment.time !== null ? moment.at : moment.at.plus({ days: 1 }));
      if (limit && now.getTime() >= limit.toMillis()) {
        throw new RuleViolationError(
          `${what} must be answered before the ${name}, recorded at ${moment.label}; answers given afterwards are not a baseline`,
          [{ field: 'answers', message: `not after ${moment.label}` }],
          { timing: 'after_event', at: moment.at.toUTC().toISO(), language, contact: this.contact(q.studyCode) },
        );
      }
    }
  }

  /** A date (and time) recorded on the participant's CRF, in the study's zone; null when not recorded. */
  private async recorded(tx: Repositories, participantId: string, ref: RecordedMoment, zone: string) {
    const record = await tx.get(CrfRepository).findRecord({ participantId, eventId: ref.eventId, formId: ref.formId, instance: 1 });
    const date = record?.values[ref.fieldId];
    if (typeof date !== 'string') return null;
    const time =
      ref.timeFieldId && typeof record!.values[ref.timeFieldId] === 'string' ? (record!.values[ref.timeFieldId] as string) : null;
    const at = DateTime.fromISO(`${date}T${time ?? '00:00'}`, { zone });
    return { at, time, label: time ? `${time} on ${date}` : date };
  }

  /**
   * A link sent with a `short_version` message opens the short version: the questionnaire narrowed to
   * the study's short-version instruments (its answers too; `all` keeps what was saved of the others).
   */
  private async shortView(
    tx: Repositories,
    token: string,
    q: QuestionnaireRow,
  ): Promise<{ q: QuestionnaireRow; version: 'full' | 'short'; all: QuestionnaireAnswers }> {
    const all = (q.answers ?? {}) as QuestionnaireAnswers;
    const rows: Array<{ kind: string }> = await tx.manager.query(
      `SELECT m.kind FROM questionnaire_tokens t JOIN outbox_messages m ON m.id = t.message_id WHERE t.token_hash = $1`,
      [hashToken(token)],
    );
    if (rows[0]?.kind !== 'short_version') return { q, version: 'full', all };
    const instruments = shortInstruments(this.studies.find(q.studyCode), q.eventId, q.instruments);
    if (!instruments.length) return { q, version: 'full', all };
    const answers = Object.fromEntries(Object.entries(all).filter(([code]) => instruments.includes(code)));
    return { q: { ...q, instruments, answers } as QuestionnaireRow, version: 'short', all };
  }

  private async byToken(tx: Repositories, token: string, lock = false): Promise<QuestionnaireRow> {
    // Unknown, expired, outside the questionnaire's current window, or a participant who no longer
    // answers (withdrawn, completed, lost to follow-up): the same 404 for all.
    const q = isTokenShaped(token)
      ? await tx.get(QuestionnairesRepository).findByToken(hashToken(token), this.clock().toISOString(), [...STOPPED_STATUSES], { lock })
      : null;
    if (!q && isTokenShaped(token)) {
      const upcoming = await tx
        .get(QuestionnairesRepository)
        .findUpcomingByToken(hashToken(token), this.clock().toISOString(), [...STOPPED_STATUSES]);
      const def = upcoming && this.studies.find(upcoming.studyCode);
      // Only a questionnaire timed from a recorded event (the injection) says why it is not open yet;
      // any other link whose window has moved away stays an unknown link (404).
      if (upcoming && def?.schedule.find((e) => e.id === upcoming.eventId)?.answerAfter) {
        // Timed from the injection: say so (not recorded yet, or before it) rather than "unknown".
        await this.checkTiming(tx, def, upcoming, 'web');
        throw new RuleViolationError(`This questionnaire opens at ${upcoming.opensAt}`, [{ field: 'answers', message: 'not open yet' }], {
          timing: 'not_open',
          at: upcoming.opensAt,
          contact: this.contact(upcoming.studyCode),
        });
      }
    }
    if (!q || q.status === 'cancelled') throw new NotFoundError('This link is unknown or has expired');
    if (q.status === 'completed')
      throw new ConflictError('This questionnaire has already been submitted', undefined, { contact: this.contact(q.studyCode) });
    return q;
  }

  /**
   * The study team's contact from the study definition; a study without one gets an obvious placeholder
   * (example.org, a zero phone number) so that a missing contact is seen before patients see it.
   */
  contact(studyCode: string): PortalContact {
    const def = this.studies.find(studyCode);
    if (def?.contact) return { ...def.contact };
    return {
      name: `${def?.title ?? studyCode} study team`,
      email: `${studyCode.toLowerCase()}-study-team@example.org`,
      phone: '+31 (0)00 000 0000',
      placeholder: true,
    };
  }

  /** The saved answers with the body's on top, every problem (unknown instrument, bad item) in one 400. */
  private mergeValid(q: QuestionnaireRow, body: unknown, complete: boolean): QuestionnaireAnswers {
    const { merged, errors } = this.merge(q, body);
    errors.push(...this.problems(q, merged));
    if (errors.length) throw new ValidationError(complete ? 'The questionnaire cannot be submitted' : 'Invalid answers', errors);
    return merged;
  }

  private merge(q: QuestionnaireRow, body: unknown): { merged: QuestionnaireAnswers; errors: FieldError[] } {
    if (!isObject(body))
      throw new ValidationError('Invalid answers', [{ field: 'answers', message: 'must be an object of instrument code to answers' }]);
    const errors: FieldError[] = [];
    const merged: QuestionnaireAnswers = structuredClone(q.answers ?? {}) as QuestionnaireAnswers;
    for (const [code, items] of Object.entries(body)) {
      if (!q.instruments.includes(code)) {
        errors.push({ field: code, message: `is not part of this questionnaire (${q.instruments.join(', ')})` });
        continue;
      }
      if (!isObject(items)) {
        errors.push({ field: code, message: 'must be an object of item id to answer' });
        continue;
      }
      const target = (merged[code] ??= {});
      for (const [item, value] of Object.entries(items)) {
        if (value === null) delete target[item];
        else target[item] = value;
      }
    }
    return { merged, errors };
  }

  private problems(q: QuestionnaireRow, answers: QuestionnaireAnswers): FieldError[] {
    const errors: FieldError[] = [];
    for (const [code, items] of Object.entries(answers)) {
      if (!q.instruments.includes(code)) {
        errors.push({ field: code, message: `is not part of this questionnaire (${q.instruments.join(', ')})` });
        continue;
      }
      try {
        this.instruments.validateIn(code, items);
      } catch (e) {
        if (e instanceof ValidationError) errors.push(...(e.errors ?? []));
        else throw e;
      }
    }
    return errors;
  }

  private defaultLanguage(studyCode: string): Language {
    return this.studies.find(studyCode)?.languages[0] ?? 'nl';
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
