/**
 * Issue 13 items 4-6 against the real API and worker: a treatment stop keeps every message going,
 * a withdrawal records what the participant allows (and datasets honour it), the end-of-study form
 * leads the status, the POTEISS 30-minute questionnaire is true to the injection, "after enrolment"
 * checks read the consent date, and completion is broken down by site and arm with missed reasons.
 */
import type { WorkerProcess } from '../apps/worker/src/worker';
import { outboxFromContext } from '../apps/worker/src/handlers/notifications';
import { QuestionnairesRepository } from '@trialdata/database';
import { ResponsesService } from '@trialdata/questionnaires';
import { DateTime } from 'luxon';
import { TEST_EPOCH, TestClock, day } from './support/clock';
import { enrolment, randomisedTeias, setUpWorld, type World } from './support/fixtures';
import { startApi, type TestApi } from './support/harness';
import { waitFor } from './support/wait';
import { startTestWorker } from './support/worker';
import { startMailServer, type MailServer } from './support/worker-process';

const ZONE = 'Europe/Amsterdam';
const clock = new TestClock(TEST_EPOCH);
let api: TestApi;
let world: World;
let worker: WorkerProcess;
let mail: MailServer;

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

const token = (who = 'coordinator.LUMC') => world.tokens[who];
const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> => api.db.dataSource.query(query, params);
const local = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone: ZONE }).toUTC().toISO()!;

const teias = (email: string, site = 'LUMC', symptomDuration: '<6w' | '>=6w' = '<6w') =>
  randomisedTeias(api, world, { email, language: 'en' }, { site, symptomDuration });

async function reconcile() {
  return outboxFromContext(worker.context).reconcile();
}

async function settle(): Promise<void> {
  await reconcile();
  await waitFor('outbox settled', async () => {
    const [{ n }] = await sql(`SELECT count(*)::int AS n FROM outbox_messages WHERE state IN ('pending','sending') AND send_at <= $1`, [
      clock.iso(),
    ]);
    if (n > 0) await reconcile();
    return n === 0;
  });
}

async function messages(participantId: string) {
  return sql(
    `SELECT m.*, q.event_id FROM outbox_messages m JOIN questionnaires q ON q.id = m.questionnaire_id WHERE m.participant_id = $1
     ORDER BY m.send_at, m.kind, m.number`,
    [participantId],
  );
}

async function questionnaire(participantId: string, eventId: string) {
  const list = await api.request<any[]>('GET', `/participants/${participantId}/questionnaires`, { token: token() });
  expect(list.status).toBe(200);
  return list.body.find((q) => q.eventId === eventId)!;
}

async function issueLink(questionnaireId: string): Promise<string> {
  const responses = api.app.get(ResponsesService);
  return api.db.transaction(async (tx) => responses.issueLink(tx, (await tx.get(QuestionnairesRepository).find(questionnaireId))!));
}

const endOfStudy = (values: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  values: { date: day(0), ...values },
  status: 'complete',
  ...extra,
});

describe('stopped treatment, follow-up continues', () => {
  it('keeps an off-treatment participant’s questionnaires going: the worker still sends them', async () => {
    clock.set(TEST_EPOCH);
    const p = await teias('off.treatment@example.nl');
    await settle();
    const stop = await api.request('PUT', `/participants/${p.id}/treatment-stop`, {
      token: token(),
      body: { date: day(0), reason: 'Declined the injection' },
    });
    expect(stop.status, JSON.stringify(stop.body)).toBe(200);
    expect(stop.body).toMatchObject({ status: 'randomised', treatment: { stoppedOn: day(0), reason: 'Declined the injection' } });
    // Not a status: nothing was cancelled.
    const rows = await messages(p.id);
    expect(rows.filter((m: any) => m.state === 'cancelled')).toEqual([]);

    // The week 1 and week 2 invitations still go out, after the stop.
    const later = rows.filter((m: any) => m.kind === 'invitation' && (m.event_id === 'week1' || m.event_id === 'week2'));
    expect(later).toHaveLength(2);
    for (const m of later) {
      clock.set(new Date(m.send_at).getTime() + 60_000);
      await settle();
    }
    const sent = (await messages(p.id)).filter((m: any) => later.some((l: any) => l.id === m.id));
    expect(sent.map((m: any) => m.state)).toEqual(['sent', 'sent']);
    expect(mail.received.filter((m) => later.some((l: any) => m.messageId === `<${l.id}@trialdata>`))).toHaveLength(2);

    // Audited; a change needs a reason.
    const audit = await api.request<any[]>('GET', `/participants/${p.id}/audit`, { token: token('data_manager') });
    expect(audit.body).toContainEqual(
      expect.objectContaining({
        action: 'treatment_stop',
        field: 'treatment',
        to: stop.body.treatment && { date: day(0), reason: 'Declined the injection' },
      }),
    );
    const again = await api.request('PUT', `/participants/${p.id}/treatment-stop`, {
      token: token(),
      body: { date: day(0), reason: 'Other' },
    });
    expect(again.status).toBe(422);
  });
});

