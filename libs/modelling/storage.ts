import { join } from 'node:path';

/**
 * Where model inputs and outputs live under the configured storage directory (STORAGE_DIR). The
 * datasets capability (issue 5) writes each dataset's wide file, one row per participant, as
 * `<storageDir>/datasets/<datasetId>/data.csv`; model fits read it from there and write their
 * report as `<storageDir>/models/<modelId>/report.pdf`. Ids are UUIDs, checked here so that no id can
 * climb out of the storage directory.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkId(kind: string, id: string): string {
  if (!UUID.test(id)) throw new Error(`${kind} id must be a UUID (got ${JSON.stringify(id)})`);
  return id.toLowerCase();
}

export function datasetCsvPath(storageDir: string, datasetId: string): string {
  return join(storageDir, 'datasets', checkId('dataset', datasetId), 'data.csv');
}

/** The dataset's REDCap dictionary, beside data.csv: choice fields' levels and labels for formula fits. */
export function datasetDictionaryPath(storageDir: string, datasetId: string): string {
  return join(storageDir, 'datasets', checkId('dataset', datasetId), 'dictionary.csv');
}

export function modelReportPath(storageDir: string, modelId: string): string {
  return join(storageDir, 'models', checkId('model', modelId), 'report.pdf');
}

/** The saved model (predict.ts's SavedModel, as `fit --out` writes it) beside the report: what POST /models/{id}/predict reads. */
export function savedModelPath(storageDir: string, modelId: string): string {
  return join(storageDir, 'models', checkId('model', modelId), 'model.json');
}
