import type { EntityManager } from 'typeorm';

export interface ModelListRow {
  id: string;
  datasetId: string;
  datasetVersion: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  spec: Record<string, unknown>;
  error: string | null;
  createdAt: string;
}

/** A study's model fits, newest first (the console's list; GET /models/{id} has the rest). */
export class ModelListRepository {
  constructor(private readonly m: EntityManager) {}

  async forStudy(studyCode: string, limit = 200): Promise<ModelListRow[]> {
    const rows = (await this.m.query(
      `SELECT m.id, m.dataset_id, d.version, m.status, m.progress, m.spec, m.error, m.created_at
       FROM models m JOIN datasets d ON d.id = m.dataset_id
       WHERE m.study_code = $1 ORDER BY m.created_at DESC, m.id LIMIT $2`,
      [studyCode, limit],
    )) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      id: r.id as string,
      datasetId: r.dataset_id as string,
      datasetVersion: r.version as number,
      status: r.status as ModelListRow['status'],
      progress: r.progress as number,
      spec: r.spec as Record<string, unknown>,
      error: (r.error as string | null) ?? null,
      createdAt: new Date(r.created_at as string).toISOString(),
    }));
  }
}
