import { Database, createDataSource } from '../../../../libs/database';

/** `trial audit verify`: re-computes the hash chain; exit code 1 when any break is found. */
export async function auditVerify(databaseUrl: string, out: (line: string) => void): Promise<number> {
  const db = new Database(await createDataSource(databaseUrl, { poolSize: 2 }).initialize());
  try {
    const { checked, breaks } = await db.repos.audit.verifyChain((n) => n % 50_000 === 0 && out(`checked ${n} rows…`));
    if (breaks.length === 0) {
      out(`audit trail intact: ${checked} rows, hash chain unbroken`);
      return 0;
    }
    out(`audit trail BROKEN: ${breaks.length} problem(s) in ${checked} rows`);
    for (const b of breaks) out(`  row ${b.seq}: ${b.problem}`);
    return 1;
  } finally {
    await db.dataSource.destroy();
  }
}
