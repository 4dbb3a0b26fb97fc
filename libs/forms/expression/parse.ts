import { FormDefinitionError } from '../errors';
import { BinaryOperator, Expression, FUNCTIONS, FunctionName, ParsedExpression } from './ast';

/*
 * Grammar (lowest precedence first; keywords are lower case):
 *   expression := or
 *   or         := and ("or" and)*
 *   and        := not ("and" not)*
 *   not        := "not" not | comparison
 *   comparison := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?      -- no chains
 *   sum        := product (("+" | "-") product)*
 *   product    := unary (("*" | "/") unary)*
 *   unary      := "-" unary | primary
 *   primary    := number | string | "true" | "false" | name | name "(" arguments? ")" | "(" expression ")"
 *   name       := identifier | identifier "." identifier
 * Strings use single or double quotes, with backslash escaping a quote or a backslash.
 */

type Token =
  | { type: 'number'; value: number; position: number }
  | { type: 'string'; value: string; position: number }
  | { type: 'name'; value: string; position: number }
  | { type: 'symbol'; value: string; position: number }
  | { type: 'end'; position: number };

const KEYWORDS = new Set(['and', 'or', 'not', 'true', 'false']);
const SYMBOLS = ['<=', '>=', '==', '!=', '<', '>', '+', '-', '*', '/', '(', ')', ','];
/** Spellings from other languages, refused with a pointer to ours. */
const FOREIGN: Record<string, string> = { '&&': 'and', '||': 'or', '!': 'not', '=': '==', '<>': '!=' };
const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;

function fail(source: string, position: number, reason: string): never {
  throw new FormDefinitionError(`Invalid expression "${source}": ${reason} at position ${position}`, source, position);
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const match = /^(\d+(\.\d+)?|\.\d+)/.exec(source.slice(i));
      if (!match) fail(source, start, 'malformed number');
      i += match[0].length;
      if (IDENTIFIER_START.test(source[i] ?? '') || source[i] === '.') fail(source, start, 'malformed number');
      tokens.push({ type: 'number', value: Number(match[0]), position: start });
      continue;
    }
    if (ch === '"' || ch === "'") {
      let value = '';
      i++;
      while (i < source.length && source[i] !== ch) {
        if (source[i] === '\\' && (source[i + 1] === ch || source[i + 1] === '\\')) i++;
        value += source[i];
        i++;
      }
      if (i >= source.length) fail(source, start, 'unterminated string');
      i++;
      tokens.push({ type: 'string', value, position: start });
      continue;
    }
    if (IDENTIFIER_START.test(ch)) {
      while (i < source.length && (IDENTIFIER_PART.test(source[i]) || (source[i] === '.' && IDENTIFIER_START.test(source[i + 1] ?? ''))))
        i++;
      const value = source.slice(start, i);
      if (source[i] === '.') fail(source, i, 'a name may not end with "."');
      if (value.split('.').length > 2) fail(source, start, `"${value}" has more than one "." (use form.field)`);
      tokens.push({ type: 'name', value, position: start });
      continue;
    }
    const foreign = Object.keys(FOREIGN).find(
      (f) => source.startsWith(f, i) && !SYMBOLS.some((s) => s.length >= f.length && source.startsWith(s, i)),
    );
    if (foreign) fail(source, start, `"${foreign}" is not an operator here, write "${FOREIGN[foreign]}"`);
    const symbol = SYMBOLS.find((s) => source.startsWith(s, i));
    if (!symbol) fail(source, start, `unexpected character "${ch}"`);
    i += symbol.length;
    tokens.push({ type: 'symbol', value: symbol, position: start });
  }
  tokens.push({ type: 'end', position: source.length });
  return tokens;
}

class Parser {
  private index = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  parse(): Expression {
    if (this.peek().type === 'end') fail(this.source, 0, 'empty expression');
    const root = this.or();
    const next = this.peek();
    if (next.type !== 'end') fail(this.source, next.position, `unexpected ${describe(next)}`);
    return root;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    return this.tokens[this.index++];
  }

  private isSymbol(...values: string[]): boolean {
    const token = this.peek();
    return token.type === 'symbol' && values.includes(token.value);
  }

  private isKeyword(value: string): boolean {
    const token = this.peek();
    return token.type === 'name' && token.value === value;
  }

  private expectSymbol(value: string): void {
    const token = this.peek();
    if (token.type !== 'symbol' || token.value !== value)
      fail(this.source, token.position, `expected "${value}" but found ${describe(token)}`);
    this.index++;
  }

