/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { outboxFromContext } from '../apps/worker/src/handlers/notifications';
import type { WorkerProcess } from '../apps/worker/src/worker';
import { builtWeb, DESKTOP, expectAccessible, launchBrowser, PHONE, screenshot, signIn } from './support/browser';
import { day, TEST_EPOCH, TestClock } from './support/clock';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { PASSWORD, startApi, type TestApi } from './support/harness';
import { startTestWorker } from './support/worker';
import { startMailServer, type MailServer } from './support/worker-process';

/**
 * Following patients up from the console (issue 10, items 6 and 7), in Chromium against the real API
 * and a real worker sending through a real SMTP server: a new patient link (the old one refused by the
 * portal afterwards), a resent invitation (one message however often the button is pressed), answers
 * entered from paper or a phone call (scores with their labels; nothing answered is refused), a
 * withdrawal with its reason, a coordinator task's outcome log, and "overdue" only after the due day.
 */
let api: TestApi;
let world: World;
let worker: WorkerProcess;
let mail: MailServer;
let browser: Browser;
let base: string;
const clock = TestClock.ticking(TEST_EPOCH);
const COORDINATOR = 'coordinator-lumc@test.trialdata.org';
const coordinator = () => world.tokens['coordinator.LUMC'];
/** Enrolled and randomised at TEST_EPOCH (10:00 in Amsterdam): baseline due today. */
const ids: { followed: string; withdrawn: string; waiting: string } = { followed: '', withdrawn: '', waiting: '' };

async function sql<T = any>(query: string, params: unknown[] = []): Promise<T[]> {
  return api.db.dataSource.query(query, params);
}

async function teiasParticipant(email: string): Promise<string> {
  const r = await api.request('POST', '/studies/TEIAS/participants', {
    token: coordinator(),
    body: enrolment(api.studies.get('TEIAS'), 'LUMC', { contact: { email, language: 'en' } }),
  });
  expect(r.status).toBe(201);
  const rand = await api.request('POST', `/participants/${r.body.id}/randomisation`, {
    token: coordinator(),
    body: { factors: { symptomDuration: '<6w' } },
  });
  expect(rand.status).toBe(201);
  return r.body.id;
}

