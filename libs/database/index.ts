export { Database, Repositories } from './database';
export { createDataSource, ensureDatabase, dropDatabase, migrate, grantAppRole, superuserWarning } from './data-source';
export { AuditRepository } from './repositories/audit.repository';
export type { AuditEntry, AuditRow, ChainBreak } from './repositories/audit.repository';
export type { MembershipRow } from './repositories/users.repository';
export type { ParticipantRow, NewParticipant } from './repositories/participants.repository';
export type { AllocationRow } from './repositories/randomisation.repository';
export type { StudySiteRow } from './repositories/sites.repository';
export * from './repositories/crf.repository';
export * from './repositories/crf-review.repository';
export * from './entities';
export { ModelsRepository } from './repositories/models.repository';
export type { ModelRow, NewModel, ModelStatus, DatasetForModel } from './repositories/models.repository';
export { QuestionnairesRepository } from './repositories/questionnaires.repository';
export type {
  QuestionnaireRow,
  NewQuestionnaire,
  OutboxRow,
  NewMessage,
  DispatchRow,
  DueRow,
  CompletionRow,
  TaskRow,
  TaskOutcome,
  TaskOutcomeRow,
  MessageState,
  EntryMode,
  Channel,
} from './repositories/questionnaires.repository';
export { DatasetsRepository, DATASET_AUDIT_ENTITIES, UUID_PATTERN } from './repositories/datasets.repository';
export type {
  DatasetRow,
  DatasetFileRow,
  StudyLockRow,
  ExportParticipantRow,
  ExportFormRow,
  ExportQuestionnaireRow,
  ExportAuditRow,
  ChecklistDetail,
} from './repositories/datasets.repository';
export { ScopesRepository } from './repositories/scopes.repository';
export { auditRowHash, auditRowText, canonicalInstant, GENESIS_HASH } from './audit-chain';
export type { RawAuditRow } from './audit-chain';
