import { outboxFromContext } from '../apps/worker/src/handlers/notifications';
import type { WorkerProcess } from '../apps/worker/src/worker';
import { BullDispatchQueue, type MessageSender, type OutgoingMessage } from '@trialdata/notifications';
import { ContactCipher } from '@trialdata/privacy';
import { DISPATCH_BATCH_SIZE, OutboxService } from '@trialdata/questionnaires';
import { QueueName } from '@trialdata/queue';
import { parseQuietHours } from '@trialdata/scheduling';
import { TestClock } from './support/clock';
import { randomisedTeias, setUpWorld, type World } from './support/fixtures';
import { startApi, type TestApi } from './support/harness';
import { startTestWorker } from './support/worker';
import { startMailServer, type MailServer } from './support/worker-process';

/**
 * The batched claim (OutboxService with batchSize > 1): one dispatch transaction claims up to N due
 * messages FOR UPDATE SKIP LOCKED. Two dispatchers racing over the same due messages (each its own
 * worker, its own connection pool) never both send one: every message is sent once, on attempt 1.
 */
/** Tuesday 10:00 in Amsterdam (CET), outside quiet hours. */
const START = '2027-03-09T09:00:00.000Z';

let api: TestApi;
let world: World;
let mail: MailServer;
let workerA: WorkerProcess;
let workerB: WorkerProcess;
const clock = new TestClock(START);

beforeAll(async () => {
  mail = await startMailServer();
  api = await startApi({ clock: clock.now, env: { SMTP_URL: mail.url } });
  world = await setUpWorld(api);
  workerA = await startTestWorker(api, { clock: clock.now });
  workerB = await startTestWorker(api, { clock: clock.now });
}, 120_000);

afterAll(async () => {
  await workerA?.close();
  await workerB?.close();
  await api?.close();
  await mail?.close();
});

const sql = (q: string, p: unknown[] = []) => api.db.dataSource.query(q, p);

/** Enrols and randomises `n` TEIAS participants; the ids of their due baseline invitations. */
async function dueInvitations(n: number, tag: string): Promise<Array<{ id: string; sendAt: string }>> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await randomisedTeias(api, world, { email: `${tag}${i}@example.nl`, language: 'en' })).id);
  const rows = await sql(
    `SELECT m.id, m.send_at FROM outbox_messages m JOIN questionnaires q ON q.id = m.questionnaire_id
     WHERE q.event_id = 'baseline' AND m.kind = 'invitation' AND m.state = 'pending' AND m.send_at <= $2 AND m.participant_id = ANY($1::uuid[])`,
    [ids, clock.iso()],
  );
  expect(rows).toHaveLength(n);
  return rows.map((r: { id: string; send_at: Date }) => ({ id: r.id, sendAt: r.send_at.toISOString() }));
}

/** A batch dispatcher on one worker's database pool whose sender records every message and takes `ms`. */
function recordingOutbox(worker: WorkerProcess, ms: number) {
  const sent: OutgoingMessage[] = [];
  const sender: MessageSender = {
    send: async (m) => {
      sent.push(m);
      await new Promise((r) => setTimeout(r, ms));
      return { delivered: true, via: 'test' };
    },
    close: async () => undefined,
  };
  const ctx = worker.context;
  const outbox = new OutboxService(
    ctx.db,
    ctx.studies,
    new ContactCipher(ctx.config.dataKey),
    sender,
    new BullDispatchQueue(ctx.queues),
    clock.now,
    { publicUrl: ctx.config.publicUrl, quietHours: parseQuietHours(ctx.config.quietHours), batchSize: 8 },
  );
  return { outbox, sent };
}

/** Runs `task` over `items` with `width` at once. */
async function each<T>(items: T[], width: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let i = next++; i < items.length; i = next++) await task(items[i]);
    }),
  );
}

