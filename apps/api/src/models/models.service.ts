import { open, readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Actor, Role } from '@trialdata/accounts';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError, type FieldError } from '@trialdata/common';
import { Database, ModelsRepository, type ModelRow } from '@trialdata/database';
import {
  checkCalibrationSpec,
  datasetCsvPath,
  formulaColumns,
  isFormulaSpec,
  ModelInputError,
  parseFormula,
  savedModelPath,
  type ModelSpec,
} from '@trialdata/modelling';
import { JobName, type JobQueues } from '@trialdata/queue';
import type { ModelFiguresDto, ModelListItemDto, ModelSpecDto, ModelStatusDto, PredictionDto, PredictRequestDto } from './dto';
import { predictFromStorage } from './predict';
import { ModelListRepository } from './model-list.repository';

/** Who may fit and read models: the roles that read datasets, never bound to one site (issue 5). */
export const MODEL_ROLES: Role[] = ['statistician', 'data_manager', 'admin'];

const LOGISTIC_ONLY = ['outcome', 'firth'] as const;
const COX_ONLY = ['time', 'event', 'strata', 'ties', 'times', 'confType'] as const;

/**
 * Model fits on a dataset: checks who asks and what, records the request and hands it to the
 * worker (the `fit-model` job). The fit itself never runs in the API.
 */
export class ModelsService {
  constructor(
    private readonly db: Database,
    private readonly storageDir: string,
    private readonly queues: Pick<JobQueues, 'enqueueAfterCommit'>,
  ) {}

  async request(datasetId: string, actor: Actor, body: ModelSpecDto): Promise<{ id: string }> {
    const spec = withCalibration(toSpec(body), body);
    const studyCode = await this.datasetStudy(datasetId);
    await this.checkColumns(datasetId, spec);
    const row = await this.db.transaction(async (tx) => {
      const created = await tx
        .get(ModelsRepository)
        .create({ datasetId, studyCode, spec: spec as unknown as Record<string, unknown>, createdBy: actor.userId });
      await tx.audit.append([
        { userId: actor.userId, action: 'request', entity: 'model', entityId: created.id, studyCode, to: { datasetId, spec } },
      ]);
      return created;
    });
    // After the commit, so that the worker always finds the row it is given. While Redis is down the
    // request still succeeds (202): the row is queued, and the worker's reconciler enqueues it later.
    await this.queues.enqueueAfterCommit(JobName.FitModel, { modelId: row.id });
    return { id: row.id };
  }

  async get(id: string): Promise<ModelStatusDto> {
    const row = await this.find(id);
    return {
      id: row.id,
      datasetId: row.datasetId,
      study: row.studyCode,
      status: row.status,
      progress: row.progress,
      spec: row.spec,
      // The stored result is libs/modelling's ModelResult, which ModelResultDto describes.
      ...(row.result ? { result: row.result as unknown as ModelStatusDto['result'] } : {}),
      ...(row.error ? { error: row.error } : {}),
      report: row.status === 'done' && row.reportPath !== null,
      createdAt: row.createdAt,
    };
  }

  /** A study's model fits, newest first (at most 200). */
  async list(studyCode: string): Promise<ModelListItemDto[]> {
    return this.db.repos.get(ModelListRepository).forStudy(studyCode);
  }

  /**
   * The curves the PDF report draws (calibration; Kaplan-Meier per risk group for Cox), as data for
   * plots. 409 until the model is done; a degenerate fit answers without the curves it could not make.
   */
  async figures(id: string): Promise<ModelFiguresDto> {
    const row = await this.find(id);
    if (row.status !== 'done') throw new ConflictError(`The model is ${row.status}; its figures exist once it is done`);
    const figures = (await this.db.repos.get(ModelsRepository).figures(id)) ?? {};
    const model = (row.spec.model as 'logistic' | 'cox') ?? 'logistic';
    return { id: row.id, model, ...(figures as Omit<ModelFiguresDto, 'id' | 'model'>) };
  }

  /** Predictions for new patients from the saved model the worker wrote beside the report (model.json). */
  async predict(id: string, body: PredictRequestDto): Promise<PredictionDto> {
    const row = await this.find(id);
    if (row.status !== 'done') throw new ConflictError(`The model is ${row.status}; it predicts once it is done`);
    return predictFromStorage(savedModelPath(this.storageDir, row.id), body);
  }

