import { QuestionnairesRepository, type Channel, type Database, type DispatchRow } from '@trialdata/database';
import { isStudyWritable } from '@trialdata/studies';
import {
  BullDispatchQueue,
  messageIdFor,
  renderMessage,
  type DispatchJob,
  type MessageSender,
  type OutgoingMessage,
} from '@trialdata/notifications';
import type { ContactCipher } from '@trialdata/privacy';
import { deferForQuietHours, type QuietHours } from '@trialdata/scheduling';
import { STOPPED_STATUSES, lastLocalDay, type Clock, type StudyLookup } from './common';
import { hashToken, newToken } from './tokens';
import { getInstrument } from '@trialdata/instruments';
import { estimateMinutes } from './estimate';

/** After this many send attempts a message is marked failed instead of being tried again. */
export const MAX_SEND_ATTEMPTS = 10;

/** How long an attempt holds a `sending` row before another worker may take it over (≥ the SMTP timeouts). */
export const DEFAULT_SENDING_LEASE_MS = 2 * 60_000;

export type DispatchOutcome =
  | { outcome: 'gone' | 'busy' | 'settled' | 'stale' | 'early' }
  | { outcome: 'leased'; until: string }
  | { outcome: 'skipped' | 'failed' | 'unknown'; reason: string }
  | { outcome: 'deferred'; sendAt: string }
  | { outcome: 'sent'; channel: Channel; delivered: boolean; attempt: number };

export interface ReconcileResult {
  checked: number;
  added: number;
  promoted: number;
  replaced: number;
}

/** The transport the outbox needs (BullDispatchQueue in the worker; a fake in unit tests). */
export type DispatchTransport = Pick<BullDispatchQueue, 'states' | 'add' | 'promote' | 'replace'>;

export interface OutboxOptions {
  publicUrl: string;
  quietHours: QuietHours | null;
  /** How far ahead of send_at reconciliation hands a message to BullMQ as a delayed job. */
  horizonMs?: number;
  /**
   * The lease of an attempt (`sending_until` = start + this). A `sending` row is taken over (sent
   * again, same Message-ID) only once its lease has expired, so it must outlast the SMTP timeouts
   * (connection 15 s + greeting 15 s + socket 30 s). Default 2 minutes.
   */
  sendingLeaseMs?: number;
}

/**
 * Sends the outbox. PostgreSQL holds every message and its state; a BullMQ job per message (job id
 * from the message id and send instant) only wakes the dispatcher at send time. The sequence that
 * keeps a message from being lost or doubled:
 *   1. lock the row (SKIP LOCKED), re-check everything (completed, withdrawn, closed, locked, quiet
 *      hours), then mark it `sending` (attempts + 1) and commit;
 *   2. send, with the Message-ID derived from the row id;
 *   3. mark it `sent` (only from `sending`).
 * Step 1 gives the attempt a lease (`sending_until`); a `sending` row is taken over only after its
 * lease expired (a stalled job re-run while the first attempt is still alive waits instead of
 * sending twice). A crash before 3 leaves the row `sending`: once the lease has expired the retried
 * job (or reconciliation) sends again with the same Message-ID, the accepted risk. Nothing is ever
 * sent from a row that is not due and unsettled.
 */
export class OutboxService {
  private readonly horizonMs: number;
  private readonly leaseMs: number;

  constructor(
    private readonly db: Database,
    private readonly studies: StudyLookup,
    private readonly cipher: ContactCipher,
    private readonly sender: MessageSender,
    private readonly transport: DispatchTransport,
    private readonly clock: Clock,
    private readonly options: OutboxOptions,
    private readonly log: (msg: string, extra?: object) => void = () => undefined,
  ) {
    this.horizonMs = options.horizonMs ?? 10 * 60_000;
    this.leaseMs = options.sendingLeaseMs ?? DEFAULT_SENDING_LEASE_MS;
  }

