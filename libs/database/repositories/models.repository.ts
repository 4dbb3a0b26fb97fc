import { EntityManager } from 'typeorm';

export type ModelStatus = 'queued' | 'running' | 'done' | 'failed';

/** One requested model fit (table `models`). `spec` and `result` are libs/modelling's JSON. */
export interface ModelRow {
  id: string;
  datasetId: string;
  studyCode: string;
  spec: Record<string, unknown>;
  status: ModelStatus;
  progress: number;
  result: Record<string, unknown> | null;
  error: string | null;
  reportPath: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewModel {
  datasetId: string;
  studyCode: string;
  spec: Record<string, unknown>;
  createdBy: string;
}

/** The dataset a model is asked for: its study and whether its files are ready. */
export interface DatasetForModel {
  studyCode: string;
  status: 'building' | 'ready' | 'failed';
}

const COLUMNS = `id, dataset_id, study_code, spec, status, progress, result, error, report_path, created_by, created_at, updated_at`;

function toRow(r: Record<string, unknown>): ModelRow {
  return {
    id: r.id as string,
    datasetId: r.dataset_id as string,
    studyCode: r.study_code as string,
    spec: r.spec as Record<string, unknown>,
    status: r.status as ModelStatus,
    progress: Number(r.progress),
    result: (r.result as Record<string, unknown> | null) ?? null,
    error: (r.error as string | null) ?? null,
    reportPath: (r.report_path as string | null) ?? null,
    createdBy: r.created_by as string,
    createdAt: new Date(r.created_at as string).toISOString(),
    updatedAt: new Date(r.updated_at as string).toISOString(),
  };
}

export class ModelsRepository {
  constructor(private readonly m: EntityManager) {}

  async create(model: NewModel): Promise<ModelRow> {
    const rows = await this.m.query(
      `INSERT INTO models (dataset_id, study_code, spec, created_by) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [model.datasetId, model.studyCode, JSON.stringify(model.spec), model.createdBy],
    );
    return toRow(rows[0]);
  }

  async find(id: string): Promise<ModelRow | null> {
    const rows = await this.m.query(`SELECT ${COLUMNS} FROM models WHERE id = $1`, [id]);
    return rows.length ? toRow(rows[0]) : null;
  }

  /**
   * Claims a queued (or crashed-while-running) fit for one run; null when it is done, failed or gone.
   * The newest claim owns the row: an older run still going (a job BullMQ thought stalled) can no
   * longer record its result.
   */
  async start(id: string, runner: string): Promise<ModelRow | null> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected count].
    const [rows] = await this.m.query(
      `UPDATE models SET status = 'running', progress = 0, error = NULL, runner = $2, updated_at = now()
       WHERE id = $1 AND status IN ('queued', 'running') RETURNING ${COLUMNS}`,
      [id, runner],
    );
    return rows.length ? toRow(rows[0]) : null;
  }

  /** Fits waiting or running for longer than `olderThanMs` without progress: candidates for re-queueing. */
  async stale(olderThanMs: number): Promise<Array<{ id: string; status: string; updatedAt: string }>> {
    const rows = await this.m.query(
      `SELECT id, status, updated_at FROM models WHERE status IN ('queued', 'running') AND updated_at < now() - make_interval(secs => $1) ORDER BY created_at LIMIT 100`,
      [olderThanMs / 1000],
    );
    return rows.map((r: { id: string; status: string; updated_at: Date }) => ({
      id: r.id,
      status: r.status,
      updatedAt: r.updated_at.toISOString(),
    }));
  }

  async setProgress(id: string, progress: number): Promise<void> {
    await this.m.query(`UPDATE models SET progress = $2, updated_at = now() WHERE id = $1 AND status = 'running'`, [
      id,
      Math.max(0, Math.min(100, Math.round(progress))),
    ]);
  }

  /** Records the result; `figures` (the curves of the report and console) is kept apart from the result JSON. */
  /** Records the result if `runner` still owns the running fit; false when another run took it over or finished. */
  async complete(id: string, runner: string, result: unknown, reportPath: string | null, figures: unknown = null): Promise<boolean> {
    const [rows] = await this.m.query(
      `UPDATE models SET status = 'done', progress = 100, result = $3, report_path = $4, figures = $5, error = NULL, updated_at = now()
       WHERE id = $1 AND runner = $2 AND status = 'running' RETURNING id`,
      [id, runner, JSON.stringify(result), reportPath, figures === null ? null : JSON.stringify(figures)],
    );
    return rows.length === 1;
  }

  /** The stored figures of a model (null before it is done, or when fitted without them). */
  async figures(id: string): Promise<Record<string, unknown> | null> {
    const rows = await this.m.query(`SELECT figures FROM models WHERE id = $1`, [id]);
    return rows.length ? ((rows[0].figures as Record<string, unknown> | null) ?? null) : null;
  }

  async fail(id: string, runner: string, error: string): Promise<void> {
    await this.m.query(
      `UPDATE models SET status = 'failed', error = $3, updated_at = now() WHERE id = $1 AND runner = $2 AND status = 'running'`,
      [id, runner, error],
    );
  }

  async dataset(datasetId: string): Promise<DatasetForModel | null> {
    const rows = await this.m.query(`SELECT study_code, status FROM datasets WHERE id = $1`, [datasetId]);
    return rows.length ? { studyCode: rows[0].study_code as string, status: rows[0].status as DatasetForModel['status'] } : null;
  }
}
