import type { Actor, Role, StudyAccess } from '@trialdata/accounts';
import type { AppConfig } from '@trialdata/config';
import { QuestionnairesRepository } from '@trialdata/database';
import { buildDataset } from '@trialdata/datasets';
import { getInstrument } from '@trialdata/instruments';
import { ChannelSender, type MessageSender, type OutgoingMessage, type SendResult } from '@trialdata/notifications';
import { createPlatform, type Platform } from '@trialdata/platform';
import type { StudyDefinition, StudyRegistry } from '@trialdata/protocol';
import { ModelsService } from '../../../api/src/models/models.service';

export const DEMO_PASSWORD = 'demo-password-2026';
export const DEMO_SITES = [
  { code: 'LUMC', name: 'Leiden University Medical Center', country: 'NL' },
  { code: 'HMC', name: 'Haaglanden Medisch Centrum', country: 'NL' },
];
export const DEMO_USERS: Array<{ email: string; name: string; role: Role; siteCode?: string }> = [
  { email: 'coordinator.lumc@demo.trialdata.org', name: 'Coordinator LUMC', role: 'coordinator', siteCode: 'LUMC' },
  { email: 'coordinator.hmc@demo.trialdata.org', name: 'Coordinator HMC', role: 'coordinator', siteCode: 'HMC' },
  { email: 'investigator.lumc@demo.trialdata.org', name: 'Investigator LUMC', role: 'investigator', siteCode: 'LUMC' },
  { email: 'monitor@demo.trialdata.org', name: 'Monitor', role: 'monitor' },
  { email: 'datamanager@demo.trialdata.org', name: 'Data manager', role: 'data_manager' },
  { email: 'statistician@demo.trialdata.org', name: 'Statistician', role: 'statistician' },
  { email: 'studyadmin@demo.trialdata.org', name: 'Study admin', role: 'admin' },
];

/** The study whose participants carry the demo's history (questionnaires, messages, forms, casebook, dataset, model). */
export const DEMO_STUDY = 'TEIAS';

/** Mail to this domain bounces in the demo, so the console shows failed messages next to sent ones. */
export const BOUNCING_DOMAIN = 'bounce.example.org';

