import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The short version offered to non-responders (issue 13 item 6, docs/questionnaires.md "Short
 * version"): a `short_version` outbox message (its own link: the token's message says the link opens
 * the short version), and on the questionnaire which version completed it (`full` or `short`).
 */
export class ShortVersion1764201600043 implements MigrationInterface {
  name = 'ShortVersion1764201600043';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outbox_messages DROP CONSTRAINT IF EXISTS outbox_messages_kind_check;
      ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_kind_check
        CHECK (kind IN ('invitation','reminder','coordinator_task','short_version'));
      ALTER TABLE questionnaires ADD COLUMN completed_by text CHECK (completed_by IS NULL OR completed_by IN ('full','short'));
      UPDATE questionnaires SET completed_by = 'full' WHERE status = 'completed';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE questionnaires DROP COLUMN completed_by;
      DELETE FROM outbox_messages WHERE kind = 'short_version';
      ALTER TABLE outbox_messages DROP CONSTRAINT IF EXISTS outbox_messages_kind_check;
      ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_kind_check CHECK (kind IN ('invitation','reminder','coordinator_task'));
    `);
  }
}