/** Hands due messages to the worker and waits until none due is left unsettled. */
async function settle(): Promise<void> {
  const outbox = outboxFromContext(worker.context);
  for (let i = 0; i < 2400; i++) {
    if (i % 40 === 0) await outbox.reconcile();
    const [{ n }] = await sql(`SELECT count(*)::int AS n FROM outbox_messages WHERE state IN ('pending','sending') AND send_at <= $1`, [
      clock.iso(),
    ]);
    if (n === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('outbox did not settle');
}

async function baseline(participantId: string) {
  const r = await api.request('GET', `/participants/${participantId}/questionnaires`, { token: coordinator() });
  expect(r.status).toBe(200);
  return r.body.find((q: { eventId: string }) => q.eventId === 'baseline');
}

async function invitations(questionnaireId: string) {
  return sql(`SELECT id, number, state FROM outbox_messages WHERE questionnaire_id = $1 AND kind = 'invitation' ORDER BY number`, [
    questionnaireId,
  ]);
}

const portal = (token: string) => api.request('GET', `/portal/${token}`);
const mailToken = (messageId: string) => mail.received.find((m) => m.messageId === `<${messageId}@trialdata>`)?.token ?? null;

async function participantPage(page: Page, id: string): Promise<void> {
  await page.goto(`${base}/console/TEIAS/participants/${id}`);
  await page.getByRole('heading', { name: 'Questionnaires and messages' }).waitFor();
  await page.getByRole('heading', { name: 'Baseline', exact: true, level: 3 }).waitFor();
}

const baselineItem = (page: Page) =>
  page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Baseline', exact: true, level: 3 }) });

beforeAll(async () => {
  mail = await startMailServer();
  api = await startApi({ clock: clock.now, env: { WEB_DIR: builtWeb(), SMTP_URL: mail.url, PUBLIC_URL: 'https://trial.example.org' } });
  base = api.url.replace(/\/api\/v1$/, '');
  world = await setUpWorld(api);
  worker = await startTestWorker(api, { clock: clock.now });
  ids.followed = await teiasParticipant('followed@example.nl');
  ids.withdrawn = await teiasParticipant('withdrawn@example.nl');
  ids.waiting = await teiasParticipant('waiting@example.nl');
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await worker?.close();
  await api?.close();
  await mail?.close();
});

describe('questionnaires from the coordinator’s side', () => {
  it('does not call a baseline overdue on the day it is issued', async () => {
    const q = await baseline(ids.followed);
    expect(q.status).toBe('open');
    expect(q.overdue).toBe(false);
    const overdue = await api.request('GET', '/studies/TEIAS/questionnaires/due?status=overdue', { token: coordinator() });
    expect(overdue.status).toBe(200);
    expect(overdue.body).toEqual([]);
    const due = await api.request('GET', '/studies/TEIAS/questionnaires/due?status=due', { token: coordinator() });
    expect(due.body.map((r: { participantId: string }) => r.participantId).sort()).toEqual(Object.values(ids).sort());
  });

  it('copies a patient link: a new link that works, the old one refused, audited', async () => {
    await settle();
    const q = await baseline(ids.followed);
    const [first] = await invitations(q.id);
    expect(first.state).toBe('sent');
    const oldToken = mailToken(first.id);
    expect(oldToken).toBeTruthy();
    expect((await portal(oldToken!)).status).toBe(200);

    const page = await signIn(browser, base, COORDINATOR, PASSWORD, DESKTOP);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await participantPage(page, ids.followed);
    await baselineItem(page).getByRole('button', { name: 'Copy patient link' }).click();
    const box = page.getByRole('textbox', { name: 'Patient link' });
    await box.waitFor();
    const link = await box.inputValue();
    expect(link).toMatch(/^https:\/\/trial\.example\.org\/q\/[A-Za-z0-9_-]{43}$/);
    expect(await box.getAttribute('readonly')).not.toBeNull();
    await expect(page.getByText('the link the patient had before no longer works').isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    // Headless Chromium may refuse the clipboard: the page then says how to copy by hand.
    await page.getByText(/Copied to the clipboard|Select the link and copy it/).waitFor();
    await expectAccessible(page, 'participant page with a new patient link (desktop)');
    await screenshot(page, 'console-followup-link');

    const newToken = link.split('/q/')[1];
    expect((await portal(oldToken!)).status).toBe(404);
    expect((await portal(newToken)).status).toBe(200);
    const audit = await api.request('GET', `/participants/${ids.followed}/audit`, { token: coordinator() });
    const row = audit.body.find((a: { action: string }) => a.action === 'link');
    expect(row).toMatchObject({ field: 'baseline', from: { links: 1 }, to: { links: 1 } });
    expect(JSON.stringify(audit.body)).not.toContain(newToken);
    await page.context().close();
  });

  it('resends an invitation once, however often the button is pressed, with a new link', async () => {
    const q = await baseline(ids.followed);
    const page = await signIn(browser, base, COORDINATOR, PASSWORD, DESKTOP);
    await participantPage(page, ids.followed);
    const button = baselineItem(page).getByRole('button', { name: 'Resend invitation' });
    await button.click();
    await button.click();
    await page.getByText(/A new invitation with a new link will be sent shortly|already waiting/).waitFor();
    // Two requests at once reach the API as well: the questionnaire row is locked, the second finds the first's invitation.
    const [a, b] = await Promise.all([
      api.request('POST', `/participants/${ids.followed}/questionnaires/${q.id}/resend`, { token: coordinator() }),
      api.request('POST', `/participants/${ids.followed}/questionnaires/${q.id}/resend`, { token: coordinator() }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect([a.body.created, b.body.created]).toEqual([false, false]);
    let list = await invitations(q.id);
    expect(list.map((m: { number: number }) => m.number)).toEqual([1, 2]);

    await settle();
    list = await invitations(q.id);
    expect(list.map((m: { state: string }) => m.state)).toEqual(['sent', 'sent']);
    const resentToken = mailToken(list[1].id);
    expect(resentToken).toBeTruthy();
    expect(mail.received.filter((m) => m.messageId === `<${list[1].id}@trialdata>`)).toHaveLength(1);
    expect((await portal(resentToken!)).status).toBe(200);
    expect((await portal(mailToken(list[0].id)!)).status).toBe(404);
    const audit = await api.request('GET', `/participants/${ids.followed}/audit`, { token: coordinator() });
    expect(audit.body.filter((r: { action: string }) => r.action === 'resend')).toHaveLength(1);

    await page.reload();
    await page.getByRole('heading', { name: 'Questionnaires and messages' }).waitFor();
    await baselineItem(page).getByRole('rowheader', { name: 'Invitation 2' }).waitFor();
    await page.context().close();
  });

  it('enters a questionnaire answered by phone: nothing answered is refused, then scores with their labels', async () => {
    const q = await baseline(ids.followed);
    // The rule lives in the server: an entry with no answered item completes nothing.
    const empty = await api.request('POST', `/participants/${ids.followed}/questionnaires/${q.id}/entry`, {
      token: coordinator(),
      body: { answers: { ODI: {} }, mode: 'paper' },
    });
    expect(empty.status).toBe(400);
    expect(empty.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([...q.instruments].sort());
    expect((await baseline(ids.followed)).status).not.toBe('completed');

    const page = await signIn(browser, base, COORDINATOR, PASSWORD, DESKTOP);
    await participantPage(page, ids.followed);
    await baselineItem(page).getByRole('button', { name: 'Enter on paper' }).click();
    const form = page.locator('form.paper-entry');
    await form.locator('fieldset.instrument[data-code="ODI"]').waitFor();
    await form.getByRole('radio', { name: 'By phone' }).check();
    await form.getByRole('button', { name: 'Save answers' }).click();
    await form.getByRole('alert').filter({ hasText: 'Nothing has been answered' }).waitFor();
    await expectAccessible(page, 'paper entry with an error (desktop)');

    const instrument = (code: string) => form.locator(`fieldset.instrument[data-code="${code}"]`);
    const sections = instrument('ODI').locator('fieldset.item');
    expect(await sections.count()).toBe(10);
    for (let i = 0; i < 10; i++) await sections.nth(i).getByRole('radio').nth(2).check();
    const nrs = instrument('NRS_LEG').getByRole('spinbutton');
    if (await nrs.count()) await nrs.first().fill('6');
    else await instrument('NRS_LEG').getByRole('radio').nth(6).check();
    await screenshot(page, 'console-followup-paper');
    await form.getByRole('button', { name: 'Save answers' }).click();
    await baselineItem(page).getByRole('row', { name: /ODI/ }).getByText('40 (moderate)').waitFor();

    const after = await baseline(ids.followed);
    expect(after).toMatchObject({ status: 'completed', entryMode: 'phone', overdue: false });
    expect(after.scores.ODI).toEqual({ score: 40, band: 'moderate' });
    expect(after.scores.NRS_LEG).toEqual({ score: 6 });
    const audit = await api.request('GET', `/participants/${ids.followed}/audit`, { token: coordinator() });
    expect(audit.body.find((r: { action: string }) => r.action === 'submit')?.to).toMatchObject({ mode: 'phone' });
    await expectAccessible(page, 'participant page with scores (desktop)');
    // A completed questionnaire takes no new link.
    const link = await api.request('POST', `/participants/${ids.followed}/questionnaires/${q.id}/link`, { token: coordinator() });
    expect(link.status).toBe(409);
    await page.context().close();
  });
});

describe('participant status', () => {
  it('withdraws a participant with a reason, after a confirmation', async () => {
    const page = await signIn(browser, base, COORDINATOR, PASSWORD, DESKTOP);
    await participantPage(page, ids.withdrawn);
    const panel = page.locator('[data-panel="status"]');
    await panel.getByRole('radio', { name: 'Withdrawn' }).check();
    await panel.getByRole('button', { name: 'Change status' }).click();
    const reason = panel.getByRole('textbox', { name: 'Reason' });
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    await reason.fill('Patient no longer wishes to take part');
    await panel.getByRole('button', { name: 'Change status' }).click();
    await panel.getByRole('heading', { name: 'Confirm the status change' }).waitFor();
    await expectAccessible(page, 'status confirmation (desktop)');
    await panel.getByRole('button', { name: 'Confirm status change' }).click();
    await panel.getByText('Reason: Patient no longer wishes to take part').waitFor();
    await screenshot(page, 'console-followup-status');

    const p = await api.request('GET', `/participants/${ids.withdrawn}`, { token: coordinator() });
    expect(p.body).toMatchObject({ status: 'withdrawn', statusReason: 'Patient no longer wishes to take part' });
    const audit = await api.request('GET', `/participants/${ids.withdrawn}/audit`, { token: coordinator() });
    expect(audit.body.find((r: { action: string; field: string }) => r.action === 'status' && r.field === 'status')).toMatchObject({
      from: 'randomised',
      to: 'withdrawn',
      reason: 'Patient no longer wishes to take part',
    });
    // A withdrawn participant gets no new link or invitation.
    const q = await baseline(ids.withdrawn);
    expect((await api.request('POST', `/participants/${ids.withdrawn}/questionnaires/${q.id}/link`, { token: coordinator() })).status).toBe(
      409,
    );
    await page.context().close();
  });
});

describe('coordinator tasks', () => {
  it('logs call outcomes, a rescheduled call with its date', async () => {
    // A task as the worker makes it two days before a window closes (here for the waiting participant's baseline).
    const q = await baseline(ids.waiting);
    const [message] = await sql(`SELECT id FROM outbox_messages WHERE questionnaire_id = $1 AND kind = 'coordinator_task'`, [q.id]);
    const [{ site_id }] = await sql(`SELECT site_id FROM participants WHERE id = $1`, [ids.waiting]);
    const [{ id: taskId }] = await sql(
      `INSERT INTO coordinator_tasks (message_id, questionnaire_id, participant_id, study_code, site_id, created_at)
       VALUES ($1, $2, $3, 'TEIAS', $4, $5) RETURNING id`,
      [message.id, q.id, ids.waiting, site_id, clock.iso()],
    );
    const outcomes = `/studies/TEIAS/tasks/${taskId}/outcomes`;
    expect((await api.request('POST', outcomes, { token: coordinator(), body: { outcome: 'rescheduled' } })).status).toBe(400);
    expect((await api.request('POST', outcomes, { token: coordinator(), body: { outcome: 'reached', date: day(1) } })).status).toBe(400);
    expect((await api.request('POST', outcomes, { token: world.tokens['coordinator.HMC'], body: { outcome: 'reached' } })).status).toBe(
      404,
    );
    const first = await api.request('POST', outcomes, { token: coordinator(), body: { outcome: 'no_answer', note: 'Voicemail' } });
    expect(first.status).toBe(201);

    for (const viewport of [DESKTOP, PHONE]) {
      const page = await signIn(browser, base, COORDINATOR, PASSWORD, viewport);
      await page.goto(`${base}/console/TEIAS/tasks`);
      await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
      await page.getByRole('cell', { name: 'Voicemail' }).waitFor();
      await expectAccessible(page, `tasks page (${viewport.width} px)`);
      await screenshot(page, `console-followup-tasks-${viewport.width}`);
      await page.context().close();
    }

    const page = await signIn(browser, base, COORDINATOR, PASSWORD, DESKTOP);
    await page.goto(`${base}/console/TEIAS/tasks`);
    await page.getByRole('cell', { name: 'Voicemail' }).waitFor();
    await page.getByRole('radio', { name: 'Rescheduled' }).check();
    await page.getByRole('button', { name: /Log outcome/ }).click();
    const date = page.getByLabel('Call again on');
    expect(await date.getAttribute('aria-invalid')).toBe('true');
    await date.fill(day(1));
    await page.getByLabel('Note').fill('Asked to call tomorrow morning');
    await page.getByRole('button', { name: /Log outcome/ }).click();
    await page.getByRole('cell', { name: 'Asked to call tomorrow morning' }).waitFor();
    await page.getByRole('cell', { name: `Rescheduled → ${day(1)}` }).waitFor();
    await page.getByRole('button', { name: /Mark done/ }).click();
    await page.getByText('No tasks.').waitFor();
    await page.context().close();

    const log = await api.request('GET', outcomes, { token: coordinator() });
    expect(
      log.body.map((o: { outcome: string; rescheduleDate: string | null; note: string }) => [o.outcome, o.rescheduleDate, o.note]),
    ).toEqual([
      ['no_answer', null, 'Voicemail'],
      ['rescheduled', day(1), 'Asked to call tomorrow morning'],
    ]);
    const done = await api.request('GET', '/studies/TEIAS/tasks?status=done', { token: coordinator() });
    expect(done.body).toHaveLength(1);
    expect(done.body[0].outcomes).toHaveLength(2);
    const audit = await api.request('GET', `/participants/${ids.waiting}/audit`, { token: coordinator() });
    expect(audit.body.filter((r: { action: string }) => r.action === 'task_outcome')).toHaveLength(2);
  });
});

describe('accessibility of the participant page', () => {
  it('passes axe-core at 360 px and 1280 px', async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      const page = await signIn(browser, base, COORDINATOR, PASSWORD, viewport);
      await participantPage(page, ids.waiting);
      await baselineItem(page).getByRole('button', { name: 'Copy patient link' }).click();
      await page.getByRole('textbox', { name: 'Patient link' }).waitFor();
      await baselineItem(page).getByRole('button', { name: 'Enter on paper' }).click();
      await page.locator('form.paper-entry').getByRole('button', { name: 'Save answers' }).waitFor();
      await page.locator('form.paper-entry fieldset.instrument[data-code="ODI"]').waitFor();
      await expectAccessible(page, `participant follow-up (${viewport.width} px)`);
      const wide = await page.evaluate(() =>
        // This part's panels fit the window (wide tables scroll inside their own box).
        Array.from(document.querySelectorAll('[data-panel="questionnaires"] *, [data-panel="status"] *'))
          .filter((e) => !e.closest('.table-wrap') && e.getBoundingClientRect().right > window.innerWidth + 1)
          .map((e) => `${e.tagName}.${e.className}`)
          .slice(0, 8),
      );
      expect(wide, 'elements wider than the window').toEqual([]);
      await screenshot(page, `console-followup-participant-${viewport.width}`);
      await page.context().close();
    }
  });
});

describe('overdue', () => {
  it('calls a questionnaire overdue once its due day has passed unanswered', async () => {
    clock.set(new Date(Date.parse(TEST_EPOCH) + 86_400_000).toISOString());
    const overdue = await api.request('GET', '/studies/TEIAS/questionnaires/due?status=overdue', { token: coordinator() });
    // The followed participant answered, the withdrawn one is out of follow-up: the waiting one is overdue.
    expect(overdue.body.map((r: { participantId: string; eventId: string }) => [r.participantId, r.eventId])).toEqual([
      [ids.waiting, 'baseline'],
    ]);
    expect(await baseline(ids.waiting)).toMatchObject({ status: 'open', overdue: true });
    clock.set(TEST_EPOCH);
  });
});

describe('a locked study', () => {
  it('issues no link, sends no invitation and logs no task outcome', async () => {
    const q = await baseline(ids.waiting);
    const [{ status }] = await sql(`SELECT status FROM studies WHERE code = 'TEIAS'`);
    await sql(`UPDATE studies SET status = 'locked' WHERE code = 'TEIAS'`);
    try {
      for (const action of ['link', 'resend']) {
        const r = await api.request('POST', `/participants/${ids.waiting}/questionnaires/${q.id}/${action}`, { token: coordinator() });
        expect(r.status, action).toBe(409);
      }
      const [task] = await sql(`SELECT id FROM coordinator_tasks WHERE participant_id = $1`, [ids.waiting]);
      const r = await api.request('POST', `/studies/TEIAS/tasks/${task.id}/outcomes`, {
        token: coordinator(),
        body: { outcome: 'reached' },
      });
      expect(r.status).toBe(409);
    } finally {
      await sql(`UPDATE studies SET status = $1 WHERE code = 'TEIAS'`, [status]);
    }
  });
});
