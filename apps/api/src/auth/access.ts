import { SetMetadata, applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { Actor, Role, StudyAccess } from '@trialdata/accounts';
import { permission, type Action } from './permissions';

export const ACCESS_RULE = 'trialdata:access';

/**
 * Every route declares who may call it; the global AccessGuard enforces it and refuses any route
 * that declares nothing, so a controller cannot forget.
 * - public: no login (health, login, patient portal);
 * - authenticated: any signed-in user;
 * - admin: a platform administrator;
 * - study: a member of the route's `:study` with one of the roles (site-bound members are limited
 *   to their sites by the service, which receives the resolved StudyAccess); a whole-study rule
 *   admits only members not bound to a site;
 * - participant: a member of the study of the route's `:id` participant with one of the roles, whose
 *   sites include the participant's; anyone else gets 404, so existence does not leak;
 * - resource: a member, not bound to a site, with one of the roles in the study of the `:id`
 *   dataset or model; non-members get 404.
 * The roles of the last three come from the permission table (`@Can(action)`), never from a list
 * in a controller: `action` names the table's row and the boot check holds the two together.
 */
export type AccessRule =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'admin' }
  | { kind: 'study'; action: Action; roles: readonly Role[]; wholeStudy?: true }
  | { kind: 'participant'; action: Action; roles: readonly Role[] }
  | { kind: 'resource'; action: Action; resource: ScopedResource; roles: readonly Role[] };

/**
 * Resources addressed by `:id` whose study is read from the database (datasets, models). They hold
 * every site's data, so only members not bound to a site reach them.
 */
export type ScopedResource = 'dataset' | 'model';

/** What a study-level action is taken on: the route's `:study`, or the `:id` participant, dataset or model. */
export type ActionTarget = 'study' | 'participant' | ScopedResource;

/**
 * @nestjs/swagger's key for `@ApiOperation` metadata. Written directly so that the access rule adds
 * the operation's description (who may call it) without touching its summary: `ApiOperation({...})`
 * would also set `summary: ''` over the controller's.
 */
const API_OPERATION = 'swagger/apiOperation';

const Describe =
  (who: string) =>
  (_target: object, _key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    // On a controller class the rule covers every route; the description is per operation, so none.
    if (!descriptor) return;
    const fn = descriptor.value as object;
    const prev = (Reflect.getMetadata(API_OPERATION, fn) ?? {}) as { description?: string };
    Reflect.defineMetadata(API_OPERATION, { ...prev, description: prev.description ? `${who}\n\n${prev.description}` : who }, fn);
  };

/** Every study route's `{study}` path parameter, declared once for Swagger. */
const StudyParam = () => ApiParam({ name: 'study', description: 'Study code', example: 'TEIAS', schema: { type: 'string' } });

export const Public = () =>
  applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule), Describe('**Who:** anyone, without signing in.'));
export const Authenticated = () =>
  applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'authenticated' } satisfies AccessRule), Describe('**Who:** any signed-in user.'));
export const PlatformAdmin = () =>
  applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'admin' } satisfies AccessRule), Describe('**Who:** a platform administrator.'));

/** The access rule of `@Can(action, on)`, built from the permission table. */
export function ruleFor(action: Action, on: ActionTarget = 'study'): AccessRule {
  const { roles, wholeStudy } = permission(action);
  if (on === 'study') return wholeStudy ? { kind: 'study', action, roles, wholeStudy } : { kind: 'study', action, roles };
  if (on === 'participant') {
    // The participant rule limits members to the participant's sites; it has no whole-study form.
    if (wholeStudy) throw new Error(`@Can('${action}', 'participant'): a whole-study action cannot be taken on one participant`);
    return { kind: 'participant', action, roles };
  }
  // Datasets and models hold every site's data: the guard admits only members not bound to a site.
  if (!wholeStudy) throw new Error(`@Can('${action}', '${on}'): a ${on} route needs a whole-study action`);
  return { kind: 'resource', action, resource: on, roles };
}

function who(action: Action, on: ActionTarget): string {
  const { roles, wholeStudy } = permission(action);
  const where =
    on === 'participant'
      ? ' at the participant’s site (or not bound to a site)'
      : wholeStudy || on !== 'study'
        ? ', not bound to a site'
        : ' (a site-bound member sees only their sites)';
  return `**Who:** ${roles.join(', ')} of the study${where}; a platform administrator. Permission \`${action}\` of \`GET /me\`.`;
}

/**
 * Who may call a study route: the members whose role may take `action` in the permission table.
 * `on` says what the route addresses: its `:study` (default), or the `:id` participant, dataset or
 * model whose study is looked up.
 */
export const Can = (action: Action, on: ActionTarget = 'study') =>
  applyDecorators(SetMetadata(ACCESS_RULE, ruleFor(action, on)), Describe(who(action, on)), ...(on === 'study' ? [StudyParam()] : []));

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