  async report(id: string, actor: Actor): Promise<{ fileName: string; content: Buffer }> {
    const row = await this.find(id);
    if (row.status !== 'done' || !row.reportPath) throw new ConflictError(`The model is ${row.status}; its report exists once it is done`);
    const content = await readFile(row.reportPath).catch(() => {
      throw new NotFoundError('The report file is missing from storage');
    });
    await this.db.repos.audit.append([
      { userId: actor.userId, action: 'read', entity: 'model-report', entityId: row.id, studyCode: row.studyCode },
    ]);
    return { fileName: `model-${row.id}.pdf`, content };
  }

  /** The model row, or 404; who may read it is the routes' `@ModelRoles` rule (AccessGuard). */
  private async find(id: string): Promise<ModelRow> {
    const row = await this.db.repos.get(ModelsRepository).find(id);
    if (!row) throw new NotFoundError('Model not found');
    return row;
  }

  /** The dataset's study; 404 for an unknown dataset, 409 while its files are not ready. */
  private async datasetStudy(datasetId: string): Promise<string> {
    const dataset = await this.db.repos.get(ModelsRepository).dataset(datasetId);
    if (!dataset) throw new NotFoundError('Dataset not found');
    if (dataset.status !== 'ready') throw new ConflictError(`The dataset is ${dataset.status}; models can be fitted once it is ready`);
    return dataset.studyCode;
  }

  /** Refuses, before queueing, a spec naming columns that data.csv does not have (422 naming them). */
  private async checkColumns(datasetId: string, spec: ModelSpec): Promise<void> {
    const header = await readHeader(datasetCsvPath(this.storageDir, datasetId));
    if (header === null) throw new ConflictError('The dataset has no data.csv (yet): wait until it is ready');
    const have = new Set(header);
    const errors: FieldError[] = [];
    const check = (field: string, column: string | undefined) => {
      if (column !== undefined && !have.has(column)) errors.push({ field, message: `column '${column}' is not in data.csv` });
    };
    if (isFormulaSpec(spec)) for (const column of formulaColumns(parseFormula(spec.formula))) check('formula', column);
    else if (spec.model === 'logistic') check('outcome', spec.outcome);
    else {
      check('time', spec.time);
      check('event', spec.event);
      check('strata', spec.strata);
    }
    if (!isFormulaSpec(spec)) spec.covariates.forEach((c, i) => check(`covariates[${i}]`, c));
    if (errors.length)
      throw new RuleViolationError(
        `The dataset has no column${errors.length > 1 ? 's' : ''} ${errors.map((e) => e.message.split("'")[1]).join(', ')}`,
        errors,
      );
  }
}

/** The DTO as libs/modelling's spec, refusing the other model kind's fields and a repeated column. */
function toSpec(body: ModelSpecDto): ModelSpec {
  if (body.formula !== undefined) return toFormulaSpec(body, body.formula);
  const other = body.model === 'logistic' ? COX_ONLY : LOGISTIC_ONLY;
  const errors: FieldError[] = other
    .filter((k) => body[k] !== undefined)
    .map((k) => ({ field: k, message: `not used by ${body.model} models` }));
  const required = body.model === 'logistic' ? (['outcome', 'covariates'] as const) : (['time', 'event', 'covariates'] as const);
  for (const k of required)
    if (body[k] === undefined) errors.push({ field: k, message: `required for ${body.model} models (or give a formula)` });
  const covariates = body.covariates ?? [];
  const roles = [body.outcome, body.time, body.event, body.strata].filter((c): c is string => c !== undefined);
  covariates.forEach((c, i) => {
    if (covariates.indexOf(c) !== i) errors.push({ field: `covariates[${i}]`, message: `'${c}' is named twice` });
    if (roles.includes(c)) errors.push({ field: `covariates[${i}]`, message: `'${c}' is also the outcome, time, event or strata` });
  });
  if (body.seed !== undefined && body.bootstrap === undefined && body.impute === undefined)
    errors.push({ field: 'seed', message: 'only used with bootstrap or impute' });
  if (body.shrink && body.bootstrap === undefined)
    errors.push({ field: 'shrink', message: 'needs bootstrap (the factor is its calibration slope)' });
  if (body.shrink && body.impute !== undefined) errors.push({ field: 'shrink', message: 'not available with impute' });
  if (errors.length) throw new ValidationError('The model spec is not valid', errors);
  const validation = {
    ...(body.bootstrap !== undefined ? { bootstrap: body.bootstrap } : {}),
    ...(body.seed !== undefined ? { seed: body.seed } : {}),
    ...(body.shrink ? { shrink: true } : {}),
    ...(body.impute !== undefined ? { impute: { ...body.impute } } : {}),
  };
  if (body.model === 'logistic') {
    return {
      model: 'logistic',
      outcome: body.outcome as string,
      covariates,
      ...(body.firth ? { firth: true } : {}),
      ...validation,
    };
  }
  return {
    model: 'cox',
    time: body.time as string,
    event: body.event as string,
    covariates,
    ties: body.ties ?? 'efron',
    ...(body.strata !== undefined ? { strata: body.strata } : {}),
    ...(body.times !== undefined ? { times: body.times } : {}),
    ...(body.confType !== undefined ? { confType: body.confType } : {}),
    ...validation,
  };
}

