import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Models: one row per model fit requested on a dataset (issue 6). The row is the source of truth for
 * the job (status, progress, result, error); Redis only carries the `fit-model` job naming it. The
 * fit reads the dataset's data.csv (libs/modelling datasetCsvPath); the study is copied from the
 * dataset so that access checks on a model need one row. `figures` holds the curves the report and
 * the web console draw (calibration, Kaplan-Meier per risk group), thinned for plotting; they need
 * the data, not only the fit, so they are kept beside the result (GET /models/{id}/figures).
 */
export class Models1764201600004 implements MigrationInterface {
  name = 'Models1764201600004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE models (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dataset_id uuid NOT NULL REFERENCES datasets(id),
        study_code text NOT NULL REFERENCES studies(code),
        spec jsonb NOT NULL,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
        progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        result jsonb,
        figures jsonb,
        error text,
        report_path text,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- The run that currently owns the fit: only it may record the result (a duplicate or stale run cannot).
        runner text,
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