  async dispatch(messageId: string, jobSendAt: string): Promise<DispatchOutcome> {
    const now = this.clock();
    const step = await this.db.transaction(async (tx) => {
      const repo = tx.get(QuestionnairesRepository);
      const m = await repo.lockForDispatch(messageId);
      if (m === null) return { outcome: 'gone' as const };
      if (m === 'locked') return { outcome: 'busy' as const };
      if (m.state !== 'pending' && m.state !== 'sending') return { outcome: 'settled' as const };
      if (Date.parse(m.sendAt) !== Date.parse(jobSendAt)) return { outcome: 'stale' as const };
      if (Date.parse(m.sendAt) > now.getTime()) return { outcome: 'early' as const };
      // Another attempt is under way (a stalled job re-run while its first run still sends): wait for it.
      if (m.state === 'sending' && m.sendingUntil && Date.parse(m.sendingUntil) > now.getTime())
        return { outcome: 'leased' as const, until: m.sendingUntil };
      // A `sending` row whose lease expired: its last attempt may have been accepted by the mail server
      // before the worker died. Stopping it now records that the outcome is unknown, not "skipped".
      const stopWith = async (reason: string) => {
        if (m.state === 'sending') {
          const why = `${reason}; attempt ${m.attempts} may have been delivered`;
          await repo.settle(m.id, 'unknown', why);
          return { outcome: 'unknown' as const, reason: why };
        }
        await repo.settle(m.id, 'skipped', reason);
        return { outcome: 'skipped' as const, reason };
      };
      const def = this.studies.find(m.studyCode);
      // Read with FOR SHARE: a lock committing now waits for this send's record, or is seen here.
      const writable = await isStudyWritable(tx, m.studyCode);
      const stop = (writable ? null : 'study locked') ?? this.stopReason(m, now) ?? (def ? null : 'study definition missing');
      if (stop) return stopWith(stop);
      if (m.attempts >= MAX_SEND_ATTEMPTS) {
        const reason = `gave up after ${m.attempts} attempts`;
        await repo.settle(m.id, 'failed', reason);
        return { outcome: 'failed' as const, reason };
      }
      // Not before the window opens (it may have moved since the message was planned), and nothing
      // goes to a patient between 21:00 and 08:00: a late job waits for the morning.
      const opensLater = Date.parse(m.opensAt) > now.getTime();
      const earliest = opensLater ? m.opensAt : now;
      const sendFrom =
        m.kind === 'coordinator_task'
          ? new Date(earliest).toISOString()
          : deferForQuietHours(earliest, this.options.quietHours, def!.timeZone);
      if (Date.parse(sendFrom) > now.getTime()) {
        if (Date.parse(sendFrom) >= Date.parse(m.closesAt)) return stopWith('window closes during quiet hours');
        await repo.defer(m.id, sendFrom, opensLater ? 'window not open yet' : 'quiet hours');
        return { outcome: 'deferred' as const, sendAt: sendFrom };
      }
      if (m.kind === 'coordinator_task') {
        await repo.insertTask({
          messageId: m.id,
          questionnaireId: m.questionnaireId,
          participantId: m.participantId,
          studyCode: m.studyCode,
          siteId: m.siteId,
          createdAt: now.toISOString(),
        });
        const attempt = await repo.markSending(m.id, 'task');
        await repo.markSent(m.id, now.toISOString(), true);
        return { outcome: 'sent' as const, channel: 'task' as const, delivered: true, attempt };
      }
      const contactRow = await tx.participants.findContact(m.participantId);
      const contact = contactRow ? this.cipher.decrypt(m.participantId, contactRow.ciphertext) : null;
      const channel: Channel = contact?.email ? 'email' : contact?.phone ? 'sms' : 'none';
      if (channel === 'none' || !contact) return stopWith('no email address or phone number');
      // A fresh link per attempt: the token is random and stored only hashed, so an earlier attempt's
      // link cannot be rebuilt; every link opens the same questionnaire until the window closes.
      const token = newToken();
      await repo.insertToken(hashToken(token), m.questionnaireId, m.id, m.closesAt);
      const attempt = await repo.markSending(m.id, channel, new Date(now.getTime() + this.leaseMs).toISOString());
      // The time it takes, estimated from the questionnaire's items as the patient page shows it.
      const codes = (await repo.find(m.questionnaireId))?.instruments ?? [];
      const rendered = renderMessage({
        kind: m.kind === 'invitation' ? 'invitation' : 'reminder',
        number: m.number,
        language: contact.language,
        link: `${this.options.publicUrl}/q/${token}`,
        studyTitle: def!.title,
        estimatedMinutes: estimateMinutes(codes.map((c) => getInstrument(c))),
        lastDay: lastLocalDay(m.closesAt, def!.timeZone),
      });
      const message: OutgoingMessage = {
        messageId: messageIdFor(m.id),
        channel,
        to: channel === 'email' ? contact.email! : contact.phone!,
        ...rendered,
      };
      return { outcome: 'send' as const, message, channel, attempt };
    });

    if (step.outcome === 'deferred') {
      await this.transport.add([{ messageId, sendAt: step.sendAt, delayMs: Date.parse(step.sendAt) - now.getTime() }]);
      return step;
    }
    if (step.outcome === 'leased') {
      // Wake up when the lease ends (its own job id: this job's id is taken until it is removed).
      await this.transport.add([
        { messageId, sendAt: jobSendAt, delayMs: Date.parse(step.until) - now.getTime(), wake: `lease-${Date.parse(step.until)}` },
      ]);
      return step;
    }
    if (step.outcome !== 'send') return step;

    let delivered: boolean;
    try {
      delivered = (await this.sender.send(step.message)).delivered;
    } catch (e) {
      // The row stays `sending`; the job's retry sends again with the same Message-ID. A mail server's
      // error may quote the address: redacted before it reaches the outbox row, the job or a log.
      const error = redactContact(e instanceof Error ? e.message : String(e));
      // The attempt is over: its lease ends now, so BullMQ's retry need not wait for it.
      await this.db.repos
        .get(QuestionnairesRepository)
        .noteError(messageId, `send attempt ${step.attempt} failed: ${error}`, { attempt: step.attempt, at: this.clock().toISOString() });
      // Deliberately without `cause`: the original error may quote the address.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(`send failed: ${error}`);
    }
    const recorded = await this.db.transaction((tx) =>
      tx.get(QuestionnairesRepository).markSent(messageId, this.clock().toISOString(), delivered),
    );
    if (!recorded) {
      // The row left `sending` while this attempt ran (its lease expired and another attempt took it
      // over, or it was settled): the patient may have this message twice. Ids only, no contact data.
      this.log('outbox anomaly: sent, but the message was no longer sending', { messageId, channel: step.channel, attempt: step.attempt });
    }
    this.log('message sent', { messageId, channel: step.channel, delivered, attempt: step.attempt, recorded });
    return { outcome: 'sent', channel: step.channel, delivered, attempt: step.attempt };
  }