export interface SeedOptions {
  /** "Now" for the demo: its history is dated back from here (default: the wall clock). */
  clock?: () => Date;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * Demo data through the platform's own services (libs/platform), so every row is audited and every
 * schedule is real: two sites in every study, one user per role, six synthetic participants per
 * study and, in TEIAS, a month of history replayed on a clock that runs from 35 days ago up to now —
 * questionnaires answered, open, overdue and missed, invitations and reminders sent (and bounced),
 * coordinator tasks, open queries, a verified demographics form, a signed casebook (its PDF queued), an
 * interim dataset and a model fit queued on it. The demo's worker builds the PDF and fits the model.
 * Idempotent: a second run finds the demo sites and changes nothing.
 */
export async function seedDemo(
  config: AppConfig,
  studies: StudyRegistry,
  out: (s: string) => void,
  options: SeedOptions = {},
): Promise<{ admin: { email: string; password: string } }> {
  const history = new HistoryClock(options.clock ?? (() => new Date()));
  const platform = await createPlatform(config, studies, history.now, {
    poolSize: 4,
    sender: new BouncingSender(new ChannelSender({ smtpUrl: config.smtpUrl, from: config.mailFrom, log: () => undefined })),
  });
  try {
    const { db, accounts } = platform;
    const admin = config.admin ?? { email: 'admin@demo.trialdata.org', password: DEMO_PASSWORD };
    // The demo password is public: never give it to accounts in a database that real people use.
    const [{ n: others }] = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM users WHERE lower(email) NOT LIKE '%@demo.trialdata.org'`,
    )) as [{ n: number }];
    if (others > 0)
      throw new Error(
        `Refusing to seed the demo: this database already holds ${others} non-demo user(s), and demo accounts use a published password. Seed an empty database.`,
      );
    await platform.bootstrap(admin);
    if (await db.repos.sites.findByCode(DEMO_SITES[0].code)) {
      out('demo data already present; nothing seeded');
      return { admin };
    }
    // The study's set-up happened before its first participant.
    history.set(history.base() - 40 * DAY);
    const adminUser = await db.repos.users.findByEmail(admin.email);
    const actor: Actor = { userId: adminUser!.id, email: admin.email, isAdmin: true, memberships: [] };
    for (const s of DEMO_SITES) await platform.sites.create(s, actor.userId);
    for (const def of studies.list())
      for (const s of DEMO_SITES)
        await platform.sites.addToStudy(def.code, { siteCode: s.code, target: def.target ? Math.ceil(def.target / 2) : 60 }, actor.userId);
    const users = new Map<Role, Actor>();
    for (const u of DEMO_USERS) {
      const { id } = await accounts.createUser(
        {
          email: u.email,
          name: u.name,
          password: DEMO_PASSWORD,
          memberships: studies.codes().map((study) => ({ study, role: u.role, siteCode: u.siteCode })),
        },
        actor.userId,
      );
      if (!users.has(u.role)) users.set(u.role, { userId: id, email: u.email, isAdmin: false, memberships: [] });
    }
    // TEIAS's month first: the history clock only runs forward.
    const story = studies.find(DEMO_STUDY);
    let count = story ? await replayHistory(platform, history, story, actor, users, out) : 0;
    for (const def of studies.list()) {
      if (def.code === DEMO_STUDY) continue;
      for (let i = 0; i < 6; i++) {
        const site = DEMO_SITES[i % 2].code;
        const p = await platform.participants.enrol(adminAccess(def.code), actor, demoEnrolment(def, site, i, history.now()));
        if (def.randomisation && i < 4) await platform.randomisation.randomise(p.id, actor, demoFactors(def, i));
        count++;
      }
    }
    history.set(history.base());
    out(
      `seeded ${DEMO_SITES.length} sites, ${DEMO_USERS.length + 1} users (the platform admin and ${DEMO_USERS.length} study members) and ${count} synthetic participants`,
    );
    return { admin };
  } finally {
    await platform.close();
  }
}

/** One TEIAS participant's month: days since randomisation (none: enrolled only) and what they answered. */
interface Story {
  randomisedDaysAgo: number | null;
  /** Questionnaires answered on their due day: by the patient's link (web) or entered from a phone call. */
  answered: Array<{ eventId: string; mode: 'web' | 'phone' }>;
  bounces?: boolean;
}

/**
 * Randomised 31, 21, 13, 7 and 3 days ago (and one not yet), with a window schedule of day 0 (baseline),
 * 7, 14 and 28 (TEIAS): every questionnaire state occurs — completed, open (due today or soon), overdue
 * (due day passed, window still open, a coordinator task raised) and missed (window closed unanswered).
 */
const STORIES: Story[] = [
  {
    randomisedDaysAgo: 31,
    answered: [
      { eventId: 'baseline', mode: 'web' },
      { eventId: 'week1', mode: 'web' },
    ],
  },
  {
    randomisedDaysAgo: 21,
    answered: [
      { eventId: 'baseline', mode: 'web' },
      { eventId: 'week1', mode: 'phone' },
    ],
  },
  { randomisedDaysAgo: 13, answered: [{ eventId: 'baseline', mode: 'web' }], bounces: true },
  { randomisedDaysAgo: 7, answered: [{ eventId: 'baseline', mode: 'web' }] },
  { randomisedDaysAgo: 3, answered: [] },
  { randomisedDaysAgo: null, answered: [] },
  // The rest of the month's recruitment: baseline and week 1 answered, so the interim dataset has a
  // week-1 responder outcome to model; week 2 by some, later ones missed or overdue by now.
  ...Array.from({ length: 24 }, (_, k): Story => ({
    randomisedDaysAgo: 12 + (k % 19),
    answered: [
      { eventId: 'baseline', mode: 'web' },
      { eventId: 'week1', mode: k % 4 ? 'web' : 'phone' },
      // Two in three of those whose week-2 window has passed answered it too.
      ...(12 + (k % 19) >= 17 && k % 3 ? [{ eventId: 'week2', mode: 'web' as const }] : []),
    ],
  })),
];

async function replayHistory(
  platform: Platform,
  history: HistoryClock,
  def: StudyDefinition,
  admin: Actor,
  users: Map<Role, Actor>,
  out: (s: string) => void,
): Promise<number> {
  const day = (offset: number, hourUtc: number) => startOfUtcDay(history.base()) + offset * DAY + hourUtc * HOUR;
  const ids: string[] = [];
  const actions: Array<{ at: number; run: () => Promise<void> }> = [];
  STORIES.forEach((story, i) => {
    const start = story.randomisedDaysAgo ?? 2;
    actions.push({
      at: day(-start - 3, 9),
      run: async () => {
        const site = DEMO_SITES[i % 2].code;
        const input = demoEnrolment(def, site, i, history.now());
        if (story.bounces) input.contact = { ...input.contact, email: `participant${i + 1}.${def.code.toLowerCase()}@${BOUNCING_DOMAIN}` };
        ids[i] = (await platform.participants.enrol(adminAccess(def.code), admin, input)).id;
      },
    });
    if (story.randomisedDaysAgo === null) return;
    actions.push({
      at: day(-start, 9),
      run: async () => void (await platform.randomisation.randomise(ids[i], admin, demoFactors(def, i))),
    });
    for (const a of story.answered) {
      const offset = def.schedule.find((e) => e.id === a.eventId)?.offsetDays ?? 0;
      actions.push({
        at: day(-start + offset, 11),
        run: () => answer(platform, ids[i], a.eventId, a.mode, users.get('coordinator') ?? admin),
      });
    }
  });
  for (const a of actions.sort((x, y) => x.at - y.at)) {
    await dispatchUntil(platform, history, a.at);
    history.set(Math.max(history.now().getTime(), a.at));
    await a.run();
  }
  await dispatchUntil(platform, history, history.base() - 5 * 60_000);

  // The site's and the monitor's work on the first participants' case report forms, a few days ago.
  history.set(day(-4, 10));
  const [first, second] = ids;
  const forms = platform.forms;
  const coordinator = users.get('coordinator') ?? admin;
  const demographics = (i: number) => ({
    birth_year: demoEnrolment(def, 'LUMC', i, history.now()).birthYear,
    sex: i % 2 ? 2 : 1,
    height: 168 + i * 4,
    weight: 64.5 + i * 6,
    smoking: 1,
    work: 1,
    workload: 1,
  });
  await forms.save(first, 'enrolment', 'demographics', 1, { values: demographics(0), status: 'complete' }, coordinator.userId);
  await forms.save(second, 'enrolment', 'demographics', 1, { values: demographics(1), status: 'complete' }, coordinator.userId);
  history.set(day(-3, 10));
  const monitor = users.get('monitor') ?? admin;
  await platform.review.verify(first, { eventId: 'enrolment', formId: 'demographics' }, monitor);
  await platform.queries.open(
    second,
    {
      eventId: 'enrolment',
      formId: 'demographics',
      instance: 1,
      field: 'weight',
      text: 'Weight differs from the clinic letter (70 kg); please check.',
    },
    monitor,
  );
  await platform.queries.open(
    first,
    {
      eventId: 'enrolment',
      formId: 'demographics',
      instance: 1,
      field: 'height',
      text: 'Height measured or reported? Please note the source.',
    },
    users.get('data_manager') ?? admin,
  );
  history.set(day(-2, 14));
  const investigator = users.get('investigator') ?? admin;
  await platform.review.sign(first, { scope: 'casebook', password: DEMO_PASSWORD }, investigator);
  // Recorded, then queued after the commit, as the API does: the worker renders the PDF.
  await platform.casebooks.requestBuild(first, investigator);

  // An interim look for the DMC, built here (the worker's own build) so that a model can be fitted on it.
  history.set(history.base() - HOUR);
  const dataManager = users.get('data_manager') ?? admin;
  const access: StudyAccess = { studyCode: def.code, roles: ['data_manager'], siteIds: null };
  const dataset = await platform.datasets.createInterim(access, dataManager, { reason: 'Interim look for the DMC (demo)' });
  await buildDataset(
    { db: platform.db, studies: platform.studies, storageDir: platform.config.storageDir, clock: platform.clock, log: () => undefined },
    dataset.id,
    async () => undefined,
  );
  const models = new ModelsService(platform.db, platform.config.storageDir, platform.queues);
  await models.request(dataset.id, users.get('statistician') ?? admin, {
    model: 'logistic',
    outcome: DEMO_MODEL.outcome,
    covariates: DEMO_MODEL.covariates,
  });
  out(`replayed ${def.code}'s last month: questionnaires, messages, tasks, queries, a signed casebook, an interim dataset and a model fit`);
  return STORIES.length;
}

/** The demo's model on the interim dataset: which column it predicts from which. */
export const DEMO_MODEL = { outcome: 'week1_derived_responder50', covariates: ['birth_year'] };

/** A questionnaire answered on its due day, every item given (the first option, or the middle of a scale). */
async function answer(platform: Platform, participantId: string, eventId: string, mode: 'web' | 'phone', coordinator: Actor) {
  const q = (await platform.questionnaires.forParticipant(participantId)).find((x) => x.eventId === eventId);
  if (!q) throw new Error(`demo seed: no ${eventId} questionnaire for participant ${participantId}`);
  const answers = Object.fromEntries(q.instruments.map((code) => [code, instrumentAnswers(code, `${participantId}/${eventId}`)]));
  // Leg pain starts high and falls for some by week 1: responders and non-responders, as in a real trial.
  if (answers.NRS_LEG)
    answers.NRS_LEG.score = eventId === 'baseline' ? 6 + (hash(participantId) % 4) : hash(`${participantId}/${eventId}`) % 10;
  if (mode === 'phone') {
    await platform.responses.enter(participantId, q.id, coordinator, answers, 'phone');
    return;
  }
  const row = await platform.db.repos.get(QuestionnairesRepository).find(q.id);
  const token = await platform.db.transaction((tx) => platform.responses.issueLink(tx, row!));
  await platform.responses.submit(token, answers).catch((e: Error) => {
    throw new Error(
      `demo seed: ${eventId} of ${participantId} (${q.opensAt}–${q.closesAt}) at ${platform.clock().toISOString()}: ${e.message}`,
    );
  });
}

function hash(text: string): number {
  return [...text].reduce((a, c) => (Math.imul(a, 31) + c.charCodeAt(0)) >>> 0, 7);
}

function instrumentAnswers(code: string, seed: string): Record<string, unknown> {
  let n = hash(seed);
  const pick = (k: number) => {
    n = (n * 1103515245 + 12345) >>> 0;
    return n % k;
  };
  const out: Record<string, unknown> = {};
  for (const item of getInstrument(code).items) {
    if (item.showIf) continue;
    if (item.type === 'choice' && item.options?.length) {
      const plain = item.options.filter((o) => !o.exclusive);
      out[item.id] = (plain.length ? plain : item.options)[pick(plain.length || item.options.length)].code;
    } else if (item.type === 'integer' && item.range) out[item.id] = item.range.min + pick(item.range.max - item.range.min + 1);
    else if (item.type === 'multichoice' && item.options?.length) {
      const plain = item.options.filter((o) => !o.exclusive);
      out[item.id] = plain.length ? [plain[pick(plain.length)].code] : [item.options[0].code];
    }
  }
  return out;
}

/**
 * Hands every message due up to `until` to the outbox, in send order, with the clock at its send
 * time, as the worker would have: invitations and reminders go out (the bouncing address fails after
 * the outbox's last attempt), coordinator tasks are raised, and messages for answered questionnaires stop.
 */
async function dispatchUntil(platform: Platform, history: HistoryClock, until: number): Promise<void> {
  const repo = platform.db.repos.get(QuestionnairesRepository);
  for (let guard = 0; guard < 20_000; guard++) {
    const [next] = await repo.dispatchable(new Date(until).toISOString(), 1);
    if (!next) return;
    history.set(Math.max(history.now().getTime(), Date.parse(next.sendAt)));
    await platform.outbox.dispatch(next.id, next.sendAt).catch(() => undefined);
  }
  throw new Error('demo seed: the outbox did not settle');
}

function adminAccess(studyCode: string): StudyAccess {
  return { studyCode, roles: ['admin'], siteIds: null };
}

function demoFactors(def: StudyDefinition, i: number): Record<string, unknown> {
  return Object.fromEntries((def.randomisation?.factors ?? []).map((f) => [f.id, f.options[i % f.options.length]]));
}

function demoEnrolment(def: StudyDefinition, siteCode: string, i: number, today: Date) {
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const min = def.ageRange?.min ?? 18;
  return {
    siteCode,
    eligibility: Object.fromEntries(def.eligibility.map((c) => [c.id, c.kind === 'inclusion'])),
    consent: { date: iso(new Date(today.getTime() - (10 - (i % 6)) * DAY)), version: '1.0' },
    birthYear: today.getUTCFullYear() - min - 5 - (i % 10) * 3 - (i % 7),
    sex: (i % 2 ? 'male' : 'female') as 'male' | 'female',
    contact: { email: `participant${i + 1}.${def.code.toLowerCase()}@example.org`, language: (i % 3 ? 'nl' : 'en') as 'nl' | 'en' },
    ...(def.cohorts?.length ? { cohort: def.cohorts[i % def.cohorts.length] } : {}),
    ...(def.requiresPlannedAnchorDate ? { plannedAnchorDate: iso(new Date(today.getTime() + (i + 3) * DAY)) } : {}),
  };
}

function startOfUtcDay(t: number): number {
  return t - (t % DAY);
}

/**
 * The seed's clock: the given "now" moved back to a moment of the demo's history. Every service reads
 * it, so audit rows, schedules, messages and tasks carry the times they would have had.
 */
class HistoryClock {
  private offset = 0;
  constructor(private readonly clock: () => Date) {}
  readonly now = (): Date => new Date(this.clock().getTime() + this.offset);
  base(): number {
    return this.clock().getTime();
  }
  set(at: number): void {
    this.offset = Math.min(0, at - this.clock().getTime());
  }
}

/** The demo's mail: an address at BOUNCING_DOMAIN is refused as a mail server would; the rest goes through. */
class BouncingSender implements MessageSender {
  constructor(private readonly inner: MessageSender) {}
  async send(message: OutgoingMessage): Promise<SendResult> {
    if (message.channel === 'email' && message.to.toLowerCase().endsWith(`@${BOUNCING_DOMAIN}`))
      throw new Error('550 5.1.1 mailbox unavailable');
    return this.inner.send(message);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
