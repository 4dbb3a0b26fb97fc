import { EntityManager } from 'typeorm';
import { StudyEntity } from '../entities';

export class StudiesRepository {
  constructor(private readonly m: EntityManager) {}

  /** Makes sure a row exists for each defined study; a new study gets a fresh (sealed) secret seed. */
  async ensure(codes: string[], newSeed: (code: string) => string): Promise<string[]> {
    const created: string[] = [];
    for (const code of codes) {
      const rows = await this.m.query(
        `INSERT INTO studies (code, randomisation_seed) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING code`,
        [code, newSeed(code)],
      );
      if (rows.length) created.push(code);
    }
    return created;
  }

  find(code: string): Promise<StudyEntity | null> {
    return this.m.getRepository(StudyEntity).findOneBy({ code });
  }

  list(): Promise<StudyEntity[]> {
    return this.m.getRepository(StudyEntity).find({ order: { code: 'ASC' } });
  }

  /**
   * The study's status, read with FOR SHARE inside a writing transaction: a lock (which takes the
   * row FOR UPDATE) waits for the write to commit, and a write after the lock sees 'locked'.
   */
  async statusForWrite(code: string): Promise<string | null> {
    const rows = await this.m.query('SELECT status FROM studies WHERE code = $1 FOR SHARE', [code]);
    return rows.length ? rows[0].status : null;
  }

  /** The sealed secret seed (see libs/participants seeds.ts), read only where an allocation is made or verified. */
  async randomisationSeed(code: string): Promise<string> {
    const rows = await this.m.query('SELECT randomisation_seed FROM studies WHERE code = $1', [code]);
    if (!rows.length) throw new Error(`study ${code} has no row`);
    return rows[0].randomisation_seed;
  }
}
