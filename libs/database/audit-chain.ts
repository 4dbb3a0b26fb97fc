import { createHash } from 'node:crypto';

/**
 * The audit trail's hash chain, computed outside the database (docs/AUDIT.md, "The row hash"). The
 * database computes the same hash when a row is appended (SQL `audit_row_hash()`), but a check that
 * asked the database for it would trust the very thing it checks: whoever can replace that function
 * could make an edited trail look intact. So the verifier re-computes every hash here from the row's
 * columns as PostgreSQL prints them, with nothing but SHA-256.
 */

/** The columns of one audit row as PostgreSQL's text output gives them (null for SQL NULL). */
export interface RawAuditRow {
  /** The chain position (column `pos`; the row's insertion number `seq` for rows sealed before issue 16). */
  seq: string;
  /** `timestamptz` printed with DateStyle ISO and TimeZone UTC: `2026-12-06 02:50:45.123456+00`. */
  at: string;
  user_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  study_code: string | null;
  participant_id: string | null;
  field: string | null;
  /** `jsonb` as PostgreSQL prints it (keys by length then bytes, `", "` and `": "` separators). */
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
  prev_hash: string;
  hash: string;
}

/** The `prev_hash` of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** `2026-12-06 02:50:45.1234+00` → `2026-12-06T02:50:45.123400Z` (always six fraction digits, UTC). */
export function canonicalInstant(isoUtc: string): string {
  const m = /^(\d{4,}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?(?:\+00(?::00)?|Z)$/.exec(isoUtc);
  if (!m) throw new Error(`audit row time "${isoUtc}" is not an ISO instant in UTC`);
  return `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(6, '0')}Z`;
}

/** A JSON string as PostgreSQL's jsonb prints it: the same escapes as JSON.stringify for valid text. */
const str = (v: string | null): string => (v === null ? 'null' : JSON.stringify(v));

/**
 * The exact bytes that are hashed: a JSON array of the previous hash and every column, in this
 * order, printed the way PostgreSQL prints `jsonb` (elements separated by `", "`).
 */
export function auditRowText(prevHash: string, r: Omit<RawAuditRow, 'prev_hash' | 'hash'>): string {
  if (!/^\d+$/.test(r.seq)) throw new Error(`audit row seq "${r.seq}" is not a whole number`);
  return (
    '[' +
    [
      str(prevHash),
      String(BigInt(r.seq)),
      str(canonicalInstant(r.at)),
      str(r.user_id),
      str(r.action),
      str(r.entity),
      str(r.entity_id),
      str(r.study_code),
      str(r.participant_id),
      str(r.field),
      r.old_value ?? 'null',
      r.new_value ?? 'null',
      str(r.reason),
    ].join(', ') +
    ']'
  );
}

/** SHA-256 of the row text in UTF-8, lower-case hex. */
export function auditRowHash(prevHash: string, r: Omit<RawAuditRow, 'prev_hash' | 'hash'>): string {
  return createHash('sha256').update(auditRowText(prevHash, r), 'utf8').digest('hex');
}

/**
 * A row's insert-time digest (docs/AUDIT.md, "Sealing"): the row hash with an empty `prev_hash` and
 * the row's insertion number `id` in place of its chain position, set by the database when the row is
 * appended and checked here, so that an edit made while the row waited to be sealed is found even
 * though the sealer then hashed the edited row into the chain.
 */
export function auditRowDigest(r: Omit<RawAuditRow, 'prev_hash' | 'hash' | 'seq'> & { id: string }): string {
  return auditRowHash('', { ...r, seq: r.id });
}
