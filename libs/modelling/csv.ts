import { parse } from 'csv-parse/sync';
import { ModelInputError } from './errors';

/**
 * Reads the modelling CSV input (API.md "Modelling"): a header row, comma separated; an empty cell
 * or `NA` is missing. Rows missing any model variable are dropped and counted; a cell that is
 * present but not a number is an error naming its row and column.
 */

export interface ModelData {
  /** One numeric array per requested variable, complete rows only, in file order. */
  columns: Record<string, number[]>;
  /** Text columns asked for with `options.text` (e.g. a stratum such as a site code), complete rows only. */
  text: Record<string, string[]>;
  /** Complete rows kept. */
  n: number;
  /** Rows dropped because a model variable was missing. */
  dropped: number;
  /** 1-based data row numbers (header excluded) of the rows kept, to trace results back to the file. */
  rowNumbers: number[];
  warnings: string[];
}

function isMissing(cell: string): boolean {
  return cell === '' || cell === 'NA';
}

/**
 * A header that is one column holding semicolons: a file written by a spreadsheet set to a decimal
 * comma (Dutch, German, French Excel), where ';' separates the columns.
 */
export function checkDelimiter(header: string[]): void {
  if (header.length === 1 && header[0].includes(';'))
    throw new ModelInputError(
      `the file is semicolon-delimited (header '${header[0].slice(0, 80)}'): save it as comma-separated CSV with decimal points (in Excel: CSV UTF-8 with '.' as the decimal separator)`,
    );
}

/** Why a cell is not a number, with a hint for a decimal comma ('3,5'). */
export function notANumber(cell: string): string {
  return /^[+-]?\d*,\d+$/.test(cell)
    ? `'${cell}' is not a number: decimal commas are not read; write ${cell.replace(',', '.')}`
    : `'${cell}' is not a number`;
}

/** csv-parse's error, with the likely cause when rows are longer than the header. */
export function csvReadError(error: Error, text: string | Buffer): ModelInputError {
  const firstLine = String(text).split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.includes(';') && !firstLine.includes(','))
    return new ModelInputError(
      `the file is semicolon-delimited: save it as comma-separated CSV with decimal points (in Excel: CSV UTF-8 with '.' as the decimal separator)`,
    );
  const hint = /Invalid Record Length/i.test(error.message)
    ? ' (a row has more cells than the header: an unquoted decimal comma such as 3,5 splits a number in two; write 3.5)'
    : '';
  return new ModelInputError(`the CSV file could not be read: ${error.message}${hint}`);
}

/** Number() accepts '', ' ', '0x1A' and 'Infinity'; a model cell must be a plain finite decimal. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The data rows of a file, one at a time: csv-parse's records, or a plain file read in place (PlainRows).
 * `number` gives a cell's value when it can be read without making a string (NaN otherwise: read `text`).
 */
interface CsvRows {
  header: string[];
  /** At least the number of data rows. */
  rowsAtMost: number;
  /** Moves to the next data row: 1, or 0 at the end, or -1 for a row whose length is not the header's. */
  next(): number;
  text(j: number): string;
  number(j: number): number;
}

class RecordRows implements CsvRows {
  header: string[];
  rowsAtMost: number;
  private r = 0;
  constructor(private readonly records: string[][]) {
    this.header = records[0];
    this.rowsAtMost = records.length;
  }
  next(): number {
    this.r++;
    return this.r < this.records.length ? 1 : 0;
  }
  text(j: number): string {
    return this.records[this.r][j] ?? '';
  }
  number(): number {
    return NaN;
  }
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const COMMA = 44;
/** 10^k, exact as doubles for k <= 22. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A plain file (no quote, nothing outside printable ASCII, one kind of line end) read in place: the
 * records are what csv-parse (bom, skip_empty_lines, trim) would give, found by scanning the bytes for
 * line ends and commas, and a plain decimal of at most 15 digits is read from its bytes: its digits are
 * an exact integer and 10^k an exact double, so their quotient is the correctly rounded value, which is
 * what Number() returns for the same text. Anything else is handed to the string path.
 */
class PlainRows implements CsvRows {
  header: string[] = [];
  rowsAtMost = 0;
  private starts = new Int32Array(16);
  private ends = new Int32Array(16);
  /** The cell's value when it is a plain decimal of at most 15 digits, NaN otherwise. */
  private values = new Float64Array(16);
  private width = -1;

