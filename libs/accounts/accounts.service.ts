import * as argon2 from 'argon2';
import {
  AuthenticationError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
  TooManyRequestsError,
  ValidationError,
} from '@trialdata/common';
import type { AuditEntry, Database, MembershipRow } from '@trialdata/database';
import type { Actor, Role } from './access';
import { LoginLockout } from './lockout';

/**
 * 429 with when to try again: `lockedUntil` (ISO instant) and `retryAfterSeconds` in the problem,
 * and `Retry-After` (set by the problem filter). The lock lives in Redis on real time, so the
 * instant is real time too.
 */
function locked(what: string, retryAfterSeconds: number): TooManyRequestsError {
  const lockedUntil = new Date(Date.now() + retryAfterSeconds * 1000).toISOString();
  return new TooManyRequestsError(`${what}; locked until ${lockedUntil}`, undefined, { lockedUntil, retryAfterSeconds });
}

export interface NewUser {
  email: string;
  password: string;
  name: string;
  memberships: Array<{ study: string; role: Role; siteCode?: string }>;
}

/** The studies that exist, so that memberships name only real ones. */
export interface KnownStudies {
  find(code: string): { code: string } | undefined;
}

const ARGON2 = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** What the per-request read returns: the actor, whether the account is active, and its token version. */
export interface Session {
  actor: Actor;
  name: string;
  active: boolean;
  tokenVersion: number;
}

/** A platform administrator's change to an account (PATCH /users/{id}). */
export interface UserChange {
  active?: boolean;
  name?: string;
  /** Replaces every membership of the user. */
  memberships?: NewUser['memberships'];
  /** A new password set by the administrator (a reset): the user's tokens end. */
  password?: string;
}

/**
 * Accounts: argon2id password hashes, login with lock-out after repeated failures (in Redis, per
 * account and address, see LoginLockout), memberships, deactivation. Every change that takes
 * rights away (deactivation, membership change, password change or reset) increments the user's
 * token version, which every access token carries, so the user's existing tokens end at once.
 */
export class AccountsService {
  private readonly dummyHash = argon2.hash('not-a-password', ARGON2);

  constructor(
    private readonly db: Database,
    private readonly studies: KnownStudies,
    /** Kept for callers that build the service without logins (CLI seed); the lock-out has its own policy. */
    _policy: { maxFailures: number; lockMinutes: number },
    private readonly lockout?: LoginLockout,
  ) {}

  private get limiter(): LoginLockout {
    if (!this.lockout) throw new Error('AccountsService was built without a LoginLockout; it cannot check passwords');
    return this.lockout;
  }

  /**
   * Checks email and password. Unknown emails, wrong passwords and deactivated accounts get the
   * same answer (401, and 429 once the account and address have used their attempts); every
   * failure is audited.
   */
  async authenticate(email: string, password: string, ip: string | null): Promise<Session & { token: number }> {
    const reservation = await this.limiter.reserve(email, ip);
    const user = await this.db.repos.users.findByEmail(email);
    const entityId = user ? user.id : `unknown:${LoginLockout.subject(email).slice(0, 16)}`;
    if (!reservation.allowed) {
      await this.db.repos.audit.append([
        { userId: user?.id ?? null, action: 'login_refused', entity: 'user', entityId, to: { ip, why: 'locked' } },
      ]);
      throw locked('Too many failed logins', reservation.retryAfterSeconds);
    }
    // An unknown email spends the same time as a real check, so response times do not reveal it.
    const matches = user
      ? await argon2.verify(user.passwordHash, password).catch(() => false)
      : await argon2.verify(await this.dummyHash, password).catch(() => false);
    const session = user && matches ? await this.session(user.id) : null;
    if (session?.active) {
      await this.limiter.release(email, ip);
      return { ...session, token: session.tokenVersion };
    }
    // The attempted email of an unknown account is not stored (anyone can send anything here); its hash lets repeats be counted.
    const why = !user ? 'unknown email' : matches ? 'deactivated' : 'wrong password';
    await this.db.repos.audit.append([
      { userId: user?.id ?? null, action: 'login_failed', entity: 'user', entityId, to: { ip, why, failures: reservation.failures } },
    ]);
    if (this.limiter.locksNow(reservation)) throw locked(`Too many failed logins (${reservation.failures})`, this.limiter.lockSeconds);
    throw new AuthenticationError('Email or password is wrong');
  }

