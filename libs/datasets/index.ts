/**
 * libs/datasets: versioned dataset snapshots of a study and the files a statistician loads in one
 * line. The writers (plan, csv, odm, scripts, files) are pure streaming functions: no Nest, no
 * TypeORM, no clock. The services (lock, datasets, build) take a `Database`. This file is the only door.
 */
export type * from './model';
export { DATASET_FILES } from './model';
export { buildExportPlan, eventInstruments, optionColumnName, scoreType, variableName } from './plan';
export { formatNumber, formatScalar, missingCode, ParticipantValues } from './values';
export {
  AUDIT_HEADER,
  LONG_HEADER,
  LONG_ONLY_ANNOTATION,
  REDCAP_HEADER,
  auditCsv,
  csvCell,
  csvLine,
  dictionaryCsv,
  longCsv,
  wideCsv,
} from './csv';
export { escapeAttribute, escapeText, odmXml, type OdmMeta } from './odm';
export { loadDo, loadR, loadSps, stataNames, spssNames } from './scripts';
export { manifest, manifestSha256, writeChunks, writeDatasetFiles, type DatasetFile, type DatasetSources } from './files';

export { prng, syntheticParticipants } from './synthetic';
export { assertStudyWritable, isStudyWritable } from './guard';
export { CHECKS, runChecklist, type ChecklistItem, type ChecklistResult } from './checklist';
export { buildDataset, datasetDir, snapshotSources, toAuditRecord, type BuildDeps, type BuildOutcome } from './build';
export {
  DATASET_READERS,
  LOCKERS,
  DatasetsService,
  assertWholeStudy,
  datasetView,
  type DatasetQueue,
  type DatasetView,
  type DatasetsServiceDeps,
} from './datasets.service';
