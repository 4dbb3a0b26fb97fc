export { Database, Repositories } from './database';
export { createDataSource, ensureDatabase, dropDatabase, migrate } from './data-source';
export type { AuditEntry, AuditRow, ChainBreak } from './repositories/audit.repository';
export type { MembershipRow } from './repositories/users.repository';
export type { ParticipantRow, NewParticipant } from './repositories/participants.repository';
export type { AllocationRow } from './repositories/randomisation.repository';
export type { StudySiteRow } from './repositories/sites.repository';
export * from './entities';
