import { MigrationInterface, QueryRunner } from 'typeorm';

/** Questionnaires: tables of the questionnaires capability. */
export class Questionnaires1764201600002 implements MigrationInterface {
  name = 'Questionnaires1764201600002';

  async up(_q: QueryRunner): Promise<void> {
    // Filled in by the questionnaires capability.
  }

  async down(_q: QueryRunner): Promise<void> {
    // Reverses up().
  }
}
