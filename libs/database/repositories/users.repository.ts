import { EntityManager } from 'typeorm';
import { MembershipEntity, UserEntity } from '../entities';

export interface MembershipRow {
  studyCode: string;
  role: string;
  siteId: string | null;
  siteCode: string | null;
}

export class UsersRepository {
  constructor(private readonly m: EntityManager) {}

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.m.getRepository(UserEntity).createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  /** Read on every authenticated request, so plain SQL rather than the query builder. */
  async findById(id: string): Promise<UserEntity | null> {
    const rows = await this.m.query(
      'SELECT id, email, name, password_hash, is_admin, failed_logins, locked_until, created_at FROM users WHERE id = $1',
      [id],
    );
    if (!rows.length) return null;
    const r = rows[0];
    return Object.assign(new UserEntity(), {
      id: r.id,
      email: r.email,
      name: r.name,
      passwordHash: r.password_hash,
      isAdmin: r.is_admin,
      failedLogins: r.failed_logins,
      lockedUntil: r.locked_until,
      createdAt: r.created_at,
    });
  }

  async count(): Promise<number> {
    return this.m.getRepository(UserEntity).count();
  }

  /** Inserts a user; returns null when the email is taken (whatever its case). */
  async create(user: {
    email: string;
    name: string;
    passwordHash: string;
    isAdmin: boolean;
  }): Promise<{ id: string; email: string; name: string; isAdmin: boolean } | null> {
    const rows = await this.m.query(
      `INSERT INTO users (email, name, password_hash, is_admin) VALUES ($1, $2, $3, $4) ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
      [user.email, user.name, user.passwordHash, user.isAdmin],
    );
    return rows.length ? { id: rows[0].id, email: user.email, name: user.name, isAdmin: user.isAdmin } : null;
  }

  async addMemberships(userId: string, memberships: Array<{ studyCode: string; role: string; siteId: string | null }>): Promise<void> {
    if (memberships.length === 0) return;
    // Repeated memberships in one request are the same grant, not an error.
    const unique = [...new Map(memberships.map((m) => [`${m.studyCode}|${m.role}|${m.siteId ?? ''}`, m])).values()];
    await this.m.getRepository(MembershipEntity).insert(unique.map((m) => ({ ...m, userId })));
  }

  async memberships(userId: string): Promise<MembershipRow[]> {
    const rows = await this.m.query(
      `SELECT m.study_code, m.role, m.site_id, s.code AS site_code
       FROM memberships m LEFT JOIN sites s ON s.id = m.site_id WHERE m.user_id = $1 ORDER BY m.study_code, m.role`,
      [userId],
    );
    return rows.map((r: Record<string, string | null>) => ({
      studyCode: r.study_code as string,
      role: r.role as string,
      siteId: r.site_id,
      siteCode: r.site_code,
    }));
  }

  /**
   * Reserves one login attempt atomically: counts it as a failure up front (a success resets the
   * count), and locks the account for `lockMinutes` when `maxFailures` is reached. Returns null when
   * the account is locked, so a burst of parallel guesses gets at most `maxFailures` password checks.
   */
  async reserveLoginAttempt(
    userId: string,
    maxFailures: number,
    lockMinutes: number,
  ): Promise<{ failures: number; lockedUntil: Date | null } | null> {
    // TypeORM answers UPDATE … RETURNING with [rows, affectedCount].
    const [rows] = (await this.m.query(
      `UPDATE users SET
         failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_logins + 1 END,
         locked_until = CASE
           WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_logins + 1 END) >= $2
             THEN now() + make_interval(mins => $3)
           ELSE NULL END
       WHERE id = $1 AND (locked_until IS NULL OR locked_until <= now())
       RETURNING failed_logins, locked_until`,
      [userId, maxFailures, lockMinutes],
    )) as [Array<{ failed_logins: number; locked_until: Date | null }>, number];
    return rows.length ? { failures: rows[0].failed_logins, lockedUntil: rows[0].locked_until } : null;
  }

  async resetFailures(userId: string): Promise<void> {
    await this.m.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1', [userId]);
  }
}
