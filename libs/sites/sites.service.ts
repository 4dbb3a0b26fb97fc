import { ConflictError, ValidationError } from '@trialdata/common';
import type { Database, StudySiteRow } from '@trialdata/database';
import { assertStudyWritable } from '@trialdata/studies';
import { recruitmentCurves } from './recruitment';

export interface SiteView {
  id: string;
  code: string;
  name: string;
  country: string;
}

/** Sites, and which studies they take part in with what recruitment target. */
export class SitesService {
  constructor(private readonly db: Database) {}

  async create(input: { code: string; name: string; country: string }, userId: string | null): Promise<SiteView> {
    return this.db.transaction(async (tx) => {
      const site = await tx.sites.create(input);
      if (!site) throw new ConflictError(`A site with code ${input.code} already exists`);
      await tx.audit.append([
        { userId, action: 'create', entity: 'site', entityId: site.id, to: { code: site.code, name: site.name, country: site.country } },
      ]);
      return { id: site.id, code: site.code, name: site.name, country: site.country.trim() };
    });
  }

  async list(): Promise<SiteView[]> {
    return (await this.db.repos.sites.list()).map((s) => ({ id: s.id, code: s.code, name: s.name, country: s.country.trim() }));
  }

  async addToStudy(studyCode: string, input: { siteCode: string; target?: number }, userId: string | null): Promise<StudySiteRow> {
    return this.db.transaction(async (tx) => {
      // statusForWrite locks the study row, so a lock cannot commit between this check and the insert.
      await assertStudyWritable(tx, studyCode);
      const site = await tx.sites.findByCode(input.siteCode);
      if (!site)
        throw new ValidationError('Unknown site', [
          { field: 'siteCode', message: `no site with code ${input.siteCode}; create it with POST /sites first` },
        ]);
      if (!(await tx.sites.addToStudy(studyCode, site.id, input.target ?? null))) {
        throw new ConflictError(`${site.code} already takes part in ${studyCode}`);
      }
      await tx.audit.append([
        {
          userId,
          action: 'add',
          entity: 'study_site',
          entityId: `${studyCode}/${site.code}`,
          studyCode,
          to: { site: site.code, target: input.target ?? null },
        },
      ]);
      return {
        siteId: site.id,
        siteCode: site.code,
        name: site.name,
        country: site.country.trim(),
        target: input.target ?? null,
        enrolled: 0,
      };
    });
  }

  /** The study's sites, limited to `siteIds` (`null` = every site). */
  async studySites(studyCode: string, siteIds: string[] | null = null): Promise<StudySiteRow[]> {
    return (await this.db.repos.sites.studySites(studyCode)).filter((s) => siteIds === null || siteIds.includes(s.siteId));
  }

  /** Recruitment per site against target, with monthly cumulative curves (sites limited to `siteIds`). */
  async recruitment(studyCode: string, timeZone: string, siteIds: string[] | null) {
    const sites = await this.studySites(studyCode, siteIds);
    const counts = await this.db.repos.sites.enrolmentsByMonth(studyCode, timeZone, siteIds);
    return recruitmentCurves(sites, counts);
  }
}
