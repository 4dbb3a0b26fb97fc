import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The `reader` study role (issue 13 item 7): a radiologist who grades MRI blind to the first reading
 * for inter-reader agreement. Down removes the role's memberships, then the role.
 */
export class ReaderRole1764201600037 implements MigrationInterface {
  name = 'ReaderRole1764201600037';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE memberships DROP CONSTRAINT memberships_role_check;
      ALTER TABLE memberships ADD CONSTRAINT memberships_role_check
        CHECK (role IN ('admin','data_manager','coordinator','investigator','monitor','statistician','reader'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM memberships WHERE role = 'reader';
      ALTER TABLE memberships DROP CONSTRAINT memberships_role_check;
      ALTER TABLE memberships ADD CONSTRAINT memberships_role_check
        CHECK (role IN ('admin','data_manager','coordinator','investigator','monitor','statistician'));
    `);
  }
}
