import { QuestionnairesRepository, type Channel, type Database, type DispatchRow } from '@trialdata/database';
import { isStudyWritable } from '@trialdata/studies';
import {
  BullDispatchQueue,
  isPermanentSendError,
  messageIdFor,
  renderMessage,
  type DispatchJob,
  type MessageSender,
  type OutgoingMessage,
} from '@trialdata/notifications';
import type { ContactCipher, ContactDetails } from '@trialdata/privacy';
import { deferForQuietHours, type QuietHours } from '@trialdata/scheduling';
import { STOPPED_STATUSES, lastLocalDay, type Clock, type StudyLookup } from './common';
import { hashToken, newToken } from './tokens';
import { getInstrument } from '@trialdata/instruments';
import { estimateMinutes } from './estimate';
import { shortInstruments } from './short-version';

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

/** A message of the dispatch transaction that is to be sent once it has committed. */
interface SendStep {
  outcome: 'send';
  m: DispatchRow;
  channel: 'email' | 'sms';
  contact: ContactDetails;
  token: string;
  attempt: number;
}
/** A coordinator task, raised (and its message `sent`) with the rest of the batch. */
interface TaskStep {
  outcome: 'task';
  m: DispatchRow;
}
type Step = DispatchOutcome | SendStep | TaskStep;
const SETTLED = new Set(['sent', 'skipped', 'failed', 'unknown', 'settled']);

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
  /**
   * How many due messages one dispatch transaction handles: the job's own message plus up to
   * `batchSize - 1` other due `pending` messages claimed FOR UPDATE SKIP LOCKED. Default 1 (only the
   * job's message); the worker's dispatch jobs use DISPATCH_BATCH_SIZE.
   */
  batchSize?: number;
}

/**
 * The batch of the worker's dispatch jobs (OutboxOptions.batchSize). A batch's sends are handed to the
 * sender at once; it keeps SEND_CONCURRENCY connections and queues the rest inside the lease.
 */
export const DISPATCH_BATCH_SIZE = 100;

/** Entries of OutboxService's cache of local-time answers (quiet hours, last local day). */
const ZONED_CACHE = 10_000;

