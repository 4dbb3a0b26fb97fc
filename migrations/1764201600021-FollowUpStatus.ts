import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statuses that keep follow-up going and timing that is clinically true (issue 13 items 4-6).
 * - participants.treatment_stopped_on / treatment_stop_reason: "stopped treatment, follow-up
 *   continues" (intention-to-treat) is a recorded fact beside the status, never a status: the
 *   participant keeps every questionnaire and message.
 * - participants.withdrawal: what a participant who withdrew consent still allows
 *   ({date, furtherContact, furtherData, collectedData}); collected_data_refused is its indexed
 *   consequence, read by the dataset build (such a participant is left out of every dataset).
 * - participants.anchor_time: the local wall time (HH:MM) of the anchor (POTEISS injection), so the
 *   "30 minutes after injection" questionnaire follows the recorded injection time.
 * - questionnaires.missed_reason…: why a questionnaire was missed, recorded by the coordinator.
 */
export class FollowUpStatus1764201600021 implements MigrationInterface {
  name = 'FollowUpStatus1764201600021';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE participants
        ADD COLUMN treatment_stopped_on date,
        ADD COLUMN treatment_stop_reason text,
        ADD COLUMN withdrawal jsonb,
        ADD COLUMN collected_data_refused boolean NOT NULL DEFAULT false,
        ADD COLUMN anchor_time text CHECK (anchor_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');
      ALTER TABLE questionnaires
        ADD COLUMN missed_reason text CHECK (missed_reason IN ('not_reached','refused','too_ill','forgot','technical','admin_error','other')),
        ADD COLUMN missed_note text,
        ADD COLUMN missed_recorded_at timestamptz,
        ADD COLUMN missed_recorded_by uuid REFERENCES users(id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE questionnaires DROP COLUMN missed_recorded_by, DROP COLUMN missed_recorded_at, DROP COLUMN missed_note, DROP COLUMN missed_reason;
      ALTER TABLE participants DROP COLUMN anchor_time, DROP COLUMN collected_data_refused, DROP COLUMN withdrawal,
        DROP COLUMN treatment_stop_reason, DROP COLUMN treatment_stopped_on;
    `);
  }
}