  /**
   * Re-authentication inside a session (electronic signature, password change): the same lock-out
   * as logins. A wrong password appends `refusal` to the audit trail and answers 403; a locked
   * account and address answer 429.
   */
  async confirmPassword(actor: Actor, password: string, ip: string | null, refusal: AuditEntry): Promise<void> {
    const reservation = await this.limiter.reserve(actor.email, ip);
    if (!reservation.allowed) {
      await this.db.repos.audit.append([{ ...refusal, to: { why: 'locked', ip } }]);
      throw locked('Too many wrong passwords', reservation.retryAfterSeconds);
    }
    const user = await this.db.repos.users.findById(actor.userId);
    if (user && (await argon2.verify(user.passwordHash, password).catch(() => false))) {
      await this.limiter.release(actor.email, ip);
      return;
    }
    await this.db.repos.audit.append([{ ...refusal, to: { why: 'wrong password', ip, failures: reservation.failures } }]);
    if (this.limiter.locksNow(reservation)) throw locked(`Too many wrong passwords (${reservation.failures})`, this.limiter.lockSeconds);
    throw new ForbiddenError('The password does not match');
  }

  /** The signed-in user changes their own password: the current one is checked first, then every token ends. */
  async changeOwnPassword(actor: Actor, current: string, next: string, ip: string | null): Promise<void> {
    await this.confirmPassword(actor, current, ip, {
      userId: actor.userId,
      action: 'password_change_refused',
      entity: 'user',
      entityId: actor.userId,
    });
    const passwordHash = await argon2.hash(next, ARGON2);
    await this.db.transaction(async (tx) => {
      await tx.manager.query('UPDATE users SET password_hash = $2, token_version = token_version + 1 WHERE id = $1', [
        actor.userId,
        passwordHash,
      ]);
      await tx.audit.append([{ userId: actor.userId, action: 'password_change', entity: 'user', entityId: actor.userId }]);
    });
  }

  /**
   * The per-request read of the signed-in user: account, activity, token version and memberships
   * in one query (it runs on every authenticated request).
   */
  async session(userId: string): Promise<Session | null> {
    const rows = (await this.db.dataSource.query(
      `SELECT u.id, u.email, u.name, u.is_admin, u.active, u.token_version,
              coalesce(json_agg(json_build_object('studyCode', m.study_code, 'role', m.role, 'siteId', m.site_id, 'siteCode', s.code)
                                ORDER BY m.study_code, m.role) FILTER (WHERE m.id IS NOT NULL), '[]') AS memberships
       FROM users u LEFT JOIN memberships m ON m.user_id = u.id LEFT JOIN sites s ON s.id = m.site_id
       WHERE u.id = $1 GROUP BY u.id`,
      [userId],
    )) as Array<{
      id: string;
      email: string;
      name: string;
      is_admin: boolean;
      active: boolean;
      token_version: number;
      memberships: MembershipRow[];
    }>;
    if (!rows.length) return null;
    const r = rows[0];
    return {
      actor: { userId: r.id, email: r.email, isAdmin: r.is_admin, memberships: r.memberships },
      name: r.name,
      active: r.active,
      tokenVersion: r.token_version,
    };
  }

  async actor(userId: string): Promise<Actor | null> {
    return (await this.session(userId))?.actor ?? null;
  }

