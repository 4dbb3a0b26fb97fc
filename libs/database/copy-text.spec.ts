import { CopyTextReader, isoMicros, unescapeCopyField } from './copy-text';

/** A row as COPY TO writes it in text format (the escapes of PostgreSQL's CopyAttributeOutText). */
const encode = (row: Array<string | null>): string =>
  `${row
    .map((f) =>
      f === null
        ? '\\N'
        : f.replace(
            /[\\\b\f\n\r\t\v]/g,
            (c) => ({ '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' })[c]!,
          ),
    )
    .join('\t')}\n`;

const ROWS: Array<Array<string | null>> = [
  ['1', 'plain', null, ''],
  ['2', 'tab\there', 'line\nbreak', 'cr\rlf\r\n'],
  ['3', 'back\\slash', '\\N', 'not null: the text \\N'],
  ['4', 'ünïcödé 日本 🩺', '{"a": "x\\"y", "b": [1, 2.50]}', '\b\f\v'],
  ['5', '', '', null],
];

describe('CopyTextReader', () => {
  it('reads every field back, NULL apart from the text \\N', () => {
    const reader = new CopyTextReader();
    const rows = reader.push(Buffer.from(ROWS.map(encode).join('')));
    reader.end();
    expect(rows).toEqual(ROWS);
  });

  it('gives the same rows whatever the chunks, cut inside rows, escapes and UTF-8 characters', () => {
    const bytes = Buffer.from(ROWS.map(encode).join('').repeat(3));
    const expected = [...ROWS, ...ROWS, ...ROWS];
    for (const size of [1, 2, 3, 5, 7, 16, 64]) {
      const reader = new CopyTextReader();
      const rows = [];
      for (let at = 0; at < bytes.length; at += size) rows.push(...reader.push(bytes.subarray(at, at + size)));
      reader.end();
      expect(rows, `chunks of ${size} bytes`).toEqual(expected);
    }
  });

  it('refuses a stream that stops inside a row', () => {
    const reader = new CopyTextReader();
    expect(reader.push(Buffer.from('1\tcomplete\n2\tcut'))).toEqual([['1', 'complete']]);
    expect(() => reader.end()).toThrow(/ended inside a row/);
  });

  it('refuses a stream that stops inside a UTF-8 character', () => {
    const reader = new CopyTextReader();
    reader.push(Buffer.from('é').subarray(0, 1));
    expect(() => reader.end()).toThrow(/ended inside a row/);
  });

  it('undoes each escape COPY TO writes, and keeps any other escaped character as itself', () => {
    expect(unescapeCopyField('a\\\\b\\tc\\nd\\re\\bf\\fg\\vh')).toBe('a\\b\tc\nd\re\bf\fg\vh');
    expect(unescapeCopyField('\\q\\\\N')).toBe('q\\N');
  });
});

describe('isoMicros', () => {
  it('writes a UTC timestamp\'s text as to_char(..., \'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\') does', () => {
    expect(isoMicros('2026-03-01 10:00:00.123456')).toBe('2026-03-01T10:00:00.123456Z');
    expect(isoMicros('2026-03-01 10:00:00.12345')).toBe('2026-03-01T10:00:00.123450Z');
    expect(isoMicros('2026-03-01 10:00:00.5')).toBe('2026-03-01T10:00:00.500000Z');
    expect(isoMicros('2026-03-01 10:00:00')).toBe('2026-03-01T10:00:00.000000Z');
    expect(isoMicros('12026-03-01 10:00:00.000001')).toBe('12026-03-01T10:00:00.000001Z');
    expect(isoMicros('0044-03-15 12:00:00 BC')).toBe('0044-03-15T12:00:00.000000Z');
  });

  it('refuses text in another DateStyle', () => {
    expect(() => isoMicros('03/01/2026 10:00:00')).toThrow(/not an ISO timestamp/);
    expect(() => isoMicros('infinity')).toThrow(/not an ISO timestamp/);
  });
});
