export { AccountsService } from './accounts.service';
export type { NewUser, KnownStudies, Session, UserChange } from './accounts.service';
export { CountersUnavailableError, LoginLockout, counted } from './lockout';
export type { LockoutPolicy, Reservation } from './lockout';
export { ROLES, resolveStudyAccess, reachesSite, isMember } from './access';
export type { Role, Actor, StudyAccess } from './access';
export { InvitationsService, InvitationsRepository, INVITATION_DAYS } from './invitations';
export type { InvitationView, IssuedInvitation, UserListRow } from './invitations';
