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

  async logScreening(entry: {
    at: Date;
    studyCode: string;
    siteId: string;
    userId: string;
    eligible: boolean;
    failed: string[];
    participantId: string | null;
  }): Promise<void> {
    await this.m.query(
      `INSERT INTO screening_log (study_code, site_id, screened_by, eligible, failed, participant_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [entry.studyCode, entry.siteId, entry.userId, entry.eligible, JSON.stringify(entry.failed), entry.participantId, entry.at],
    );
  }

  /** Per site: screened, eligible, enrolled; and how often each criterion failed. */
  async screeningSummary(
    studyCode: string,
    siteIds: string[] | null,
  ): Promise<{
    sites: Array<{ siteCode: string; screened: number; eligible: number; enrolled: number }>;
    failures: Record<string, number>;
  }> {
    const sites = await this.m.query(
      `SELECT s.code, count(l.id)::int AS screened, count(l.id) FILTER (WHERE l.eligible)::int AS eligible,
              (SELECT count(*)::int FROM participants p WHERE p.study_code = ss.study_code AND p.site_id = s.id) AS enrolled
       FROM study_sites ss JOIN sites s ON s.id = ss.site_id
       LEFT JOIN screening_log l ON l.study_code = ss.study_code AND l.site_id = s.id
       WHERE ss.study_code = $1 AND ($2::uuid[] IS NULL OR s.id = ANY($2)) GROUP BY s.code, s.id, ss.study_code ORDER BY s.code`,
      [studyCode, siteIds],
    );
    const failures = await this.m.query(
      `SELECT f AS criterion, count(*)::int AS n FROM screening_log, jsonb_array_elements_text(failed) AS f
       WHERE study_code = $1 AND ($2::uuid[] IS NULL OR site_id = ANY($2)) GROUP BY f ORDER BY f`,
      [studyCode, siteIds],
    );
    return {
      sites: sites.map((r: Record<string, unknown>) => ({
        siteCode: r.code as string,
        screened: r.screened as number,
        eligible: r.eligible as number,
        enrolled: r.enrolled as number,
      })),
      failures: Object.fromEntries(failures.map((r: { criterion: string; n: number }) => [r.criterion, r.n])),
    };
  }

  /** Enrolments per site and calendar month (study time zone), for recruitment curves. */
  async enrolmentsByMonth(
    studyCode: string,
    timeZone: string,
    siteIds: string[] | null,
  ): Promise<Array<{ siteCode: string; month: string; enrolled: number; randomised: number }>> {
    const rows = await this.m.query(
      `SELECT s.code, to_char(p.enrolled_at AT TIME ZONE $2, 'YYYY-MM') AS month, count(*)::int AS enrolled,
              count(r.participant_id)::int AS randomised
       FROM participants p JOIN sites s ON s.id = p.site_id LEFT JOIN randomisations r ON r.participant_id = p.id
       WHERE p.study_code = $1 AND ($3::uuid[] IS NULL OR p.site_id = ANY($3))
       GROUP BY s.code, month ORDER BY s.code, month`,
      [studyCode, timeZone, siteIds],
    );
    return rows.map((r: Record<string, unknown>) => ({
      siteCode: r.code as string,
      month: r.month as string,
      enrolled: r.enrolled as number,
      randomised: r.randomised as number,
    }));
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