  private or(): Expression {
    let left = this.and();
    while (this.isKeyword('or')) {
      const position = this.next().position;
      left = { kind: 'binary', operator: 'or', left, right: this.and(), position };
    }
    return left;
  }

  private and(): Expression {
    let left = this.not();
    while (this.isKeyword('and')) {
      const position = this.next().position;
      left = { kind: 'binary', operator: 'and', left, right: this.not(), position };
    }
    return left;
  }

  private not(): Expression {
    if (this.isKeyword('not')) {
      const position = this.next().position;
      return { kind: 'unary', operator: 'not', operand: this.not(), position };
    }
    return this.comparison();
  }

  private comparison(): Expression {
    const left = this.sum();
    if (!this.isSymbol('<', '<=', '>', '>=', '==', '!=')) return left;
    const token = this.next() as Token & { value: BinaryOperator };
    const right = this.sum();
    if (this.isSymbol('<', '<=', '>', '>=', '==', '!=')) {
      fail(this.source, this.peek().position, 'comparisons cannot be chained, join them with "and"');
    }
    return { kind: 'binary', operator: token.value, left, right, position: token.position };
  }

  private sum(): Expression {
    let left = this.product();
    while (this.isSymbol('+', '-')) {
      const token = this.next() as Token & { value: BinaryOperator };
      left = { kind: 'binary', operator: token.value, left, right: this.product(), position: token.position };
    }
    return left;
  }

  private product(): Expression {
    let left = this.unary();
    while (this.isSymbol('*', '/')) {
      const token = this.next() as Token & { value: BinaryOperator };
      left = { kind: 'binary', operator: token.value, left, right: this.unary(), position: token.position };
    }
    return left;
  }

  private unary(): Expression {
    if (this.isSymbol('-')) {
      const position = this.next().position;
      return { kind: 'unary', operator: '-', operand: this.unary(), position };
    }
    return this.primary();
  }

  private primary(): Expression {
    const token = this.next();
    switch (token.type) {
      case 'number':
        return { kind: 'number', value: token.value, position: token.position };
      case 'string':
        return { kind: 'string', value: token.value, position: token.position };
      case 'symbol':
        if (token.value === '(') {
          const inner = this.or();
          this.expectSymbol(')');
          return inner;
        }
        return fail(this.source, token.position, `unexpected ${describe(token)}`);
      case 'end':
        return fail(this.source, token.position, 'unexpected end of expression');
      case 'name':
        return this.name(token);
    }
  }

  private name(token: Token & { type: 'name' }): Expression {
    const { value, position } = token;
    if (value === 'true' || value === 'false') return { kind: 'boolean', value: value === 'true', position };
    if (KEYWORDS.has(value)) fail(this.source, position, `unexpected "${value}"`);
    if (!this.isSymbol('(')) return { kind: 'reference', name: value, position };
    this.index++;
    if (value === 'today' || value === 'now') {
      fail(this.source, position, `${value}() is not allowed: a rule must give the same answer whenever it is run`);
    }
    if (!Object.prototype.hasOwnProperty.call(FUNCTIONS, value)) {
      fail(this.source, position, `unknown function "${value}" (known: ${Object.keys(FUNCTIONS).join(', ')})`);
    }
    const name = value as FunctionName;
    const args: Expression[] = [];
    if (!this.isSymbol(')')) {
      args.push(this.or());
      while (this.isSymbol(',')) {
        this.index++;
        args.push(this.or());
      }
    }
    this.expectSymbol(')');
    const { minArgs, maxArgs } = FUNCTIONS[name];
    if (args.length < minArgs || args.length > maxArgs) {
      const expected = minArgs === maxArgs ? `${minArgs}` : `${minArgs} or ${maxArgs}`;
      fail(this.source, position, `${name}() takes ${expected} argument${maxArgs === 1 ? '' : 's'}, not ${args.length}`);
    }
    if (name === 'round' && args[1] && !(args[1].kind === 'number' && Number.isInteger(args[1].value) && args[1].value <= 10)) {
      fail(this.source, args[1].position, 'round() takes its number of decimals as a whole number 0 to 10');
    }
    return { kind: 'call', name, args, position };
  }
}

function describe(token: Token): string {
  switch (token.type) {
    case 'end':
      return 'end of expression';
    case 'string':
      return `string "${token.value}"`;
    default:
      return `"${token.value}"`;
  }
}

/** Parses a calculated-field expression or a check rule; throws FormDefinitionError naming the expression. */
export function parseExpression(source: string): ParsedExpression {
  if (typeof source !== 'string') throw new FormDefinitionError(`Invalid expression: expected a string, got ${typeof source}`);
  return { source, root: new Parser(source, tokenize(source)).parse() };
}
