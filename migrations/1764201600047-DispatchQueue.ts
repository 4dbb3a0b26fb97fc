import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dispatchable messages (`pending` or `sending`) are listed in a table of their own, `outbox_due`,
 * kept by triggers in the transaction that changes a message, instead of by a partial index on
 * `outbox_messages` (issue 16, bench/README.md "HOT updates: the due list in its own table").
 *
 * A dispatch updates each message twice (pending → sending → sent: the exactly-once protocol). The
 * partial index's predicate read `state`, and PostgreSQL counts a predicate's columns as indexed, so
 * neither update could be a heap-only (HOT) update: each wrote a new entry into every index of the
 * table. With no index reading `state`, `sending_until`, `attempts`, `channel`, `sent_at` or
 * `delivered`, both updates can stay on their page (fillfactor 70 leaves room for the new versions on
 * pages written from now on; existing pages gain room as their dead versions are pruned). The row
 * leaves `outbox_due` when it leaves the dispatchable states (one delete, no index write).
 *
 * The update trigger fires only when a message enters or leaves the dispatchable states or is
 * re-timed while in them (its WHEN clause), so pending → sending runs no trigger at all.
 */
export class DispatchQueue1764201600047 implements MigrationInterface {
  name = 'DispatchQueue1764201600047';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_due (
        message_id uuid PRIMARY KEY REFERENCES outbox_messages(id) ON DELETE CASCADE,
        send_at timestamptz NOT NULL
      );
      INSERT INTO outbox_due (message_id, send_at)
        SELECT id, send_at FROM outbox_messages WHERE state IN ('pending','sending');
      CREATE INDEX outbox_due_keyset ON outbox_due (send_at, message_id);

      CREATE FUNCTION outbox_due_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO outbox_due (message_id, send_at)
          SELECT id, send_at FROM added WHERE state IN ('pending','sending');
        RETURN NULL;
      END $$;
      CREATE TRIGGER outbox_due_insert AFTER INSERT ON outbox_messages
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION outbox_due_added();

      CREATE FUNCTION outbox_due_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.state IN ('pending','sending') THEN
          INSERT INTO outbox_due (message_id, send_at) VALUES (NEW.id, NEW.send_at)
            ON CONFLICT (message_id) DO UPDATE SET send_at = EXCLUDED.send_at;
        ELSE
          DELETE FROM outbox_due WHERE message_id = OLD.id;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER outbox_due_update AFTER UPDATE OF state, send_at ON outbox_messages FOR EACH ROW
        WHEN ((OLD.state IN ('pending','sending')) IS DISTINCT FROM (NEW.state IN ('pending','sending'))
              OR (NEW.state IN ('pending','sending') AND OLD.send_at IS DISTINCT FROM NEW.send_at))
        EXECUTE FUNCTION outbox_due_changed();

      DROP INDEX outbox_messages_dispatch_keyset;
      ALTER TABLE outbox_messages SET (fillfactor = 70);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outbox_messages RESET (fillfactor);
      CREATE INDEX outbox_messages_dispatch_keyset ON outbox_messages (send_at, id) WHERE state IN ('pending','sending');
      DROP TRIGGER outbox_due_update ON outbox_messages;
      DROP TRIGGER outbox_due_insert ON outbox_messages;
      DROP FUNCTION outbox_due_changed();
      DROP FUNCTION outbox_due_added();
      DROP TABLE outbox_due;
    `);
  }
}
