export { SitesService } from './sites.service';
export type { SiteView } from './sites.service';