describe('withdrawal of consent', () => {
  it('refuses a "withdrawal" that allows further contact and data (a treatment stop, not a withdrawal)', async () => {
    clock.set(TEST_EPOCH);
    const p = await teias('not.withdrawn@example.nl');
    const r = await api.request('PATCH', `/participants/${p.id}/status`, {
      token: token(),
      body: {
        status: 'withdrawn',
        reason: 'Stops injections',
        withdrawal: { furtherContact: true, furtherData: true, collectedData: true },
      },
    });
    expect(r.status).toBe(422);
    expect(r.body.detail).toMatch(/treatment stop/);
  });

  it('stops messages, refuses further data, and leaves a participant whose data may not be used out of datasets', async () => {
    clock.set(TEST_EPOCH);
    const kept = await teias('kept@example.nl');
    const gone = await teias('gone@example.nl');
    await settle();
    const r = await api.request('PATCH', `/participants/${gone.id}/status`, {
      token: token(),
      body: {
        status: 'withdrawn',
        reason: 'Withdrew consent by phone',
        withdrawal: { furtherContact: false, furtherData: false, collectedData: false },
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      status: 'withdrawn',
      withdrawal: { date: day(0), furtherContact: false, furtherData: false, collectedData: false },
    });
    expect((await messages(gone.id)).filter((m: any) => m.state === 'pending')).toEqual([]);
    const baseline = await questionnaire(gone.id, 'baseline');
    const entry = await api.request('POST', `/participants/${gone.id}/questionnaires/${baseline.id}/entry`, {
      token: token(),
      body: { mode: 'paper', answers: { NRS_LEG: { score: 6 } } },
    });
    expect(entry.status).toBe(422);
    expect(entry.body.detail).toMatch(/no further data/);

    const created = await api.request('POST', '/studies/TEIAS/datasets', {
      token: token('statistician'),
      body: { kind: 'interim', reason: 'withdrawal check' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id ?? created.body.datasetId;
    const ready = await waitFor('dataset built', async () => {
      const list = await api.request<any[]>('GET', '/studies/TEIAS/datasets', { token: token('statistician') });
      const d = list.body.find((x) => x.id === id);
      return d?.status === 'ready' || d?.status === 'failed' ? d : null;
    });
    expect(ready.status).toBe('ready');
    const res = await fetch(`${api.url}/datasets/${id}/files/data.csv`, { headers: { authorization: `Bearer ${token('statistician')}` } });
    const csv = await res.text();
    expect(csv).toContain(kept.label);
    expect(csv).not.toContain(gone.label);
    const audit = await fetch(`${api.url}/datasets/${id}/files/audit.csv`, {
      headers: { authorization: `Bearer ${token('statistician')}` },
    });
    expect(await audit.text()).not.toContain(gone.label);
  });
});

describe('end-of-study form and participant status agree (the form leads)', () => {
  it('sets the status from a complete end-of-study form, with what a withdrawing participant allows', async () => {
    clock.set(TEST_EPOCH);
    const p = await teias('eos.withdraw@example.nl');
    const r = await api.request('PUT', `/participants/${p.id}/events/unscheduled/forms/end_of_study`, {
      token: token(),
      body: endOfStudy({ status: 2, reason: 3, keep_data: false }),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const after = await api.request('GET', `/participants/${p.id}`, { token: token() });
    expect(after.body).toMatchObject({
      status: 'withdrawn',
      withdrawal: { collectedData: false, furtherContact: false, furtherData: false },
    });
    expect((await messages(p.id)).filter((m: any) => m.state === 'pending')).toEqual([]);
  });

  it('refuses a status change that contradicts a complete end-of-study form, and a form the status cannot follow', async () => {
    clock.set(TEST_EPOCH);
    const lost = await teias('eos.lost@example.nl');
    const form = await api.request('PUT', `/participants/${lost.id}/events/unscheduled/forms/end_of_study`, {
      token: token(),
      body: endOfStudy({ status: 4 }),
    });
    expect(form.status, JSON.stringify(form.body)).toBe(200);
    expect((await api.request('GET', `/participants/${lost.id}`, { token: token() })).body.status).toBe('lost_to_follow_up');
    const contradict = await api.request('PATCH', `/participants/${lost.id}/status`, {
      token: token(),
      body: { status: 'completed', reason: 'Found again' },
    });
    expect(contradict.status).toBe(422);
    expect(contradict.body.detail).toMatch(/end-of-study form says "Lost to follow-up"/);
    // Correcting the form moves the status with it (lost → completed is allowed).
    const corrected = await api.request('PUT', `/participants/${lost.id}/events/unscheduled/forms/end_of_study`, {
      token: token(),
      body: endOfStudy({ status: 1 }, { version: form.body.version, reason: 'Patient found, completed follow-up' }),
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect((await api.request('GET', `/participants/${lost.id}`, { token: token() })).body.status).toBe('completed');

    const done = await teias('eos.done@example.nl');
    expect(
      (await api.request('PATCH', `/participants/${done.id}/status`, { token: token(), body: { status: 'completed', reason: 'Done' } }))
        .status,
    ).toBe(200);
    const refused = await api.request('PUT', `/participants/${done.id}/events/unscheduled/forms/end_of_study`, {
      token: token(),
      body: endOfStudy({ status: 2, reason: 3, keep_data: true }),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/says "Withdrew consent" but the participant is completed/);
  });
});

describe('POTEISS: timing that is clinically true', () => {
  async function poteiss(email: string, extra: Record<string, unknown> = {}) {
    const r = await api.request('POST', '/studies/POTEISS/participants', {
      token: token(),
      body: enrolment(api.studies.get('POTEISS'), 'LUMC', { contact: { email, language: 'nl' }, ...extra }),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  }

  it('asks for pain now, from the recorded injection time, and cannot be answered before the injection', async () => {
    clock.set(TEST_EPOCH);
    const id = await poteiss('thirty.minutes@example.nl');
    const injectionDay = day(4);
    clock.set(local(injectionDay, '09:00'));
    const post = await questionnaire(id, 'post30min');
    expect(post.mode).toBe('clinic');

    // No injection recorded: refused, saying why.
    const early = await api.request('POST', `/participants/${id}/questionnaires/${post.id}/entry`, {
      token: token(),
      body: { mode: 'clinic', answers: { NRS_LEG: { score: 3 }, NRS_BACK: { score: 2 } } },
    });
    expect(early.status).toBe(422);
    expect(early.body.detail).toMatch(/injection date and time have not been recorded/);

    // The injection at 10:15 times the questionnaire: due 10:45 local.
    const inj = await api.request('PUT', `/participants/${id}/events/baseline/forms/injection`, {
      token: token(),
      body: { values: { date: injectionDay, time: '10:15' }, status: 'incomplete' },
    });
    expect(inj.status, JSON.stringify(inj.body)).toBe(200);
    const timed = await questionnaire(id, 'post30min');
    expect(timed.dueAt).toBe(local(injectionDay, '10:45'));

    clock.set(local(injectionDay, '10:00'));
    const before = await api.request('POST', `/participants/${id}/questionnaires/${post.id}/entry`, {
      token: token(),
      body: { mode: 'clinic', answers: { NRS_LEG: { score: 3 }, NRS_BACK: { score: 2 } } },
    });
    expect(before.status).toBe(422);
    expect(before.body.detail).toMatch(/cannot be answered before the injection, recorded at 10:15/);
    const link = await issueLink(post.id);
    const page = await api.request('GET', `/portal/${link}`);
    expect(page.status).toBe(422);
    expect(page.body).toMatchObject({ timing: 'before_event' });
    const submitEarly = await api.request('POST', `/portal/${link}`, { body: { answers: { NRS_LEG: { score: 3 } } } });
    expect(submitEarly.status).toBe(422);

    // Baseline: answered before the injection; from the patient, not after it.
    const baseline = await questionnaire(id, 'baseline');
    const baselineLink = await issueLink(baseline.id);
    expect((await api.request('GET', `/portal/${baselineLink}`)).status).toBe(200);

    clock.set(local(injectionDay, '10:50'));
    const open = await api.request('GET', `/portal/${link}`);
    expect(open.status, JSON.stringify(open.body)).toBe(200);
    const leg = open.body.instruments.find((i: any) => i.code === 'NRS_LEG');
    expect(leg.items[0].label).toMatch(/op dit moment/);
    expect(leg.items[0].label).not.toMatch(/afgelopen week/);
    const english = await api.request('GET', `/portal/${link}?language=en`);
    expect(english.body.instruments[0].items[0].label).toMatch(/right now/);
    const sent = await api.request('POST', `/portal/${link}`, { body: { answers: { NRS_LEG: { score: 3 }, NRS_BACK: { score: 2 } } } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);

    const lateBaseline = await api.request('POST', `/portal/${baselineLink}`, { body: { answers: { NRS_LEG: { score: 7 } } } });
    expect(lateBaseline.status).toBe(422);
    expect(lateBaseline.body.detail).toMatch(/must be answered before the injection/);
    // Paper filled in before the injection and typed in later is accepted.
    const paper = await api.request('POST', `/participants/${id}/questionnaires/${baseline.id}/entry`, {
      token: token(),
      body: { mode: 'paper', answers: { NRS_LEG: { score: 7 } } },
    });
    expect(paper.status, JSON.stringify(paper.body)).toBe(201);
  });

  it('checks "on or after enrolment" against the consent date: a participant registered after the injection can be entered', async () => {
    clock.set(TEST_EPOCH);
    const id = await poteiss('registered.late@example.nl', { consent: { date: day(-7), version: '1.0' }, plannedAnchorDate: day(-3) });
    const ok = await api.request('PUT', `/participants/${id}/events/baseline/forms/injection`, {
      token: token(),
      body: { values: { date: day(-3), time: '09:30' }, status: 'incomplete' },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const beforeConsent = await api.request('PUT', `/participants/${id}/events/baseline/forms/injection`, {
      token: token(),
      body: { values: { date: day(-10) }, status: 'incomplete', version: ok.body.version },
    });
    expect(beforeConsent.status).toBe(400);
    expect(JSON.stringify(beforeConsent.body)).toMatch(/before the consent date/);
  });
});

describe('retention: completion by site and arm, reasons for missed questionnaires', () => {
  it('breaks completion down by site and arm and counts the recorded reasons', async () => {
    clock.set(TEST_EPOCH);
    const a = await teias('retention.lumc@example.nl', 'LUMC');
    const b = await teias('retention.hmc@example.nl', 'HMC', '>=6w');
    const q = await questionnaire(a.id, 'baseline');
    // Open questionnaires take no reason.
    const tooEarly = await api.request('PUT', `/participants/${a.id}/questionnaires/${q.id}/missed-reason`, {
      token: token(),
      body: { reason: 'not_reached' },
    });
    expect(tooEarly.status).toBe(422);

    clock.set(q.closesAt);
    const r = await api.request('PUT', `/participants/${a.id}/questionnaires/${q.id}/missed-reason`, {
      token: token(),
      body: { reason: 'not_reached', note: 'Three calls, no answer' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: 'missed', missedReason: 'not_reached', missedNote: 'Three calls, no answer' });

    const c = await api.request<any[]>('GET', '/studies/TEIAS/questionnaires/completion', { token: token('data_manager') });
    expect(c.status).toBe(200);
    const baseline = c.body.find((e) => e.eventId === 'baseline');
    // The old shape stays.
    expect(baseline).toMatchObject({
      scheduled: expect.any(Number),
      open: expect.any(Number),
      completed: expect.any(Number),
      missed: expect.any(Number),
    });
    expect(baseline.missedReasons.not_reached).toBe(1);
    expect(baseline.bySite.map((s: any) => s.siteCode).sort()).toEqual(['HMC', 'LUMC']);
    const sum = (xs: any[], k: string) => xs.reduce((n, x) => n + x[k], 0);
    expect(sum(baseline.bySite, 'missed')).toBe(baseline.missed);
    expect(sum(baseline.byArm, 'scheduled')).toBeLessThanOrEqual(baseline.scheduled);
    expect(baseline.byArm.map((x: any) => x.arm)).toEqual(
      expect.arrayContaining([a.arm, b.arm].filter((v, i, all) => all.indexOf(v) === i)),
    );

    // A coordinator bound to HMC sees HMC only.
    const hmc = await api.request<any[]>('GET', '/studies/TEIAS/questionnaires/completion', { token: token('coordinator.HMC') });
    expect(hmc.body.find((e) => e.eventId === 'baseline').bySite.map((s: any) => s.siteCode)).toEqual(['HMC']);
  });
});
