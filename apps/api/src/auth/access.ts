import { SetMetadata, applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { Actor, Role, StudyAccess } from '../../../../libs/accounts';

export const ACCESS_RULE = 'trialdata:access';

/**
 * Every route declares who may call it; the global AccessGuard enforces it and refuses any route
 * that declares nothing, so a controller cannot forget.
 * - public: no login (health, login, patient portal);
 * - authenticated: any signed-in user;
 * - admin: a platform administrator;
 * - study: a member of the route's `:study` with one of the roles (site-bound members are limited
 *   to their sites by the service, which receives the resolved StudyAccess); a whole-study rule
 *   (`@StudyWideRoles`) admits only members not bound to a site;
 * - participant: a member of the study of the route's `:id` participant with one of the roles, whose
 *   sites include the participant's; anyone else gets 404, so existence does not leak;
 * - resource: a member, not bound to a site, with one of the roles in the study of the `:id`
 *   dataset or model; non-members get 404.
 */
export type AccessRule =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'admin' }
  | { kind: 'study'; roles: readonly Role[]; wholeStudy?: true }
  | { kind: 'participant'; roles: readonly Role[] }
  | { kind: 'resource'; resource: ScopedResource; roles: readonly Role[] };

/**
 * Resources addressed by `:id` whose study is read from the database (datasets, models). They hold
 * every site's data, so only members not bound to a site reach them.
 */
export type ScopedResource = 'dataset' | 'model';

export const Public = () => SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule);
export const Authenticated = () => SetMetadata(ACCESS_RULE, { kind: 'authenticated' } satisfies AccessRule);
export const PlatformAdmin = () => SetMetadata(ACCESS_RULE, { kind: 'admin' } satisfies AccessRule);
/** Every study route's `{study}` path parameter, declared once for Swagger. */
const StudyParam = () => ApiParam({ name: 'study', description: 'Study code', example: 'TEIAS', schema: { type: 'string' } });
export const StudyRoles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'study', roles } satisfies AccessRule), StudyParam());
/** Study routes that show every site's data at once (allocation log, lock, datasets): no site-bound member. */
export const StudyWideRoles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'study', roles, wholeStudy: true } satisfies AccessRule), StudyParam());
export const ParticipantRoles = (...roles: Role[]) => SetMetadata(ACCESS_RULE, { kind: 'participant', roles } satisfies AccessRule);
export const DatasetRoles = (...roles: Role[]) =>
  SetMetadata(ACCESS_RULE, { kind: 'resource', resource: 'dataset', roles } satisfies AccessRule);
export const ModelRoles = (...roles: Role[]) =>
  SetMetadata(ACCESS_RULE, { kind: 'resource', resource: 'model', roles } satisfies AccessRule);

export const CONFIRMS_PASSWORD = 'trialdata:confirms-password';

/** A route that re-authenticates: what a wrong password is audited as. */
export interface PasswordConfirmation {
  /** The audit action of a refusal, e.g. `sign_refused`. */
  refusal: string;
  /** The audit entity; its id is the route's `:id`. */
  entity: string;
}

/**
 * The route's body carries the caller's `password`, re-entered to confirm who acts (an electronic
 * signature, 21 CFR 11.200). The guard checks it before the handler, through the same lock-out as
 * logins: a wrong one is audited and answers 403, and counts towards the lock; a locked account
 * and address answer 429.
 */
export const ConfirmsPassword = (confirmation: PasswordConfirmation) => SetMetadata(CONFIRMS_PASSWORD, confirmation);

export const ALL_ROLES: Role[] = ['admin', 'data_manager', 'coordinator', 'investigator', 'monitor', 'statistician'];
/** Roles that work with identified participant records (not the statistician). */
export const RECORD_ROLES: Role[] = ['admin', 'data_manager', 'coordinator', 'investigator', 'monitor'];
export const SITE_STAFF: Role[] = ['admin', 'coordinator', 'investigator'];

export interface AccessContext {
  actor?: Actor;
  study?: StudyAccess;
}

export type RequestWithAccess = { access?: AccessContext };

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<RequestWithAccess>().access?.actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});

export const CurrentStudyAccess = createParamDecorator((_: unknown, ctx: ExecutionContext): StudyAccess => {
  const study = ctx.switchToHttp().getRequest<RequestWithAccess>().access?.study;
  if (!study) throw new Error('CurrentStudyAccess used on a route without a study rule');
  return study;
});
