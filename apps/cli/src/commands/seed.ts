import { AccountsService, type Actor, type Role } from '../../../../libs/accounts';
import type { AppConfig } from '../../../../libs/config';
import { Database, createDataSource } from '../../../../libs/database';
import { ParticipantsService, RandomisationService, newSealedSeed } from '../../../../libs/participants';
import { ContactCipher, SecretBox } from '../../../../libs/privacy';
import type { StudyDefinition, StudyRegistry } from '../../../../libs/protocol';
import { SitesService } from '../../../../libs/sites';

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

/**
 * Demo data through the same services the API uses (so every row is audited): two sites in every
 * study, one user per role, and a handful of synthetic participants. Idempotent: a second run
 * finds the demo sites and changes nothing.
 */
export async function seedDemo(
  config: AppConfig,
  studies: StudyRegistry,
  out: (s: string) => void,
): Promise<{ admin: { email: string; password: string } }> {
  const db = new Database(await createDataSource(config.databaseUrl, { poolSize: 4 }).initialize());
  try {
    const box = new SecretBox(config.dataKey);
    await db.repos.studies.ensure(studies.codes(), (code) => newSealedSeed(box, code));
    const accounts = new AccountsService(db, studies, config.login);
    const admin = config.admin ?? { email: 'admin@demo.trialdata.org', password: DEMO_PASSWORD };
    // The demo password is public: never give it to accounts in a database that real people use.
    const [{ n: others }] = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM users WHERE lower(email) NOT LIKE '%@demo.trialdata.org'`,
    )) as [{ n: number }];
    if (others > 0)
      throw new Error(
        `Refusing to seed the demo: this database already holds ${others} non-demo user(s), and demo accounts use a published password. Seed an empty database.`,
      );
    await accounts.bootstrapAdmin(admin);
    if (await db.repos.sites.findByCode(DEMO_SITES[0].code)) {
      out('demo data already present; nothing seeded');
      return { admin };
    }
    const adminUser = await db.repos.users.findByEmail(admin.email);
    const actor: Actor = { userId: adminUser!.id, email: admin.email, isAdmin: true, memberships: [] };
    const sites = new SitesService(db);
    for (const s of DEMO_SITES) await sites.create(s, actor.userId);
    for (const def of studies.list())
      for (const s of DEMO_SITES)
        await sites.addToStudy(def.code, { siteCode: s.code, target: def.target ? Math.ceil(def.target / 2) : 60 }, actor.userId);
    for (const u of DEMO_USERS) {
      await accounts.createUser(
        {
          email: u.email,
          name: u.name,
          password: DEMO_PASSWORD,
          memberships: studies.codes().map((study) => ({ study, role: u.role, siteCode: u.siteCode })),
        },
        actor.userId,
      );
    }
    const participants = new ParticipantsService(db, studies, new ContactCipher(config.dataKey));
    const randomisation = new RandomisationService(db, studies, () => new Date(), box);
    let count = 0;
    for (const def of studies.list()) {
      for (let i = 0; i < 6; i++) {
        const site = DEMO_SITES[i % 2].code;
        const p = await participants.enrol({ studyCode: def.code, roles: ['admin'], siteIds: null }, actor, demoEnrolment(def, site, i));
        if (def.randomisation && i < 4) {
          const factors = Object.fromEntries(def.randomisation.factors.map((f) => [f.id, f.options[i % f.options.length]]));
          await randomisation.randomise(p.id, actor, factors);
        }
        count++;
      }
    }
    out(
      `seeded ${DEMO_SITES.length} sites, ${DEMO_USERS.length + 1} users (the platform admin and ${DEMO_USERS.length} study members) and ${count} synthetic participants`,
    );
    return { admin };
  } finally {
    await db.dataSource.destroy();
  }
}

function demoEnrolment(def: StudyDefinition, siteCode: string, i: number) {
  const today = new Date();
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const min = def.ageRange?.min ?? 18;
  return {
    siteCode,
    eligibility: Object.fromEntries(def.eligibility.map((c) => [c.id, c.kind === 'inclusion'])),
    consent: { date: iso(new Date(today.getTime() - (10 - i) * 86_400_000)), version: '1.0' },
    birthYear: today.getUTCFullYear() - min - 5 - i * 3,
    sex: (i % 2 ? 'male' : 'female') as 'male' | 'female',
    contact: { email: `participant${i + 1}.${def.code.toLowerCase()}@example.org`, language: (i % 3 ? 'nl' : 'en') as 'nl' | 'en' },
    ...(def.cohorts?.length ? { cohort: def.cohorts[i % def.cohorts.length] } : {}),
    ...(def.requiresPlannedAnchorDate ? { plannedAnchorDate: iso(new Date(today.getTime() + (i + 3) * 86_400_000)) } : {}),
  };
}
