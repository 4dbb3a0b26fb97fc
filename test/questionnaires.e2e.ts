import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import { DateTime } from 'luxon';
import { outboxFromContext } from '../apps/worker/src/handlers/notifications';
import type { WorkerProcess } from '../apps/worker/src/worker';
import { QuestionnairesRepository } from '@trialdata/database';
import { BullDispatchQueue, type MessageSender, type OutgoingMessage, type SendResult } from '@trialdata/notifications';
import { ParticipantsService } from '@trialdata/participants';
import { ContactCipher } from '@trialdata/privacy';
import { OutboxService, ResponsesService } from '@trialdata/questionnaires';
import { QueueName } from '@trialdata/queue';
import { parseQuietHours, planMessages, timePoints } from '@trialdata/scheduling';
import { TestClock } from './support/clock';
import { enrolment, randomisedTeias, setUpWorld, type World } from './support/fixtures';
import { startApi, type TestApi } from './support/harness';
import { startTestWorker } from './support/worker';
import { startMailServer, type MailServer } from './support/worker-process';
import { RedisToken } from '../apps/api/src/tokens';

/** Tuesday 10:00 in Amsterdam (CET); three weeks before daylight saving time starts. */
const START = '2027-03-09T09:00:00.000Z';
const ZONE = 'Europe/Amsterdam';

let api: TestApi;
let world: World;
let worker: WorkerProcess;
let mail: MailServer;
const clock = new TestClock(START);

beforeAll(async () => {
  mail = await startMailServer();
  api = await startApi({ clock: clock.now, env: { SMTP_URL: mail.url, PUBLIC_URL: 'https://trial.example.org' } });
  world = await setUpWorld(api);
  worker = await startTestWorker(api, { clock: clock.now });
});

afterAll(async () => {
  await worker?.close();
  await api?.close();
  await mail?.close();
});

const coordinator = () => world.tokens['coordinator.LUMC'];
const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });

async function sql<T = any>(query: string, params: unknown[] = []): Promise<T[]> {
  return api.db.dataSource.query(query, params);
}

/** Enrols and randomises a TEIAS participant at the current test clock. */
async function teiasParticipant(
  contact: Record<string, string> = { email: 'patient@example.nl', language: 'nl' },
  site = 'LUMC',
): Promise<string> {
  return (await randomisedTeias(api, world, contact, { site })).id;
}

async function reconcile() {
  return outboxFromContext(worker.context).reconcile();
}

