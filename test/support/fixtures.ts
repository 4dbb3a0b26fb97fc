import { QuestionnairesRepository } from '@trialdata/database';
import type { StudyDefinition } from '@trialdata/protocol';
import { ResponsesService } from '@trialdata/questionnaires';
import { day } from './clock';
import { ADMIN, PASSWORD, type TestApi } from './harness';

export interface World {
  adminToken: string;
  tokens: Record<string, string>;
}

export const SITES = [
  { code: 'LUMC', name: 'Leiden University Medical Center', country: 'NL' },
  { code: 'HMC', name: 'Haaglanden Medisch Centrum', country: 'NL' },
];

/**
 * Two sites in every study and one user per role: coordinators bound to LUMC or HMC, the others
 * unbound. Tokens are keyed `coordinator.LUMC`, `coordinator.HMC`, `data_manager`, `monitor`, ...
 */
export async function setUpWorld(api: TestApi): Promise<World> {
  const adminToken = await api.login(ADMIN.email, ADMIN.password);
  for (const site of SITES) expect((await api.request('POST', '/sites', { token: adminToken, body: site })).status).toBe(201);
  for (const study of api.studies.codes()) {
    for (const site of SITES) {
      expect(
        (await api.request('POST', `/studies/${study}/sites`, { token: adminToken, body: { siteCode: site.code, target: 50 } })).status,
      ).toBe(201);
    }
  }
  const users: Array<[string, string, string | undefined]> = [
    ['coordinator.LUMC', 'coordinator', 'LUMC'],
    ['coordinator.HMC', 'coordinator', 'HMC'],
    ['investigator.LUMC', 'investigator', 'LUMC'],
    ['data_manager', 'data_manager', undefined],
    ['monitor', 'monitor', undefined],
    ['statistician', 'statistician', undefined],
  ];
  const tokens: Record<string, string> = {};
  for (const [key, role, siteCode] of users) {
    const email = `${key.replace('.', '-')}@test.trialdata.org`.toLowerCase();
    const memberships = api.studies.codes().map((study) => ({ study, role, ...(siteCode ? { siteCode } : {}) }));
    const r = await api.request('POST', '/users', { token: adminToken, body: { email, password: PASSWORD, name: key, memberships } });
    expect(r.status).toBe(201);
    tokens[key] = await api.login(email);
  }
  return { adminToken, tokens };
}

/** Answers that make anyone eligible: every inclusion true, every exclusion false. */
export function eligibleAnswers(def: StudyDefinition): Record<string, boolean> {
  return Object.fromEntries(def.eligibility.map((c) => [c.id, c.kind === 'inclusion']));
}

export function enrolment(def: StudyDefinition, siteCode: string, extra: Record<string, unknown> = {}) {
  const min = def.ageRange?.min ?? 18;
  return {
    siteCode,
    eligibility: eligibleAnswers(def),
    consent: { date: day(-7), version: '1.0' },
    birthYear: Number(day().slice(0, 4)) - min - 10,
    sex: 'female',
    ...(def.cohorts?.length ? { cohort: def.cohorts[0] } : {}),
    ...(def.requiresPlannedAnchorDate ? { plannedAnchorDate: day(4) } : {}),
    ...extra,
  };
}

/**
 * Enrols a TEIAS participant with `contact` at `site` (default LUMC) through the API, as that site's
 * coordinator, and randomises it in the `symptomDuration` stratum (default <6w): its id, label and arm.
 */
export async function randomisedTeias(
  api: TestApi,
  world: World,
  contact: Record<string, string>,
  options: { site?: string; symptomDuration?: '<6w' | '>=6w' } = {},
): Promise<{ id: string; label: string; arm: string }> {
  const { site = 'LUMC', symptomDuration = '<6w' } = options;
  const token = world.tokens[`coordinator.${site}`];
  const r = await api.request('POST', '/studies/TEIAS/participants', {
    token,
    body: enrolment(api.studies.get('TEIAS'), site, { contact }),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const rand = await api.request('POST', `/participants/${r.body.id}/randomisation`, {
    token,
    body: { factors: { symptomDuration } },
  });
  expect(rand.status, JSON.stringify(rand.body)).toBe(201);
  return { id: r.body.id, label: r.body.label, arm: rand.body.arm };
}

/** A fresh patient link to the participant's questionnaire of `eventId`, issued as a dispatch would (at the API's clock). */
export async function eventLink(api: TestApi, participantId: string, eventId: string): Promise<string> {
  const q = (await api.db.repos.get(QuestionnairesRepository).forParticipant(participantId)).find((x) => x.eventId === eventId);
  if (!q) throw new Error(`participant ${participantId} has no questionnaire at ${eventId}`);
  return api.db.transaction((tx) => api.app.get(ResponsesService).issueLink(tx, q));
}
