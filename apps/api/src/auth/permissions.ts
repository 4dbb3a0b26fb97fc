import { resolveStudyAccess, type Actor, type Role } from '../../../../libs/accounts';
import { ALL_ROLES, RECORD_ROLES, SITE_STAFF } from './access';

/**
 * What a member may do in a study, by action, as the route decorators allow it: `GET /me` reports
 * it so that the web app shows only what the server will accept. `wholeStudy` actions need a
 * membership not bound to a site.
 */
export const PERMISSIONS: Record<string, { roles: readonly Role[]; wholeStudy?: true }> = {
  view_participants: { roles: ALL_ROLES },
  view_records: { roles: RECORD_ROLES },
  enrol: { roles: SITE_STAFF },
  randomise: { roles: SITE_STAFF },
  view_contact: { roles: SITE_STAFF },
  enter_data: { roles: SITE_STAFF },
  raise_query: { roles: ['admin', 'data_manager', 'monitor'] },
  answer_query: { roles: ['admin', 'coordinator', 'investigator'] },
  verify_source: { roles: ['admin', 'monitor'] },
  sign: { roles: ['admin', 'investigator'] },
  lock_forms: { roles: ['admin', 'data_manager'] },
  set_sdv_plan: { roles: ['admin', 'data_manager'], wholeStudy: true },
  add_site: { roles: ['admin'], wholeStudy: true },
  view_allocations: { roles: ['admin', 'statistician'], wholeStudy: true },
  lock_study: { roles: ['admin', 'data_manager'], wholeStudy: true },
  export_datasets: { roles: ['admin', 'data_manager', 'statistician'], wholeStudy: true },
  fit_models: { roles: ['admin', 'data_manager', 'statistician'], wholeStudy: true },
};

/** The actions the actor may take in each study it reaches (`studies`: every study, for an admin). */
export function permissionsOf(actor: Actor, studies: readonly string[]): Record<string, string[]> {
  const codes = actor.isAdmin ? studies : [...new Set(actor.memberships.map((m) => m.studyCode))];
  const out: Record<string, string[]> = {};
  for (const code of codes) {
    out[code] = Object.entries(PERMISSIONS)
      .filter(([, p]) => {
        const access = resolveStudyAccess(actor, code, p.roles);
        return access !== null && (!p.wholeStudy || access.siteIds === null);
      })
      .map(([action]) => action);
  }
  return out;
}
