import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Coordinator task outcomes (issue 10): each attempt to reach a patient about a task is one row —
 * reached, no answer, refused or rescheduled (with the date to try again), a note, who and when.
 * Rows are only ever added; the audit trail records each as well.
 */
export class TaskOutcomes1764201600005 implements MigrationInterface {
  name = 'TaskOutcomes1764201600005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE coordinator_task_outcomes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES coordinator_tasks(id) ON DELETE CASCADE,
        outcome text NOT NULL CHECK (outcome IN ('reached', 'no_answer', 'refused', 'rescheduled')),
        note text NOT NULL DEFAULT '',
        reschedule_date date,
        at timestamptz NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id),
        CHECK ((outcome = 'rescheduled') = (reschedule_date IS NOT NULL))
      );
      CREATE INDEX coordinator_task_outcomes_task ON coordinator_task_outcomes (task_id, at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS coordinator_task_outcomes;`);
  }
}
