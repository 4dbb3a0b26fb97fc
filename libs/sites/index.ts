export { SitesService } from './sites.service';
export type { SiteView } from './sites.service';
export { recruitmentCurves, monthRange } from './recruitment';
export type { RecruitmentSite, MonthlyCount } from './recruitment';