/** At most this many further batches one dispatch job drains after its own (batch mode). */
const MAX_DRAIN_BATCHES = 50;

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
  private readonly batchSize: number;
  /** Ids this dispatcher settled (batch mode): their own jobs stop without a transaction. */
  private readonly settledHere = new Set<string>();
  /**
   * Answers of the two local-time rules a batch asks of every message (quiet hours, the last local
   * day), by instant and time zone: most messages of a batch share both, and each answer costs luxon a
   * time-zone lookup. Pure functions of their key (the quiet hours are this service's), so kept across
   * batches, up to ZONED_CACHE entries.
   */
  private readonly zoned = new Map<string, string>();

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
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? 1));
  }

  async dispatch(messageId: string, jobSendAt: string, batch?: string[]): Promise<DispatchOutcome> {
    // A job of a reconciliation group names its group's other messages: it claims those (even when its
    // own message was settled by someone else meanwhile) and does not drain; the groups are disjoint,
    // so concurrent jobs do not compete for rows. (Jobs without a group: claimDue and the drain.)
    const group = this.batchSize > 1 && batch?.length ? batch.slice(0, this.batchSize - 1) : undefined;
    if (group) return (await this.runBatch(messageId, jobSendAt, group)).own!;
    if (this.batchSize > 1) {
      // A message this dispatcher already settled (sent as part of another job's batch): nothing to do.
      if (this.settledHere.has(messageId)) return { outcome: 'settled' };
      // A cheap unlocked look first: most jobs of a drained batch find their message settled.
      const peek = await this.db.repos.get(QuestionnairesRepository).peekMessage(messageId);
      if (peek === null) return { outcome: 'gone' };
      if (peek.state !== 'pending' && peek.state !== 'sending') return { outcome: 'settled' };
      if (Date.parse(peek.sendAt) !== Date.parse(jobSendAt)) return { outcome: 'stale' };
    }
    const first = await this.runBatch(messageId, jobSendAt);
    // Drain (batch mode): while batches come back full, more messages are due than this job's batch
    // took; keep claiming, so one job sends many batches and most messages need no job of their own
    // (reconciliation hands BullMQ one job per batch of messages due at one instant).
    let full = this.batchSize > 1 && first.claimed === this.batchSize - 1;
    for (let n = 0; full && n < MAX_DRAIN_BATCHES; n++) {
      try {
        full = (await this.runBatch(null, jobSendAt)).claimed === this.batchSize;
      } catch (error) {
        // This job's own message is settled; what the drain left is another job's or reconciliation's.
        this.log('dispatch drain stopped', { messageId, error: error instanceof Error ? error.message : String(error) });
        break;
      }
    }
    return first.own!;
  }

  /**
   * One dispatch transaction and its sends: the job's own message (none when draining) plus up to
   * batchSize - (own ? 1 : 0) other due `pending` messages claimed FOR UPDATE SKIP LOCKED. Returns the
   * own message's outcome and how many others it claimed; throws when the own message's send failed.
   */
  private async runBatch(
    messageId: string | null,
    jobSendAt: string,
    group?: string[],
  ): Promise<{ own: DispatchOutcome | null; claimed: number }> {
    const now = this.clock();
    const leaseUntil = new Date(now.getTime() + this.leaseMs).toISOString();
    const { own, others } = await this.db.transaction(async (tx) => {
      const repo = tx.get(QuestionnairesRepository);
      // Read with FOR SHARE, once per study and transaction: a lock committing now waits for this
      // transaction's records, or is seen here.
      const writable = new Map<string, boolean>();
      const isWritable = async (code: string) => {
        if (!writable.has(code)) writable.set(code, await isStudyWritable(tx, code));
        return writable.get(code)!;
      };
      const m = messageId === null ? undefined : await repo.lockForDispatch(messageId);
      let own: Step | null;
      if (m === undefined) own = null;
      else if (m === null) own = { outcome: 'gone' };
      else if (m === 'locked') own = { outcome: 'busy' };
      else if (m.state !== 'pending' && m.state !== 'sending') own = { outcome: 'settled' };
      else if (Date.parse(m.sendAt) !== Date.parse(jobSendAt)) own = { outcome: 'stale' };
      else if (Date.parse(m.sendAt) > now.getTime()) own = { outcome: 'early' };
      // Another attempt is under way (a stalled job re-run while its first run still sends): wait for it.
      else if (m.state === 'sending' && m.sendingUntil && Date.parse(m.sendingUntil) > now.getTime())
        own = { outcome: 'leased', until: m.sendingUntil };
      else own = await this.plan(repo, m, now, isWritable);
      // The batch: other due `pending` messages, claimed in this same transaction.
      const limit = this.batchSize - (messageId === null ? 0 : 1);
      const claimed =
        this.batchSize <= 1
          ? []
          : group
            ? await repo.claimIds(
                now.toISOString(),
                group.filter((id) => id !== messageId),
                limit,
              )
            : await repo.claimDue(now.toISOString(), limit, messageId === null ? [] : [messageId]);
      const others: Array<{ id: string; step: Step }> = [];
      for (const o of claimed) others.push({ id: o.id, step: await this.plan(repo, o, now, isWritable) });
      // Coordinator tasks: raised and `sent` here, all of the batch in two statements.
      const tasks = [own, ...others.map((o) => o.step)].filter((s): s is TaskStep => s?.outcome === 'task');
      const taskAttempts = await repo.insertTasksSent(
        tasks.map(({ m: t }) => ({
          messageId: t.id,
          questionnaireId: t.questionnaireId,
          participantId: t.participantId,
          studyCode: t.studyCode,
          siteId: t.siteId,
        })),
        now.toISOString(),
      );
      const taskSent = (s: Step): Step =>
        s.outcome === 'task' ? { outcome: 'sent', channel: 'task', delivered: true, attempt: taskAttempts.get(s.m.id)! } : s;
      if (own) own = taskSent(own);
      for (const o of others) o.step = taskSent(o.step);
      // Every message to send: one link each, then `sending` with the attempt's lease, in two statements.
      const sends = [own, ...others.map((o) => o.step)].filter((s): s is SendStep => s?.outcome === 'send');
      await repo.insertTokens(
        sends.map((s) => ({ hash: hashToken(s.token), questionnaireId: s.m.questionnaireId, messageId: s.m.id, expiresAt: s.m.closesAt })),
      );
      const attempts = await repo.markSendingMany(
        sends.map((s) => ({ id: s.m.id, channel: s.channel })),
        leaseUntil,
      );
      for (const s of sends) s.attempt = attempts.get(s.m.id)!;
      return { own, others };
    });

    // After the commit: wake-ups for deferred messages, then every send of the batch, handed to the
    // sender at once (it bounds the connections; each send bounded by the SMTP timeouts, inside the lease).
    const deferred: DispatchJob[] = [];
    const all = own && messageId !== null ? [{ id: messageId, step: own }, ...others] : others;
    for (const { id, step } of all) {
      if (step.outcome === 'deferred')
        deferred.push({ messageId: id, sendAt: step.sendAt, delayMs: Date.parse(step.sendAt) - now.getTime() });
      else if (step.outcome !== 'send' && step.outcome !== 'leased' && SETTLED.has(step.outcome)) this.remember(id);
    }
    if (deferred.length) await this.transport.add(deferred);
    if (own?.outcome === 'leased' && messageId !== null) {
      // Wake up when the lease ends (its own job id: this job's id is taken until it is removed).
      await this.transport.add([
        { messageId, sendAt: jobSendAt, delayMs: Date.parse(own.until) - now.getTime(), wake: `lease-${Date.parse(own.until)}` },
      ]);
    }
    const sends = [own, ...others.map((o) => o.step)].filter((s): s is SendStep => s?.outcome === 'send');
    const result = (outcome: DispatchOutcome | null) => ({ own: outcome, claimed: others.length });
    if (!sends.length) return result(own as DispatchOutcome | null);
    if (others.length) this.log('dispatch batch', { messageId, claimed: others.length, sending: sends.length });

    // The sender keeps SEND_CONCURRENCY connections and queues the rest: a send may wait for the first
    // half of the lease and not longer (refused unsent after it), so the second half is left for the
    // send itself, whose SMTP timeouts are shorter. Wall time: the wait is the process's, not the clock's.
    const maxWaitMs = this.leaseMs / 2;
    const results = await Promise.allSettled(sends.map((s) => this.sender.send(this.render(s), { maxWaitMs })));
    const ok: Array<{ id: string; delivered: boolean }> = [];
    let ownError: string | null = null;
    let ownFailed: string | null = null;
    for (let i = 0; i < sends.length; i++) {
      const s = sends[i];
      const r = results[i];
      if (r.status === 'fulfilled') {
        ok.push({ id: s.m.id, delivered: r.value.delivered });
        continue;
      }
      // The row stays `sending`; a retry sends again with the same Message-ID (the own job: BullMQ's
      // retry; a batch member: its own job, or reconciliation). A mail server's error may quote the
      // address: redacted before it reaches the outbox row, the job or a log.
      const error = redactContact(r.reason instanceof Error ? r.reason.message : String(r.reason));
      if (isPermanentSendError(r.reason)) {
        // The provider refused it for good (an SMS gateway's 4xx: a bad number, no balance): failed, no retry.
        await this.db.repos.get(QuestionnairesRepository).settle(s.m.id, 'failed', `permanent: attempt ${s.attempt}: ${error}`);
        this.log('send failed permanently', { messageId: s.m.id, channel: s.channel, attempt: s.attempt, error });
        if (s.m.id === messageId) ownFailed = `permanent: ${error}`;
        continue;
      }
      // The attempt is over: its lease ends now, so the retry need not wait for it.
      await this.db.repos
        .get(QuestionnairesRepository)
        .noteError(s.m.id, `send attempt ${s.attempt} failed: ${error}`, { attempt: s.attempt, at: this.clock().toISOString() });
      if (s.m.id === messageId) ownError = error;
      else this.log('send failed', { messageId: s.m.id, attempt: s.attempt, error });
    }
    const recorded = await this.db.repos.get(QuestionnairesRepository).markSentMany(ok, this.clock().toISOString());
    for (const { id, delivered } of ok) {
      const s = sends.find((x) => x.m.id === id)!;
      if (!recorded.has(id)) {
        // The row left `sending` while this attempt ran (its lease expired and another attempt took it
        // over, or it was settled): the patient may have this message twice. Ids only, no contact data.
        this.log('outbox anomaly: sent, but the message was no longer sending', { messageId: id, channel: s.channel, attempt: s.attempt });
      } else this.remember(id);
      this.log('message sent', { messageId: id, channel: s.channel, delivered, attempt: s.attempt, recorded: recorded.has(id) });
    }
    if (ownError !== null) {
      // Deliberately without `cause`: the original error may quote the address.
      throw new Error(`send failed: ${ownError}`);
    }
    if (own === null) return result(null);
    if (own.outcome !== 'send') return result(own as DispatchOutcome);
    if (ownFailed !== null) return result({ outcome: 'failed', reason: ownFailed });
    const delivered = ok.find((o) => o.id === messageId)!.delivered;
    return result({ outcome: 'sent', channel: own.channel, delivered, attempt: own.attempt });
  }

  /**
   * Decides one locked, due, unsettled message inside the dispatch transaction: re-checks everything
   * (completed, withdrawn, closed, locked, attempts, window, quiet hours) and records a stop, a
   * deferral or a coordinator task at once; a message to send comes back with its contact and a fresh
   * link token, to be marked `sending` with the rest of the batch.
   */
  private async plan(
    repo: QuestionnairesRepository,
    m: DispatchRow,
    now: Date,
    isWritable: (code: string) => Promise<boolean>,
  ): Promise<Step> {
    // A `sending` row whose lease expired: its last attempt may have been accepted by the mail server
    // before the worker died. Stopping it now records that the outcome is unknown, not "skipped".
    const stopWith = async (reason: string): Promise<Step> => {
      if (m.state === 'sending') {
        const why = `${reason}; attempt ${m.attempts} may have been delivered`;
        await repo.settle(m.id, 'unknown', why);
        return { outcome: 'unknown', reason: why };
      }
      await repo.settle(m.id, 'skipped', reason);
      return { outcome: 'skipped', reason };
    };
    const def = this.studies.find(m.studyCode);
    const writable = await isWritable(m.studyCode);
    const stop = (writable ? null : 'study locked') ?? this.stopReason(m, now) ?? (def ? null : 'study definition missing');
    if (stop) return stopWith(stop);
    if (m.attempts >= MAX_SEND_ATTEMPTS) {
      const reason = `gave up after ${m.attempts} attempts`;
      await repo.settle(m.id, 'failed', reason);
      return { outcome: 'failed', reason };
    }
    // Not before the window opens (it may have moved since the message was planned), and nothing
    // goes to a patient between 21:00 and 08:00: a late job waits for the morning.
    const opensLater = Date.parse(m.opensAt) > now.getTime();
    const earliest = opensLater ? m.opensAt : now;
    const sendFrom =
      m.kind === 'coordinator_task'
        ? new Date(earliest).toISOString()
        : this.inZone('quiet', typeof earliest === 'string' ? earliest : earliest.toISOString(), def!.timeZone);
    if (Date.parse(sendFrom) > now.getTime()) {
      if (Date.parse(sendFrom) >= Date.parse(m.closesAt)) return stopWith('window closes during quiet hours');
      await repo.defer(m.id, sendFrom, opensLater ? 'window not open yet' : 'quiet hours');
      return { outcome: 'deferred', sendAt: sendFrom };
    }
    // A coordinator task: its row is inserted and the message marked `sent` with the rest of the batch.
    if (m.kind === 'coordinator_task') return { outcome: 'task', m };
    const contact = m.contactCiphertext ? this.cipher.decrypt(m.participantId, m.contactCiphertext) : null;
    const channel: Channel = contact?.email ? 'email' : contact?.phone ? 'sms' : 'none';
    if (channel === 'none' || !contact) return stopWith('no email address or phone number');
    // A fresh link per attempt: the token is random and stored only hashed, so an earlier attempt's
    // link cannot be rebuilt; every link opens the same questionnaire until the window closes.
    return { outcome: 'send', m, channel, contact, token: newToken(), attempt: 0 };
  }

  /** The message of one send step: its link, the time it takes (from the questionnaire's items), the last day. */
  private render(s: SendStep): OutgoingMessage {
    const def = this.studies.find(s.m.studyCode)!;
    const rendered = renderMessage({
      kind: s.m.kind === 'invitation' || s.m.kind === 'short_version' ? s.m.kind : 'reminder',
      number: s.m.number,
      language: s.contact.language,
      link: `${this.options.publicUrl}/q/${s.token}`,
      studyTitle: def.title,
      estimatedMinutes: estimateMinutes(
        (s.m.kind === 'short_version' ? shortInstruments(def, s.m.eventId, s.m.instruments) : s.m.instruments).map((c) => getInstrument(c)),
      ),
      lastDay: this.inZone('lastDay', s.m.closesAt, def.timeZone),
    });
    return {
      messageId: messageIdFor(s.m.id),
      channel: s.channel,
      to: s.channel === 'email' ? s.contact.email! : s.contact.phone!,
      ...rendered,
    };
  }

  /**
   * A local-time rule at an instant in a zone, remembered (`zoned`): `quiet`, the instant itself or the
   * end of the quiet hours it falls in (deferForQuietHours); `lastDay`, the last local day before it.
   */
  private inZone(rule: 'quiet' | 'lastDay', at: string, zone: string): string {
    const key = `${rule}|${at}|${zone}`;
    let answer = this.zoned.get(key);
    if (answer === undefined) {
      if (this.zoned.size >= ZONED_CACHE) this.zoned.clear();
      answer = rule === 'quiet' ? deferForQuietHours(at, this.options.quietHours, zone) : lastLocalDay(at, zone);
      this.zoned.set(key, answer);
    }
    return answer;
  }

  /** Remembers a message this dispatcher settled, so its own job (if it runs here) stops at once. */
  private remember(id: string): void {
    if (this.batchSize <= 1) return;
    if (this.settledHere.size >= 100_000) this.settledHere.clear();
    this.settledHere.add(id);
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
      // Batch mode: `pending` messages of one send instant go in groups of batchSize, and a group needs
      // one live job (its first missing member's, when none has one), which names the group's other
      // members: it claims those (claimIds), so the jobs of a busy morning claim disjoint rows. A job
      // without names (added before this, or a replaced one) claims any due `pending` ones and drains.
      // A `sending` row always has its own job (a batch claims only `pending`).
      const group = this.groupsOf(page);
      const covered = new Set<number>();
      const missing = new Map<number, DispatchJob>();
      for (let i = 0; i < page.length; i++) {
        const m = page[i];
        const job: DispatchJob = { messageId: m.id, sendAt: m.sendAt, delayMs: Date.parse(m.sendAt) - now };
        const due = job.delayMs <= 0;
        switch (states[i]) {
          case 'missing':
            if (group[i] === null) add.push(job);
            else if (!missing.has(group[i]!)) missing.set(group[i]!, job);
            break;
          case 'delayed':
            if (due) {
              await this.transport.promote(m.id, m.sendAt);
              result.promoted++;
            }
            if (group[i] !== null) covered.add(group[i]!);
            break;
          case 'completed':
          case 'failed':
            if (due) {
              await this.transport.replace(job);
              result.replaced++;
              if (group[i] !== null) covered.add(group[i]!);
            }
            break;
          case 'waiting':
          case 'active':
          case 'other':
            // On its way: BullMQ runs it (a killed worker's active job comes back once its lock expires).
            if (group[i] !== null) covered.add(group[i]!);
            break;
        }
      }
      // A group's job names the group's other messages: it claims exactly those (disjoint batches).
      const members = new Map<number, string[]>();
      page.forEach((m, i) => {
        const g = group[i];
        if (g === null) return;
        const list = members.get(g) ?? [];
        list.push(m.id);
        members.set(g, list);
      });
      for (const [g, job] of missing) {
        if (covered.has(g)) continue;
        const batch = members.get(g)!.filter((id) => id !== job.messageId);
        add.push(batch.length ? { ...job, batch } : job);
      }
      await this.transport.add(add);
      result.added += add.length;
      if (page.length < 1000) break;
    }
    return result;
  }

  /**
   * The group of each message of a reconciliation page (batch mode): consecutive `pending` messages of
   * one send instant, batchSize at a time; null (a job of its own) for `sending` rows and in single mode.
   */
  private groupsOf(page: ReadonlyArray<{ sendAt: string; state: 'pending' | 'sending' }>): Array<number | null> {
    const groups: Array<number | null> = [];
    let current = -1;
    let size = 0;
    let instant = '';
    for (const m of page) {
      if (this.batchSize <= 1 || m.state !== 'pending') {
        groups.push(null);
        continue;
      }
      if (m.sendAt !== instant || size === this.batchSize) {
        current++;
        size = 0;
        instant = m.sendAt;
      }
      size++;
      groups.push(current);
    }
    return groups;
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
