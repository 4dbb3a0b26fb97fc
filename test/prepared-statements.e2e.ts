import { createDataSource, dropDatabase, ensureDatabase } from '@trialdata/database';
import type { DataSource, QueryRunner } from 'typeorm';
import { freshDatabaseUrl } from './support/harness';

// PREPARED_STATEMENTS (libs/database/preparing-client.ts) against a real PostgreSQL: what a
// connection has prepared is read from pg_prepared_statements on that same connection.
const url = freshDatabaseUrl();
let ds: DataSource;
let runner: QueryRunner;

const prepared = async (): Promise<string[]> =>
  (await runner.query('SELECT statement FROM pg_prepared_statements ORDER BY statement')).map((r: { statement: string }) => r.statement);

beforeAll(async () => {
  await ensureDatabase(url);
  ds = await createDataSource(url, { poolSize: 2, prepare: true }).initialize();
  await ds.query('CREATE TABLE things (id int PRIMARY KEY, name text NOT NULL)');
  await ds.query(`INSERT INTO things VALUES (1, 'one'), (2, 'two')`);
  runner = ds.createQueryRunner();
  await runner.connect();
});

afterAll(async () => {
  await runner?.release();
  await ds?.destroy();
  await dropDatabase(url);
});

describe('repeated statements as prepared statements', () => {
  it('prepares a parameterised statement from its second run, and answers the same', async () => {
    const sql = 'SELECT name FROM things WHERE id = $1';
    expect(await runner.query(sql, [1])).toEqual([{ name: 'one' }]);
    expect(await prepared()).toEqual([]);
    expect(await runner.query(sql, [2])).toEqual([{ name: 'two' }]);
    expect(await prepared()).toEqual([sql]);
    expect(await runner.query(sql, [1])).toEqual([{ name: 'one' }]);
    expect(await prepared()).toEqual([sql]);
  });

  it('leaves statements without parameters unprepared (BEGIN, COMMIT, several statements in one text)', async () => {
    await runner.startTransaction();
    await runner.query('SELECT count(*) FROM things');
    await runner.query('SELECT count(*) FROM things');
    await runner.commitTransaction();
    await runner.query('SELECT 1; SELECT 2');
    expect(await prepared()).not.toContain('SELECT count(*) FROM things');
  });

  it('after a table gains a column, the prepared SELECT * fails once, then runs unprepared for good', async () => {
    const sql = 'SELECT * FROM things WHERE id = $1';
    await runner.query(sql, [1]);
    await runner.query(sql, [1]);
    expect(await prepared()).toContain(sql);
    await ds.query(`ALTER TABLE things ADD COLUMN colour text NOT NULL DEFAULT 'blue'`);
    await expect(runner.query(sql, [1])).rejects.toMatchObject({ driverError: { code: '0A000' } });
    expect(await runner.query(sql, [1])).toEqual([{ id: 1, name: 'one', colour: 'blue' }]);
    expect(await runner.query(sql, [2])).toEqual([{ id: 2, name: 'two', colour: 'blue' }]);
  });

  it('prepares nothing when turned off', async () => {
    const plain = await createDataSource(url, { poolSize: 1 }).initialize();
    const r = plain.createQueryRunner();
    try {
      await r.connect();
      for (let i = 0; i < 3; i++) await r.query('SELECT name FROM things WHERE id = $1', [1]);
      expect(await r.query('SELECT count(*)::int AS n FROM pg_prepared_statements')).toEqual([{ n: 0 }]);
    } finally {
      await r.release();
      await plain.destroy();
    }
  });
});
