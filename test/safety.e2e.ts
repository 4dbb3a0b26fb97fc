import { startApi, type TestApi } from './support/harness';
import { day, TestClock } from './support/clock';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { startMailServer, type MailServer } from './support/worker-process';
import { waitFor } from './support/wait';

let api: TestApi;
let world: World;
let mail: MailServer;
let id = '';
const CONTACT = 'safety-desk@teias.example.nl';
const clock = TestClock.ticking();

const aePath = (instance: number) => `/participants/${id}/events/unscheduled/forms/adverse_event?instance=${instance}`;
const sae = (values: Record<string, unknown>) => ({
  values: {
    term: 'Hospitalisation for cauda equina syndrome',
    onset: day(-1),
    severity: 3,
    related: 3,
    expected: 2,
    action: 3,
    serious: true,
    outcome: 2,
    sae_reported: day(0),
    ...values,
  },
});

beforeAll(async () => {
  mail = await startMailServer();
  api = await startApi({ clock: clock.now, env: { SMTP_URL: mail.url, SAFETY_CONTACTS: `TEIAS=${CONTACT}` } });
  world = await setUpWorld(api);
  const r = await api.request('POST', '/studies/TEIAS/participants', {
    token: world.tokens['coordinator.LUMC'],
    body: enrolment(api.studies.get('TEIAS'), 'LUMC'),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  id = r.body.id;
  const rnd = await api.request('POST', `/participants/${id}/randomisation`, {
    token: world.tokens['coordinator.LUMC'],
    body: { factors: { symptomDuration: '<6w' } },
  });
  expect(rnd.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await mail?.close();
});

describe('safety reporting', () => {
  it('an SAE raises one task and one email to the safety contacts with its 7-day deadline, also when the save is retried', async () => {
    const body = sae({ sae_crit: [2], learned: day(0) });
    const first = await api.request('PUT', aePath(1), { token: world.tokens['coordinator.LUMC'], body });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    // The client retries the same save (a lost response), then saves it again: still one report, one email.
    expect((await api.request('PUT', aePath(1), { token: world.tokens['coordinator.LUMC'], body })).status).toBe(409);
    const again = await api.request('PUT', aePath(1), { token: world.tokens['coordinator.LUMC'], body: { ...body, version: 1 } });
    expect(again.status, JSON.stringify(again.body)).toBe(200);

    const mails = await waitFor('the SAE email', () => (mail.received.length ? mail.received : null), { timeoutMs: 60_000 });
    expect(mails[0].to).toBe(CONTACT);
    const unfolded = mails[0].raw.replace(/=\r?\n/g, '').replace(/\r?\n[ \t]+/g, ' ');
    expect(unfolded).toContain(`report by ${day(7)}`);
    expect(unfolded).toContain(`report to the ethics committee by ${day(7)}`);
    expect(mails[0].messageId).toMatch(/^<sae-.+@trialdata>$/);

    const list = await api.request('GET', '/studies/TEIAS/safety/reports', { token: world.tokens['coordinator.LUMC'] });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      expect.objectContaining({
        participantId: id,
        category: 'fatal_or_life_threatening',
        days: 7,
        learned: day(0),
        deadline: day(7),
        state: 'due',
        task: expect.objectContaining({ status: 'open' }),
        email: expect.objectContaining({ state: 'sent' }),
      }),
    ]);
    await new Promise((r) => setTimeout(r, 3000));
    expect(mail.received).toHaveLength(1);
  }, 90_000);

  it('an SAE past its 15-day deadline is overdue and blocks the lock checklist until reported', async () => {
    const body = sae({ sae_crit: [3], onset: day(-17), learned: day(-16) });
    expect((await api.request('PUT', aePath(2), { token: world.tokens['coordinator.LUMC'], body })).status).toBe(200);
    const list = await api.request<any[]>('GET', '/studies/TEIAS/safety/reports', { token: world.tokens.monitor });
    expect(list.body.find((r) => r.instance === 2)).toMatchObject({ days: 15, deadline: day(-1), state: 'overdue' });

    const checklist = await api.request('GET', '/studies/TEIAS/lock/checklist', { token: world.tokens.data_manager });
    expect(checklist.status, JSON.stringify(checklist.body)).toBe(200);
    const item = checklist.body.open.find((i: any) => i.id === 'overdue_safety_reports');
    expect(item).toMatchObject({ count: 1 });

    // Reported to the ethics committee (late): no longer overdue, the checklist item clears.
    const reported = sae({ sae_crit: [3], onset: day(-17), learned: day(-16), ec_reported: day(0) });
    expect(
      (await api.request('PUT', aePath(2), { token: world.tokens['coordinator.LUMC'], body: { ...reported, version: 1 } })).status,
    ).toBe(200);
    const after = await api.request<any[]>('GET', '/studies/TEIAS/safety/reports', { token: world.tokens.monitor });
    expect(after.body.find((r) => r.instance === 2)).toMatchObject({ state: 'reported_late', reportedToEthics: day(0) });
    const again = await api.request('GET', '/studies/TEIAS/lock/checklist', { token: world.tokens.data_manager });
    expect(again.body.open.find((i: any) => i.id === 'overdue_safety_reports')).toBeUndefined();
  }, 90_000);

  it('a monitor records a deviation by hand with its grading, audited; a coordinator may not', async () => {
    const body = {
      participantId: id,
      kind: 'wrong_treatment',
      grade: 'major',
      description: 'Triamcinolone given instead of methylprednisolone',
      occurredOn: day(-1),
    };
    const r = await api.request('POST', '/studies/TEIAS/deviations', { token: world.tokens.monitor, body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ kind: 'wrong_treatment', grade: 'major', occurredOn: day(-1) });
    expect((await api.request('POST', '/studies/TEIAS/deviations', { token: world.tokens['coordinator.LUMC'], body })).status).toBe(403);
    const bad = await api.request('POST', '/studies/TEIAS/deviations', { token: world.tokens.monitor, body: { ...body, grade: 'huge' } });
    expect(bad.status).toBe(400);
    const listed = await api.request<any[]>('GET', '/studies/TEIAS/deviations/recorded', { token: world.tokens.data_manager });
    expect(listed.body).toEqual([expect.objectContaining({ id: r.body.id, grade: 'major' })]);
    const audit = (await api.request<any[]>('GET', `/participants/${id}/audit`, { token: world.tokens.data_manager })).body;
    expect(
      Array.isArray(audit) &&
        audit.some((a: any) => a.action === 'deviation_recorded' && a.entity === 'deviation' && a.to.grade === 'major'),
      JSON.stringify(audit).slice(-600),
    ).toBe(true);
  }, 60_000);
});
