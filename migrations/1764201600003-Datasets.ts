import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Datasets: the lock history of each study and the immutable dataset snapshots (a lock or an
 * interim cut) with their files' sizes and SHA-256. Files live in STORAGE_DIR/datasets/<id>/.
 */
export class Datasets1764201600003 implements MigrationInterface {
  name = 'Datasets1764201600003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- The status a study returns to when an admin unlocks it.
      ALTER TABLE studies ADD COLUMN status_before_lock text CHECK (status_before_lock IS NULL OR status_before_lock IN ('setup','recruiting','closed'));

      CREATE TABLE datasets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        study_code text NOT NULL REFERENCES studies(code),
        -- 1, 2, 3 … per study, locks and interim cuts alike, in order of creation.
        version integer NOT NULL CHECK (version >= 1),
        kind text NOT NULL CHECK (kind IN ('lock','interim')),
        reason text NOT NULL,
        status text NOT NULL DEFAULT 'building' CHECK (status IN ('building','ready','failed')),
        progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        -- The snapshot instant (the export instant lives here, never inside the files).
        created_at timestamptz NOT NULL,
        created_by uuid REFERENCES users(id),
        completed_at timestamptz,
        participants integer,
        files jsonb,
        sha256 text CHECK (sha256 IS NULL OR sha256 ~ '^[0-9a-f]{64}$'),
        error text,
        -- The build attempt: 1 for the first job (jobId dataset-<id>), n for a rebuild (dataset-<id>-<n>).
        attempt integer NOT NULL DEFAULT 1 CHECK (attempt >= 1),
        -- When the current attempt was requested (the reconciler leaves younger rows to their job).
        requested_at timestamptz NOT NULL DEFAULT now(),
        -- The snapshot's high-water mark: the highest audit sequence number visible when the files were read.
        snapshot_seq bigint,
        UNIQUE (study_code, version)
      );
      CREATE INDEX datasets_study ON datasets (study_code, version DESC);

      -- One row per lock; unlocking closes it. The dataset is the lock's snapshot.
      CREATE TABLE study_locks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        study_code text NOT NULL REFERENCES studies(code),
        dataset_id uuid NOT NULL UNIQUE REFERENCES datasets(id),
        locked_at timestamptz NOT NULL,
        locked_by uuid REFERENCES users(id),
        reason text NOT NULL,
        overridden boolean NOT NULL,
        -- The checklist items that were open when the lock was overridden.
        open_items jsonb NOT NULL,
        unlocked_at timestamptz,
        unlocked_by uuid REFERENCES users(id),
        unlock_reason text,
        CHECK ((unlocked_at IS NULL) = (unlock_reason IS NULL))
      );
      CREATE UNIQUE INDEX study_locks_one_open ON study_locks (study_code) WHERE unlocked_at IS NULL;

      -- A ready dataset is evidence: its content never changes and it is never deleted.
      CREATE FUNCTION datasets_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'datasets are never deleted' USING ERRCODE = 'insufficient_privilege';
          END IF;
          IF OLD.status = 'ready' THEN
            RAISE EXCEPTION 'dataset % is ready and immutable', OLD.id USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN NEW;
        END $$;
      CREATE TRIGGER datasets_immutable BEFORE UPDATE OR DELETE ON datasets FOR EACH ROW EXECUTE FUNCTION datasets_immutable();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS study_locks;
      DROP TRIGGER IF EXISTS datasets_immutable ON datasets;
      DROP TABLE IF EXISTS datasets;
      DROP FUNCTION IF EXISTS datasets_immutable();
      ALTER TABLE studies DROP COLUMN IF EXISTS status_before_lock;
    `);
  }
}
