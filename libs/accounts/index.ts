export { AccountsService } from './accounts.service';
export type { NewUser, KnownStudies, Session, UserChange } from './accounts.service';
export { CountersUnavailableError, LoginLockout, counted } from './lockout';
export type { LockoutPolicy, Reservation } from './lockout';
export { ROLES, resolveStudyAccess, reachesSite, isMember } from './access';
export type { Role, Actor, StudyAccess } from './access';
