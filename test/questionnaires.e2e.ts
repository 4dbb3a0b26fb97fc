import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import { DateTime } from 'luxon';
import { outboxFromContext } from '../apps/worker/src/handlers/notifications';
import type { WorkerProcess } from '../apps/worker/src/worker';
import { ParticipantsService } from '../libs/participants';
import { planMessages, timePoints } from '../libs/scheduling';
import { TestClock } from './support/clock';
import { enrolment, setUpWorld, type World } from './support/fixtures';
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
async function teiasParticipant(contact: Record<string, string> = { email: 'patient@example.nl', language: 'nl' }, site = 'LUMC'): Promise<string> {
  const token = world.tokens[`coordinator.${site}`];
  const r = await api.request('POST', '/studies/TEIAS/participants', { token, body: enrolment(api.studies.get('TEIAS'), site, { contact }) });
  expect(r.status).toBe(201);
  const rand = await api.request('POST', `/participants/${r.body.id}/randomisation`, { token, body: { factors: { symptomDuration: '<6w' } } });
  expect(rand.status).toBe(201);
  return r.body.id;
}

async function reconcile() {
  return outboxFromContext(worker.context).reconcile();
}

/** Reconciles, then waits until every message due at the test clock is settled (sent, skipped, deferred...). */
async function settle(): Promise<void> {
  await reconcile();
  for (let i = 0; i < 400; i++) {
    const [{ n }] = await sql(`SELECT count(*)::int AS n FROM outbox_messages WHERE state IN ('pending','sending') AND send_at <= $1`, [clock.iso()]);
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
    const odi = await api.request('POST', '/instruments/ODI/score', { token: coordinator(), body: { answers: { odi1: 2, odi2: 1, odi3: 3, odi4: 2, odi5: 2, odi6: 1, odi7: 1, odi9: 2, odi10: 1 } } });
    expect(odi.status).toBe(200);
    expect(odi.body).toEqual({ scores: { score: 33.3, band: 'moderate' }, reasons: {} });
    const eq = await api.request('POST', '/instruments/EQ5D5L/score', { token: coordinator(), body: { answers: { MO: 5, SC: 5, UA: 5, PD: 5, AD: 5, VAS: 10 } } });
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
    expect((await api.request('POST', '/instruments/ODI/score', { token: coordinator(), body: { answers: {}, extra: 1 } })).status).toBe(400);
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
    expect(week4).toMatchObject({ dueAt: '2027-04-05T22:00:00.000Z', opensAt: '2027-04-01T22:00:00.000Z', closesAt: '2027-04-10T22:00:00.000Z', status: 'upcoming', instruments: ['NRS_LEG', 'NRS_BACK', 'RMDQ', 'ODI', 'GPE', 'EQ5D5L', 'HCU'] });
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
    const points = timePoints({ anchorDate: '2027-03-09', events: def.schedule.filter((e) => !e.unscheduled && e.instruments.length), timeZone: ZONE });
    const expected = planMessages({ timePoints: points, reminders: def.reminders, quietHours: { start: '21:00', end: '08:00' }, timeZone: ZONE });
    const expectedPatient = expected.filter((m) => m.kind !== 'coordinator_task').map((m) => m.key).sort();
    expect(expectedPatient).toHaveLength(15); // 6 invitations, 6 first and 3 second reminders

    for (let step = 0; step < 100; step++) {
      const [next] = await sql(`SELECT min(send_at) AS at FROM outbox_messages WHERE participant_id = $1 AND state IN ('pending','sending')`, [id]);
      if (!next.at) break;
      clock.set(Math.max(clock.now().getTime(), new Date(next.at).getTime() + 60_000));
      await settle();
    }
    const rows = await messages(id);
    const sent = rows.filter((m: any) => m.kind !== 'coordinator_task' && m.state === 'sent');
    expect(sent.map((m: any) => `${m.event_id}:${m.kind}:${m.number}`).sort()).toEqual(expectedPatient);
    expect(rows.filter((m: any) => m.state !== 'sent')).toEqual([]);
    const received = mailsFor(rows.map((m: any) => m.id));
    expect(received).toHaveLength(15);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(15);
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
    const w = await api.request('PATCH', `/participants/${id}/status`, { token: coordinator(), body: { status: 'withdrawn', reason: 'Withdrew consent by phone' } });
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
    const [row] = await sql(`SELECT encode(token_hash, 'hex') AS h FROM questionnaire_tokens WHERE questionnaire_id = $1`, [questionnaireId]);
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
    const ok = await api.request('PUT', `/portal/${token}/answers`, { body: { answers: { NRS_LEG: { score: 8 }, NRS_BACK: { score: 3 } } } });
    expect(ok.status).toBe(200);
    const reopened = await api.request('GET', `/portal/${token}`);
    expect(reopened.body.answers).toEqual({ NRS_LEG: { score: 8 }, NRS_BACK: { score: 3 } });
  });

  it('submits once: scores stored beside the raw answers, start and submit instants recorded; then 409', async () => {
    clock.advance(3600_000);
    const sbi = { sbi1: 4, sbi2: 3, sbi3: 2, sbi4: 5 };
    const r = await api.request('POST', `/portal/${token}`, { body: { answers: { SBI: sbi, EQ5D5L: { MO: 1, SC: 1, UA: 1, PD: 1, AD: 1, VAS: 90 } } } });
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
    expect((await api.request('POST', `/participants/${participantId}/questionnaires/${week1.id}/entry`, { token: coordinator(), body })).status).toBe(409);
    expect((await api.request('POST', `/participants/${participantId}/questionnaires/${week1.id}/entry`, { token: world.tokens['coordinator.HMC'], body })).status).toBe(404);
    expect((await api.request('POST', `/participants/${participantId}/questionnaires/${week1.id}/entry`, { token: coordinator(), body: { ...body, mode: 'fax' } })).status).toBe(400);
    const after = await api.request('GET', `/participants/${participantId}/questionnaires`, { token: coordinator() });
    expect(after.body.find((q: any) => q.eventId === 'week1')).toMatchObject({ status: 'completed', entryMode: 'phone' });
    const outcomes = await api.request('GET', `/participants/${participantId}/outcomes`, { token: coordinator() });
    expect(outcomes.body).toEqual([{ eventId: 'week1', nrsLegChange: -4, nrsLegPercentChange: -50, responder50: true, recovered: true, reasons: {} }]);
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
    const r = await api.request('POST', '/studies/POTEISS/participants', { token: coordinator(), body: enrolment(def, 'LUMC', { plannedAnchorDate: '2027-03-20', contact: { email: 'poteiss@example.nl', language: 'en' } }) });
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

    const entry = await api.request('POST', `/participants/${id}/questionnaires/${baseline.id}/entry`, { token: coordinator(), body: { mode: 'clinic', answers: { NRS_LEG: { score: 7 } } } });
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