  /**
   * A platform administrator's change to an account. Deactivating, changing memberships or
   * setting a password ends the user's existing tokens; a name change alone does not. Each change
   * is audited; nothing is deleted.
   */
  async updateUser(id: string, change: UserChange, by: Actor): Promise<Session> {
    const before = await this.session(id);
    if (!before) throw new NotFoundError('User not found');
    if (change.active === false && id === by.userId)
      throw new RuleViolationError('You cannot deactivate your own account; ask another administrator');
    const memberships = change.memberships ? await this.resolveMemberships(change.memberships) : undefined;
    const passwordHash = change.password !== undefined ? await argon2.hash(change.password, ARGON2) : undefined;
    const revoke = change.active === false || memberships !== undefined || passwordHash !== undefined;
    await this.db.transaction(async (tx) => {
      const q = (sql: string, params: unknown[]) => tx.manager.query(sql, params);
      const audit: AuditEntry[] = [];
      if (change.active !== undefined && change.active !== before.active) {
        await q('UPDATE users SET active = $2 WHERE id = $1', [id, change.active]);
        audit.push({
          userId: by.userId,
          action: change.active ? 'activate' : 'deactivate',
          entity: 'user',
          entityId: id,
          from: { active: before.active },
          to: { active: change.active },
        });
      }
      if (change.name !== undefined && change.name !== before.name) {
        await q('UPDATE users SET name = $2 WHERE id = $1', [id, change.name]);
        audit.push({
          userId: by.userId,
          action: 'rename',
          entity: 'user',
          entityId: id,
          from: { name: before.name },
          to: { name: change.name },
        });
      }
      if (passwordHash !== undefined) {
        await q('UPDATE users SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
        audit.push({ userId: by.userId, action: 'password_reset', entity: 'user', entityId: id });
      }
      if (memberships) {
        // Lock the user's row so that two concurrent replacements cannot interleave.
        await q('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [id]);
        await q('DELETE FROM memberships WHERE user_id = $1', [id]);
        await tx.users.addMemberships(id, memberships);
        for (const m of before.actor.memberships)
          audit.push({
            userId: by.userId,
            action: 'revoke',
            entity: 'membership',
            entityId: id,
            studyCode: m.studyCode,
            from: { role: m.role, siteId: m.siteId },
          });
        for (const m of memberships)
          audit.push({
            userId: by.userId,
            action: 'grant',
            entity: 'membership',
            entityId: id,
            studyCode: m.studyCode,
            to: { role: m.role, siteId: m.siteId },
          });
      }
      if (revoke) await q('UPDATE users SET token_version = token_version + 1 WHERE id = $1', [id]);
      await tx.audit.append(audit);
    });
    return (await this.session(id)) as Session;
  }

  private async resolveMemberships(
    input: NewUser['memberships'],
  ): Promise<Array<{ studyCode: string; role: Role; siteId: string | null }>> {
    const errors: Array<{ field: string; message: string }> = [];
    const memberships: Array<{ studyCode: string; role: Role; siteId: string | null }> = [];
    for (const [i, m] of input.entries()) {
      const study = this.studies.find(m.study)?.code;
      if (!study) {
        errors.push({ field: `memberships[${i}].study`, message: `unknown study "${m.study}"` });
        continue;
      }
      let siteId: string | null = null;
      if (m.siteCode !== undefined) {
        const site = await this.db.repos.sites.findByCode(m.siteCode);
        if (!site || !(await this.db.repos.sites.isInStudy(study, site.id))) {
          errors.push({ field: `memberships[${i}].siteCode`, message: `site "${m.siteCode}" does not take part in ${study}` });
          continue;
        }
        siteId = site.id;
      }
      memberships.push({ studyCode: study, role: m.role, siteId });
    }
    if (errors.length) throw new ValidationError('Invalid memberships', errors);
    return memberships;
  }

  async createUser(input: NewUser, createdBy: string | null, options: { isAdmin?: boolean } = {}): Promise<{ id: string }> {
    const memberships = await this.resolveMemberships(input.memberships);
    const passwordHash = await argon2.hash(input.password, ARGON2);
    return this.db.transaction(async (tx) => {
      const user = await tx.users.create({
        email: input.email.toLowerCase(),
        name: input.name,
        passwordHash,
        isAdmin: options.isAdmin ?? false,
      });
      if (!user) throw new ConflictError(`A user with email ${input.email} already exists`);
      await tx.users.addMemberships(user.id, memberships);
      await tx.audit.append([
        {
          userId: createdBy,
          action: 'create',
          entity: 'user',
          entityId: user.id,
          to: { email: user.email, name: user.name, isAdmin: user.isAdmin },
        },
        ...memberships.map((m) => ({
          userId: createdBy,
          action: 'grant',
          entity: 'membership',
          entityId: user.id,
          studyCode: m.studyCode,
          to: { role: m.role, siteId: m.siteId },
        })),
      ]);
      return { id: user.id };
    });
  }

  /** Creates the first admin from configuration when no user exists yet; true when it did. */
  async bootstrapAdmin(admin: { email: string; password: string } | undefined): Promise<boolean> {
    if (!admin || (await this.db.repos.users.count()) > 0) return false;
    try {
      await this.createUser({ email: admin.email, password: admin.password, name: 'Administrator', memberships: [] }, null, {
        isAdmin: true,
      });
      return true;
    } catch (e) {
      // Two processes starting at once: the other one created it.
      if (e instanceof ConflictError) return false;
      throw e;
    }
  }
}
