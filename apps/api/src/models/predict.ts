import { readFile } from 'node:fs/promises';
import { ConflictError, RuleViolationError } from '@trialdata/common';
import {
  checkSavedModel,
  columnsFromRows,
  ModelInputError,
  predictModel,
  type PredictionResult,
  type SavedModel,
} from '@trialdata/modelling';

/**
 * POST /models/{id}/predict: the saved model the worker wrote (model.json) applied to the body's
 * rows. A row that cannot be coded (unknown level, text for a number) is a 422 naming row and column.
 */
export async function predictFromStorage(
  path: string,
  body: { rows: Record<string, string | number | null>[]; times?: number[] },
): Promise<PredictionResult> {
  let saved: SavedModel;
  try {
    saved = checkSavedModel(JSON.parse(await readFile(path, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new ConflictError('This model was fitted before models were saved for prediction; fit it again to predict');
    throw error;
  }
  const names = [...new Set(body.rows.flatMap((r) => Object.keys(r)))];
  try {
    return predictModel(saved, columnsFromRows(body.rows, names), body.times ? { times: body.times } : {});
  } catch (error) {
    if (!(error instanceof ModelInputError)) throw error;
    throw new RuleViolationError(error.message, [{ field: 'rows', message: error.message }]);
  }
}
