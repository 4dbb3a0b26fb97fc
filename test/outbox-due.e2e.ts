import { QuestionnairesRepository } from '@trialdata/database';
import { TestClock } from './support/clock';
import { randomisedTeias, setUpWorld, type World } from './support/fixtures';
import { startApi, type TestApi } from './support/harness';

/**
 * The due list (migration DispatchQueue, docs/questionnaires.md "The due list"): `outbox_due` holds
 * exactly the `pending` and `sending` messages with their send instants, kept by triggers in the
 * transaction that changes a message, so reconciliation and claims read it instead of a partial index
 * on `state`. No index of `outbox_messages` reads the columns a dispatch changes, so both of a
 * dispatch's updates (pending → sending → sent) are heap-only (HOT) updates.
 */
const START = '2027-03-09T09:00:00.000Z';

let api: TestApi;
let world: World;
const clock = new TestClock(START);

beforeAll(async () => {
  api = await startApi({ clock: clock.now });
  world = await setUpWorld(api);
}, 120_000);

afterAll(async () => {
  await api?.close();
});

const sql = (q: string, p: unknown[] = []) => api.db.dataSource.query(q, p);
const repo = () => new QuestionnairesRepository(api.db.dataSource.manager);

/** The due list and what it must equal (the dispatchable messages), each as sorted `id@instant` lines. */
async function dueList(): Promise<{ due: string[]; dispatchable: string[] }> {
  const line = (r: { id: string; send_at: Date }) => `${r.id}@${r.send_at.toISOString()}`;
  const due = (await sql(`SELECT message_id AS id, send_at FROM outbox_due`)).map(line).sort();
  const dispatchable = (await sql(`SELECT id, send_at FROM outbox_messages WHERE state IN ('pending','sending')`)).map(line).sort();
  return { due, dispatchable };
}

async function expectInStep(): Promise<string[]> {
  const { due, dispatchable } = await dueList();
  expect(due).toEqual(dispatchable);
  return due;
}

const enrolled = async (tag: string): Promise<string> =>
  (await randomisedTeias(api, world, { email: `${tag}@example.nl`, language: 'en' })).id;

const pendingOf = async (participantId: string): Promise<Array<{ id: string; send_at: Date }>> =>
  sql(`SELECT id, send_at FROM outbox_messages WHERE participant_id = $1 AND state = 'pending' ORDER BY send_at, id`, [participantId]);

describe('the due list (outbox_due)', () => {
  it('holds every pending message of a new schedule, and follows each change of state or instant', async () => {
    const participant = await enrolled('due1');
    const pending = await pendingOf(participant);
    expect(pending.length).toBeGreaterThan(3);
    const due = await expectInStep();
    for (const m of pending) expect(due).toContain(`${m.id}@${m.send_at.toISOString()}`);

    const [a, b, c, d] = pending.map((m) => m.id);
    const r = repo();
    // pending → sending stays listed; sending → sent leaves.
    await r.markSendingMany([{ id: a, channel: 'email' }], '2027-03-09T09:05:00.000Z');
    expect(await expectInStep()).toContain(`${a}@${pending[0].send_at.toISOString()}`);
    expect(await r.markSentMany([{ id: a, delivered: true }], START)).toEqual(new Set([a]));
    expect((await expectInStep()).some((l) => l.startsWith(a))).toBe(false);

    // Re-timed while pending: the listed instant follows.
    await r.defer(b, '2027-03-10T07:00:00.000Z', 'quiet hours');
    expect(await expectInStep()).toContain(`${b}@2027-03-10T07:00:00.000Z`);

    // Settled (skipped) leaves; rescheduled (revived) comes back at its new instant.
    await r.settle(c, 'skipped', 'window closed');
    expect((await expectInStep()).some((l) => l.startsWith(c))).toBe(false);
    await r.reschedule(c, '2027-03-11T08:00:00.000Z');
    expect(await expectInStep()).toContain(`${c}@2027-03-11T08:00:00.000Z`);

    // Cancelled leaves.
    expect(await r.cancel([d], 'withdrawn')).toBe(1);
    expect((await expectInStep()).some((l) => l.startsWith(d))).toBe(false);
  });

  it('loses a message’s row with the message (a questionnaire deleted)', async () => {
    const participant = await enrolled('due2');
    const [first] = await pendingOf(participant);
    const [{ questionnaire_id: questionnaireId }] = await sql(`SELECT questionnaire_id FROM outbox_messages WHERE id = $1`, [first.id]);
    await sql(`DELETE FROM questionnaires WHERE id = $1`, [questionnaireId]);
    const due = await expectInStep();
    expect(due.some((l) => l.startsWith(first.id))).toBe(false);
  });

  it('makes both of a dispatch’s updates heap-only: no index entry written for pending → sending → sent', async () => {
    const participant = await enrolled('due3');
    const [m] = await pendingOf(participant);
    // The backend's counters not yet reported (PostgreSQL 15 keeps a backend's counts until it flushes
    // them): read before and after the two updates, in one transaction on one connection, rolled back.
    const runner = api.db.dataSource.createQueryRunner();
    await runner.connect();
    const counts = async (): Promise<{ updated: number; hot: number }> =>
      (
        await runner.query(
          `SELECT pg_stat_get_xact_tuples_updated('outbox_messages'::regclass)::int AS updated,
                  pg_stat_get_xact_tuples_hot_updated('outbox_messages'::regclass)::int AS hot`,
        )
      )[0];
    try {
      await runner.startTransaction();
      const before = await counts();
      const r = new QuestionnairesRepository(runner.manager);
      await r.markSendingMany([{ id: m.id, channel: 'email' }], '2027-03-09T09:05:00.000Z');
      await r.markSentMany([{ id: m.id, delivered: true }], START);
      const after = await counts();
      expect({ updated: after.updated - before.updated, hot: after.hot - before.hot }).toEqual({ updated: 2, hot: 2 });
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
    await expectInStep();
  });

  it('reconciliation pages and the due-range claim read the list', async () => {
    const r = repo();
    const until = '2027-12-31T00:00:00.000Z';
    const pages: string[] = [];
    let after: { sendAt: string; id: string } | undefined;
    for (;;) {
      const page = await r.dispatchable(until, 2, after);
      if (!page.length) break;
      pages.push(...page.map((p) => `${p.id}@${p.sendAt}`));
      after = { sendAt: page[page.length - 1].sendAt, id: page[page.length - 1].id };
    }
    const { dispatchable } = await dueList();
    const upTo = dispatchable.filter((l) => l.split('@')[1] <= until);
    expect(upTo.length).toBeGreaterThan(2);
    expect([...pages].sort()).toEqual(upTo);
    // The claim takes the earliest due pending messages, in send order (rolled back).
    const runner = api.db.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const claimed = await new QuestionnairesRepository(runner.manager).claimDue(until, 3, []);
      const pendingDue = await runner.query(
        `SELECT id FROM outbox_messages WHERE state = 'pending' AND send_at <= $1 ORDER BY send_at, id`,
        [until],
      );
      expect(claimed).toHaveLength(3);
      for (const c of claimed) expect(pendingDue.map((p: { id: string }) => p.id)).toContain(c.id);
      const sendAts = claimed.map((c) => c.sendAt);
      expect([...sendAts].sort()).toEqual(sendAts);
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
  });
});
