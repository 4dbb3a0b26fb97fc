/**
 * PostgreSQL's text output, read: the COPY text format (CopyTextReader) and a timestamp's text
 * (isoMicros). The COPY text format: rows end in `\n`, fields are separated by tabs, `\N` is NULL,
 * and a backslash escapes `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, `\v`: all COPY TO writes (the octal and
 * `\x` escapes are for COPY FROM input, and are not read here). Fed the bytes of a COPY ... TO STDOUT
 * in whatever chunks the connection delivers them (a row or a UTF-8 character may be cut anywhere),
 * it hands back whole rows. The server must send UTF-8 (node-postgres sets client_encoding UTF8).
 */
import { StringDecoder } from 'node:string_decoder';

export type CopyRow = Array<string | null>;

const SIMPLE_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** One field's text with its backslash escapes undone (`\N` is handled by the caller). */
export function unescapeCopyField(s: string): string {
  return s.replace(/\\(.)/gs, (_m, e: string) => SIMPLE_ESCAPES[e] ?? e);
}

export class CopyTextReader {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';

  /** The rows completed by this chunk. */
  push(chunk: Buffer): CopyRow[] {
    const text = this.rest + this.decoder.write(chunk);
    const rows: CopyRow[] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      rows.push(fields(text, start, end));
      start = end + 1;
    }
    this.rest = text.slice(start);
    return rows;
  }

  /** After the last chunk: an unterminated last row is a truncated stream. */
  end(): void {
    const tail = this.rest + this.decoder.end();
    if (tail.length) throw new Error(`COPY text ended inside a row (${tail.length} characters without a line end)`);
  }
}

function fields(text: string, start: number, end: number): CopyRow {
  const row: CopyRow = [];
  let from = start;
  for (;;) {
    let tab = text.indexOf('\t', from);
    if (tab < 0 || tab > end) tab = end;
    const raw = text.slice(from, tab);
    row.push(raw === '\\N' ? null : raw.includes('\\') ? unescapeCopyField(raw) : raw);
    if (tab === end) return row;
    from = tab + 1;
  }
}

/**
 * A UTC timestamp's ISO DateStyle text (`2026-03-01 10:00:00.5`, trailing zeros of the fraction left
 * off) as `to_char(..., 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` writes it (`2026-03-01T10:00:00.500000Z`).
 */
export function isoMicros(text: string): string {
  if (text.length === 26 && text.charCodeAt(10) === 32 && text.charCodeAt(19) === 46) return `${text.slice(0, 10)}T${text.slice(11)}Z`;
  const m = /^(\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?( BC)?$/.exec(text);
  if (!m) throw new Error(`not an ISO timestamp: ${text}`);
  return `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(6, '0')}Z`;
}
