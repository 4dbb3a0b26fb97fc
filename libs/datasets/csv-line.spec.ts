import { stringify } from 'csv-stringify/sync';
import { CSV_OPTIONS, csvLine, neutraliseCell } from './csv';

/** What csvLine wrote before its fast path: csv-stringify for every line. */
const reference = (cells: string[]): string => stringify([cells.map(neutraliseCell)], CSV_OPTIONS);

describe('csvLine', () => {
  it('writes what csv-stringify writes, for chosen cells', () => {
    const lines: string[][] = [
      [],
      [''],
      ['', ''],
      ['1', '2.5', '-3', 'text'],
      ['a,b', 'c'],
      ['say "hi"', 'x'],
      ['line\nbreak'],
      ['carriage\rreturn', 'y'],
      ['=SUM(A1)', '+1', '-1', '@x', '\tTab', "'=x", '-x'],
      [' padded ', 'ünïcödé', '日本'],
    ];
    for (const cells of lines) expect(csvLine(cells), JSON.stringify(cells)).toBe(reference(cells));
  });

  it('writes what csv-stringify writes, for 5,000 random lines', () => {
    let s = 1;
    const next = (n: number) => (s = (s * 1103515245 + 12345) % 2147483648) % n;
    const alphabet = ['a', '1', '0', '.', '-', '+', '=', '@', ' ', ',', '"', '\n', '\r', '\t', "'", 'é', ''];
    for (let t = 0; t < 5000; t++) {
      const cells = Array.from({ length: next(6) }, () => Array.from({ length: next(5) }, () => alphabet[next(alphabet.length)]).join(''));
      expect(csvLine(cells), JSON.stringify(cells)).toBe(reference(cells));
    }
  });
});
