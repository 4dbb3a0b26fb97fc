/**
 * What the signed-in user may do in a study, as GET /me reports it from the API's permission table
 * (apps/api/src/auth/permissions.ts): the console shows only actions the API will accept.
 */
export function can(study: { permissions: readonly string[] }, action: string): boolean {
  return study.permissions.includes(action);
}
