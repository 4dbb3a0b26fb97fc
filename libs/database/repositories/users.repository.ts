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

  findById(id: string): Promise<UserEntity | null> {
    return this.m.getRepository(UserEntity).findOneBy({ id });
  }

  async count(): Promise<number> {
    return this.m.getRepository(UserEntity).count();
  }

  async create(user: { email: string; name: string; passwordHash: string; isAdmin: boolean }): Promise<UserEntity> {
    const repo = this.m.getRepository(UserEntity);
    return repo.save(repo.create({ ...user, failedLogins: 0, lockedUntil: null }));
  }

  async addMemberships(userId: string, memberships: Array<{ studyCode: string; role: string; siteId: string | null }>): Promise<void> {
    if (memberships.length === 0) return;
    await this.m.getRepository(MembershipEntity).insert(memberships.map((m) => ({ ...m, userId })));
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

  /** Counts a failed login; locks the account for `lockMinutes` when `maxFailures` is reached. */
  async recordFailedLogin(userId: string, maxFailures: number, lockMinutes: number): Promise<{ failures: number; lockedUntil: Date | null }> {
    // TypeORM answers UPDATE … RETURNING with [rows, affectedCount].
    const [rows] = (await this.m.query(
      `UPDATE users SET failed_logins = failed_logins + 1,
              locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
       WHERE id = $1 RETURNING failed_logins, locked_until`,
      [userId, maxFailures, lockMinutes],
    )) as [Array<{ failed_logins: number; locked_until: Date | null }>, number];
    return { failures: rows[0].failed_logins, lockedUntil: rows[0].locked_until };
  }

  async resetFailures(userId: string): Promise<void> {
    await this.m.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1', [userId]);
  }
}
