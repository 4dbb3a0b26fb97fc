import { MigrationInterface, QueryRunner } from 'typeorm';

/** Forms: tables of the forms capability. */
export class Forms1764201600001 implements MigrationInterface {
  name = 'Forms1764201600001';

  async up(_q: QueryRunner): Promise<void> {
    // Filled in by the forms capability.
  }

  async down(_q: QueryRunner): Promise<void> {
    // Reverses up().
  }
}
