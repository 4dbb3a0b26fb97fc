import { Database, createDataSource } from '../../../../libs/database';

/**
 * `trial audit verify [--expect-head SEQ:HASH]`: re-computes the hash chain; exit code 1 on any
 * break. A chain can only prove itself up to its head: deleting the newest rows, or re-hashing the
 * whole chain with database superuser rights, leaves a valid-looking chain. So the head is printed,
 * to be recorded elsewhere (dataset manifests, a daily log line), and a recorded head can be checked.
 */
export async function auditVerify(databaseUrl: string, out: (line: string) => void, expectHead?: string): Promise<number> {
  const db = new Database(await createDataSource(databaseUrl, { poolSize: 2 }).initialize());
  try {
    const { checked, breaks, head } = await db.repos.audit.verifyChain((n) => n % 50_000 === 0 && out(`checked ${n} rows…`));
    if (expectHead) {
      const [seq, hash] = expectHead.split(':');
      const row = await db.dataSource.query('SELECT hash FROM audit_log WHERE seq = $1', [Number(seq)]);
      if (!row.length) breaks.push({ seq: Number(seq), problem: 'the recorded head row is gone (rows were cut off the end)' });
      else if (row[0].hash !== hash) breaks.push({ seq: Number(seq), problem: 'the recorded head hash differs (the chain was rewritten)' });
    }
    if (breaks.length === 0) {
      out(`audit trail intact: ${checked} rows, hash chain unbroken; head ${head.seq}:${head.hash}`);
      return 0;
    }
    out(`audit trail BROKEN: ${breaks.length} problem(s) in ${checked} rows`);
    for (const b of breaks) out(`  row ${b.seq}: ${b.problem}`);
    return 1;
  } finally {
    await db.dataSource.destroy();
  }
}
