import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request, Response } from 'express';
import type Redis from 'ioredis';
import type { AppConfig } from '@trialdata/config';
import { AccountsService, isMember, reachesSite, resolveStudyAccess, type Actor, type StudyAccess } from '@trialdata/accounts';
import { AuthenticationError, ForbiddenError, NotFoundError } from '@trialdata/common';
import { Database, ScopesRepository } from '@trialdata/database';
import { ConfigToken, RedisToken, StudyRegistryToken, type StudyRegistryLike } from '../tokens';
import { admitQueuedWork, queuedKindOf } from './quotas';
import { ACCESS_RULE, CONFIRMS_PASSWORD, type AccessRule, type PasswordConfirmation, type RequestWithAccess } from './access';

/** Routes whose data spans every site refuse members bound to one site. */
function assertWholeStudy(access: StudyAccess, what: string): void {
  if (access.siteIds !== null) throw new ForbiddenError(`${what}; a member bound to a site cannot reach it`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('AccessGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly accounts: AccountsService,
    private readonly db: Database,
    @Inject(StudyRegistryToken) private readonly studies: StudyRegistryLike,
    @Inject(RedisToken) private readonly redis: Redis,
    @Inject(ConfigToken) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    const req = context.switchToHttp().getRequest<Request & RequestWithAccess>();
    if (!rule) {
      this.logger.error(`Route ${req.method} ${req.route?.path ?? req.url} declares no access rule; refused`);
      throw new ForbiddenError('This route declares no access rule');
    }
    if (rule.kind === 'public') return true;

    const actor = await this.authenticate(req);
    req.access = { actor };
    await this.authorise(rule, req, actor);
    const confirm = this.reflector.get<PasswordConfirmation | undefined>(CONFIRMS_PASSWORD, context.getHandler());
    if (confirm) await this.confirmPassword(confirm, req, actor);
    const queued = queuedKindOf(context.getHandler(), context.getClass());
    if (queued) {
      const release = await admitQueuedWork(this.db, this.redis, this.config.redis.prefix, this.config.queuedPerUser, queued, actor.userId);
      context.switchToHttp().getResponse<Response>().once('close', release);
    }
    return true;
  }

  /**
   * Routes that re-authenticate (electronic signatures): the password in the body is checked here,
   * through the same lock-out as logins, before the handler runs. A body without a password string
   * is left to validation.
   */
  private async confirmPassword(confirm: PasswordConfirmation, req: Request & RequestWithAccess, actor: Actor): Promise<void> {
    const password = (req.body as { password?: unknown } | undefined)?.password;
    if (typeof password !== 'string') return;
    const id = String(req.params.id ?? '');
    await this.accounts.confirmPassword(actor, password, req.ip ?? null, {
      userId: actor.userId,
      action: confirm.refusal,
      entity: confirm.entity,
      entityId: id,
      studyCode: req.access?.study?.studyCode ?? null,
      participantId: confirm.entity === 'signature' && UUID.test(id) ? id : null,
    });
  }

  private async authorise(rule: Exclude<AccessRule, { kind: 'public' }>, req: Request & RequestWithAccess, actor: Actor): Promise<boolean> {
    req.access ??= { actor };
    switch (rule.kind) {
      case 'authenticated':
        return true;
      case 'admin':
        if (!actor.isAdmin) throw new ForbiddenError('Only a platform administrator may do this');
        return true;
      case 'study': {
        const def = this.studies.find(String(req.params.study ?? ''));
        if (!def) throw new NotFoundError(`Study ${String(req.params.study)} does not exist`);
        const code = def.code;
        const access = resolveStudyAccess(actor, code, rule.roles);
        if (!access) throw new ForbiddenError(`Your role in ${code} does not allow this; allowed: ${rule.roles.join(', ')}`);
        if (rule.wholeStudy) assertWholeStudy(access, 'This shows every site’s data');
        req.access.study = access;
        return true;
      }
      case 'participant': {
        const id = String(req.params.id ?? '');
        const scope = UUID.test(id) ? await this.db.repos.participants.scope(id) : null;
        // Unknown, or in a study or site the caller cannot see: the same answer, so nothing leaks.
        if (!scope || !isMember(actor, scope.studyCode)) throw new NotFoundError('Participant not found');
        const visible = resolveStudyAccess(actor, scope.studyCode, [
          'admin',
          'data_manager',
          'coordinator',
          'investigator',
          'monitor',
          'statistician',
        ]);
        if (!visible || !reachesSite(visible, scope.siteId)) throw new NotFoundError('Participant not found');
        const access = resolveStudyAccess(actor, scope.studyCode, rule.roles);
        if (!access) throw new ForbiddenError(`Your role in ${scope.studyCode} does not allow this; allowed: ${rule.roles.join(', ')}`);
        if (!reachesSite(access, scope.siteId)) throw new NotFoundError('Participant not found');
        req.access.study = access;
        return true;
      }
      case 'resource': {
        const id = String(req.params.id ?? '');
        const scopes = this.db.repos.get(ScopesRepository);
        const studyCode = UUID.test(id) ? await (rule.resource === 'dataset' ? scopes.datasetStudy(id) : scopes.modelStudy(id)) : null;
        if (!studyCode || !isMember(actor, studyCode))
          throw new NotFoundError(`${rule.resource === 'dataset' ? 'Dataset' : 'Model'} not found`);
        const access = resolveStudyAccess(actor, studyCode, rule.roles);
        if (!access) throw new ForbiddenError(`Your role in ${studyCode} does not allow this; allowed: ${rule.roles.join(', ')}`);
        assertWholeStudy(access, `A ${rule.resource} holds every site’s data`);
        req.access.study = access;
        return true;
      }
    }
  }

  private async authenticate(req: Request) {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header);
    if (!match) throw new AuthenticationError('Sign in first: send Authorization: Bearer <accessToken>');
    let claims: { sub?: unknown; exp?: unknown; ver?: unknown };
    try {
      claims = await this.jwt.verifyAsync<{ sub?: unknown; exp?: unknown; ver?: unknown }>(match[1]);
    } catch {
      throw new AuthenticationError('The access token is invalid or has expired');
    }
    const sub = claims.sub;
    if (typeof sub !== 'string' || !UUID.test(sub) || typeof claims.exp !== 'number')
      throw new AuthenticationError('The access token is invalid or has expired');
    // One query per request: a deactivation, membership change or password change since the token
    // was issued has moved the account's token version on, and ends the token at once.
    const session = await this.accounts.session(sub);
    if (!session || !session.active || session.tokenVersion !== claims.ver)
      throw new AuthenticationError('This session has ended; sign in again');
    return session.actor;
  }
}
