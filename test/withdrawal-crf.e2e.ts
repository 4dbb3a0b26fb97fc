/**
 * Withdrawal of consent without further data (issue 13 item 4): the case report forms take no data
 * about the time after the withdrawal date (422, rule WITHDRAWN_NO_FURTHER_DATA), while data of before
 * it may still be entered and the end-of-study form always may. A withdrawal that allows further data
 * keeps entry open.
 */
import { TEST_EPOCH, TestClock, day } from './support/clock';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { startApi, type TestApi } from './support/harness';

const clock = new TestClock(TEST_EPOCH);
let api: TestApi;
let world: World;

beforeAll(async () => {
  api = await startApi({ clock: clock.now });
  world = await setUpWorld(api);
}, 180_000);
afterAll(() => api?.close());

const token = () => world.tokens['coordinator.LUMC'];

/** A POTEISS participant, injection planned at day(4), withdrawn on `withdrawnOn` allowing `furtherData`. */
async function withdrawnParticipant(furtherData: boolean, withdrawnOn = day(-3)): Promise<string> {
  const r = await api.request('POST', '/studies/POTEISS/participants', {
    token: token(),
    body: enrolment(api.studies.get('POTEISS'), 'LUMC', { consent: { date: day(-10), version: '1.0' } }),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const w = await api.request('PATCH', `/participants/${r.body.id}/status`, {
    token: token(),
    body: {
      status: 'withdrawn',
      reason: 'Withdrew consent',
      withdrawal: { date: withdrawnOn, furtherContact: false, furtherData, collectedData: true },
    },
  });
  expect(w.status, JSON.stringify(w.body)).toBe(200);
  return r.body.id;
}

const save = (id: string, event: string, form: string, values: Record<string, unknown>, instance = 1) =>
  api.request('PUT', `/participants/${id}/events/${event}/forms/${form}?instance=${instance}`, {
    token: token(),
    body: { values, status: 'incomplete' },
  });

describe('withdrawn without further data', () => {
  it('refuses forms of a time point whose window opens after the withdrawal, naming the rule', async () => {
    const id = await withdrawnParticipant(false);
    // week 6 opens at injection (day 4) + 42 − 7 days; day 4 at injection + 3 days: both after day(-3).
    for (const [event, form, values] of [
      ['week6', 'follow_up', { repeat_inj: false }],
      ['day4', 'complications', {}],
    ] as const) {
      const r = await save(id, event, form, values);
      expect(r.status, JSON.stringify(r.body)).toBe(422);
      expect(r.body.rule).toBe('WITHDRAWN_NO_FURTHER_DATA');
      expect(r.body.withdrawalDate).toBe(day(-3));
      expect(r.body.detail).toMatch(new RegExp(`withdrew consent on ${day(-3)} without allowing further data; event ${event} opens on`));
      expect((await api.request('GET', `/participants/${id}/events/${event}/forms/${form}`, { token: token() })).body.status).toBe(
        'not_started',
      );
    }
  });

  it('takes data of before the withdrawal (late entry) and the end-of-study form', async () => {
    const id = await withdrawnParticipant(false);
    // Baseline opens 14 days before the planned injection (day 4): day(-10), before the withdrawal.
    const baseline = await save(id, 'baseline', 'demographics', { sex: 2 });
    expect(baseline.status, JSON.stringify(baseline.body)).toBe(200);
    // An adverse event that began before the withdrawal; one dated after it, or undated, is refused.
    const before = await save(id, 'unscheduled', 'adverse_event', { term: 'Headache', onset: day(-5) });
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    const after = await save(id, 'unscheduled', 'adverse_event', { term: 'Back pain', onset: day(-1) }, 2);
    expect(after.status).toBe(422);
    expect(after.body.rule).toBe('WITHDRAWN_NO_FURTHER_DATA');
    expect(after.body.detail).toMatch(new RegExp(`adverse_event is dated ${day(-1)}`));
    const undated = await save(id, 'unscheduled', 'adverse_event', { term: 'Dizziness' }, 2);
    expect(undated.status).toBe(422);
    expect(undated.body.detail).toMatch(/adverse_event has no date placing it before the withdrawal/);
    const eos = await save(id, 'unscheduled', 'end_of_study', { status: 2, date: day(-3) });
    expect(eos.status, JSON.stringify(eos.body)).toBe(200);
  });
});

it('a withdrawal that allows further data keeps entry open', async () => {
  const id = await withdrawnParticipant(true);
  const r = await save(id, 'week6', 'follow_up', { repeat_inj: false });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const ae = await save(id, 'unscheduled', 'adverse_event', { term: 'Back pain', onset: day(-1) });
  expect(ae.status, JSON.stringify(ae.body)).toBe(200);
});
