import { MigrationInterface, QueryRunner } from 'typeorm';

/** Models: tables of the models capability. */
export class Models1764201600004 implements MigrationInterface {
  name = 'Models1764201600004';

  async up(_q: QueryRunner): Promise<void> {
    // Filled in by the models capability.
  }

  async down(_q: QueryRunner): Promise<void> {
    // Reverses up().
  }
}
