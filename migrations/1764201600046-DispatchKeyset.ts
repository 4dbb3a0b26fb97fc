import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reconciliation reads the dispatchable messages in pages ordered by (send_at, id) (issue 16,
 * bench/README.md "Pooled sends and batches of 100"). The partial index held send_at alone, so every
 * page of a busy morning, whose messages share one send instant, fetched and sorted all of that
 * instant's rows to return 1,000. The index now holds (send_at, id): a page is a range of it.
 */
export class DispatchKeyset1764201600046 implements MigrationInterface {
  name = 'DispatchKeyset1764201600046';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX outbox_messages_dispatch_keyset ON outbox_messages (send_at, id) WHERE state IN ('pending','sending');
      DROP INDEX outbox_messages_dispatchable;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX outbox_messages_dispatchable ON outbox_messages (send_at) WHERE state IN ('pending','sending');
      DROP INDEX outbox_messages_dispatch_keyset;
    `);
  }
}
