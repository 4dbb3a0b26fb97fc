import { UNSIGNED, auditHeadKey, databaseName, headSignatureValid, parseHead, readPublishedHeads } from '@trialdata/audit';
import { Database, createDataSource, type ChainBreak } from '@trialdata/database';

export interface AuditVerifyOptions {
  /** Where the worker publishes heads (STORAGE_DIR); every head found there is checked. */
  storageDir?: string;
  /** DATA_KEY, to check the heads' signatures; without it they are compared but not authenticated. */
  dataKey?: Buffer;
  /**
   * Seal the committed rows first (default true), so that the chain checked reaches the newest
   * committed row. False checks the trail as it stands: rows still waiting are checked against their
   * insert-time digest only (docs/AUDIT.md, "Sealing").
   */
  seal?: boolean;
}

/**
 * `trial audit verify [--expect-head SEQ:HASH]`: re-computes the hash chain in this process (never
 * with the database's own `audit_row_hash()`); exit code 1 on any break. A chain can only prove itself
 * up to its head: deleting the newest rows, or rewriting from a row on and re-hashing the rest, leaves
 * a valid-looking chain. So the chain is also checked against every head published outside the
 * database (STORAGE_DIR/audit, and each dataset's audit-head.json) and against a recorded head.
 */
export async function auditVerify(
  databaseUrl: string,
  out: (line: string) => void,
  expectHead?: string,
  options: AuditVerifyOptions = {},
): Promise<number> {
  const problems: ChainBreak[] = [];
  const anchors: Array<{ seq: number; hash: string; what: string }> = [];
  if (expectHead) {
    const [seq, hash] = expectHead.split(':');
    anchors.push({ seq: Number(seq), hash, what: 'recorded head' });
  }
  let published = 0;
  let latest: string | null = null;
  if (options.storageDir) {
    const key = options.dataKey ? auditHeadKey(options.dataKey) : null;
    const database = databaseName(databaseUrl);
    for (const { source, text } of await readPublishedHeads(options.storageDir)) {
      const head = parseHead(text);
      if (!head) problems.push({ seq: 0, problem: `${source} is not an audit head` });
      else if (head.database !== database) problems.push({ seq: head.seq, problem: `${source} is a head of database ${head.database}` });
      else if (key && head.signature !== UNSIGNED && !headSignatureValid(key, head))
        problems.push({ seq: head.seq, problem: `${source}: the signature does not match (forged or another DATA_KEY)` });
      else {
        anchors.push({ seq: head.seq, hash: head.hash, what: `published head (${source})` });
        published++;
        latest ??= `${head.seq}:${head.hash} of ${head.at}`;
      }
    }
    if (published && !key) out('DATA_KEY not set: published heads are compared but their signatures are not checked');
  }

  const db = new Database(await createDataSource(databaseUrl, { poolSize: 2 }).initialize());
  try {
    // Sealing runs the database's audit_seal(), but nothing it writes is trusted: every hash below is
    // re-computed here, and a row it sealed wrongly is a break like any other.
    const { checked, breaks, head, hashesAt, unsealed } = await db.repos.audit.verifyChain({
      onProgress: (n) => n % 50_000 === 0 && out(`checked ${n} rows…`),
      hashesAt: anchors.map((a) => a.seq),
      seal: options.seal !== false,
    });
    breaks.push(...problems);
    for (const a of anchors) {
      const hash = hashesAt.get(a.seq);
      if (a.seq > head.seq || hash === undefined)
        breaks.push({ seq: a.seq, problem: `the ${a.what} row is gone (rows were cut off the end)` });
      else if (hash !== a.hash) breaks.push({ seq: a.seq, problem: `the ${a.what} hash differs (the chain was rewritten)` });
    }
    if (breaks.length === 0) {
      out(`audit trail intact: ${checked} rows, hash chain unbroken; head ${head.seq}:${head.hash}`);
      if (unsealed) out(`${unsealed} committed row(s) not sealed yet: their insert-time digests match`);
      if (options.storageDir)
        out(
          latest
            ? `matches ${published} published head(s); latest published ${latest}`
            : `no published head in ${options.storageDir}: rows cut off the end could not be noticed`,
        );
      return 0;
    }
    out(`audit trail BROKEN: ${breaks.length} problem(s) in ${checked} rows${unsealed ? ` (and ${unsealed} not sealed yet)` : ''}`);
    for (const b of breaks.sort((x, y) => x.seq - y.seq)) out(`  row ${b.seq}: ${b.problem}`);
    return 1;
  } finally {
    await db.dataSource.destroy();
  }
}