  /**
   * Hands BullMQ every unsettled message due within the horizon whose job is missing (Redis lost it,
   * or it was never added), finished without settling the row, or delayed past its due time. Job ids
   * are deterministic, so running this any number of times, on any number of workers, adds each once.
   */
  async reconcile(): Promise<ReconcileResult> {
    const now = this.clock().getTime();
    const until = new Date(now + this.horizonMs).toISOString();
    const result: ReconcileResult = { checked: 0, added: 0, promoted: 0, replaced: 0 };
    let after: { sendAt: string; id: string } | undefined;
    for (;;) {
      const page = await this.db.repos.get(QuestionnairesRepository).dispatchable(until, 1000, after);
      if (!page.length) break;
      after = page[page.length - 1];
      result.checked += page.length;
      const states = await this.transport.states(page.map((m) => BullDispatchQueue.jobId(m.id, m.sendAt)));
      const add: DispatchJob[] = [];
      for (let i = 0; i < page.length; i++) {
        const m = page[i];
        const job: DispatchJob = { messageId: m.id, sendAt: m.sendAt, delayMs: Date.parse(m.sendAt) - now };
        const due = job.delayMs <= 0;
        switch (states[i]) {
          case 'missing':
            add.push(job);
            break;
          case 'delayed':
            if (due) {
              await this.transport.promote(m.id, m.sendAt);
              result.promoted++;
            }
            break;
          case 'completed':
          case 'failed':
            if (due) {
              await this.transport.replace(job);
              result.replaced++;
            }
            break;
          case 'waiting':
          case 'active':
          case 'other':
            // On its way: BullMQ runs it (a killed worker's active job comes back once its lock expires).
            break;
        }
      }
      await this.transport.add(add);
      result.added += add.length;
      if (page.length < 1000) break;
    }
    return result;
  }

  private stopReason(m: DispatchRow, now: Date): string | null {
    if (m.questionnaireStatus === 'completed') return 'questionnaire completed';
    if (m.questionnaireStatus === 'cancelled') return 'questionnaire cancelled';
    if (STOPPED_STATUSES.has(m.participantStatus)) return `participant ${m.participantStatus}`;
    if (m.studyStatus === 'locked') return 'study locked';
    if (now.getTime() >= Date.parse(m.closesAt)) return 'window closed';
    return null;
  }
}

/** Masks anything shaped like an email address or a phone number. */
export function redactContact(text: string): string {
  return text.replace(/[^\s<>"'@]+@[^\s<>"'@]+/g, '[address]').replace(/\+?\d[\d ()-]{6,}\d/g, '[number]');
}
