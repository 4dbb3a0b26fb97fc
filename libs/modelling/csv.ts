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
 * `options.text` names columns read as text rather than numbers (a stratum may be a site code); they
 * count as model variables for dropping rows with a missing value.
 */
export function readModelCsv(text: string | Buffer, variables: string[], options: { text?: string[] } = {}): ModelData {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    throw csvReadError(error as Error, text);
  }
  if (records.length === 0) throw new ModelInputError('the CSV file is empty (a header row is required)');
  const header = records[0];
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
  const columns: Record<string, number[]> = Object.fromEntries(variables.map((v) => [v, [] as number[]]));
  const textColumns: Record<string, string[]> = Object.fromEntries(textVariables.map((v) => [v, [] as string[]]));
  const rowNumbers: number[] = [];
  let dropped = 0;
  for (let r = 1; r < records.length; r++) {
    const record = records[r];
    let missing = false;
    const values: number[] = [];
    for (const v of variables) {
      const cell = record[index.get(v) as number] ?? '';
      if (isMissing(cell)) {
        missing = true;
        continue;
      }
      if (!NUMBER.test(cell)) {
        throw new ModelInputError(`row ${r} (line ${r + 1}), column '${v}': ${notANumber(cell)}`);
      }
      values.push(Number(cell));
    }
    const texts = textVariables.map((v) => record[index.get(v) as number] ?? '');
    if (texts.some(isMissing)) missing = true;
    if (missing) {
      dropped++;
      continue;
    }
    variables.forEach((v, k) => columns[v].push(values[k]));
    textVariables.forEach((v, k) => textColumns[v].push(texts[k]));
    rowNumbers.push(r);
  }
  const total = records.length - 1;
  const all = [...variables, ...textVariables];
  const warnings =
    dropped > 0 ? [`${dropped} of ${total} rows dropped because of missing values in model variables (${all.join(', ')})`] : [];
  return { columns, text: textColumns, n: rowNumbers.length, dropped, rowNumbers, warnings };
}
