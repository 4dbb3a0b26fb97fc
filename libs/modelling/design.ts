import { parse } from 'csv-parse/sync';
import { checkDelimiter, csvReadError, notANumber } from './csv';
import { ModelInputError } from './errors';
import { formulaColumns, type Formula, type Variable } from './formula';
import { rcsBasis, rcsKnots } from './spline';

/**
 * The design matrix of a formula, coded as R's model.matrix codes it: numeric columns as they are,
 * text columns and factor() as treatment contrasts against the first level (R's sort order, or the
 * dictionary's order for a dataset's choice fields), indicator coding for a factor whose margin is
 * missing from the model (`x:sex` without `x`), rcs() with rms's knots and term names (`age`,
 * `age'`), interaction columns with the first variable varying fastest and names joined by ':'.
 */

/** Levels of a column that is a factor whatever its cells look like: a dataset's choice field. */
export interface FactorLevels {
  /** The value as it appears in the data (a choice code, `2`), and what R's load.R labels it. */
  levels: { value: string; label: string }[];
}

/** Columns with known levels (a dataset dictionary): factors without factor(), named by their labels. */
export type ColumnLevels = Record<string, FactorLevels>;

/** A table as named columns; null, undefined, NaN, '' and 'NA' are missing. */
export type ModelColumns = Record<string, readonly (number | string | null | undefined)[]>;

/** How one formula variable was coded: what a saved model needs to code a new row the same way. */
export type CodedVariable =
  | { label: string; column: string; kind: 'numeric' }
  | { label: string; column: string; kind: 'rcs'; knots: number[]; names: string[] }
  | {
      label: string;
      column: string;
      kind: 'factor';
      /** The data values, reference level first. */
      values: string[];
      /** The names the levels go by in coefficient names (dictionary labels, or the values). */
      levels: string[];
    };

export interface DesignColumn {
  name: string;
  /** Index into `Design.terms`. */
  term: number;
  /** Holds a nonlinear spline component (age', age'', or an interaction with one). */
  nonlinear: boolean;
}

/** One factor of a design column: basis column `basis` of variable `variable` (see `variableBasis`). */
export interface ColumnPick {
  variable: number;
  basis: number;
}

export interface DesignTerm {
  label: string;
  /** Indexes into `Design.variables`. */
  variables: number[];
  /** Indexes into `Design.columns`. */
  columns: number[];
}