/** Reconciles, then waits until every message due at the test clock is settled (sent, skipped, deferred...). */
async function settle(): Promise<void> {
  await reconcile();
  for (let i = 0; i < 2400; i++) {
    const [{ n }] = await sql(`SELECT count(*)::int AS n FROM outbox_messages WHERE state IN ('pending','sending') AND send_at <= $1`, [
      clock.iso(),
    ]);
    if (n === 0) return;
    if (i % 40 === 39) await reconcile();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('outbox did not settle');
}

async function messages(participantId: string) {
  return sql(
    `SELECT m.*, q.event_id FROM outbox_messages m JOIN questionnaires q ON q.id = m.questionnaire_id WHERE m.participant_id = $1 ORDER BY m.send_at, m.kind, m.number`,
    [participantId],
  );
}

const mailsFor = (ids: string[]) => mail.received.filter((m) => ids.some((id) => m.messageId === `<${id}@trialdata>`));

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A fresh patient link to a questionnaire, as a dispatch would make it. */
async function issueLink(questionnaireId: string): Promise<string> {
  const responses = api.app.get(ResponsesService);
  return api.db.transaction(async (tx) => responses.issueLink(tx, (await tx.get(QuestionnairesRepository).find(questionnaireId))!));
}

async function baselineInvitation(participantId: string) {
  const [invitation] = (await messages(participantId)).filter((m: any) => m.event_id === 'baseline' && m.kind === 'invitation');
  return { ...invitation, sendAt: new Date(invitation.send_at).toISOString() };
}

/**
 * An outbox whose sender hangs until released: a worker that stalls (or dies) after the mail server
 * was reached, before the send was recorded.
 */
function stallingOutbox(sendingLeaseMs?: number) {
  let release!: (r: SendResult) => void;
  const answer = new Promise<SendResult>((r) => (release = r));
  const sent: OutgoingMessage[] = [];
  const lines: string[] = [];
  const sender: MessageSender = {
    send: async (m) => {
      sent.push(m);
      return answer;
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
    { publicUrl: ctx.config.publicUrl, quietHours: parseQuietHours(ctx.config.quietHours), sendingLeaseMs },
    (m, extra) => lines.push(`${m} ${JSON.stringify(extra)}`),
  );
  return { outbox, sent, lines, release: (r: SendResult) => release(r) };
}

describe('instruments', () => {
  it('lists definitions in the asked language and in the instrument’s own item order', async () => {
    const r = await api.request('GET', '/instruments?language=nl', { token: coordinator() });
    expect(r.status).toBe(200);
    const eq5d = r.body.find((i: any) => i.code === 'EQ5D5L');
    expect(eq5d.items.map((i: any) => i.id)).toHaveLength(6);
    const odi = await api.request('GET', '/instruments/ODI', { token: coordinator() });
    expect(odi.status).toBe(200);
    expect(odi.body.items.map((i: any) => i.id)).toEqual(Array.from({ length: 10 }, (_, k) => `odi${k + 1}`));
    expect(odi.body.items[0].options[0]).toMatchObject({ code: 0, label: expect.any(String) });
    expect((await api.request('GET', '/instruments/NOPE', { token: coordinator() })).status).toBe(404);
    expect((await api.request('GET', '/instruments')).status).toBe(401);
    expect((await api.request('GET', '/instruments?language=fr', { token: coordinator() })).status).toBe(400);
  });

  it('scores answers exactly, with null and a reason where a score cannot be computed', async () => {
    const odi = await api.request('POST', '/instruments/ODI/score', {
      token: coordinator(),
      body: { answers: { odi1: 2, odi2: 1, odi3: 3, odi4: 2, odi5: 2, odi6: 1, odi7: 1, odi9: 2, odi10: 1 } },
    });
    expect(odi.status).toBe(200);
    expect(odi.body).toEqual({ scores: { score: 33.3, band: 'moderate' }, reasons: {} });
    const eq = await api.request('POST', '/instruments/EQ5D5L/score', {
      token: coordinator(),
      body: { answers: { MO: 5, SC: 5, UA: 5, PD: 5, AD: 5, VAS: 10 } },
    });
    expect(eq.body.scores).toMatchObject({ index: -0.446, state: '55555', vas: 10 });
    const missing = await api.request('POST', '/instruments/EQ5D5L/score', { token: coordinator(), body: { answers: { MO: 1 } } });
    expect(missing.body.scores.index).toBeNull();
    expect(missing.body.reasons.index).toEqual(expect.any(String));
  });

  it('answers bad answers with 400 naming each item, an unknown instrument with 404', async () => {
    const bad = await api.request('POST', '/instruments/ODI/score', { token: coordinator(), body: { answers: { odi1: 9, bogus: 1 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual(['bogus', 'odi1']);
    expect((await api.request('POST', '/instruments/NOPE/score', { token: coordinator(), body: { answers: {} } })).status).toBe(404);
    expect((await api.request('POST', '/instruments/ODI/score', { token: coordinator(), body: { answers: {}, extra: 1 } })).status).toBe(
      400,
    );
  });
});

describe('schedule', () => {
  it('persists one questionnaire per time point with the API.md windows, and plans its messages', async () => {
    clock.set(START);
    const id = await teiasParticipant();
    const r = await api.request('GET', `/participants/${id}/questionnaires`, { token: coordinator() });
    expect(r.status).toBe(200);
    expect(r.body.map((q: any) => q.eventId)).toEqual(['baseline', 'week1', 'week2', 'week4', 'week10', 'week21']);
    const week4 = r.body.find((q: any) => q.eventId === 'week4');
    // Anchor 2027-03-09 + 28 days; daylight saving started on 28 March, so 00:00 local is 22:00Z.
    expect(week4).toMatchObject({
      dueAt: '2027-04-05T22:00:00.000Z',
      opensAt: '2027-04-01T22:00:00.000Z',
      closesAt: '2027-04-10T22:00:00.000Z',
      status: 'upcoming',
      instruments: ['NRS_LEG', 'NRS_BACK', 'RMDQ', 'ODI', 'GPE', 'EQ5D5L', 'HCU'],
    });
    const baseline = r.body[0];
    expect(baseline.status).toBe('open');
    expect(baseline.messages.map((m: any) => `${m.kind}${m.number}`)).toEqual(['invitation1', 'coordinator_task1', 'reminder1']);
    // Invitations and reminders go out at 08:00 local, never inside quiet hours.
    for (const q of r.body) for (const m of q.messages) expect(local(m.sendAt).toFormat('HH:mm')).toBe('08:00');
  });
});

describe('reminders with a real worker, Redis and SMTP', () => {
  it('sends a TEIAS participant’s whole schedule: exactly the expected invitations and reminders, once each', async () => {
    clock.set(START);
    const id = await teiasParticipant({ email: 'whole.schedule@example.nl', language: 'en' });
    const def = api.studies.get('TEIAS');
    const points = timePoints({
      anchorDate: '2027-03-09',
      events: def.schedule.filter((e) => !e.unscheduled && e.instruments.length),
      timeZone: ZONE,
    });
    const expected = planMessages({
      timePoints: points,
      reminders: def.reminders,
      quietHours: { start: '21:00', end: '08:00' },
      timeZone: ZONE,
    });
    // A participant who never answers is also offered the short version at week 2 (docs/questionnaires.md).
    const expectedPatient = [...expected.filter((m) => m.kind !== 'coordinator_task').map((m) => m.key), 'week2:short_version:1'].sort();
    expect(expectedPatient).toHaveLength(16); // 6 invitations, 6 first and 3 second reminders, 1 short version

    for (let step = 0; step < 100; step++) {
      const [next] = await sql(
        `SELECT min(send_at) AS at FROM outbox_messages WHERE participant_id = $1 AND state IN ('pending','sending')`,
        [id],
      );
      if (!next.at) break;
      clock.set(Math.max(clock.now().getTime(), new Date(next.at).getTime() + 60_000));
      await settle();
    }
    const rows = await messages(id);
    const sent = rows.filter((m: any) => m.kind !== 'coordinator_task' && m.state === 'sent');
    expect(sent.map((m: any) => `${m.event_id}:${m.kind}:${m.number}`).sort()).toEqual(expectedPatient);
    expect(rows.filter((m: any) => m.state !== 'sent')).toEqual([]);
    const received = mailsFor(rows.map((m: any) => m.id));
    expect(received).toHaveLength(16);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(16);
    expect(received.every((m) => m.to === 'whole.schedule@example.nl' && m.token)).toBe(true);
    expect(received.filter((m) => m.subject.startsWith('Reminder'))).toHaveLength(9);
    // Each was sent at (or, when the test clock stepped past it, after) its planned 08:00.
    for (const m of sent) expect(new Date(m.sent_at).getTime()).toBeGreaterThanOrEqual(new Date(m.send_at).getTime());

    // Coordinator tasks became task rows, listed for the participant's site only.
    const tasks = await api.request('GET', '/studies/TEIAS/tasks?status=open', { token: coordinator() });
    expect(tasks.body.filter((t: any) => t.participantId === id)).toHaveLength(6);
    const other = await api.request('GET', '/studies/TEIAS/tasks', { token: world.tokens['coordinator.HMC'] });
    expect(other.body.filter((t: any) => t.participantId === id)).toHaveLength(0);

    clock.set(points[points.length - 1].closesAt);
    const history = await api.request('GET', `/participants/${id}/questionnaires`, { token: coordinator() });
    expect(history.body.every((q: any) => q.status === 'missed')).toBe(true);
    expect(history.body[0].messages[0]).toMatchObject({ kind: 'invitation', channel: 'email', sentAt: expect.any(String) });
  });

  it('holds a night-time send until 08:00', async () => {
    clock.set(START);
    const id = await teiasParticipant({ email: 'night@example.nl', language: 'nl' });
    await settle(); // the baseline invitation
    const [week1] = (await messages(id)).filter((m: any) => m.event_id === 'week1' && m.kind === 'invitation');
    // The worker was down all day: the 08:00 job first runs at 22:30.
    clock.set(local(new Date(week1.send_at).toISOString()).set({ hour: 22, minute: 30 }).toUTC().toISO()!);
    const before = mail.received.length;
    await settle();
    const [deferred] = await sql(`SELECT * FROM outbox_messages WHERE id = $1`, [week1.id]);
    expect(deferred.state).toBe('pending');
    expect(deferred.reason).toBe('quiet hours');
    expect(local(new Date(deferred.send_at).toISOString()).toFormat('HH:mm')).toBe('08:00');
    expect(new Date(deferred.send_at).getTime()).toBeGreaterThan(clock.now().getTime());
    expect(mail.received.length).toBe(before);

    clock.set(new Date(deferred.send_at).getTime() + 30_000);
    await settle();
    const [sent] = await sql(`SELECT * FROM outbox_messages WHERE id = $1`, [week1.id]);
    expect(sent.state).toBe('sent');
    expect(mailsFor([week1.id])).toHaveLength(1);
  });

  it('loses nothing when Redis is flushed: reconciliation re-enqueues', async () => {
    clock.set(START);
    const id = await teiasParticipant({ email: 'flush@example.nl', language: 'en' });
    await settle();
    const [reminder] = (await messages(id)).filter((m: any) => m.event_id === 'baseline' && m.kind === 'reminder');
    // Five minutes before: reconciliation hands BullMQ a delayed job...
    clock.set(new Date(reminder.send_at).getTime() - 5 * 60_000);
    expect((await reconcile()).added).toBeGreaterThanOrEqual(1);
    const queue = worker.context.queues.queue('notifications' as never);
    expect(await queue.getDelayedCount()).toBeGreaterThanOrEqual(1);
    // ...and Redis loses everything of this test (never FLUSHALL: other tests share the server).
    const redis = api.app.get<Redis>(RedisToken);
    const keys = await redis.keys(`${api.config.redis.prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    expect(await queue.getDelayedCount()).toBe(0);

    clock.set(new Date(reminder.send_at).getTime() + 60_000);
    await settle();
    const [after] = await sql(`SELECT * FROM outbox_messages WHERE id = $1`, [reminder.id]);
    expect(after.state).toBe('sent');
    expect(mailsFor([reminder.id])).toHaveLength(1);
    // Reconciling again adds nothing twice.
    await reconcile();
    await new Promise((r) => setTimeout(r, 300));
    expect(mailsFor([reminder.id])).toHaveLength(1);
  });

  it('stops messages on withdrawal', async () => {
    clock.set(START);
    const id = await teiasParticipant({ email: 'withdraw@example.nl', language: 'nl' });
    await settle();
    const w = await api.request('PATCH', `/participants/${id}/status`, {
      token: coordinator(),
      body: { status: 'withdrawn', reason: 'Withdrew consent by phone' },
    });
    expect(w.status).toBe(200);
    const rows = await messages(id);
    expect(rows.filter((m: any) => m.state === 'pending')).toEqual([]);
    expect(rows.filter((m: any) => m.state === 'cancelled').length).toBeGreaterThan(5);
    clock.set(new Date(rows[rows.length - 1].send_at).getTime() + 60_000);
    await settle();
    expect(mailsFor(rows.map((m: any) => m.id))).toHaveLength(1); // the baseline invitation, before withdrawal
  });
});

describe('patient portal', () => {
  let participantId: string;
  let token: string;
  let questionnaireId: string;

  beforeAll(async () => {
    clock.set(START);
    participantId = await teiasParticipant({ email: 'portal@example.nl', language: 'nl' });
    await settle();
    const [invitation] = (await messages(participantId)).filter((m: any) => m.kind === 'invitation' && m.state === 'sent');
    questionnaireId = invitation.questionnaire_id;
    token = mailsFor([invitation.id])[0].token!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('stores only the SHA-256 of a link token', async () => {
    const [row] = await sql(`SELECT encode(token_hash, 'hex') AS h FROM questionnaire_tokens WHERE questionnaire_id = $1`, [
      questionnaireId,
    ]);
    expect(row.h).toBe(createHash('sha256').update(token).digest('hex'));
    const dump = JSON.stringify(await sql(`SELECT * FROM questionnaire_tokens`)) + JSON.stringify(await sql(`SELECT * FROM audit_log`));
    expect(dump).not.toContain(token);
    expect(dump).not.toContain('portal@example.nl');
  });

  it('opens the questionnaire without login, in the patient’s language', async () => {
    const r = await api.request('GET', `/portal/${token}`);
    expect(r.status).toBe(200);
    expect(r.body.language).toBe('nl');
    expect(r.body.instruments.map((i: any) => i.code)).toEqual(['NRS_LEG', 'NRS_BACK', 'RMDQ', 'ODI', 'EQ5D5L', 'SBI']);
    expect((await api.request('GET', `/portal/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await api.request('GET', `/portal/short`)).status).toBe(404);
  });

  it('saves answers a page at a time, validated per item', async () => {
    const bad = await api.request('PUT', `/portal/${token}/answers`, { body: { answers: { NRS_LEG: { score: 11 }, GPE: { gpe: 1 } } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual(['GPE', 'NRS_LEG.score']);
    const ok = await api.request('PUT', `/portal/${token}/answers`, {
      body: { answers: { NRS_LEG: { score: 8 }, NRS_BACK: { score: 3 } } },
    });
    expect(ok.status).toBe(200);
    const reopened = await api.request('GET', `/portal/${token}`);
    expect(reopened.body.answers).toEqual({ NRS_LEG: { score: 8 }, NRS_BACK: { score: 3 } });
  });

  it('submits once: scores stored beside the raw answers, start and submit instants recorded; then 409', async () => {
    clock.advance(3600_000);
    const sbi = { sbi1: 4, sbi2: 3, sbi3: 2, sbi4: 5 };
    const r = await api.request('POST', `/portal/${token}`, {
      body: { answers: { SBI: sbi, EQ5D5L: { MO: 1, SC: 1, UA: 1, PD: 1, AD: 1, VAS: 90 } } },
    });
    expect(r.status).toBe(201);
    expect(r.body.scores.NRS_LEG).toEqual({ score: 8 });
    expect(r.body.scores.SBI).toEqual({ score: 14 });
    expect(r.body.scores.EQ5D5L).toMatchObject({ index: 1, state: '11111' });
    expect(r.body.scores.ODI.score).toBeNull();
    expect(r.body.reasons.ODI.score).toEqual(expect.any(String));
    expect((await api.request('POST', `/portal/${token}`, { body: { answers: {} } })).status).toBe(409);
    expect((await api.request('GET', `/portal/${token}`)).status).toBe(409);
    const [q] = await sql(`SELECT * FROM questionnaires WHERE id = $1`, [questionnaireId]);
    expect(q.answers.SBI).toEqual(sbi);
    expect(q.answers.NRS_LEG).toEqual({ score: 8 });
    expect(q.scores.scores.SBI).toEqual({ score: 14 });
    expect(q.entry_mode).toBe('web');
    expect(q.started_at.getTime()).toBeLessThan(q.submitted_at.getTime());
  });

  it('sends nothing more for a completed questionnaire', async () => {
    const pending = (await messages(participantId)).filter((m: any) => m.questionnaire_id === questionnaireId && m.kind !== 'invitation');
    expect(pending.every((m: any) => m.state === 'cancelled' && m.reason === 'questionnaire completed')).toBe(true);
    clock.set(new Date(pending[pending.length - 1].send_at).getTime() + 60_000);
    await settle();
    expect(mailsFor(pending.map((m: any) => m.id))).toHaveLength(0);
    const tasks = await api.request('GET', '/studies/TEIAS/tasks', { token: coordinator() });
    expect(tasks.body.filter((t: any) => t.questionnaireId === questionnaireId)).toHaveLength(0);
  });

  it('lets the site team enter a paper or phone questionnaire, with the mode recorded', async () => {
    const list = await api.request('GET', `/participants/${participantId}/questionnaires`, { token: coordinator() });
    const week1 = list.body.find((q: any) => q.eventId === 'week1');
    const body = { mode: 'phone', answers: { NRS_LEG: { score: 4 }, NRS_BACK: { score: 2 }, GPE: { gpe: 2 }, RMDQ: {} } };
    const r = await api.request('POST', `/participants/${participantId}/questionnaires/${week1.id}/entry`, { token: coordinator(), body });
    expect(r.status).toBe(201);
    expect(r.body.scores.GPE).toEqual({ score: 2, recovered: true });
    expect(
      (await api.request('POST', `/participants/${participantId}/questionnaires/${week1.id}/entry`, { token: coordinator(), body })).status,
    ).toBe(409);
    expect(
      (
        await api.request('POST', `/participants/${participantId}/questionnaires/${week1.id}/entry`, {
          token: world.tokens['coordinator.HMC'],
          body,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api.request('POST', `/participants/${participantId}/questionnaires/${week1.id}/entry`, {
          token: coordinator(),
          body: { ...body, mode: 'fax' },
        })
      ).status,
    ).toBe(400);
    const after = await api.request('GET', `/participants/${participantId}/questionnaires`, { token: coordinator() });
    expect(after.body.find((q: any) => q.eventId === 'week1')).toMatchObject({ status: 'completed', entryMode: 'phone' });
    const outcomes = await api.request('GET', `/participants/${participantId}/outcomes`, { token: coordinator() });
    expect(outcomes.body).toEqual([
      { eventId: 'week1', nrsLegChange: -4, nrsLegPercentChange: -50, responder50: true, recovered: true, reasons: {} },
    ]);
    const audit = await api.request('GET', `/participants/${participantId}/audit`, { token: coordinator() });
    expect(audit.body.filter((a: any) => a.entity === 'questionnaire').map((a: any) => a.to.mode)).toEqual(['web', 'phone']);
  });
});

describe('coordinator views', () => {
  it('lists due and overdue questionnaires per site and completion per time point', async () => {
    clock.set(START);
    const lumc = await teiasParticipant({ email: 'due.lumc@example.nl', language: 'nl' }, 'LUMC');
    const hmc = await teiasParticipant({ email: 'due.hmc@example.nl', language: 'nl' }, 'HMC');
    const due = await api.request('GET', '/studies/TEIAS/questionnaires/due?status=due', { token: coordinator() });
    expect(due.status).toBe(200);
    expect(due.body.some((d: any) => d.participantId === lumc && d.eventId === 'baseline')).toBe(true);
    expect(due.body.some((d: any) => d.participantId === hmc)).toBe(false);
    const dm = await api.request('GET', '/studies/TEIAS/questionnaires/due', { token: world.tokens.data_manager });
    expect(dm.body.some((d: any) => d.participantId === hmc)).toBe(true);
    clock.advance(4 * 86400_000);
    const overdue = await api.request('GET', '/studies/TEIAS/questionnaires/due?status=overdue', { token: coordinator() });
    expect(overdue.body.some((d: any) => d.participantId === lumc && d.eventId === 'baseline')).toBe(true);
    expect((await api.request('GET', '/studies/TEIAS/questionnaires/due?status=late', { token: coordinator() })).status).toBe(400);
    const completion = await api.request('GET', '/studies/TEIAS/questionnaires/completion', { token: coordinator() });
    expect(completion.status).toBe(200);
    const baseline = completion.body.find((c: any) => c.eventId === 'baseline');
    expect(baseline.completed).toBeGreaterThanOrEqual(1);
    expect(baseline.rate).toBeGreaterThan(0);
    expect(baseline.rate).toBeLessThan(1);
  });
});

describe('anchor changes', () => {
  it('moves pending messages with the anchor and leaves completed questionnaires alone', async () => {
    clock.set(START);
    const def = api.studies.get('POTEISS');
    const r = await api.request('POST', '/studies/POTEISS/participants', {
      token: coordinator(),
      body: enrolment(def, 'LUMC', { plannedAnchorDate: '2027-03-20', contact: { email: 'poteiss@example.nl', language: 'en' } }),
    });
    expect(r.status).toBe(201);
    const id = r.body.id;
    const before = await api.request('GET', `/participants/${id}/questionnaires`, { token: coordinator() });
    const baseline = before.body.find((q: any) => q.eventId === 'baseline');
    // Baseline opened 14 days before the planned injection (in the past): the invitation goes now,
    // the past reminders are superseded rather than sent all at once.
    expect(baseline.messages.filter((m: any) => m.state === 'pending').map((m: any) => m.kind)).toContain('invitation');
    expect(baseline.messages.filter((m: any) => m.state === 'skipped').every((m: any) => m.reason.startsWith('superseded'))).toBe(true);
    const clinic = before.body.find((q: any) => q.mode === 'clinic');
    if (clinic) expect(clinic.messages).toEqual([]);

    const entry = await api.request('POST', `/participants/${id}/questionnaires/${baseline.id}/entry`, {
      token: coordinator(),
      body: { mode: 'clinic', answers: { NRS_LEG: { score: 7 } } },
    });
    expect(entry.status).toBe(201);

    const participants = api.app.get(ParticipantsService);
    // As the injection CRF does when the actual date differs from the planned one.
    await api.db.transaction((tx) => participants.setAnchorDate(tx, id, '2027-03-27', null as unknown as string, 'Injection postponed'));
    const after = await api.request('GET', `/participants/${id}/questionnaires`, { token: coordinator() });
    expect(after.body.find((q: any) => q.eventId === 'baseline')).toMatchObject({ status: 'completed', dueAt: baseline.dueAt });
    const week2Before = before.body.find((q: any) => q.eventId === 'week2');
    const week2After = after.body.find((q: any) => q.eventId === 'week2');
    expect(new Date(week2After.dueAt).getTime() - new Date(week2Before.dueAt).getTime()).toBe(7 * 86400_000);
    const inviteBefore = week2Before.messages.find((m: any) => m.kind === 'invitation');
    const inviteAfter = week2After.messages.find((m: any) => m.kind === 'invitation');
    expect(new Date(inviteAfter.sendAt).getTime() - new Date(inviteBefore.sendAt).getTime()).toBe(7 * 86400_000);
    expect(inviteAfter.state).toBe('pending');
    // One row per (questionnaire, kind, number), moved in place.
    const [{ n }] = await sql(`SELECT count(*)::int AS n FROM outbox_messages WHERE participant_id = $1 AND kind = 'invitation'`, [id]);
    expect(n).toBe(after.body.filter((q: any) => q.mode === 'remote').length);
  });
});

describe('concurrency', () => {
  it('dispatches and submits the same questionnaire at once without deadlock, exactly once (20 rounds)', async () => {
    const outbox = outboxFromContext(worker.context);
    const responses = api.app.get(ResponsesService);
    const outcomes: string[] = [];
    for (let round = 0; round < 20; round++) {
      clock.set(START);
      const id = await teiasParticipant({ email: `race${round}@example.nl`, language: 'en' });
      const invitation = await baselineInvitation(id);
      const token = await issueLink(invitation.questionnaire_id);
      const jitter = (ms: number) => new Promise((r) => setTimeout(r, ms));
      // Dispatch locks the message and then inserts a link (a key-share lock on the questionnaire);
      // the submission locks the questionnaire and then cancels the pending message.
      const [dispatched, submitted] = await Promise.all([
        jitter(round % 3).then(() => outbox.dispatch(invitation.id, invitation.sendAt)),
        jitter((round >> 1) % 3).then(() => responses.submit(token, { NRS_LEG: { score: 5 } })),
      ]);
      expect(submitted.scores.NRS_LEG).toEqual({ score: 5 });
      outcomes.push(dispatched.outcome);
      const [row] = await sql(`SELECT state, reason FROM outbox_messages WHERE id = $1`, [invitation.id]);
      expect(['sent', 'skipped', 'cancelled']).toContain(row.state);
      expect(mailsFor([invitation.id])).toHaveLength(row.state === 'sent' ? 1 : 0);
      const [q] = await sql(`SELECT status FROM questionnaires WHERE id = $1`, [invitation.questionnaire_id]);
      expect(q.status).toBe('completed');
      const [{ n }] = await sql(
        `SELECT count(*)::int AS n FROM audit_log WHERE entity = 'questionnaire' AND entity_id = $1::text AND action = 'submit'`,
        [invitation.questionnaire_id],
      );
      expect(n).toBe(1);
      // Nothing more happens on a second run.
      expect((await outbox.dispatch(invitation.id, invitation.sendAt)).outcome).toBe('settled');
      expect(mailsFor([invitation.id])).toHaveLength(row.state === 'sent' ? 1 : 0);
    }
    expect(outcomes).toHaveLength(20);
  });

  it('dispatches a coordinator task while the participant is withdrawn at once, without deadlock (10 rounds)', async () => {
    const outbox = outboxFromContext(worker.context);
    for (let round = 0; round < 10; round++) {
      clock.set(START);
      const id = await teiasParticipant({ email: `race.task${round}@example.nl`, language: 'en' });
      const [task] = (await messages(id)).filter((m: any) => m.event_id === 'baseline' && m.kind === 'coordinator_task');
      clock.set(new Date(task.send_at).getTime() + 60_000);
      // Dispatch inserts the task row (a key-share lock on the participant); the withdrawal locks the
      // participant and then re-plans (locks) its messages.
      const [dispatched, withdrawn] = await Promise.all([
        new Promise((r) => setTimeout(r, round % 4)).then(() => outbox.dispatch(task.id, new Date(task.send_at).toISOString())),
        api.request('PATCH', `/participants/${id}/status`, { token: coordinator(), body: { status: 'withdrawn', reason: 'Race test' } }),
      ]);
      expect(withdrawn.status).toBe(200);
      const [row] = await sql(`SELECT state FROM outbox_messages WHERE id = $1`, [task.id]);
      expect(['sent', 'skipped', 'cancelled']).toContain(row.state);
      const [{ n }] = await sql(`SELECT count(*)::int AS n FROM coordinator_tasks WHERE message_id = $1`, [task.id]);
      expect(n).toBe(row.state === 'sent' ? 1 : 0);
      // 'settled' when the withdrawal won the race and had already cancelled the task.
      expect(row.state === 'cancelled' ? ['settled', 'busy'] : ['sent', 'skipped', 'busy']).toContain(dispatched.outcome);
    }
  });
});

describe('sending lease', () => {
  it('takes a sending row over only once its lease has expired, with the same Message-ID; the late record is an anomaly', async () => {
    clock.set(START);
    const id = await teiasParticipant({ email: 'lease@example.nl', language: 'en' });
    const invitation = await baselineInvitation(id);
    const stalled = stallingOutbox(90_000);
    const first = stalled.outbox.dispatch(invitation.id, invitation.sendAt);
    await until('the first attempt at the mail server', () => stalled.sent.length === 1);
    const [row] = await sql(`SELECT state, attempts, sending_until FROM outbox_messages WHERE id = $1`, [invitation.id]);
    expect(row).toMatchObject({ state: 'sending', attempts: 1 });
    expect(row.sending_until.getTime()).toBe(clock.now().getTime() + 90_000);

    // A second run of the job (a stalled job re-run, reconciliation) while the lease holds: nothing sent.
    const outbox = outboxFromContext(worker.context);
    expect(await outbox.dispatch(invitation.id, invitation.sendAt)).toEqual({ outcome: 'leased', until: row.sending_until.toISOString() });
    clock.advance(89_000);
    expect((await outbox.dispatch(invitation.id, invitation.sendAt)).outcome).toBe('leased');
    expect(mailsFor([invitation.id])).toHaveLength(0);

    // The lease expired: taken over, sent again with the same Message-ID.
    clock.advance(2_000);
    expect(await outbox.dispatch(invitation.id, invitation.sendAt)).toMatchObject({ outcome: 'sent', attempt: 2 });
    expect(mailsFor([invitation.id])).toHaveLength(1);
    expect(stalled.sent[0].messageId).toBe(mailsFor([invitation.id])[0].messageId);

    // The stalled attempt comes back: the row is no longer `sending`, logged as an anomaly without contact data.
    stalled.release({ delivered: true, via: 'test' });
    await first;
    expect(stalled.lines.some((l) => l.startsWith('outbox anomaly') && l.includes(invitation.id))).toBe(true);
    expect(stalled.lines.join('\n')).not.toContain('lease@example.nl');
    const [after] = await sql(`SELECT state, attempts, sending_until FROM outbox_messages WHERE id = $1`, [invitation.id]);
    expect(after).toMatchObject({ state: 'sent', attempts: 2, sending_until: null });
  });

  it('records a sending row that can no longer be sent (window closed) as unknown, not skipped', async () => {
    clock.set(START);
    const id = await teiasParticipant({ email: 'unknown@example.nl', language: 'en' });
    const invitation = await baselineInvitation(id);
    const stalled = stallingOutbox();
    const first = stalled.outbox.dispatch(invitation.id, invitation.sendAt);
    await until('the first attempt at the mail server', () => stalled.sent.length === 1);
    const [row] = await sql(`SELECT sending_until FROM outbox_messages WHERE id = $1`, [invitation.id]);
    expect(row.sending_until.getTime()).toBe(clock.now().getTime() + 2 * 60_000); // the default lease

    const [q] = await sql(`SELECT closes_at FROM questionnaires WHERE id = $1`, [invitation.questionnaire_id]);
    clock.set(q.closes_at);
    const outcome = await outboxFromContext(worker.context).dispatch(invitation.id, invitation.sendAt);
    expect(outcome).toEqual({ outcome: 'unknown', reason: 'window closed; attempt 1 may have been delivered' });
    const [after] = await sql(`SELECT state, reason FROM outbox_messages WHERE id = $1`, [invitation.id]);
    expect(after).toEqual({ state: 'unknown', reason: 'window closed; attempt 1 may have been delivered' });
    const view = await api.request('GET', `/participants/${id}/questionnaires`, { token: coordinator() });
    expect(view.body[0].messages.find((m: any) => m.kind === 'invitation')).toMatchObject({ state: 'unknown' });
    stalled.release({ delivered: true, via: 'test' });
    await first;
    expect(stalled.lines.some((l) => l.startsWith('outbox anomaly'))).toBe(true);
  });
});

describe('patient links follow the questionnaire and the participant', () => {
  it('answer 404 once the questionnaire’s window has moved away from the link', async () => {
    clock.set(START);
    const r = await api.request('POST', '/studies/POTEISS/participants', {
      token: coordinator(),
      body: enrolment(api.studies.get('POTEISS'), 'LUMC', {
        plannedAnchorDate: '2027-03-20',
        contact: { email: 'moved@example.nl', language: 'en' },
      }),
    });
    expect(r.status).toBe(201);
    const list = await api.request('GET', `/participants/${r.body.id}/questionnaires`, { token: coordinator() });
    const baseline = list.body.find((q: any) => q.eventId === 'baseline');
    expect(baseline.status).toBe('open');
    const token = await issueLink(baseline.id);
    expect((await api.request('GET', `/portal/${token}`)).status).toBe(200);
    // The injection is postponed by two months: the baseline window now opens in May.
    await api.db.transaction((tx) =>
      api.app.get(ParticipantsService).setAnchorDate(tx, r.body.id, '2027-05-20', null as unknown as string, 'Injection postponed'),
    );
    expect((await api.request('GET', `/portal/${token}`)).status).toBe(404);
    expect((await api.request('PUT', `/portal/${token}/answers`, { body: { answers: { NRS_LEG: { score: 3 } } } })).status).toBe(404);
    expect((await api.request('POST', `/portal/${token}`, { body: { answers: { NRS_LEG: { score: 3 } } } })).status).toBe(404);
  });

  it('answer 404 when the participant no longer takes part', async () => {
    clock.set(START);
    const id = await teiasParticipant({ email: 'left@example.nl', language: 'en' });
    const invitation = await baselineInvitation(id);
    const token = await issueLink(invitation.questionnaire_id);
    expect((await api.request('GET', `/portal/${token}`)).status).toBe(200);
    const w = await api.request('PATCH', `/participants/${id}/status`, {
      token: coordinator(),
      body: { status: 'withdrawn', reason: 'Withdrew consent' },
    });
    expect(w.status).toBe(200);
    expect((await api.request('GET', `/portal/${token}`)).status).toBe(404);
    expect((await api.request('POST', `/portal/${token}`, { body: { answers: { NRS_LEG: { score: 3 } } } })).status).toBe(404);
  });

  it('dispatch holds a message whose window has not opened yet', async () => {
    clock.set(START);
    const id = await teiasParticipant({ email: 'early@example.nl', language: 'en' });
    const invitation = await baselineInvitation(id);
    const opensAt = new Date(clock.now().getTime() + 86400_000).toISOString(); // Wednesday 10:00, outside quiet hours
    await sql(`UPDATE questionnaires SET opens_at = $2 WHERE id = $1`, [invitation.questionnaire_id, opensAt]);
    const outcome = await outboxFromContext(worker.context).dispatch(invitation.id, invitation.sendAt);
    expect(outcome).toEqual({ outcome: 'deferred', sendAt: opensAt });
    const [row] = await sql(`SELECT state, reason, send_at FROM outbox_messages WHERE id = $1`, [invitation.id]);
    expect(row).toMatchObject({ state: 'pending', reason: 'window not open yet' });
    expect(row.send_at.toISOString()).toBe(opensAt);
    expect(mailsFor([invitation.id])).toHaveLength(0);
  });

  it('refuses an empty submission with 400 naming each instrument without an answered item', async () => {
    clock.set(START);
    const id = await teiasParticipant({ email: 'empty@example.nl', language: 'en' });
    const invitation = await baselineInvitation(id);
    const token = await issueLink(invitation.questionnaire_id);
    const empty = await api.request('POST', `/portal/${token}`, { body: { answers: {} } });
    expect(empty.status).toBe(400);
    expect(empty.body.errors.map((e: any) => e.field)).toEqual(['NRS_LEG', 'NRS_BACK', 'RMDQ', 'ODI', 'EQ5D5L', 'SBI']);
    const cleared = await api.request('POST', `/portal/${token}`, { body: { answers: { NRS_LEG: {}, ODI: { odi1: null } } } });
    expect(cleared.status).toBe(400);
    const [q] = await sql(`SELECT status FROM questionnaires WHERE id = $1`, [invitation.questionnaire_id]);
    expect(q.status).toBe('scheduled');
    expect((await api.request('POST', `/portal/${token}`, { body: { answers: { NRS_LEG: { score: 2 } } } })).status).toBe(201);
  });
});

describe('a locked study', () => {
  it('refuses to close a coordinator task, and a patient opening a link records nothing', async () => {
    clock.set(START);
    const id = await teiasParticipant({ email: 'locked@example.nl', language: 'en' });
    const rows = await messages(id);
    const task = rows.find((m: any) => m.event_id === 'baseline' && m.kind === 'coordinator_task');
    clock.set(new Date(task.send_at).getTime() + 60_000);
    expect((await outboxFromContext(worker.context).dispatch(task.id, new Date(task.send_at).toISOString())).outcome).toBe('sent');
    const [{ id: taskId }] = await sql(`SELECT id FROM coordinator_tasks WHERE message_id = $1`, [task.id]);
    const token = await issueLink(task.questionnaire_id);
    const [{ status }] = await sql(`SELECT status FROM studies WHERE code = 'TEIAS'`);
    await sql(`UPDATE studies SET status = 'locked' WHERE code = 'TEIAS'`);
    try {
      expect((await api.request('POST', `/studies/TEIAS/tasks/${taskId}/done`, { token: coordinator() })).status).toBe(409);
      expect((await api.request('GET', `/portal/${token}`)).status).toBe(200);
      const [q] = await sql(`SELECT started_at FROM questionnaires WHERE id = $1`, [task.questionnaire_id]);
      expect(q.started_at).toBeNull();
    } finally {
      await sql(`UPDATE studies SET status = $1 WHERE code = 'TEIAS'`, [status]);
    }
    expect((await api.request('POST', `/studies/TEIAS/tasks/${taskId}/done`, { token: coordinator() })).status).toBe(204);
    expect((await api.request('GET', `/portal/${token}`)).status).toBe(200);
    const [q] = await sql(`SELECT started_at FROM questionnaires WHERE id = $1`, [task.questionnaire_id]);
    expect(q.started_at).not.toBeNull();
  });
});

// Last: a worker with its schedulers on reconciles on its own while it runs.
describe('periodic jobs after a Redis flush', () => {
  it('are registered again by the worker, so due messages go out without anyone reconciling by hand', async () => {
    clock.set(START);
    const notifications = worker.context.queues.queue(QueueName.Notifications);
    const maintenance = worker.context.queues.queue(QueueName.Maintenance);
    const scheduled = await startTestWorker(api, { clock: clock.now, schedulers: true, schedulerRefreshMs: 200 });
    try {
      expect(await notifications.getJobScheduler('reconcile-outbox')).toBeTruthy();
      await new Promise((r) => setTimeout(r, 300)); // its first, immediate reconciliation
      // Redis loses everything of this test (never FLUSHALL: other tests share the server), schedulers included.
      const redis = api.app.get<Redis>(RedisToken);
      const keys = await redis.keys(`${api.config.redis.prefix}:*`);
      expect(keys.some((k) => k.includes('reconcile-outbox'))).toBe(true);
      await redis.del(...keys);
      // A message due now that no reconciliation has seen: only a re-registered scheduler can hand it over
      // (the lost scheduler's next run would have been a minute away).
      const id = await teiasParticipant({ email: 'scheduler@example.nl', language: 'en' });
      const invitation = await baselineInvitation(id);
      await until(
        'the invitation sent',
        async () => (await sql(`SELECT state FROM outbox_messages WHERE id = $1`, [invitation.id]))[0].state === 'sent',
      );
      expect(mailsFor([invitation.id])).toHaveLength(1);
      expect(await notifications.getJobScheduler('reconcile-outbox')).toBeTruthy();
      expect(await maintenance.getJobScheduler('heartbeat')).toBeTruthy();
    } finally {
      await scheduled.close();
      await notifications.removeJobScheduler('reconcile-outbox');
      await maintenance.removeJobScheduler('heartbeat');
    }
  });
});
