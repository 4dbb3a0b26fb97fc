import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts that can be ended (issue 15 item 3). `active = false` refuses login and every token;
 * `token_version` is carried in each access token and compared on every request, so a
 * deactivation, a membership change or a password change refuses the user's existing tokens at
 * once. Users are never deleted (their id stays in the audit trail): a trigger refuses it.
 */
export class AccountRevocation1764201600016 implements MigrationInterface {
  name = 'AccountRevocation1764201600016';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN active boolean NOT NULL DEFAULT true,
        ADD COLUMN token_version integer NOT NULL DEFAULT 0;

      CREATE FUNCTION users_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'users are never deleted; deactivate them (PATCH /users/{id} {"active": false})';
      END $$;
      CREATE TRIGGER users_no_delete BEFORE DELETE ON users FOR EACH ROW EXECUTE FUNCTION users_never_deleted();
      CREATE TRIGGER users_no_truncate BEFORE TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION users_never_deleted();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS users_no_truncate ON users;
      DROP TRIGGER IF EXISTS users_no_delete ON users;
      DROP FUNCTION IF EXISTS users_never_deleted();
      ALTER TABLE users DROP COLUMN IF EXISTS token_version, DROP COLUMN IF EXISTS active;
    `);
  }
}