it('two batch dispatchers racing over the same due messages send each once', async () => {
  const due = await dueInvitations(40, 'race-batch');
  const a = recordingOutbox(workerA, 20);
  const b = recordingOutbox(workerB, 20);
  const outcomes: string[] = [];
  // Both run every message's job at once, A from the front and B from the back: each job also claims
  // up to 7 other due messages, so the two keep claiming from the same due set.
  await Promise.all([
    each(due, 4, async (m) => outcomes.push((await a.outbox.dispatch(m.id, m.sendAt)).outcome)),
    each([...due].reverse(), 4, async (m) => outcomes.push((await b.outbox.dispatch(m.id, m.sendAt)).outcome)),
  ]);
  expect(outcomes).toHaveLength(80);
  const sentIds = [...a.sent, ...b.sent].map((m) => m.messageId);
  // Never both: no Message-ID was handed to a sender twice.
  expect(new Set(sentIds).size).toBe(sentIds.length);
  // Every due invitation went out, once, on its first attempt.
  for (const m of due) expect(sentIds.filter((id) => id === `<${m.id}@trialdata>`)).toHaveLength(1);
  const rows = await sql(`SELECT state, attempts FROM outbox_messages WHERE id = ANY($1::uuid[])`, [due.map((m) => m.id)]);
  expect(rows.every((r: { state: string; attempts: number }) => r.state === 'sent' && r.attempts === 1)).toBe(true);
  // Both dispatchers sent, and in batches (more messages than the jobs that sent them as their own).
  expect(a.sent.length).toBeGreaterThan(0);
  expect(b.sent.length).toBeGreaterThan(0);
  expect(outcomes.filter((o) => o === 'sent').length).toBeLessThan(sentIds.length);
  // One link per message.
  const [{ n }] = await sql(`SELECT count(*)::int AS n FROM questionnaire_tokens WHERE message_id = ANY($1::uuid[])`, [
    due.map((m) => m.id),
  ]);
  expect(n).toBe(due.length);
}, 300_000);

it("a group's job claims the messages it names and no other due ones; racing group jobs send each once", async () => {
  const due = await dueInvitations(12, 'named');
  const [own, ...rest] = due;
  const named = rest.slice(0, 4).map((m) => m.id);
  const others = rest.slice(4);
  const a = recordingOutbox(workerA, 5);
  expect((await a.outbox.dispatch(own.id, own.sendAt, named)).outcome).toBe('sent');
  expect(a.sent.map((m) => m.messageId).sort()).toEqual([own.id, ...named].map((id) => `<${id}@trialdata>`).sort());
  const pending = await sql(`SELECT count(*)::int AS n FROM outbox_messages WHERE state = 'pending' AND id = ANY($1::uuid[])`, [
    others.map((m) => m.id),
  ]);
  expect(pending[0].n).toBe(others.length);
  // Its own message already settled (sent by a batch elsewhere): the job still sends its group.
  const b = recordingOutbox(workerB, 5);
  expect((await b.outbox.dispatch(own.id, own.sendAt, [others[0].id, others[1].id])).outcome).toBe('settled');
  expect(b.sent.map((m) => m.messageId).sort()).toEqual([others[0].id, others[1].id].map((id) => `<${id}@trialdata>`).sort());
  // Two dispatchers running the same group jobs at once (a job run twice): each message once.
  const left = others.slice(2);
  const c = recordingOutbox(workerA, 10);
  const d = recordingOutbox(workerB, 10);
  const groupJob = (o: OutboxService) =>
    o.dispatch(
      left[0].id,
      left[0].sendAt,
      left.slice(1).map((m) => m.id),
    );
  await Promise.all([groupJob(c.outbox), groupJob(d.outbox), groupJob(c.outbox), groupJob(d.outbox)]);
  const sentIds = [...c.sent, ...d.sent].map((m) => m.messageId);
  expect(sentIds.sort()).toEqual(left.map((m) => `<${m.id}@trialdata>`).sort());
  const rows = await sql(`SELECT state, attempts FROM outbox_messages WHERE id = ANY($1::uuid[])`, [due.map((m) => m.id)]);
  expect(rows.every((r: { state: string; attempts: number }) => r.state === 'sent' && r.attempts === 1)).toBe(true);
}, 300_000);

