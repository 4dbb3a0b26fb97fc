import { readModelCsv } from './csv';
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
});
