/**
 * SMS as a real second channel (issue 13 item 6): with SMS_URL set, a due questionnaire of a
 * participant who gave only a phone number goes through the real worker to an HTTP gateway (a double
 * speaking MessageBird's REST protocol) exactly once; a 5xx is retried without sending twice; a 4xx is a
 * permanent failure, shown as `failed`, never retried. No log line carries the phone number.
 */
import { startWorker, type WorkerProcess } from '../apps/worker/src/worker';
import { outboxFromContext } from '../apps/worker/src/handlers/notifications';
import { TestClock } from './support/clock';
import { randomisedTeias, setUpWorld, type World } from './support/fixtures';
import { startApi, type TestApi } from './support/harness';
import { SmsGatewayDouble } from './support/sms-gateway';
import { waitFor } from './support/wait';

/** Tuesday 10:00 in Amsterdam: outside quiet hours. */
const START = '2027-03-09T09:00:00.000Z';
const clock = new TestClock(START);
let gateway: SmsGatewayDouble;
let api: TestApi;
let world: World;
let worker: WorkerProcess;
const lines: string[] = [];

beforeAll(async () => {
  gateway = await new SmsGatewayDouble().start();
  api = await startApi({
    clock: clock.now,
    env: { SMS_URL: gateway.smsUrl('?originator=trialdata&timeout=5000'), PUBLIC_URL: 'https://trial.example.org' },
  });
  world = await setUpWorld(api);
  worker = await startWorker(
    { ...api.config, workerPort: 0 },
    api.studies,
    (msg, extra) => lines.push(`${msg} ${JSON.stringify(extra ?? {})}`),
    {
      schedulers: false,
      clock: clock.now,
    },
  );
}, 180_000);

afterAll(async () => {
  await worker?.close();
  await api?.close();
  await gateway?.close();
});

const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> => api.db.dataSource.query(query, params);
const coordinator = () => world.tokens['coordinator.LUMC'];

/** A TEIAS participant with a phone number only, randomised now: the baseline invitation is due at once. */
async function smsParticipant(phone: string): Promise<{ id: string; messageId: string; reference: string }> {
  const { id } = await randomisedTeias(api, world, { phone, language: 'nl' });
  const [m] = await sql(
    `SELECT m.id FROM outbox_messages m JOIN questionnaires q ON q.id = m.questionnaire_id
      WHERE m.participant_id = $1 AND q.event_id = 'baseline' AND m.kind = 'invitation' AND m.state = 'pending'`,
    [id],
  );
  expect(m).toBeDefined();
  return { id, messageId: m.id, reference: `<${m.id}@trialdata>` };
}

const state = async (messageId: string) =>
  (await sql(`SELECT state, channel, reason, attempts FROM outbox_messages WHERE id = $1`, [messageId]))[0];
const requestsFor = (reference: string) => gateway.requests.filter((r) => r.body?.reference === reference);

async function baselineMessages(participantId: string) {
  const list = await api.request<any[]>('GET', `/participants/${participantId}/questionnaires`, { token: coordinator() });
  expect(list.status).toBe(200);
  return list.body.find((q) => q.eventId === 'baseline').messages;
}

it('sends a due questionnaire by SMS through the worker to the gateway exactly once', async () => {
  const p = await smsParticipant('+31612340001');
  await outboxFromContext(worker.context).reconcile();
  await waitFor('the SMS is sent', async () => (await state(p.messageId)).state === 'sent', { timeoutMs: 60_000 });
  // Reconciliation again and a re-added job change nothing: the message is settled.
  await outboxFromContext(worker.context).reconcile();
  await outboxFromContext(worker.context).dispatch(
    p.messageId,
    (await sql(`SELECT send_at FROM outbox_messages WHERE id = $1`, [p.messageId]))[0].send_at.toISOString(),
  );
  expect(await state(p.messageId)).toMatchObject({ state: 'sent', channel: 'sms', attempts: 1 });
  const reqs = requestsFor(p.reference);
  expect(reqs).toHaveLength(1);
  expect(reqs[0]).toMatchObject({ answered: 201, authorization: `AccessKey ${gateway.accessKey}` });
  expect(reqs[0].body).toMatchObject({ originator: 'trialdata', recipients: ['+31612340001'] });
  expect(reqs[0].body?.body).toMatch(/https:\/\/trial\.example\.org\/q\/[A-Za-z0-9_-]{43}/);
  expect((await baselineMessages(p.id))[0]).toMatchObject({ kind: 'invitation', state: 'sent', channel: 'sms' });
});

it('retries a 5xx answer and the patient gets the message once', async () => {
  gateway.answerNext({ status: 503 });
  const p = await smsParticipant('+31612340002');
  await outboxFromContext(worker.context).reconcile();
  await waitFor('the SMS is sent after the retry', async () => (await state(p.messageId)).state === 'sent', { timeoutMs: 90_000 });
  const reqs = requestsFor(p.reference);
  expect(reqs.map((r) => r.answered)).toEqual([503, 201]);
  expect(gateway.accepted.filter((r) => r.body?.reference === p.reference)).toHaveLength(1);
  expect(await state(p.messageId)).toMatchObject({ state: 'sent', attempts: 2 });
});

it('records a 4xx answer as a permanent failure, shown as failed, and does not retry it', async () => {
  gateway.answerNext({ status: 422, errors: [{ code: 9, description: 'no (correct) recipients found: +31612340003' }] });
  const p = await smsParticipant('+31612340003');
  await outboxFromContext(worker.context).reconcile();
  await waitFor('the SMS is failed', async () => (await state(p.messageId)).state === 'failed', { timeoutMs: 60_000 });
  const row = await state(p.messageId);
  expect(row.reason).toBe('permanent: attempt 1: SMS gateway answered 422 (code 9: no (correct) recipients found: [number])');
  expect((await baselineMessages(p.id))[0]).toMatchObject({ kind: 'invitation', state: 'failed', channel: 'sms' });
  // Give a retry every chance: none comes (BullMQ's first back-off is 2 s), and reconciliation leaves a failed row alone.
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  await outboxFromContext(worker.context).reconcile();
  expect(requestsFor(p.reference)).toHaveLength(1);
  expect((await state(p.messageId)).state).toBe('failed');
});

it('never logs a phone number', () => {
  expect(lines.some((l) => l.includes('message sent') || l.includes('sms accepted'))).toBe(true);
  expect(lines.join('\n')).not.toMatch(/3161234000\d/);
});
