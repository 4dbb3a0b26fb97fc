import { parseModelCsv, readModelCsv } from './csv';
import { createRng } from './rng';
import { ModelInputError } from './errors';

describe('reading model CSV input', () => {
  it('reads the requested columns as numbers', () => {
    const d = readModelCsv('id,y,age,sex\n1,0,61,1\n2,1,55,2\n', ['y', 'age']);
    expect(d.columns).toEqual({ y: [0, 1], age: [61, 55] });
    expect(d.n).toBe(2);
    expect(d.dropped).toBe(0);
    expect(d.warnings).toEqual([]);
  });

  it('drops and counts rows with an empty or NA model variable, ignoring other columns', () => {
    const d = readModelCsv('y,age,note\n0,61,\n1,NA,x\n1,,y\n0,40,NA\n', ['y', 'age']);
    expect(d.columns).toEqual({ y: [0, 0], age: [61, 40] });
    expect(d.dropped).toBe(2);
    expect(d.rowNumbers).toEqual([1, 4]);
    expect(d.warnings[0]).toMatch(/2 of 4 rows dropped/);
  });

  it('names the row and column of a non-numeric cell', () => {
    const read = () => readModelCsv('y,age\n0,61\n1,sixty\n', ['y', 'age']);
    expect(read).toThrow(ModelInputError);
    expect(read).toThrow("row 2 (line 3), column 'age': 'sixty' is not a number");
  });

  it('accepts quoted fields, a byte order mark and scientific notation', () => {
    const d = readModelCsv('\ufeff"y","dose"\r\n"1","1.5e2"\r\n0,-.5\r\n', ['y', 'dose']);
    expect(d.columns).toEqual({ y: [1, 0], dose: [150, -0.5] });
  });

  it('refuses a column that is not in the header', () => {
    expect(() => readModelCsv('y,age\n0,1\n', ['y', 'weight'])).toThrow("column 'weight' not found in the CSV header");
  });

  it('refuses rows with the wrong number of fields', () => {
    expect(() => readModelCsv('y,age\n0,1,2\n', ['y', 'age'])).toThrow(ModelInputError);
  });

  it('says a semicolon-delimited file is one, whether or not its rows parse', () => {
    expect(() => readModelCsv('id;y;age\n1;0;61\n2;1;55\n', ['y'])).toThrow(/semicolon-delimited.*comma-separated CSV with decimal points/);
    expect(() => readModelCsv('id;y;age\n1;0;61,5\n2;1;55\n', ['y'])).toThrow(/semicolon-delimited/);
  });

  it('names a decimal comma, quoted or splitting a row', () => {
    expect(() => readModelCsv('y,age\n0,"61,5"\n', ['y', 'age'])).toThrow(
      /row 1 \(line 2\), column 'age': '61,5' is not a number: decimal commas are not read; write 61.5/,
    );
    expect(() => readModelCsv('y,age\n0,61,5\n', ['y', 'age'])).toThrow(/unquoted decimal comma such as 3,5/);
  });

  describe('a plain file read in place agrees with csv-parse', () => {
    /** What each reader returns or throws, for comparing them. */
    const outcome = (read: () => unknown): unknown => {
      try {
        return read();
      } catch (error) {
        return { error: error instanceof ModelInputError ? error.message : String(error) };
      }
    };
    const both = (text: string | Buffer, variables: string[], options: { text?: string[] } = {}) => ({
      plain: outcome(() => readModelCsv(text, variables, options)),
      csvParse: outcome(() => parseModelCsv(text, variables, options)),
    });

    it('on chosen files: line ends, blanks, empty lines, a BOM, long and short rows, numbers of every form', () => {
      const files = [
        'y,x\n1,2.5\n0,-3\n',
        'y,x\r\n1,2.5\r\n0,-3',
        '\ufeffy,x\n1, 2.5 \n\t0\t,+.5\n',
        'y,x\n\n1,2\n\n\n0,3\n\n',
        'y,x\n1,2,3\n',
        'y,x\n1\n',
        'y,x\n1,2\n   \n0,1\n',
        'y\n1\n   \n0\n',
        'y,x\n1,NA\n0,\n1,7.\n0,-0\n1,0.000000000000000000001\n0,1234567890123456789\n1,1e-3\n0,12345678901234.5\n',
        'y,x\n1,1.2.3\n',
        'y,x\n1,--2\n',
        'y,x\n1,0x1A\n',
        'y,x\n1,3,5\n',
        '',
        '\n\n',
        'y;x\n1;2\n',
        'y,x\r1,2\r',
        'y,x\n1,2\r\n',
        'y,y\n1,2\n',
        'y,x,site\n1,2,A1\n0,3,\n1,4,NA\n',
      ];
      for (const file of files) {
        expect(both(file, ['y', 'x'], { text: ['site'] }), JSON.stringify(file)).toSatisfy(
          (r: { plain: unknown; csvParse: unknown }) => JSON.stringify(r.plain) === JSON.stringify(r.csvParse),
        );
        const sameAsCsvParse = both(file, ['y', 'x']);
        expect(sameAsCsvParse.plain, JSON.stringify(file)).toEqual(sameAsCsvParse.csvParse);
      }
    });

    it('on 2,000 random files of digits, signs, points, exponents, blanks and line ends', () => {
      const rng = createRng(16);
      const pick = <T>(xs: T[]): T => xs[rng.int(xs.length)];
      const cell = (): string => {
        const kind = rng.int(10);
        if (kind === 0) return pick(['', 'NA', ' ', 'x', '1e5', '-', '.', '+1', '1,5']);
        const digits = Array.from({ length: 1 + rng.int(19) }, () => String(rng.int(10))).join('');
        const at = rng.int(digits.length + 1);
        const number = rng.int(3) === 0 ? digits : `${digits.slice(0, at)}.${digits.slice(at)}`;
        const sign = pick(['', '', '-', '+']);
        const blank = (): string => pick(['', '', '', ' ', '\t', '  ']);
        return `${blank()}${sign}${number}${blank()}`;
      };
      for (let f = 0; f < 2000; f++) {
        const eol = pick(['\n', '\r\n']);
        const width = 1 + rng.int(4);
        const header = ['y', 'x', 'z', 'w'].slice(0, width);
        const rows = Array.from({ length: rng.int(6) }, () =>
          rng.int(15) === 0 ? '' : Array.from({ length: rng.int(20) === 0 ? width + 1 : width }, cell).join(','),
        );
        const file = [header.join(','), ...rows].join(eol) + (rng.int(2) === 0 ? eol : '');
        const r = both(file, header);
        expect(r.plain, JSON.stringify(file)).toEqual(r.csvParse);
      }
    });

    it('reads every number exactly as Number() does', () => {
      const rng = createRng(7);
      const cells = Array.from({ length: 20000 }, () => {
        const digits = Array.from({ length: 1 + rng.int(16) }, () => String(rng.int(10))).join('');
        const at = rng.int(digits.length + 1);
        return `${rng.int(2) === 0 ? '-' : ''}${digits.slice(0, at)}.${digits.slice(at)}`.replace(/^(-?)\.$/, '$10');
      });
      const d = readModelCsv(`x\n${cells.join('\n')}\n`, ['x']);
      expect(d.n).toBe(cells.length);
      d.columns.x.forEach((v, i) => expect(Object.is(v, Number(cells[i])), cells[i]).toBe(true));
    });
  });
});
