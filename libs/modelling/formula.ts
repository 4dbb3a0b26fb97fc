import { ModelInputError } from './errors';

/**
 * Model formulas as R writes them (API.md "Model development"): `y ~ rcs(age, 4) + sex + factor(grade)
 * + x:sex + a*b` and `Surv(t, e) ~ ... + strata(site)`. Parsing only: which columns, which terms, in
 * R's order (terms.formula: main effects first, then two-way interactions, ...; variables inside an
 * interaction in the order they first appear). Coding the columns is design.ts's job.
 */

export type Variable =
  | { kind: 'plain'; column: string; label: string }
  | { kind: 'factor'; column: string; label: string }
  | { kind: 'rcs'; column: string; label: string; knots: number };

export interface Term {
  /** R's term label: variable labels joined by ':' (`sex:x`, `rcs(age, 4)`). */
  label: string;
  /** Indexes into `Formula.variables`, in first-appearance order. */
  variables: number[];
}

export type Response = { kind: 'binary'; outcome: string } | { kind: 'surv'; time: string; event: string };

export interface Formula {
  text: string;
  response: Response;
  /** Every distinct variable (a column as written: `age`, `rcs(age, 4)`, `factor(grade)`), first appearance first. */
  variables: Variable[];
  terms: Term[];
  /** Columns of `strata(...)` terms (Cox). */
  strata: string[];
}

/** Knots rms's rcs() accepts with its default quantiles. */
export const MIN_KNOTS = 3;
export const MAX_KNOTS = 7;

type Token = { type: 'name' | 'number' | 'op'; value: string; at: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) throw formulaError(text, i, 'an unclosed `');
      tokens.push({ type: 'name', value: text.slice(i + 1, end), at: i });
      i = end + 1;
    } else if (/[A-Za-z._]/.test(ch)) {
      const m = /^[A-Za-z._][A-Za-z0-9._]*/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ type: 'name', value: m[0], at: i });
      i += m[0].length;
    } else if (/[0-9]/.test(ch)) {
      const m = /^[0-9]+(\.[0-9]*)?/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ type: 'number', value: m[0], at: i });
      i += m[0].length;
    } else if ('~+*:(),'.includes(ch)) {
      tokens.push({ type: 'op', value: ch, at: i });
      i++;
    } else {
      throw formulaError(text, i, `'${ch}' is not understood`);
    }
  }
  return tokens;
}

function formulaError(text: string, at: number, what: string): ModelInputError {
  return new ModelInputError(`formula "${text}": ${what} at character ${at + 1}`);
}

/** A set of variables (an R term before ordering), as sorted indexes. */
type TermSet = number[];

class Parser {
  private pos = 0;
  readonly variables: Variable[] = [];
  readonly strata: string[] = [];

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private fail(what: string): never {
    const token = this.peek();
    throw formulaError(this.text, token ? token.at : this.text.length, what);
  }

  private expect(value: string): void {
    const token = this.peek();
    if (!token || token.type !== 'op' || token.value !== value) this.fail(`expected '${value}'`);
    this.pos++;
  }

  private isOp(value: string): boolean {
    const token = this.peek();
    return token !== undefined && token.type === 'op' && token.value === value;
  }

  private name(what: string): string {
    const token = this.peek();
    if (!token || token.type !== 'name') this.fail(`expected ${what}`);
    this.pos++;
    return token.value;
  }

