import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Safety reporting and recorded deviations (issue 13).
 * - safety_reports: one row per serious adverse event (an `adverse_event` form instance with
 *   serious = true), created by a trigger in the same transaction as the save, so a retried save
 *   can never create a second one (UNIQUE form_record_id). The row carries the coordinator task
 *   (open/done) and the alert email's state (pending → sending → sent), sent once with a Message-ID
 *   derived from the row id. Deadlines and report state are computed from the form's current values.
 * - deviations: protocol deviations entered by hand (monitor, data manager) with major/minor grading.
 */
export class SafetyDeviations1764201600012 implements MigrationInterface {
  name = 'SafetyDeviations1764201600012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE safety_reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        form_record_id uuid NOT NULL UNIQUE REFERENCES form_records(id) ON DELETE CASCADE,
        participant_id uuid NOT NULL REFERENCES participants(id),
        study_code text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        task_status text NOT NULL DEFAULT 'open' CHECK (task_status IN ('open','done')),
        task_done_at timestamptz,
        task_done_by uuid REFERENCES users(id),
        email_state text NOT NULL DEFAULT 'pending' CHECK (email_state IN ('pending','sending','sent','failed','skipped')),
        email_attempts integer NOT NULL DEFAULT 0,
        email_sending_until timestamptz,
        email_sent_at timestamptz,
        email_reason text
      );
      CREATE INDEX safety_reports_study ON safety_reports (study_code, created_at);
      CREATE INDEX safety_reports_email ON safety_reports (email_state) WHERE email_state IN ('pending','sending');

      CREATE FUNCTION safety_report_from_ae() RETURNS trigger AS $$
      BEGIN
        IF NEW.form_id = 'adverse_event' AND (NEW.data->>'serious') = 'true' THEN
          INSERT INTO safety_reports (form_record_id, participant_id, study_code)
          VALUES (NEW.id, NEW.participant_id, NEW.study_code)
          ON CONFLICT (form_record_id) DO NOTHING;
        END IF;
        RETURN NEW;
      END;
      $$ LANGUAGE plpgsql;
      CREATE TRIGGER form_records_safety AFTER INSERT OR UPDATE OF data ON form_records
        FOR EACH ROW EXECUTE FUNCTION safety_report_from_ae();

      CREATE TABLE deviations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        study_code text NOT NULL,
        participant_id uuid NOT NULL REFERENCES participants(id),
        kind text NOT NULL CHECK (kind IN ('out_of_window','missing_form','treatment_in_other_arm','eligibility_violation','wrong_treatment','other')),
        grade text NOT NULL CHECK (grade IN ('major','minor')),
        event_id text,
        form_id text,
        description text NOT NULL,
        occurred_on date,
        created_at timestamptz NOT NULL,
        created_by uuid NOT NULL REFERENCES users(id)
      );
      CREATE INDEX deviations_study ON deviations (study_code, participant_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS deviations;
      DROP TRIGGER IF EXISTS form_records_safety ON form_records;
      DROP FUNCTION IF EXISTS safety_report_from_ae();
      DROP TABLE IF EXISTS safety_reports;
    `);
  }
}
