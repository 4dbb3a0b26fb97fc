import { MigrationInterface, QueryRunner } from 'typeorm';

/** Datasets: tables of the datasets capability. */
export class Datasets1764201600003 implements MigrationInterface {
  name = 'Datasets1764201600003';

  async up(_q: QueryRunner): Promise<void> {
    // Filled in by the datasets capability.
  }

  async down(_q: QueryRunner): Promise<void> {
    // Reverses up().
  }
}
