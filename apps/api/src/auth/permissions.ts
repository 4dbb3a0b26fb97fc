import { resolveStudyAccess, type Actor, type Role } from '@trialdata/accounts';

const ALL_ROLES = ['admin', 'data_manager', 'coordinator', 'investigator', 'monitor', 'statistician'] as const satisfies readonly Role[];
/** Roles that work with identified participant records (not the statistician). */
const RECORD_ROLES = ['admin', 'data_manager', 'coordinator', 'investigator', 'monitor'] as const satisfies readonly Role[];
/** The site team: who meets the participants. */
const SITE_STAFF = ['admin', 'coordinator', 'investigator'] as const satisfies readonly Role[];
/** Who reviews the data of the site team. */
const REVIEWERS = ['admin', 'data_manager', 'monitor'] as const satisfies readonly Role[];
/** The site team and data management: who keeps a participant's follow-up going. */
const FOLLOW_UP = ['admin', 'data_manager', 'coordinator', 'investigator'] as const satisfies readonly Role[];
const DATA_MANAGEMENT = ['admin', 'data_manager'] as const satisfies readonly Role[];
const ANALYSTS = ['admin', 'data_manager', 'statistician'] as const satisfies readonly Role[];

export interface Permission {
  /** The study roles that may take the action (a platform administrator may take every action). */
  roles: readonly Role[];
  /** Only members not bound to a site: the action touches every site's data. */
  wholeStudy?: true;
  /** What the action is, for the API documentation. */
  what: string;
}

/**
 * The one permission table: who may do what in a study, keyed by action. The route decorator
 * `@Can(action)` takes its roles from here (the boot check refuses a study, participant, dataset or
 * model route whose rule does not), `GET /me` reports per study the actions the user may take, and
 * the web console shows only those. Changing who may do something is a change to this table alone.
 */
export const PERMISSIONS = {
  view_study: { roles: ALL_ROLES, what: 'see the study: definition, sites, recruitment, completion' },
  view_definition: {
    roles: [...ALL_ROLES, 'reader'],
    what: 'see the study definition: arms, schedule, forms, instruments, eligibility (no participant data)',
  },
  view_participants: { roles: ALL_ROLES, what: 'see participants (label, status, arm, schedule) and the screening log' },
  view_records: { roles: RECORD_ROLES, what: 'read participants’ records: forms, questionnaires, queries, audit trails, casebooks' },
  enrol: { roles: SITE_STAFF, what: 'enrol participants' },
  randomise: { roles: SITE_STAFF, what: 'randomise participants' },
  view_contact: { roles: SITE_STAFF, what: 'read participants’ contact details' },
  send_links: { roles: SITE_STAFF, what: 'give or resend a participant’s questionnaire link' },
  enter_data: { roles: SITE_STAFF, what: 'enter and change case report forms' },
  change_status: { roles: FOLLOW_UP, what: 'change a participant’s status and record a treatment stop' },
  follow_up: { roles: FOLLOW_UP, what: 'enter questionnaires on paper or by phone, record missed reasons, work coordinator tasks' },
  safety_tasks: { roles: FOLLOW_UP, what: 'mark a serious adverse event report done' },
  raise_query: { roles: REVIEWERS, what: 'raise data queries' },
  close_query: { roles: REVIEWERS, what: 'close and reopen data queries' },
  answer_query: { roles: SITE_STAFF, what: 'answer data queries' },
  record_deviation: { roles: REVIEWERS, what: 'record a protocol deviation' },
  view_sdv_progress: { roles: REVIEWERS, what: 'see what remains to verify under the SDV plan' },
  verify_source: { roles: ['admin', 'monitor'], what: 'verify source data' },
  sign: { roles: ['admin', 'investigator'], what: 'sign forms, visits and casebooks' },
  lock_forms: { roles: DATA_MANAGEMENT, what: 'lock and unlock forms and visits' },
  set_sdv_plan: { roles: DATA_MANAGEMENT, wholeStudy: true, what: 'set the study’s SDV plan' },
  add_site: { roles: ['admin'], wholeStudy: true, what: 'add a site to the study' },
  go_live: {
    roles: ['admin'],
    wholeStudy: true,
    what: 'take the study out of set-up (refused while patient questionnaires carry placeholder wording)',
  },
  view_allocations: { roles: ['admin', 'statistician'], wholeStudy: true, what: 'see the allocation log and verify it' },
  lock_study: { roles: DATA_MANAGEMENT, wholeStudy: true, what: 'see the lock checklist and lock the database' },
  unlock_study: { roles: ['admin'], wholeStudy: true, what: 'unlock the database' },
  export_datasets: { roles: ANALYSTS, wholeStudy: true, what: 'take interim snapshots and download datasets' },
  rebuild_datasets: { roles: DATA_MANAGEMENT, wholeStudy: true, what: 'rebuild a failed dataset' },
  fit_models: { roles: ANALYSTS, wholeStudy: true, what: 'fit prediction models and read their results' },
  view_agreement: {
    roles: ['admin', 'data_manager', 'investigator', 'monitor', 'statistician'],
    wholeStudy: true,
    what: 'see inter-reader agreement (kappa) of double-read imaging',
  },
  read_blinded: { roles: ['reader'], what: 'grade imaging blind to the other readings (sees only their own reading)' },
} as const satisfies Record<string, Permission>;

export type Action = keyof typeof PERMISSIONS;

export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

export function permission(action: Action): Permission {
  return PERMISSIONS[action];
}

/** The actions the actor may take in each study it reaches (`studies`: every study, for an admin). */
export function permissionsOf(actor: Actor, studies: readonly string[]): Record<string, Action[]> {
  const codes = actor.isAdmin ? studies : [...new Set(actor.memberships.map((m) => m.studyCode))];
  const out: Record<string, Action[]> = {};
  for (const code of codes) {
    out[code] = ACTIONS.filter((action) => {
      const p = permission(action);
      const access = resolveStudyAccess(actor, code, p.roles);
      return access !== null && (!p.wholeStudy || access.siteIds === null);
    });
  }
  return out;
}
