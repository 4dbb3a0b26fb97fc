import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Models: one row per model fit requested on a dataset (issue 6). The row is the source of truth for
 * the job (status, progress, result, error); Redis only carries the `fit-model` job naming it.
 *
 * dataset_id has no foreign key: when this migration was written the datasets capability (issue 5,
 * migration 1764201600003) had no table yet, and a fit reads its input from the dataset's file
 * (libs/modelling datasetCsvPath). The study is recorded here so that access to a model never
 * depends on the dataset row. Add `REFERENCES datasets(id)` in a later migration once that table exists.
 */
export class Models1764201600004 implements MigrationInterface {
  name = 'Models1764201600004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE models (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dataset_id uuid NOT NULL,
        study_code text NOT NULL REFERENCES studies(code),
        spec jsonb NOT NULL,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
        progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        result jsonb,
        error text,
        report_path text,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'done') = (result IS NOT NULL)),
        CHECK (status <> 'failed' OR error IS NOT NULL)
      );
      CREATE INDEX models_dataset_idx ON models (dataset_id, created_at);
      CREATE INDEX models_study_idx ON models (study_code, created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE models');
  }
}
