import { EntityManager } from 'typeorm';

/** Which study a resource addressed by id belongs to, for the access guard. Null when unknown. */
export class ScopesRepository {
  constructor(private readonly m: EntityManager) {}

  async datasetStudy(id: string): Promise<string | null> {
    const rows = await this.m.query('SELECT study_code FROM datasets WHERE id = $1', [id]);
    return rows[0]?.study_code ?? null;
  }

  async modelStudy(id: string): Promise<string | null> {
    const rows = await this.m.query('SELECT d.study_code FROM models m JOIN datasets d ON d.id = m.dataset_id WHERE m.id = $1', [id]);
    return rows[0]?.study_code ?? null;
  }
}
