/**
 * The short version for non-responders (issue 13 item 6): the day before TEIAS week 2 closes, a
 * participant who has not answered gets its own message (here by SMS, through the real worker and the
 * gateway double) with its own link; the patient page shows only NRS leg pain; submitting it completes
 * the time point, marked `completedBy: short`, and the full link is then used. A participant who
 * answered in time never gets the offer.
 */
import type { WorkerProcess } from '../apps/worker/src/worker';
import { outboxFromContext } from '../apps/worker/src/handlers/notifications';
import { DatasetsRepository } from '@trialdata/database';
import { TestClock } from './support/clock';
import { eventLink, randomisedTeias, setUpWorld, type World } from './support/fixtures';
import { startApi, type TestApi } from './support/harness';
import { SmsGatewayDouble } from './support/sms-gateway';
import { waitFor } from './support/wait';
import { startTestWorker } from './support/worker';

/** Tuesday 9 March 2027, 10:00 in Amsterdam (CET, UTC+1). */
const START = '2027-03-09T09:00:00.000Z';
const clock = new TestClock(START);
let gateway: SmsGatewayDouble;
let api: TestApi;
let world: World;
let worker: WorkerProcess;

beforeAll(async () => {
  gateway = await new SmsGatewayDouble().start();
  api = await startApi({ clock: clock.now, env: { SMS_URL: gateway.smsUrl(), PUBLIC_URL: 'https://trial.example.org' } });
  world = await setUpWorld(api);
  worker = await startTestWorker(api, { clock: clock.now });
}, 180_000);

afterAll(async () => {
  await worker?.close();
  await api?.close();
  await gateway?.close();
});

const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> => api.db.dataSource.query(query, params);
const coordinator = () => world.tokens['coordinator.LUMC'];

async function participant(phone: string): Promise<string> {
  return (await randomisedTeias(api, world, { phone, language: 'en' })).id;
}

const shortMessage = async (participantId: string) =>
  (
    await sql(
      `SELECT m.id, m.state, m.send_at, m.reason FROM outbox_messages m JOIN questionnaires q ON q.id = m.questionnaire_id
        WHERE m.participant_id = $1 AND q.event_id = 'week2' AND m.kind = 'short_version'`,
      [participantId],
    )
  )[0];

async function week2(participantId: string) {
  const list = await api.request<any[]>('GET', `/participants/${participantId}/questionnaires`, { token: coordinator() });
  return list.body.find((q) => q.eventId === 'week2');
}

/** Dispatches everything due now through the worker and waits until it is settled. */
async function settle(): Promise<void> {
  await outboxFromContext(worker.context).reconcile();
  await waitFor(
    'due messages settled',
    async () =>
      (
        await sql(`SELECT count(*)::int AS n FROM outbox_messages WHERE state IN ('pending','sending') AND send_at <= $1`, [
          clock.now().toISOString(),
        ])
      )[0].n === 0,
    { timeoutMs: 90_000 },
  );
}

it('offers non-responders the primary outcome alone, by its own message and link, and marks the time point completed by it', async () => {
  const silent = await participant('+31687650001');
  const responder = await participant('+31687650002');

  // Planned with the schedule: the day before week 2 closes (window 21–25 March), moved out of quiet hours to 08:00.
  for (const id of [silent, responder]) {
    expect(await shortMessage(id)).toMatchObject({ state: 'pending', send_at: new Date('2027-03-25T07:00:00.000Z') });
  }

  // The responder answers week 2 in time, by the full questionnaire: their offer is cancelled.
  clock.set('2027-03-23T10:00:00.000Z');
  const fullLink = await eventLink(api, responder, 'week2');
  const fullView = await api.request('GET', `/portal/${fullLink}`);
  expect(fullView.body.instruments.map((i: { code: string }) => i.code)).toEqual(['NRS_LEG', 'NRS_BACK', 'GPE', 'RMDQ']);
  expect(fullView.body.version).toBe('full');
  const answers = {
    NRS_LEG: { score: 5 },
    NRS_BACK: { score: 3 },
    GPE: { gpe: 3 },
    RMDQ: Object.fromEntries(Array.from({ length: 24 }, (_, i) => [`rmdq${i + 1}`, 0])),
  };
  const submitted = await api.request('POST', `/portal/${fullLink}`, { body: { answers } });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  expect(await shortMessage(responder)).toMatchObject({ state: 'cancelled', reason: 'questionnaire completed' });
  expect(await week2(responder)).toMatchObject({ status: 'completed', completedBy: 'full' });

  // 25 March 08:00: the silent participant gets the short version by SMS, once.
  clock.set('2027-03-25T07:00:00.000Z');
  await settle();
  const offer = await shortMessage(silent);
  expect(offer.state).toBe('sent');
  const sms = gateway.accepted.filter((r) => r.body?.reference === `<${offer.id}@trialdata>`);
  expect(sms).toHaveLength(1);
  expect(sms[0].body?.recipients).toEqual(['+31687650001']);
  expect(sms[0].body?.body).toMatch(
    /^No time for the whole questionnaire \(.+\)\? Please answer just the most important question, until 25 March 2027: /,
  );
  expect(gateway.requests.filter((r) => r.body?.recipients?.[0] === '+31687650002' && /No time/.test(r.body?.body ?? ''))).toEqual([]);
  const token = /\/q\/([A-Za-z0-9_-]{43})$/.exec(sms[0].body!.body!)![1];

  // Its link opens the short version: NRS leg pain only; other instruments are refused.
  const view = await api.request('GET', `/portal/${token}`);
  expect(view.status).toBe(200);
  expect(view.body.version).toBe('short');
  expect(view.body.instruments.map((i: { code: string }) => i.code)).toEqual(['NRS_LEG']);
  expect(view.body.estimatedMinutes).toBe(2);
  const refused = await api.request('PUT', `/portal/${token}/answers`, { body: { answers: { RMDQ: { rmdq1: 1 } } } });
  expect(refused.status).toBe(400);
  expect(refused.body.errors[0]).toMatchObject({ field: 'RMDQ' });

  const done = await api.request('POST', `/portal/${token}`, { body: { answers: { NRS_LEG: { score: 4 } } } });
  expect(done.status, JSON.stringify(done.body)).toBe(201);
  expect(Object.keys(done.body.scores)).toEqual(['NRS_LEG']);
  const after = await week2(silent);
  expect(after).toMatchObject({ status: 'completed', completedBy: 'short', entryMode: 'web' });
  expect(Object.keys(after.scores)).toEqual(['NRS_LEG']);
  // The time point is complete: no link opens it again.
  expect((await api.request('GET', `/portal/${token}`)).status).toBe(409);
  const audit = await sql(`SELECT new_value FROM audit_log WHERE action = 'submit' AND participant_id = $1`, [silent]);
  expect(audit).toHaveLength(1);
  expect(audit[0].new_value).toMatchObject({ mode: 'web', version: 'short' });
  // Datasets tell the short version apart: its questionnaire rows are `completed_short`.
  const exported = await api.db.repos.get(DatasetsRepository).questionnairesFor([silent]);
  expect(exported.filter((q) => q.eventId === 'week2').map((q) => q.status)).toEqual(['completed_short']);
});