  response(): Response {
    const first = this.name('the outcome column (or Surv(time, event))');
    if (first === 'Surv' && this.isOp('(')) {
      this.expect('(');
      const time = this.name('the time column in Surv(time, event)');
      this.expect(',');
      const event = this.name('the event column in Surv(time, event)');
      this.expect(')');
      return { kind: 'surv', time, event };
    }
    return { kind: 'binary', outcome: first };
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  tilde(): void {
    this.expect('~');
  }

  /** sum := product ('+' product)* */
  sum(): TermSet[] {
    const out: TermSet[] = [];
    for (;;) {
      for (const t of this.product()) add(out, t);
      if (!this.isOp('+')) return out;
      this.pos++;
    }
  }

  /** product := interaction ('*' interaction)*, a*b = a + b + a:b */
  private product(): TermSet[] {
    let left = this.interaction();
    while (this.isOp('*')) {
      this.pos++;
      const right = this.interaction();
      const out: TermSet[] = [];
      for (const t of left) add(out, t);
      for (const t of right) add(out, t);
      for (const a of left) for (const b of right) add(out, union(a, b));
      left = out;
    }
    return left;
  }

  /** interaction := atom (':' atom)* */
  private interaction(): TermSet[] {
    let left = this.atom();
    while (this.isOp(':')) {
      this.pos++;
      const right = this.atom();
      const out: TermSet[] = [];
      for (const a of left) for (const b of right) add(out, union(a, b));
      left = out;
    }
    return left;
  }

  private atom(): TermSet[] {
    if (this.isOp('(')) {
      this.pos++;
      const inner = this.sum();
      this.expect(')');
      return inner;
    }
    const token = this.peek();
    const name = this.name('a column name, factor(x), rcs(x, k) or strata(s)');
    if (!this.isOp('(')) return [[this.variable({ kind: 'plain', column: name, label: name })]];
    this.pos++;
    if (name === 'factor' || name === 'as.factor') {
      const column = this.name(`a column name in ${name}()`);
      this.expect(')');
      return [[this.variable({ kind: 'factor', column, label: `${name}(${column})` })]];
    }
    if (name === 'rcs') {
      const column = this.name('a column name in rcs(x, k)');
      this.expect(',');
      const k = this.peek();
      if (!k || k.type !== 'number' || !/^[0-9]+$/.test(k.value)) this.fail(`rcs(${column}, k) needs a whole number of knots`);
      this.pos++;
      const knots = Number(k.value);
      if (knots < MIN_KNOTS || knots > MAX_KNOTS)
        throw formulaError(this.text, k.at, `rcs() takes ${MIN_KNOTS} to ${MAX_KNOTS} knots (rms's default knot quantiles), not ${knots}`);
      this.expect(')');
      return [[this.variable({ kind: 'rcs', column, label: `rcs(${column}, ${knots})`, knots })]];
    }
    if (name === 'strata') {
      for (;;) {
        const column = this.name('a column name in strata()');
        if (!this.strata.includes(column)) this.strata.push(column);
        if (!this.isOp(',')) break;
        this.pos++;
      }
      this.expect(')');
      return [];
    }
    throw formulaError(this.text, token?.at ?? 0, `${name}() is not supported (use factor(x), rcs(x, k), strata(s) or a plain column)`);
  }

  private variable(v: Variable): number {
    const found = this.variables.findIndex((w) => w.label === v.label);
    if (found >= 0) return found;
    this.variables.push(v);
    return this.variables.length - 1;
  }
}

function union(a: TermSet, b: TermSet): TermSet {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

function add(list: TermSet[], t: TermSet): void {
  if (!list.some((u) => u.length === t.length && u.every((v, i) => v === t[i]))) list.push(t);
}

/** Parses a formula; every error names the character where it went wrong. */
export function parseFormula(text: string): Formula {
  if (typeof text !== 'string' || text.trim() === '') throw new ModelInputError('the formula is empty');
  const parser = new Parser(text, tokenize(text));
  const response = parser.response();
  parser.tilde();
  const sets = parser.sum();
  if (!parser.atEnd()) throw formulaError(text, text.length - 1, 'unexpected text after the formula');
  // A strata() inside an interaction would have contributed nothing: R's coxph refuses it too.
  const variables = parser.variables;
  // terms.formula orders by degree, keeping the order of appearance within a degree.
  const ordered = sets
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.length - b.s.length || a.i - b.i)
    .map(({ s }) => s);
  const terms = ordered.map((s) => ({ label: s.map((v) => variables[v].label).join(':'), variables: s }));
  if (parser.strata.length > 0 && response.kind !== 'surv') throw new ModelInputError(`formula "${text}": strata() is for Cox models only`);
  const formula: Formula = { text, response, variables, terms, strata: parser.strata };
  checkRoles(formula);
  return formula;
}

function checkRoles(f: Formula): void {
  const roles = f.response.kind === 'binary' ? [f.response.outcome] : [f.response.time, f.response.event];
  if (f.response.kind === 'surv' && f.response.time === f.response.event)
    throw new ModelInputError(`formula "${f.text}": column '${f.response.time}' is both the time and the event`);
  for (const v of f.variables) {
    if (roles.includes(v.column))
      throw new ModelInputError(`formula "${f.text}": column '${v.column}' is both the response and a predictor`);
    if (f.strata.includes(v.column))
      throw new ModelInputError(`formula "${f.text}": column '${v.column}' is both a stratum and a predictor`);
  }
  for (const s of f.strata)
    if (roles.includes(s)) throw new ModelInputError(`formula "${f.text}": column '${s}' is both the response and a stratum`);
  if (f.terms.length === 0) throw new ModelInputError(`formula "${f.text}" has no predictors`);
}

/** Every data column the formula reads, response first. */
export function formulaColumns(f: Formula): string[] {
  const out = f.response.kind === 'binary' ? [f.response.outcome] : [f.response.time, f.response.event];
  for (const v of f.variables) if (!out.includes(v.column)) out.push(v.column);
  for (const s of f.strata) if (!out.includes(s)) out.push(s);
  return out;
}
