import { createHash } from 'node:crypto';
import * as argon2 from 'argon2';
import { AuthenticationError, ConflictError, TooManyRequestsError, ValidationError } from '../common';
import type { Database } from '../database';
import type { Actor, Role } from './access';

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

/** Accounts: argon2id password hashes, login with lock-out after repeated failures, memberships. */
export class AccountsService {
  private readonly dummyHash = argon2.hash('not-a-password', ARGON2);

  constructor(
    private readonly db: Database,
    private readonly studies: KnownStudies,
    private readonly policy: { maxFailures: number; lockMinutes: number },
  ) {}

  /** Checks email and password; every failure is audited and counted towards a temporary lock. */
  async authenticate(email: string, password: string, ip: string | null): Promise<Actor> {
    const user = await this.db.repos.users.findByEmail(email);
    if (!user) {
      // Spend the same time as a real check, so response times do not reveal which emails exist.
      await argon2.verify(await this.dummyHash, password).catch(() => false);
      // The attempted email is not stored (anyone can send anything here); a hash lets repeats be counted.
      const emailHash = createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 16);
      await this.db.repos.audit.append([
        { userId: null, action: 'login_failed', entity: 'user', entityId: `unknown:${emailHash}`, to: { ip, why: 'unknown email' } },
      ]);
      throw new AuthenticationError('Email or password is wrong');
    }
    const attempt = await this.db.repos.users.reserveLoginAttempt(user.id, this.policy.maxFailures, this.policy.lockMinutes);
    if (!attempt) {
      await this.db.repos.audit.append([
        { userId: user.id, action: 'login_refused', entity: 'user', entityId: user.id, to: { ip, why: 'locked' } },
      ]);
      const lock = await this.lockState(user.id);
      throw new TooManyRequestsError(
        lock
          ? `Too many failed logins; this account is locked until ${lock.lockedUntil}`
          : 'Too many failed logins; this account is locked for a while',
        undefined,
        lock ?? undefined,
      );
    }
    if (!(await argon2.verify(user.passwordHash, password))) {
      await this.db.repos.audit.append([
        { userId: user.id, action: 'login_failed', entity: 'user', entityId: user.id, to: { ip, failures: attempt.failures } },
      ]);
      if (attempt.lockedUntil)
        throw new TooManyRequestsError(
          `Too many failed logins (${attempt.failures}); this account is locked until ${new Date(attempt.lockedUntil).toISOString()}`,
          undefined,
          { lockedUntil: new Date(attempt.lockedUntil).toISOString(), retryAfterSeconds: this.policy.lockMinutes * 60 },
        );
      throw new AuthenticationError('Email or password is wrong');
    }
    await this.db.repos.users.resetFailures(user.id);
    return this.actor(user.id) as Promise<Actor>;
  }

  /**
   * When a locked account may try again: the instant, and the seconds from now, both from the
   * database's clock (the one that set the lock). Null when the lock has just run out.
   */
  private async lockState(userId: string): Promise<{ lockedUntil: string; retryAfterSeconds: number } | null> {
    const rows = (await this.db.dataSource.query(
      `SELECT locked_until, ceil(extract(epoch FROM locked_until - now()))::int AS seconds FROM users WHERE id = $1 AND locked_until > now()`,
      [userId],
    )) as Array<{ locked_until: Date; seconds: number }>;
    return rows.length
      ? { lockedUntil: new Date(rows[0].locked_until).toISOString(), retryAfterSeconds: Math.max(1, rows[0].seconds) }
      : null;
  }

  async actor(userId: string): Promise<Actor | null> {
    const user = await this.db.repos.users.findById(userId);
    if (!user) return null;
    return { userId: user.id, email: user.email, isAdmin: user.isAdmin, memberships: await this.db.repos.users.memberships(user.id) };
  }

  async createUser(input: NewUser, createdBy: string | null, options: { isAdmin?: boolean } = {}): Promise<{ id: string }> {
    const errors: Array<{ field: string; message: string }> = [];
    const memberships: Array<{ studyCode: string; role: Role; siteId: string | null }> = [];
    for (const [i, m] of input.memberships.entries()) {
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
