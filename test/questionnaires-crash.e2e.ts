import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { JobName, JobQueues } from '@trialdata/queue';
import { TestClock } from './support/clock';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { startApi, type TestApi } from './support/harness';
import { spawnWorker, startMailServer, type ChildWorker, type MailServer } from './support/worker-process';

/**
 * SIGKILL of the worker while messages are being sent (the SMTP server holds them unacknowledged),
 * then a restart: every message arrives, none twice. The worker runs as a child process of the
 * compiled code on the real clock; the API's clock is set 13 days back so that the participants'
 * week-2 invitations are due now.
 */
/** A short sending lease keeps the test quick; production's default is 120 s. */
const LEASE = { SENDING_LEASE_SECONDS: '20' };

let api: TestApi;
let world: World;
let mail: MailServer;
let queues: JobQueues;
let worker: ChildWorker | undefined;
const clock = new TestClock(Date.now() - 13 * 86400_000);

beforeAll(async () => {
  execFileSync('npm', ['run', '-s', 'build'], { cwd: resolve(__dirname, '..'), stdio: 'pipe' });
  mail = await startMailServer();
  api = await startApi({ clock: clock.now, env: { SMTP_URL: mail.url, QUIET_HOURS: 'off' } });
  world = await setUpWorld(api);
  queues = new JobQueues(api.config.redis);
}, 180_000);

afterAll(async () => {
  await worker?.kill('SIGTERM');
  await queues?.close();
  await api?.close();
  await mail?.close();
});

const sql = (q: string, p: unknown[] = []) => api.db.dataSource.query(q, p);
let reconciliations = 0;
const reconcile = () => queues.add(JobName.ReconcileOutbox, {}, { jobId: `reconcile-test-${++reconciliations}` });

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

it('loses none and doubles none when the worker is SIGKILLed mid-dispatch and restarted', async () => {
  const token = world.tokens['coordinator.LUMC'];
  const ids: string[] = [];
  const consent = { date: new Date(clock.now().getTime() - 86400_000).toISOString().slice(0, 10), version: '1.0' };
  for (let i = 0; i < 5; i++) {
    const r = await api.request('POST', '/studies/TEIAS/participants', {
      token,
      body: enrolment(api.studies.get('TEIAS'), 'LUMC', { consent, contact: { email: `crash${i}@example.nl`, language: 'nl' } }),
    });
    expect(r.status).toBe(201);
    expect(
      (await api.request('POST', `/participants/${r.body.id}/randomisation`, { token, body: { factors: { symptomDuration: '>=6w' } } }))
        .status,
    ).toBe(201);
    ids.push(r.body.id);
  }
  const due = await sql(
    `SELECT m.id FROM outbox_messages m JOIN questionnaires q ON q.id = m.questionnaire_id
     WHERE q.event_id = 'week2' AND m.kind = 'invitation' AND m.participant_id = ANY($1::uuid[])`,
    [ids],
  );
  expect(due).toHaveLength(5);
  const expected = due.map((m: { id: string }) => `<${m.id}@trialdata>`).sort();

  mail.hold(true);
  worker = await spawnWorker(api.config, LEASE);
  await reconcile();
  await until('every invitation in flight', async () => mail.pending() === 5);
  const [{ n: sending }] = await sql(`SELECT count(*)::int AS n FROM outbox_messages WHERE state = 'sending'`);
  expect(sending).toBe(5);
  const leases = await sql(`SELECT id, sending_until FROM outbox_messages WHERE id = ANY($1::uuid[])`, [
    due.map((m: { id: string }) => m.id),
  ]);

  await worker.kill('SIGKILL');
  mail.drop(); // the dead worker never got an acknowledgement: nothing was delivered
  mail.hold(false);
  expect(mail.received).toHaveLength(0);

  worker = await spawnWorker(api.config, LEASE);
  await reconcile();
  // BullMQ finds the killed worker's jobs stalled once their locks expire (30 s) and runs them again;
  // the rows are still leased to the dead attempts (SENDING_LEASE_SECONDS from their start, shortened
  // here), so the re-runs wait for the lease to end and then take them over.
  await until(
    'every invitation sent',
    async () => {
      const [{ n }] = await sql(`SELECT count(*)::int AS n FROM outbox_messages WHERE state = 'sent' AND id = ANY($1::uuid[])`, [
        due.map((m: { id: string }) => m.id),
      ]);
      return n === 5;
    },
    200_000,
  );
  await reconcile();
  await new Promise((r) => setTimeout(r, 1500));

  const received = mail.received
    .filter((m) => /^crash\d@example\.nl$/.test(m.to))
    .map((m) => m.messageId)
    .sort();
  expect(received).toEqual(expected);
  const rows = await sql(`SELECT attempts FROM outbox_messages WHERE id = ANY($1::uuid[])`, [due.map((m: { id: string }) => m.id)]);
  expect(rows.every((r: { attempts: number }) => r.attempts === 2)).toBe(true);
  // Taken over only once the dead attempts' leases had expired.
  const sent = await sql(`SELECT id, sent_at FROM outbox_messages WHERE id = ANY($1::uuid[])`, [due.map((m: { id: string }) => m.id)]);
  for (const lease of leases)
    expect(sent.find((r: { id: string }) => r.id === lease.id).sent_at.getTime()).toBeGreaterThanOrEqual(lease.sending_until.getTime());
  // The windows of baseline and week 1 had closed by the time the worker ran: skipped, never sent.
  const [{ n: closed }] = await sql(`SELECT count(*)::int AS n FROM outbox_messages WHERE state = 'skipped' AND reason = 'window closed'`);
  expect(closed).toBeGreaterThan(0);
  expect(worker.output()).not.toMatch(/crash\d@example\.nl/);
}, 330_000);
