import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Least privilege around the audit trail (issue 15 item 2, docs/SECURITY.md).
 * - The trigger functions resolve names with a fixed search_path and pg_temp last, so a session
 *   cannot shadow audit_log or audit_row_hash() with a temporary table of the same name.
 * - Nobody but the owner creates objects in the public schema (PostgreSQL 15's default, made
 *   explicit for older servers): the app's role cannot add a look-alike function there.
 * The app's login role itself is created and granted by `npm run migrate` (APP_DATABASE_URL names
 * it, so it is not known to a migration).
 */
export class AuditHardening1764201600030 implements MigrationInterface {
  name = 'AuditHardening1764201600030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER FUNCTION audit_log_chain() SET search_path = pg_catalog, public, pg_temp;
      ALTER FUNCTION audit_log_refuse_change() SET search_path = pg_catalog, public, pg_temp;
      ALTER FUNCTION users_never_deleted() SET search_path = pg_catalog, public, pg_temp;
      ALTER FUNCTION datasets_immutable() SET search_path = pg_catalog, public, pg_temp;
      REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER FUNCTION audit_log_chain() RESET search_path;
      ALTER FUNCTION audit_log_refuse_change() RESET search_path;
      ALTER FUNCTION users_never_deleted() RESET search_path;
      ALTER FUNCTION datasets_immutable() RESET search_path;
    `);
  }
}