export interface Design {
  formula: Formula;
  variables: CodedVariable[];
  terms: DesignTerm[];
  columns: DesignColumn[];
  names: string[];
  /**
   * Per design column, the basis column each of its term's variables contributes (their product is
   * the column): what a saved model needs to code a new row as this design was coded.
   */
  picks: ColumnPick[][];
  /** Complete rows only, one value per design column (no intercept). */
  X: number[][];
  /** The response columns, as numbers (complete rows). */
  response: Record<string, number[]>;
  /** Cox strata labels per row, when the formula has strata(). */
  strata?: string[];
  n: number;
  total: number;
  dropped: number;
  /** 1-based data row numbers (header excluded) of the rows kept. */
  rowNumbers: number[];
  warnings: string[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const LOGICAL = new Map([
  ['TRUE', true],
  ['T', true],
  ['true', true],
  ['True', true],
  ['FALSE', false],
  ['F', false],
  ['false', false],
  ['False', false],
]);

/** R's sort() of text in a UTF-8 English locale (lower case before upper case, then by letter). */
const collator = new Intl.Collator('en-US');

type Cells = (string | null)[];

/** The columns a formula reads, as text cells (null = missing), from CSV text or named columns. */
export function readCells(input: string | Buffer | ModelColumns, names: string[]): { cells: Record<string, Cells>; total: number } {
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    let records: string[][];
    try {
      records = parse(input, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
    } catch (error) {
      throw csvReadError(error as Error, input);
    }
    if (records.length === 0) throw new ModelInputError('the CSV file is empty (a header row is required)');
    const header = records[0];
    checkDelimiter(header);
    const absent = names.filter((v) => !header.includes(v));
    if (absent.length > 0)
      throw new ModelInputError(
        `column${absent.length > 1 ? 's' : ''} ${absent.map((v) => `'${v}'`).join(', ')} not found in the CSV header`,
      );
    const cells: Record<string, Cells> = {};
    for (const v of names) {
      const j = header.indexOf(v);
      cells[v] = records.slice(1).map((r) => {
        const c = r[j] ?? '';
        return c === '' || c === 'NA' ? null : c;
      });
    }
    return { cells, total: records.length - 1 };
  }
  const absent = names.filter((v) => !Array.isArray(input[v]));
  if (absent.length > 0)
    throw new ModelInputError(`column${absent.length > 1 ? 's' : ''} ${absent.map((v) => `'${v}'`).join(', ')} not found`);
  const total = input[names[0]].length;
  const cells: Record<string, Cells> = {};
  for (const v of names) {
    if (input[v].length !== total) throw new ModelInputError(`column '${v}' has ${input[v].length} values, expected ${total}`);
    cells[v] = input[v].map((x) =>
      x === null || x === undefined || x === '' || x === 'NA' || (typeof x === 'number' && Number.isNaN(x)) ? null : String(x).trim(),
    );
  }
  return { cells, total };
}

function numeric(cells: string[], column: string, rowNumbers: number[]): number[] {
  return cells.map((c, i) => {
    if (!NUMBER.test(c)) throw new ModelInputError(`row ${rowNumbers[i]}, column '${column}': ${notANumber(c)}`);
    return Number(c);
  });
}

/** R's as.character() of a number as factor() labels it: 2, 2.5, -1 (15 significant digits). */
function numberLabel(x: number): string {
  return String(Number(x.toPrecision(15)));
}

/** Codes a formula's variables on a table: the design matrix and what it takes to repeat it. */
export function buildDesign(formula: Formula, input: string | Buffer | ModelColumns, levels: ColumnLevels = {}): Design {
  const names = formulaColumns(formula);
  const { cells, total } = readCells(input, names);
  const keep: number[] = [];
  for (let r = 0; r < total; r++) if (names.every((v) => cells[v][r] !== null)) keep.push(r);
  const rowNumbers = keep.map((r) => r + 1);
  const dropped = total - keep.length;
  const warnings =
    dropped > 0 ? [`${dropped} of ${total} rows dropped because of missing values in model variables (${names.join(', ')})`] : [];
  if (keep.length === 0) throw new ModelInputError('no complete rows: every row misses a model variable');
  const kept = (column: string): string[] => keep.map((r) => cells[column][r] as string);

  const response: Record<string, number[]> = {};
  const responseColumns = formula.response.kind === 'binary' ? [formula.response.outcome] : [formula.response.time, formula.response.event];
  for (const c of responseColumns) response[c] = numeric(kept(c), c, rowNumbers);

  // Cells per variable; coding normalises factor cells to their level's value ("2.0" -> "2").
  const raws = formula.variables.map((v) => kept(v.column));
  // R's model.frame evaluates rcs() on every row before dropping incomplete ones: knots come from
  // all present values of the column, not only the complete rows.
  const present = (column: string) => cells[column].filter((c): c is string => c !== null);
  const variables = formula.variables.map((v, k) =>
    codeVariable(v, raws[k], rowNumbers, levels[v.column], warnings, v.kind === 'rcs' ? present(v.column) : []),
  );
  const rowValues = (variable: CodedVariable, raw: string[]): ((i: number) => number[]) => {
    if (variable.kind === 'numeric') {
      const x = numeric(raw, variable.column, rowNumbers);
      return (i) => [x[i]];
    }
    if (variable.kind === 'rcs') {
      const x = numeric(raw, variable.column, rowNumbers);
      return (i) => [x[i], ...rcsBasis(x[i], variable.knots)];
    }
    const index = raw.map((c) => variable.values.indexOf(c));
    return (i) => variable.levels.map((_, k) => (index[i] === k ? 1 : 0));
  };
  const full = variables.map((v, k) => rowValues(v, raws[k]));

  const termSets = formula.terms.map((t) => t.variables);
  const hasTerm = (set: number[]) => set.length === 0 || termSets.some((t) => t.length === set.length && t.every((v, i) => v === set[i]));
  const columns: DesignColumn[] = [];
  const terms: DesignTerm[] = [];
  /** Per design column: for each variable of its term, which basis column it takes. */
  const picks: ColumnPick[][] = [];
  formula.terms.forEach((term, t) => {
    // Which basis columns each variable contributes to this term (R's contrasts rule).
    const parts = term.variables.map((vi) => {
      const v = variables[vi];
      if (v.kind === 'numeric') return { vi, basis: [0], names: [v.label], nonlinear: [false] };
      if (v.kind === 'rcs') return { vi, basis: v.names.map((_, k) => k), names: v.names, nonlinear: v.names.map((_, k) => k > 0) };
      const contrasts = hasTerm(term.variables.filter((w) => w !== vi));
      const from = contrasts ? 1 : 0;
      const basis = v.levels.map((_, k) => k).slice(from);
      return { vi, basis, names: basis.map((k) => `${v.label}${v.levels[k]}`), nonlinear: basis.map(() => false) };
    });
    const start = columns.length;
    // Cartesian product, the first variable varying fastest (model.matrix's order).
    const counts = parts.map((p) => p.basis.length);
    const totalCols = counts.reduce((a, b) => a * b, 1);
    for (let c = 0; c < totalCols; c++) {
      let rest = c;
      const choice = counts.map((k) => {
        const idx = rest % k;
        rest = Math.floor(rest / k);
        return idx;
      });
      columns.push({
        name: parts.map((p, j) => p.names[choice[j]]).join(':'),
        term: t,
        nonlinear: parts.some((p, j) => p.nonlinear[choice[j]]),
      });
      picks.push(parts.map((p, j) => ({ variable: p.vi, basis: p.basis[choice[j]] })));
    }
    terms.push({ label: term.label, variables: term.variables, columns: columns.map((_, k) => k).slice(start) });
  });

  const X = keep.map((_, i) => {
    const rowFull = full.map((f) => f(i));
    return picks.map((pick) => pick.reduce((s, { variable, basis }) => s * rowFull[variable][basis], 1));
  });

  let strata: string[] | undefined;
  if (formula.strata.length === 1) {
    const s = formula.strata[0];
    const dict = levels[s];
    strata = kept(s).map((c) => dict?.levels.find((l) => l.value === c)?.label ?? c);
  } else if (formula.strata.length > 1) {
    strata = keep.map((r) => formula.strata.map((s) => `${s}=${cells[s][r] as string}`).join(', '));
  }
  return {
    formula,
    variables,
    terms,
    columns,
    names: columns.map((c) => c.name),
    picks,
    X,
    response,
    ...(strata ? { strata } : {}),
    n: keep.length,
    total,
    dropped,
    rowNumbers,
    warnings,
  };
}

function codeVariable(
  v: Variable,
  raw: string[],
  rowNumbers: number[],
  dict: FactorLevels | undefined,
  warnings: string[],
  knotCells: string[],
): CodedVariable {
  const allNumeric = raw.every((c) => NUMBER.test(c));
  // Numbers written with a decimal comma would otherwise be read as text: a factor with a level per value.
  const comma = raw.find((c) => /^[+-]?\d*,\d+$/.test(c));
  if (!allNumeric && comma !== undefined && raw.every((c) => NUMBER.test(c) || /^[+-]?\d*,\d+$/.test(c)))
    throw new ModelInputError(`column '${v.column}': ${notANumber(comma)}`);
  if (v.kind === 'rcs') {
    if (dict || !allNumeric) throw new ModelInputError(`rcs(${v.column}, ${v.knots}): '${v.column}' is not a numeric column`);
    numeric(raw, v.column, rowNumbers);
    const bad = knotCells.find((c) => !NUMBER.test(c));
    if (bad !== undefined) throw new ModelInputError(`column '${v.column}': '${bad}' is not a number`);
    const { knots, warnings: w } = rcsKnots(knotCells.map(Number), v.knots, v.column);
    warnings.push(...w);
    const names = [v.column, ...knots.slice(2).map((_, j) => v.column + "'".repeat(j + 1))];
    return { label: v.label, column: v.column, kind: 'rcs', knots, names };
  }
  let values: string[];
  let labels: string[];
  if (dict) {
    const present = new Set(raw);
    const unknown = [...present].filter((c) => !dict.levels.some((l) => l.value === c));
    if (unknown.length > 0)
      throw new ModelInputError(`column '${v.column}': value${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} not among its choices`);
    const used = dict.levels.filter((l) => present.has(l.value));
    const unused = dict.levels.filter((l) => !present.has(l.value));
    if (unused.length > 0)
      warnings.push(
        `${v.column}: level${unused.length > 1 ? 's' : ''} ${unused.map((l) => `'${l.label}'`).join(', ')} not present in the rows used; left out (R would estimate NA)`,
      );
    values = used.map((l) => l.value);
    labels = used.map((l) => l.label);
  } else if (v.kind === 'plain' && allNumeric) {
    return { label: v.label, column: v.column, kind: 'numeric' };
  } else if (allNumeric) {
    const sorted = [...new Set(raw.map(Number))].sort((a, b) => a - b);
    labels = sorted.map(numberLabel);
    const byNumber = new Map<number, string>();
    for (const c of raw) if (!byNumber.has(Number(c))) byNumber.set(Number(c), c);
    values = sorted.map((x) => byNumber.get(x) as string);
    // Cells such as "2" and "2.0" are one level: code by number.
    return factorOf(v, raw, values, labels, (c) => sorted.indexOf(Number(c)));
  } else if (raw.every((c) => LOGICAL.has(c))) {
    // read.csv reads TRUE/FALSE columns as logical; glm names the column xTRUE.
    const present = new Set(raw.map((c) => LOGICAL.get(c)));
    if (present.size < 2) throw new ModelInputError(`column '${v.column}' has a single value in the rows used; a factor needs two levels`);
    values = ['FALSE', 'TRUE'];
    labels = values;
    return factorOf(v, raw, values, labels, (c) => (LOGICAL.get(c) ? 1 : 0));
  } else {
    values = [...new Set(raw)].sort(collator.compare);
    labels = values;
  }
  return factorOf(v, raw, values, labels, (c) => values.indexOf(c));
}

function factorOf(v: Variable, raw: string[], values: string[], labels: string[], index: (c: string) => number): CodedVariable {
  if (values.length < 2)
    throw new ModelInputError(
      `column '${v.column}' has a single level (${labels[0] ?? 'none'}) in the rows used; a factor needs two levels`,
    );
  // Normalise cells to their level's value so that coding by indexOf works ("2.0" -> "2").
  raw.forEach((c, i) => (raw[i] = values[index(c)]));
  return { label: v.label, column: v.column, kind: 'factor', values, levels: labels };
}

/**
 * Levels of a dataset's factors from its dictionary.csv (REDCap format): choice fields ("radio", with
 * "code, label | code, label" choices) and text fields whose note lists "one of: a, b, c".
 */
export function levelsFromDictionary(text: string | Buffer): ColumnLevels {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (error) {
    throw new ModelInputError(`the dictionary could not be read: ${(error as Error).message}`);
  }
  const out: ColumnLevels = {};
  for (const row of records.slice(1)) {
    const [name, , , type, , choices, note] = row;
    if (!name) continue;
    if ((type === 'radio' || type === 'dropdown') && choices) {
      const levels = choices.split(' | ').map((choice) => {
        const comma = choice.indexOf(',');
        return { value: choice.slice(0, comma).trim(), label: choice.slice(comma + 1).trim() };
      });
      if (levels.every((l) => l.value !== '')) out[name] = { levels };
    } else if (type === 'text' && note) {
      const m = /(?:^|; )one of: (.*?)(?:;|$)/.exec(note);
      if (m) out[name] = { levels: m[1].split(', ').map((l) => ({ value: l, label: l })) };
    }
  }
  return out;
}
