import type { MembershipRow } from '@trialdata/database';

/**
 * Study roles. A `reader` grades imaging blind to other readers (POTEISS MRI double reading): the
 * role reaches only the blinded-reading routes, never a participant's record.
 */
export const ROLES = ['admin', 'data_manager', 'coordinator', 'investigator', 'monitor', 'statistician', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: the user and every study membership they hold. */
export interface Actor {
  userId: string;
  email: string;
  isAdmin: boolean;
  memberships: MembershipRow[];
}

/**
 * What an actor may do in one study under one route's allowed roles: which roles apply, and which
 * sites they reach (`null` = every site of the study).
 */
export interface StudyAccess {
  studyCode: string;
  roles: Role[];
  siteIds: string[] | null;
}

/**
 * Resolves an actor's access to a study for a route that allows `allowed` roles. A platform admin
 * reaches everything. A study member reaches the sites of their memberships whose role is allowed;
 * one unbound allowed membership reaches every site. Returns null when no allowed role applies.
 */
export function resolveStudyAccess(actor: Actor, studyCode: string, allowed: readonly Role[]): StudyAccess | null {
  if (actor.isAdmin) return { studyCode, roles: ['admin'], siteIds: null };
  const applicable = actor.memberships.filter((m) => m.studyCode === studyCode && allowed.includes(m.role as Role));
  if (applicable.length === 0) return null;
  const roles = [...new Set(applicable.map((m) => m.role as Role))];
  if (applicable.some((m) => m.siteId === null)) return { studyCode, roles, siteIds: null };
  return { studyCode, roles, siteIds: [...new Set(applicable.map((m) => m.siteId as string))] };
}

export function reachesSite(access: StudyAccess, siteId: string): boolean {
  return access.siteIds === null || access.siteIds.includes(siteId);
}

export function isMember(actor: Actor, studyCode: string): boolean {
  return actor.isAdmin || actor.memberships.some((m) => m.studyCode === studyCode);
}
