import { createHash, randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';
import type { EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, RuleViolationError } from '@trialdata/common';
import type { Database } from '@trialdata/database';
import type { AccountsService, NewUser } from './accounts.service';
import type { Actor } from './access';

/** How long a one-time link opens the set-password page. */
export const INVITATION_DAYS = 7;

const ARGON2 = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Only the SHA-256 of a token is stored: a copy of the database opens no account. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface InvitationView {
  userId: string;
  email: string;
  name: string;
  expiresAt: string;
}

export interface IssuedInvitation extends InvitationView {
  /** The one-time token (shown once, in the link; never stored). */
  token: string;
}

export interface UserListRow {
  id: string;
  email: string;
  name: string;
  active: boolean;
  isAdmin: boolean;
  createdAt: string;
  memberships: Array<{ study: string; role: string; siteCode: string | null }>;
  /** The newest invitation: pending (unused, unexpired), used, or expired; null when never invited. */
  invitation: { state: 'pending' | 'used' | 'expired' | 'revoked'; expiresAt: string; usedAt: string | null } | null;
}

/** SQL of invitations and the user directory (the only place that speaks it). */
export class InvitationsRepository {
  constructor(private readonly m: EntityManager) {}

  /** Revokes the user's unused invitations and adds a new one. */
  async issue(userId: string, hash: string, createdBy: string, at: Date, expiresAt: Date): Promise<void> {
    await this.m.query(`UPDATE user_invitations SET revoked_at = $2 WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL`, [
      userId,
      at,
    ]);
    await this.m.query(
      `INSERT INTO user_invitations (user_id, token_hash, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [userId, hash, createdBy, at, expiresAt],
    );
  }

  /** The invitation of a token hash with its user, locked for the rest of the transaction. */
  async byHash(
    hash: string,
    lock = false,
  ): Promise<{
    id: string;
    userId: string;
    email: string;
    name: string;
    active: boolean;
    expiresAt: Date;
    usedAt: Date | null;
    revokedAt: Date | null;
  } | null> {
    const rows = (await this.m.query(
      `SELECT i.id, i.user_id, u.email, u.name, u.active, i.expires_at, i.used_at, i.revoked_at
       FROM user_invitations i JOIN users u ON u.id = i.user_id WHERE i.token_hash = $1 ${lock ? 'FOR UPDATE OF i' : ''}`,
      [hash],
    )) as Array<Record<string, unknown>>;
    if (!rows.length) return null;
    const r = rows[0];
    return {
      id: r.id as string,
      userId: r.user_id as string,
      email: r.email as string,
      name: r.name as string,
      active: r.active as boolean,
      expiresAt: r.expires_at as Date,
      usedAt: (r.used_at as Date | null) ?? null,
      revokedAt: (r.revoked_at as Date | null) ?? null,
    };
  }

  async accept(invitationId: string, userId: string, passwordHash: string, at: Date): Promise<void> {
    await this.m.query(`UPDATE user_invitations SET used_at = $2 WHERE id = $1`, [invitationId, at]);
    await this.m.query(
      `UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL, token_version = token_version + 1 WHERE id = $1`,
      [userId, passwordHash],
    );
  }

  async user(userId: string): Promise<{ id: string; email: string; name: string; active: boolean } | null> {
    const rows = (await this.m.query(`SELECT id, email, name, active FROM users WHERE id = $1`, [userId])) as Array<
      Record<string, unknown>
    >;
    return rows.length
      ? { id: rows[0].id as string, email: rows[0].email as string, name: rows[0].name as string, active: rows[0].active as boolean }
      : null;
  }

  async list(now: Date): Promise<UserListRow[]> {
    const rows = (await this.m.query(
      `SELECT u.id, u.email, u.name, u.active, u.is_admin, u.created_at,
         COALESCE((SELECT json_agg(json_build_object('study', m.study_code, 'role', m.role, 'siteCode', s.code) ORDER BY m.study_code, m.role, s.code)
                   FROM memberships m LEFT JOIN sites s ON s.id = m.site_id WHERE m.user_id = u.id), '[]') AS memberships,
         (SELECT json_build_object('expiresAt', i.expires_at, 'usedAt', i.used_at, 'revokedAt', i.revoked_at)
            FROM user_invitations i WHERE i.user_id = u.id ORDER BY i.created_at DESC LIMIT 1) AS invitation
       FROM users u ORDER BY lower(u.email)`,
    )) as Array<Record<string, unknown>>;
    return rows.map((r) => {
      const inv = r.invitation as { expiresAt: string; usedAt: string | null; revokedAt: string | null } | null;
      return {
        id: r.id as string,
        email: r.email as string,
        name: r.name as string,
        active: r.active as boolean,
        isAdmin: r.is_admin as boolean,
        createdAt: new Date(r.created_at as string).toISOString(),
        memberships: r.memberships as UserListRow['memberships'],
        invitation: inv
          ? {
              state: inv.usedAt ? 'used' : inv.revokedAt ? 'revoked' : Date.parse(inv.expiresAt) <= now.getTime() ? 'expired' : 'pending',
              expiresAt: new Date(inv.expiresAt).toISOString(),
              usedAt: inv.usedAt ? new Date(inv.usedAt).toISOString() : null,
            }
          : null,
      };
    });
  }
}

/**
 * Invitations: an administrator creates a user without a password (or invites an existing one
 * again); the user opens a one-time link, valid for INVITATION_DAYS, and sets their own password.
 * The token is random (32 bytes), stored only as its SHA-256, used once, and a new invitation
 * revokes the older ones. Every step is audited.
 */
export class InvitationsService {
  constructor(
    private readonly db: Database,
    private readonly accounts: AccountsService,
    private readonly clock: () => Date,
  ) {}

  /** Creates the user (with a random password nobody knows) and their first invitation. */
  async invite(input: Omit<NewUser, 'password'>, by: Actor): Promise<IssuedInvitation> {
    const { id } = await this.accounts.createUser({ ...input, password: randomBytes(32).toString('base64url') }, by.userId);
    return this.reissue(id, by);
  }

  /** A new one-time link for a user (the older ones stop working). */
  async reissue(userId: string, by: Actor): Promise<IssuedInvitation> {
    const token = randomBytes(32).toString('base64url');
    const at = this.clock();
    const expiresAt = new Date(at.getTime() + INVITATION_DAYS * 86_400_000);
    const user = await this.db.transaction(async (tx) => {
      const repo = tx.get(InvitationsRepository);
      const u = await repo.user(userId);
      if (!u) throw new NotFoundError('User not found');
      if (!u.active) throw new RuleViolationError('The user is deactivated: activate them before inviting them again');
      await repo.issue(userId, tokenHash(token), by.userId, at, expiresAt);
      await tx.audit.append([
        { userId: by.userId, action: 'invite', entity: 'user', entityId: userId, to: { expiresAt: expiresAt.toISOString() } },
      ]);
      return u;
    });
    return { token, userId, email: user.email, name: user.name, expiresAt: expiresAt.toISOString() };
  }

  /** What the set-password page shows; 404 for an unknown, used, revoked or expired token (no hint which). */
  async open(token: string): Promise<InvitationView> {
    const inv = await this.db.repos.get(InvitationsRepository).byHash(tokenHash(token));
    if (!inv || !this.usable(inv)) throw new NotFoundError('This invitation link is not valid: it was used, replaced or has expired');
    return { userId: inv.userId, email: inv.email, name: inv.name, expiresAt: inv.expiresAt.toISOString() };
  }

  /** Sets the password and spends the token, in one transaction (a second use finds it used). */
  async accept(token: string, password: string, ip: string | null): Promise<InvitationView> {
    const hash = await argon2.hash(password, ARGON2);
    return this.db.transaction(async (tx) => {
      const repo = tx.get(InvitationsRepository);
      const inv = await repo.byHash(tokenHash(token), true);
      if (!inv || !this.usable(inv)) throw new NotFoundError('This invitation link is not valid: it was used, replaced or has expired');
      if (inv.usedAt) throw new ConflictError('This invitation was used already');
      await repo.accept(inv.id, inv.userId, hash, this.clock());
      await tx.audit.append([{ userId: inv.userId, action: 'accept_invitation', entity: 'user', entityId: inv.userId, to: { ip } }]);
      return { userId: inv.userId, email: inv.email, name: inv.name, expiresAt: inv.expiresAt.toISOString() };
    });
  }

  listUsers(): Promise<UserListRow[]> {
    return this.db.repos.get(InvitationsRepository).list(this.clock());
  }

  private usable(inv: { active: boolean; expiresAt: Date; usedAt: Date | null; revokedAt: Date | null }): boolean {
    return inv.active && !inv.usedAt && !inv.revokedAt && inv.expiresAt.getTime() > this.clock().getTime();
  }
}