  private constructor(
    private readonly buf: Buffer,
    private pos: number,
  ) {}

  /** null when the file is not plain (csv-parse reads it). */
  static open(input: string | Buffer): PlainRows | null {
    const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    let cr = 0;
    let lf = 0;
    let crlf = 0;
    const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    for (let i = bom; i < buf.length; i++) {
      const c = buf[i];
      if (c >= SPACE && c <= 0x7e && c !== 0x22) continue;
      if (c === LF) lf++;
      else if (c === CR) {
        cr++;
        if (buf[i + 1] === LF) crlf++;
      } else if (c !== TAB) return null;
    }
    if (cr !== crlf || (cr > 0 && lf !== crlf)) return null;
    const rows = new PlainRows(buf, bom);
    rows.rowsAtMost = lf + 1;
    const first = rows.next();
    if (first === -1) return null;
    if (first === 1) rows.header = Array.from({ length: rows.width }, (_, j) => rows.text(j));
    return rows;
  }

  next(): number {
    const { buf } = this;
    for (;;) {
      if (this.pos >= buf.length) return 0;
      const lineStart = this.pos;
      let end = buf.indexOf(LF, lineStart);
      if (end === -1) end = buf.length;
      this.pos = end + 1;
      const lineEnd = end > lineStart && buf[end - 1] === CR ? end - 1 : end;
      if (lineEnd === lineStart) continue;
      // One pass over the line: where each cell starts and ends, and its value when it is a plain decimal.
      let count = 0;
      let cellStart = lineStart;
      let mantissa = 0;
      let digits = 0;
      let decimals = 0;
      let point = 0;
      let negative = false;
      let plain = true;
      for (let i = lineStart; i <= lineEnd; i++) {
        const c = i < lineEnd ? buf[i] : COMMA;
        const digit = c - 0x30;
        if (digit >= 0 && digit <= 9) {
          mantissa = mantissa * 10 + digit;
          digits++;
          decimals += point;
        } else if (c === COMMA) {
          if (count === this.starts.length) {
            if (this.width !== -1) return -1;
            this.grow();
          }
          this.starts[count] = cellStart;
          this.ends[count] = i;
          const value = decimals === 0 ? mantissa : mantissa / POW10[decimals];
          this.values[count] = plain && digits > 0 && digits <= 15 ? (negative ? -value : value) : NaN;
          count++;
          cellStart = i + 1;
          mantissa = digits = decimals = point = 0;
          negative = false;
          plain = true;
        } else if (c === 0x2e && point === 0) point = 1;
        else if ((c === 0x2d || c === 0x2b) && i === cellStart) negative = c === 0x2d;
        else plain = false;
      }
      // A line of blanks: left to csv-parse.
      if (count === 1 && this.text(0) === '') return -1;
      if (this.width === -1) {
        this.width = count;
        // Room for one cell more than the header, so a longer row is noticed.
        if (this.starts.length <= count) this.grow(count + 1);
      } else if (count !== this.width) return -1;
      return 1;
    }
  }

  /** Reads the rest of the file: false if a row's length is not the header's. */
  regular(): boolean {
    for (let state = this.next(); state !== 0; state = this.next()) if (state === -1) return false;
    return true;
  }

  private grow(size = this.starts.length * 2): void {
    const grown = (from: Int32Array): Int32Array<ArrayBuffer> => {
      const to = new Int32Array(size);
      to.set(from.subarray(0, Math.min(size, from.length)));
      return to;
    };
    this.starts = grown(this.starts);
    this.ends = grown(this.ends);
    const values = new Float64Array(size);
    values.set(this.values.subarray(0, Math.min(size, this.values.length)));
    this.values = values;
  }