/** Waits (generous deadline) until every one of `ids` is `sent`. */
async function waitUntilSent(ids: string[]): Promise<void> {
  const end = Date.now() + 240_000;
  for (;;) {
    const [{ n }] = await sql(`SELECT count(*)::int AS n FROM outbox_messages WHERE state = 'sent' AND id = ANY($1::uuid[])`, [ids]);
    if (n === ids.length) return;
    if (Date.now() > end) throw new Error(`only ${n} of ${ids.length} sent`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until every one of `ids` is `sent`; then checks each went to the mail server once, on attempt 1. */
async function allSentOnce(ids: string[], to: RegExp): Promise<void> {
  await waitUntilSent(ids);
  // Every job has run (each finds its message settled); nothing more arrives.
  await new Promise((r) => setTimeout(r, 1500));
  const received = mail.received.filter((m) => to.test(m.to)).map((m) => m.messageId);
  expect(received.sort()).toEqual(ids.map((id) => `<${id}@trialdata>`).sort());
  const rows = await sql(`SELECT attempts FROM outbox_messages WHERE id = ANY($1::uuid[])`, [ids]);
  expect(rows.every((r: { attempts: number }) => r.attempts === 1)).toBe(true);
}

it('two real workers draining one reconciliation through SMTP deliver each message once', async () => {
  const due = await dueInvitations(40, 'race-workers');
  const opened = mail.connections().opened;
  // The workers' own dispatch handlers (batched), fed by reconciliation; both take jobs from one queue.
  await outboxFromContext(workerA.context).reconcile();
  await allSentOnce(
    due.map((m) => m.id),
    /^race-workers\d+@example\.nl$/,
  );
  // Each worker's emails share its pooled transport: at most SEND_CONCURRENCY connections a worker,
  // where an unpooled transport opened one per email (40, all at once).
  const limit = 2 * api.config.sendConcurrency;
  expect(limit).toBeLessThan(due.length);
  expect(mail.connections().opened - opened).toBeLessThanOrEqual(limit);
  expect(mail.connections().maxOpen).toBeLessThanOrEqual(limit);
}, 300_000);

it('batch-mode reconciliation hands BullMQ one job per batch of messages due at one instant; the jobs drain them all', async () => {
  const due = await dueInvitations(45, 'grouped');
  const instants = new Map<string, number>();
  for (const m of due) instants.set(m.sendAt, (instants.get(m.sendAt) ?? 0) + 1);
  const outbox = outboxFromContext(workerA.context, DISPATCH_BATCH_SIZE);
  const queue = new BullDispatchQueue(workerA.context.queues);
  await outbox.reconcile();
  // Jobs were added for one message in each group of DISPATCH_BATCH_SIZE of an instant, not for each.
  const jobs = (await queue.states(due.map((m) => BullDispatchQueue.jobId(m.id, m.sendAt)))).filter((s) => s !== 'missing');
  const groups = [...instants.values()].reduce((n, count) => n + Math.ceil(count / DISPATCH_BATCH_SIZE), 0);
  expect(groups).toBeLessThan(due.length);
  expect(jobs.length).toBeLessThanOrEqual(groups);
  expect(jobs.length).toBeGreaterThan(0);
  // Each job names the other messages of its group: disjoint groups of one instant, together all of them.
  const queued = (
    await Promise.all(due.map((m) => workerA.context.queues.queue(QueueName.Notifications).getJob(BullDispatchQueue.jobId(m.id, m.sendAt))))
  ).filter((j) => j !== undefined);
  const named = queued.flatMap((j) => [j.data.messageId as string, ...((j.data.batch as string[] | undefined) ?? [])]);
  expect(new Set(named).size).toBe(named.length);
  expect(new Set(named)).toEqual(new Set(due.map((m) => m.id)));
  for (const j of queued) {
    expect(((j.data.batch as string[] | undefined) ?? []).length).toBeLessThan(DISPATCH_BATCH_SIZE);
    const instant = due.find((m) => m.id === j.data.messageId)!.sendAt;
    for (const id of (j.data.batch as string[] | undefined) ?? []) expect(due.find((m) => m.id === id)!.sendAt).toBe(instant);
  }
  await allSentOnce(
    due.map((m) => m.id),
    /^grouped\d+@example\.nl$/,
  );
}, 300_000);

it("a message a batch could not claim (its participant's row locked) gets its own job at the next reconciliation", async () => {
  const due = await dueInvitations(6, 'leftover');
  const ordered = [...due].sort((a, b) => a.sendAt.localeCompare(b.sendAt) || a.id.localeCompare(b.id));
  const held = ordered[ordered.length - 1];
  const [{ participant_id: participantId }] = await sql(`SELECT participant_id FROM outbox_messages WHERE id = $1`, [held.id]);
  // Another transaction holds the participant's row: the batch's claim skips that message (SKIP LOCKED).
  const runner = api.db.dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    await runner.query(`SELECT id FROM participants WHERE id = $1 FOR UPDATE`, [participantId]);
    const outbox = outboxFromContext(workerA.context, DISPATCH_BATCH_SIZE);
    await outbox.reconcile();
    await waitUntilSent(due.filter((m) => m.id !== held.id).map((m) => m.id));
    await new Promise((r) => setTimeout(r, 1000));
    const [{ state }] = await sql(`SELECT state FROM outbox_messages WHERE id = $1`, [held.id]);
    expect(state).toBe('pending');
  } finally {
    await runner.commitTransaction();
    await runner.release();
  }
  // The next round finds it without a live job and hands BullMQ one for it.
  const result = await outboxFromContext(workerA.context, DISPATCH_BATCH_SIZE).reconcile();
  expect(result.added + result.replaced).toBeGreaterThanOrEqual(1);
  await allSentOnce(
    due.map((m) => m.id),
    /^leftover\d+@example\.nl$/,
  );
}, 300_000);
