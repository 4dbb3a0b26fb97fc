/**
 * libs/datasets: versioned dataset snapshots of a study and the files a statistician loads in one
 * line. The writers (plan, csv, odm, scripts, files) are pure streaming functions: no Nest, no
 * TypeORM, no clock. The services (lock, datasets, build) take a `Database`. This file is the only door.
 */
export type * from './model';
export { DATASET_FILES, OPTIONAL_DATASET_FILES } from './model';
export {
  MISSING_DATA_CODES,
  buildExportPlan,
  eventInstruments,
  missingColumnName,
  optionColumnName,
  scoreType,
  variableName,
} from './plan';
export { formatNumber, formatScalar, missingCode, ParticipantValues } from './values';
export {
  AUDIT_HEADER,
  LONG_HEADER,
  LONG_ONLY_ANNOTATION,
  MISSING_ANNOTATION,
  REDCAP_HEADER,
  STATA_ANNOTATION,
  auditCsv,
  NEUTRALISED_NOTE,
  csvCell,
  csvLine,
  neutraliseCell,
  restoreCell,
  dictionaryCsv,
  longCsv,
  wideCsv,
} from './csv';
export { escapeAttribute, escapeText, odmXml, type OdmMeta } from './odm';
export { loadDo, loadR, loadSps, shortName, stataNames, spssNames } from './scripts';
export { manifest, manifestSha256, writeChunks, writeDatasetFiles, type DatasetFile, type DatasetSources } from './files';

export { prng, syntheticParticipants } from './synthetic';
export { CHECKS, neverStartedForms, runChecklist, type ChecklistItem, type ChecklistResult } from './checklist';
export {
  AuditPseudonyms,
  buildDataset,
  datasetDir,
  datasetJobId,
  openSnapshot,
  snapshotSources,
  toAuditRecord,
  userPseudonym,
  type BuildDeps,
  type BuildOutcome,
} from './build';
export {
  DATASET_READERS,
  LOCKERS,
  DatasetsService,
  STALE_BUILD_MS,
  datasetView,
  type DatasetQueue,
  type DatasetView,
  type DatasetsServiceDeps,
} from './datasets.service';