  /** The cell without the blanks around it (csv-parse's trim, for the characters a plain file can hold). */
  text(j: number): string {
    const { buf } = this;
    let s = this.starts[j];
    let e = this.ends[j];
    while (s < e && (buf[s] === SPACE || buf[s] === TAB)) s++;
    while (e > s && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e--;
    return buf.toString('latin1', s, e);
  }

  number(j: number): number {
    return this.values[j];
  }
}

/**
 * `options.text` names columns read as text rather than numbers (a stratum may be a site code); they
 * count as model variables for dropping rows with a missing value.
 */
export function readModelCsv(text: string | Buffer, variables: string[], options: { text?: string[] } = {}): ModelData {
  const plain = PlainRows.open(text);
  // A plain file with a row longer or shorter than the header goes to csv-parse, whose error names it
  // (it reads the whole file first, so that error comes before any about a cell or the header).
  if (plain) {
    try {
      const data = readRows(plain, variables, options);
      if (data) return data;
    } catch (error) {
      if (!(error instanceof ModelInputError) || plain.regular()) throw error;
    }
  }
  return parseModelCsv(text, variables, options);
}

/** readModelCsv through csv-parse whatever the file (what readModelCsv does for a file that is not plain). */
export function parseModelCsv(text: string | Buffer, variables: string[], options: { text?: string[] } = {}): ModelData {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    throw csvReadError(error as Error, text);
  }
  if (records.length === 0) throw new ModelInputError('the CSV file is empty (a header row is required)');
  return readRows(new RecordRows(records), variables, options) as ModelData;
}

/** The model data of the rows; null when a row's length is not the header's (plain files only). */
function readRows(rows: CsvRows, variables: string[], options: { text?: string[] }): ModelData | null {
  const header = rows.header;
  if (header.length === 0) throw new ModelInputError('the CSV file is empty (a header row is required)');
  checkDelimiter(header);
  const index = new Map<string, number>();
  header.forEach((name, j) => {
    if (index.has(name)) throw new ModelInputError(`the CSV header names column '${name}' twice`);
    index.set(name, j);
  });
  const textVariables = (options.text ?? []).filter((v) => !variables.includes(v));
  const absent = [...variables, ...textVariables].filter((v) => !index.has(v));
  if (absent.length > 0) {
    throw new ModelInputError(
      `column${absent.length > 1 ? 's' : ''} ${absent.map((v) => `'${v}'`).join(', ')} not found in the CSV header`,
    );
  }
  const numeric = variables.map((v) => index.get(v) as number);
  // Filled in place: pushing to 21 growing arrays took longer than reading the file.
  const numericColumns = variables.map(() => new Array<number>(rows.rowsAtMost));
  const textual = textVariables.map((v) => index.get(v) as number);
  const textColumns = textVariables.map(() => [] as string[]);
  const values = new Array<number>(variables.length).fill(0);
  const texts = new Array<string>(textVariables.length).fill('');
  const rowNumbers: number[] = [];
  let dropped = 0;
  let kept = 0;
  let r = 0;
  for (let state = rows.next(); state !== 0; state = rows.next()) {
    if (state === -1) return null;
    r++;
    let missing = false;
    for (let k = 0; k < numeric.length; k++) {
      let value = rows.number(numeric[k]);
      if (Number.isNaN(value)) {
        const cell = rows.text(numeric[k]);
        if (isMissing(cell)) {
          missing = true;
          continue;
        }
        if (!NUMBER.test(cell)) {
          throw new ModelInputError(`row ${r} (line ${r + 1}), column '${variables[k]}': ${notANumber(cell)}`);
        }
        value = Number(cell);
      }
      values[k] = value;
    }
    for (let k = 0; k < textual.length; k++) {
      texts[k] = rows.text(textual[k]);
      if (isMissing(texts[k])) missing = true;
    }
    if (missing) {
      dropped++;
      continue;
    }
    for (let k = 0; k < numeric.length; k++) numericColumns[k][kept] = values[k];
    kept++;
    for (let k = 0; k < textual.length; k++) textColumns[k].push(texts[k]);
    rowNumbers.push(r);
  }
  const all = [...variables, ...textVariables];
  const warnings = dropped > 0 ? [`${dropped} of ${r} rows dropped because of missing values in model variables (${all.join(', ')})`] : [];
  return {
    columns: Object.fromEntries(
      variables.map((v, k) => {
        numericColumns[k].length = kept;
        return [v, numericColumns[k]];
      }),
    ),
    text: Object.fromEntries(textVariables.map((v, k) => [v, textColumns[k]])),
    n: rowNumbers.length,
    dropped,
    rowNumbers,
    warnings,
  };
}
