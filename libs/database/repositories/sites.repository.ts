import { EntityManager } from 'typeorm';
import { SiteEntity } from '../entities';

export interface StudySiteRow {
  siteId: string;
  siteCode: string;
  name: string;
  country: string;
  target: number | null;
  enrolled: number;
}

export class SitesRepository {
  constructor(private readonly m: EntityManager) {}

  findByCode(code: string): Promise<SiteEntity | null> {
    return this.m.getRepository(SiteEntity).findOneBy({ code });
  }

  findById(id: string): Promise<SiteEntity | null> {
    return this.m.getRepository(SiteEntity).findOneBy({ id });
  }

  list(): Promise<SiteEntity[]> {
    return this.m.getRepository(SiteEntity).find({ order: { code: 'ASC' } });
  }

  /** Inserts a site; returns null when the code is taken. */
  async create(site: { code: string; name: string; country: string }): Promise<SiteEntity | null> {
    const rows = await this.m.query(
      `INSERT INTO sites (code, name, country) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING id, code, name, country, created_at`,
      [site.code, site.name, site.country],
    );
    if (rows.length === 0) return null;
    return Object.assign(new SiteEntity(), { ...rows[0], createdAt: rows[0].created_at });
  }

  /** Adds a site to a study; returns false when it already takes part. */
  async addToStudy(studyCode: string, siteId: string, target: number | null): Promise<boolean> {
    const rows = await this.m.query(
      `INSERT INTO study_sites (study_code, site_id, target) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING site_id`,
      [studyCode, siteId, target],
    );
    return rows.length === 1;
  }

  async isInStudy(studyCode: string, siteId: string): Promise<boolean> {
    const rows = await this.m.query('SELECT 1 FROM study_sites WHERE study_code = $1 AND site_id = $2', [studyCode, siteId]);
    return rows.length === 1;
  }

  async studySites(studyCode: string): Promise<StudySiteRow[]> {
    const rows = await this.m.query(
      `SELECT s.id, s.code, s.name, s.country, ss.target,
              (SELECT count(*)::int FROM participants p WHERE p.study_code = ss.study_code AND p.site_id = s.id) AS enrolled
       FROM study_sites ss JOIN sites s ON s.id = ss.site_id WHERE ss.study_code = $1 ORDER BY s.code`,
      [studyCode],
    );
    return rows.map((r: Record<string, unknown>) => ({
      siteId: r.id as string,
      siteCode: r.code as string,
      name: r.name as string,
      country: (r.country as string).trim(),
      target: (r.target as number | null) ?? null,
      enrolled: r.enrolled as number,
    }));
  }
}
