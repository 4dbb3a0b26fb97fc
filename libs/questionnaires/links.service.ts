import { ConflictError, NotFoundError } from '@trialdata/common';
import type { Actor } from '@trialdata/accounts';
import { QuestionnairesRepository, type Database, type QuestionnaireRow, type Repositories } from '@trialdata/database';
import { assertStudyWritable } from '@trialdata/studies';
import { STOPPED_STATUSES, type Clock } from './common';
import { hashToken, newToken } from './tokens';

export interface IssuedLink {
  /** `${PUBLIC_URL}/q/<token>`: shown once; only the token's hash is stored. */
  link: string;
  expiresAt: string;
  /** How many earlier links this one voided. */
  voided: number;
}

export interface ResentInvitation {
  number: number;
  sendAt: string;
  /** False when an invitation was already waiting to go out (a second press sends nothing more). */
  created: boolean;
  voided: number;
}

/**
 * Patient links from the site team's side. A link is stored only hashed, so "copy the link" issues a
 * new one; every new link voids the questionnaire's earlier links (a link forwarded by mistake stops
 * working). "Resend invitation" voids the links too and adds one invitation to the outbox: the worker
 * sends it with a fresh link, as it sends every message (never from the API request).
 */
export class PatientLinksService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly publicUrl: string,
  ) {}

  async issue(participantId: string, questionnaireId: string, actor: Actor): Promise<IssuedLink> {
    return this.db.transaction(async (tx) => {
      const q = await this.writableQuestionnaire(tx, participantId, questionnaireId);
      const at = this.clock().toISOString();
      const repo = tx.get(QuestionnairesRepository);
      const voided = await repo.voidTokens(q.id, at);
      const token = newToken();
      await repo.insertToken(hashToken(token), q.id, null, q.closesAt);
      await tx.audit.append([
        {
          userId: actor.userId,
          action: 'link',
          entity: 'questionnaire',
          entityId: q.id,
          studyCode: q.studyCode,
          participantId: q.participantId,
          field: q.eventId,
          from: { links: voided },
          to: { links: 1, expiresAt: q.closesAt },
          reason: 'patient link copied by the site team; earlier links voided',
        },
      ]);
      return { link: `${this.publicUrl}/q/${token}`, expiresAt: q.closesAt, voided };
    });
  }

  async resend(participantId: string, questionnaireId: string, actor: Actor): Promise<ResentInvitation> {
    return this.db.transaction(async (tx) => {
      // The questionnaire row is locked (FOR NO KEY UPDATE), so two presses run one after the other
      // and the second finds the first one's invitation still waiting.
      const q = await this.writableQuestionnaire(tx, participantId, questionnaireId);
      if (q.mode === 'clinic') throw new ConflictError('This questionnaire is filled in at the clinic; no invitation is sent');
      const repo = tx.get(QuestionnairesRepository);
      const invitations = await repo.messagesOf(q.id, 'invitation');
      const waiting = invitations.find((m) => m.number > 1 && (m.state === 'pending' || m.state === 'sending'));
      if (waiting) return { number: waiting.number, sendAt: waiting.sendAt, created: false, voided: 0 };
      const at = this.clock().toISOString();
      const number = Math.max(0, ...invitations.map((m) => m.number)) + 1;
      // Not before the window opens; the dispatcher also keeps it out of quiet hours.
      const sendAt = Date.parse(q.opensAt) > Date.parse(at) ? q.opensAt : at;
      const voided = await repo.voidTokens(q.id, at);
      await repo.insertMessages([
        { questionnaireId: q.id, participantId: q.participantId, studyCode: q.studyCode, kind: 'invitation', number, sendAt },
      ]);
      await tx.audit.append([
        {
          userId: actor.userId,
          action: 'resend',
          entity: 'questionnaire',
          entityId: q.id,
          studyCode: q.studyCode,
          participantId: q.participantId,
          field: q.eventId,
          from: { links: voided },
          to: { invitation: number, sendAt },
          reason: 'invitation resent by the site team; earlier links voided',
        },
      ]);
      return { number, sendAt, created: true, voided };
    });
  }

  /** The questionnaire, locked, when a patient could still answer it: else 404 or 409 saying why not. */
  private async writableQuestionnaire(tx: Repositories, participantId: string, questionnaireId: string): Promise<QuestionnaireRow> {
    const q = await tx.get(QuestionnairesRepository).find(questionnaireId, { lock: true });
    if (!q || q.participantId !== participantId) throw new NotFoundError('Questionnaire not found');
    await assertStudyWritable(tx, q.studyCode);
    if (q.status === 'completed') throw new ConflictError('This questionnaire has already been submitted');
    if (q.status === 'cancelled') throw new ConflictError('This questionnaire was cancelled');
    if (Date.parse(q.closesAt) <= this.clock().getTime()) throw new ConflictError('The window of this questionnaire has closed');
    const p = await tx.participants.findById(participantId);
    if (p && STOPPED_STATUSES.has(p.status)) throw new ConflictError(`The participant is ${p.status.replace(/_/g, ' ')}`);
    return q;
  }
}
