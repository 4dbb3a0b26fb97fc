/**
 * Published heads of the audit trail (docs/AUDIT.md, "Published heads"). A hash chain proves only
 * what lies before its head: cutting rows off the end, or rewriting from some row on and re-hashing
 * everything after it, leaves a chain that verifies on its own. So the worker writes the head,
 * signed, outside the database (STORAGE_DIR/audit/head.json, and one line per publication in
 * heads.jsonl), every dataset carries the head of its snapshot (audit-head.json), and
 * `trial audit verify` checks the chain against all of them.
 *
 * The signature is HMAC-SHA256 under a key derived from DATA_KEY (HKDF-SHA256, info
 * "trialdata audit head v1"): DATA_KEY lives with the host, not in the database, so someone who
 * can only change the database cannot forge a head.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { appendFile, mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const HEAD_FORMAT = 'trialdata-audit-head/1';
/** A dataset's own head file, one of its files (so the manifest covers it). */
export const DATASET_HEAD_FILE = 'audit-head.json';
/** The signature of a head written without DATA_KEY (a dataset built outside the worker): compared, not authenticated. */
export const UNSIGNED = 'unsigned';

export interface AuditHead {
  format: typeof HEAD_FORMAT;
  /** The database's name: a head is only compared with the trail it was taken from. */
  database: string;
  seq: number;
  hash: string;
  /** When the head was taken (publication), or the head row's own time (datasets). */
  at: string;
  /** `hmac-sha256:<hex>` over the signed text (signedText). */
  signature: string;
}

/** The HMAC key for heads, derived from DATA_KEY so no new secret is needed. */
export function auditHeadKey(dataKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'trialdata audit head v1', 32));
}

/** The signed bytes: the fields one per line, each line ending in LF. */
export function signedText(h: Pick<AuditHead, 'database' | 'seq' | 'hash' | 'at'>): string {
  return `${HEAD_FORMAT}\n${h.database}\n${h.seq}\n${h.hash}\n${h.at}\n`;
}

export function signHead(key: Buffer, h: Pick<AuditHead, 'database' | 'seq' | 'hash' | 'at'>): AuditHead {
  const mac = createHmac('sha256', key).update(signedText(h), 'utf8').digest('hex');
  return { format: HEAD_FORMAT, database: h.database, seq: h.seq, hash: h.hash, at: h.at, signature: `hmac-sha256:${mac}` };
}

/** A head's JSON, one line, keys in a fixed order (so equal heads are equal bytes). */
export function headJson(h: AuditHead): string {
  return JSON.stringify(signHeadShape(h));
}

function signHeadShape(h: AuditHead): AuditHead {
  return { format: h.format, database: h.database, seq: h.seq, hash: h.hash, at: h.at, signature: h.signature };
}

/** Parses a head; null when it is not one (wrong format or fields). */
export function parseHead(text: string): AuditHead | null {
  let v: Partial<AuditHead>;
  try {
    v = JSON.parse(text) as Partial<AuditHead>;
  } catch {
    return null;
  }
  if (
    v?.format !== HEAD_FORMAT ||
    typeof v.database !== 'string' ||
    !Number.isSafeInteger(v.seq) ||
    (v.seq as number) < 0 ||
    typeof v.hash !== 'string' ||
    !/^[0-9a-f]{64}$/.test(v.hash) ||
    typeof v.at !== 'string' ||
    typeof v.signature !== 'string'
  )
    return null;
  return signHeadShape(v as AuditHead);
}

export function headSignatureValid(key: Buffer, h: AuditHead): boolean {
  const expected = Buffer.from(signHead(key, h).signature);
  const given = Buffer.from(h.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The database name in a PostgreSQL URL. */
export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

export function headPaths(storageDir: string): { dir: string; latest: string; history: string } {
  const dir = join(storageDir, 'audit');
  return { dir, latest: join(dir, 'head.json'), history: join(dir, 'heads.jsonl') };
}

/** Writes a new latest head: appended to the history, then head.json replaced in one rename. */
export async function writePublishedHead(storageDir: string, head: AuditHead): Promise<void> {
  const { dir, latest, history } = headPaths(storageDir);
  await mkdir(dir, { recursive: true });
  await appendFile(history, headJson(head) + '\n', { mode: 0o640 });
  const tmp = `${latest}.${process.pid}.tmp`;
  await writeFile(tmp, headJson(head) + '\n', { mode: 0o640 });
  await rename(tmp, latest);
}

const missing = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT';

/** The latest published head's text, or null when none was ever published. */
export async function readLatestHeadText(storageDir: string): Promise<string | null> {
  try {
    return await readFile(headPaths(storageDir).latest, 'utf8');
  } catch (e) {
    if (missing(e)) return null;
    throw e;
  }
}

/** Every head found under STORAGE_DIR: head.json, each line of heads.jsonl, each dataset's audit-head.json. */
export async function readPublishedHeads(storageDir: string): Promise<Array<{ source: string; text: string }>> {
  const found: Array<{ source: string; text: string }> = [];
  const { latest, history } = headPaths(storageDir);
  const read = async (path: string) => {
    try {
      return await readFile(path, 'utf8');
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
  };
  const latestText = await read(latest);
  if (latestText !== null) found.push({ source: latest, text: latestText });
  const historyText = await read(history);
  if (historyText !== null)
    historyText.split('\n').forEach((line, i) => line.trim() && found.push({ source: `${history}:${i + 1}`, text: line }));
  let datasets: string[] = [];
  try {
    datasets = (await readdir(join(storageDir, 'datasets'))).filter((d) => !d.startsWith('.')).sort();
  } catch (e) {
    if (!missing(e)) throw e;
  }
  for (const d of datasets) {
    const path = join(storageDir, 'datasets', d, DATASET_HEAD_FILE);
    const text = await read(path);
    if (text !== null) found.push({ source: path, text });
  }
  return found;
}
