import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-time invitation links (issue 12 item 5): an administrator invites a user by email; the link
 * opens a page where the user sets their own password. Only the token's SHA-256 is stored; a link
 * expires, is used once, and a newer invitation revokes the older ones.
 */
export class Invitations1764201600019 implements MigrationInterface {
  name = 'Invitations1764201600019';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        CHECK (expires_at > created_at),
        CHECK (used_at IS NULL OR revoked_at IS NULL)
      );
      CREATE INDEX user_invitations_user ON user_invitations (user_id, created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS user_invitations;`);
  }
}