/** The spec's `calibration` and `decisionCurve` (a Cox model needs a horizon): a 400 naming the field. */
function withCalibration(spec: ModelSpec, body: ModelSpecDto): ModelSpec {
  const full: ModelSpec = {
    ...spec,
    ...(body.calibration ? { calibration: { ...body.calibration } } : {}),
    ...(body.decisionCurve ? { decisionCurve: { ...body.decisionCurve } } : {}),
  };
  try {
    checkCalibrationSpec(full);
  } catch (error) {
    if (!(error instanceof ModelInputError)) throw error;
    const field = /^decision|decision curve/.test(error.message) ? 'decisionCurve' : 'calibration';
    throw new ValidationError('The model spec is not valid', [{ field, message: error.message }]);
  }
  return full;
}

/** A formula spec: the formula replaces the column fields; a formula that does not parse is a 400 naming where. */
function toFormulaSpec(body: ModelSpecDto, formula: string): ModelSpec {
  const other = body.model === 'logistic' ? ['ties', 'times', 'confType'] : ['firth'];
  const errors: FieldError[] = [
    ...(['outcome', 'time', 'event', 'covariates', 'strata'] as const)
      .filter((k) => body[k] !== undefined)
      .map((k) => ({ field: k, message: 'not used with a formula (the formula names every column)' })),
    ...other
      .filter((k) => body[k as keyof ModelSpecDto] !== undefined)
      .map((k) => ({ field: k, message: `not used by ${body.model} models` })),
  ];
  try {
    const parsed = parseFormula(formula);
    if (body.model === 'logistic' && parsed.response.kind !== 'binary')
      errors.push({ field: 'formula', message: 'a logistic model has one outcome column on the left (y ~ ...), not Surv()' });
    if (body.model === 'cox' && parsed.response.kind !== 'surv')
      errors.push({ field: 'formula', message: 'a Cox model has Surv(time, event) on the left' });
  } catch (error) {
    if (!(error instanceof ModelInputError)) throw error;
    errors.push({ field: 'formula', message: error.message });
  }
  if (body.seed !== undefined && body.bootstrap === undefined && body.impute === undefined)
    errors.push({ field: 'seed', message: 'only used with bootstrap or impute' });
  if (body.shrink && body.bootstrap === undefined)
    errors.push({ field: 'shrink', message: 'needs bootstrap (the factor is its calibration slope)' });
  if (body.shrink && body.impute !== undefined) errors.push({ field: 'shrink', message: 'not available with impute' });
  if (errors.length) throw new ValidationError('The model spec is not valid', errors);
  const validation = {
    ...(body.bootstrap !== undefined ? { bootstrap: body.bootstrap } : {}),
    ...(body.seed !== undefined ? { seed: body.seed } : {}),
    ...(body.shrink ? { shrink: true } : {}),
    ...(body.impute !== undefined ? { impute: { ...body.impute } } : {}),
  };
  if (body.model === 'logistic') return { model: 'logistic', formula, ...(body.firth ? { firth: true } : {}), ...validation };
  return {
    model: 'cox',
    formula,
    ties: body.ties ?? 'efron',
    ...(body.times !== undefined ? { times: body.times } : {}),
    ...(body.confType !== undefined ? { confType: body.confType } : {}),
    ...validation,
  };
}

/** The header row of a CSV file without reading the whole file; null when there is no file. */
async function readHeader(path: string): Promise<string[] | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return null;
  }
  try {
    const buffer = Buffer.alloc(256 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const records = parse(text, { bom: true, to_line: 1, relax_column_count: true, trim: true }) as string[][];
    return records[0] ?? [];
  } finally {
    await handle.close();
  }
}
