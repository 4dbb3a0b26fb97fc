export { AccountsService } from './accounts.service';
export type { NewUser, KnownStudies } from './accounts.service';
export { ROLES, resolveStudyAccess, reachesSite, isMember } from './access';
export type { Role, Actor, StudyAccess } from './access';
