import { dayNumber } from '../dates';
import { FormDefinitionError } from '../errors';
import { hasNoData, isPlainObject, jsonEqual } from '../json';
import { Expression, ParsedExpression } from './ast';

/** What an expression computes. null is blank (no data, or a division by zero). */
export type ExpressionValue = number | string | boolean | readonly unknown[] | null;

/** Looks a reference name up (`weight`, `enrolment.date`, `baseline.nrs_leg`); undefined when unknown. */
export type Resolve = (name: string) => unknown;

/**
 * Evaluates a parsed expression. Blank propagates like SQL NULL: arithmetic and comparisons with a
 * blank operand are blank, and/or follow three-valued logic, isblank() turns blank into true. Callers
 * that want "skip the rule when a referenced value is blank" check references first (see validate).
 * A value of the wrong type is a definition bug and throws FormDefinitionError.
 */
export function evaluateExpression(expression: ParsedExpression, resolve: Resolve): ExpressionValue {
  return new Evaluator(expression.source, resolve).run(expression.root);
}

class Evaluator {
  constructor(
    private readonly source: string,
    private readonly resolve: Resolve,
  ) {}

  run(node: Expression): ExpressionValue {
    switch (node.kind) {
      case 'number':
      case 'string':
      case 'boolean':
        return node.value;
      case 'reference':
        return this.reference(node.name, node.position);
      case 'unary': {
        const operand = this.run(node.operand);
        if (operand === null) return null;
        if (node.operator === '-') return -this.number(operand, node.operand.position);
        return !this.boolean(operand, node.operand.position);
      }
      case 'binary':
        return this.binary(node);
      case 'call':
        return this.call(node);
    }
  }

  private reference(name: string, position: number): ExpressionValue {
    const value = this.resolve(name);
    if (hasNoData(value)) return null;
    if (typeof value === 'number') return Number.isFinite(value) ? value : null;
    if (typeof value === 'string' || typeof value === 'boolean' || Array.isArray(value)) return value;
    return this.fail(position, `"${name}" holds ${isPlainObject(value) ? 'an object' : typeof value}, which expressions cannot use`);
  }

  private binary(node: Expression & { kind: 'binary' }): ExpressionValue {
    const { operator } = node;
    if (operator === 'and' || operator === 'or') {
      const left = this.run(node.left);
      const leftBool = left === null ? null : this.boolean(left, node.left.position);
      if (operator === 'and' && leftBool === false) return false;
      if (operator === 'or' && leftBool === true) return true;
      const right = this.run(node.right);
      const rightBool = right === null ? null : this.boolean(right, node.right.position);
      if (operator === 'and' && rightBool === false) return false;
      if (operator === 'or' && rightBool === true) return true;
      return leftBool === null || rightBool === null ? null : rightBool;
    }
    const left = this.run(node.left);
    const right = this.run(node.right);
    if (left === null || right === null) return null;
    switch (operator) {
      case '+':
      case '-':
      case '*':
      case '/': {
        const a = this.number(left, node.left.position);
        const b = this.number(right, node.right.position);
        const result = operator === '+' ? a + b : operator === '-' ? a - b : operator === '*' ? a * b : a / b;
        return Number.isFinite(result) ? result : null;
      }
      case '==':
        return jsonEqual(left, right);
      case '!=':
        return !jsonEqual(left, right);
      case '<':
      case '<=':
      case '>':
      case '>=':
        return this.compare(operator, left, right, node.position);
    }
  }

  private compare(operator: '<' | '<=' | '>' | '>=', left: ExpressionValue, right: ExpressionValue, position: number): boolean {
    const bothNumbers = typeof left === 'number' && typeof right === 'number';
    const bothStrings = typeof left === 'string' && typeof right === 'string';
    if (!bothNumbers && !bothStrings) {
      this.fail(position, `"${operator}" compares two numbers or two dates/strings, not ${kindOf(left)} and ${kindOf(right)}`);
    }
    const [a, b] = [left as number | string, right as number | string];
    switch (operator) {
      case '<':
        return a < b;
      case '<=':
        return a <= b;
      case '>':
        return a > b;
      case '>=':
        return a >= b;
    }
  }

  private call(node: Expression & { kind: 'call' }): ExpressionValue {
    if (node.name === 'isblank') return this.run(node.args[0]) === null;
    const args = node.args.map((arg) => this.run(arg));
    if (args.some((arg) => arg === null)) return null;
    switch (node.name) {
      case 'round': {
        const digits = args[1] === undefined ? 0 : this.number(args[1], node.args[1].position);
        return roundHalfAway(this.number(args[0], node.args[0].position), digits);
      }
      case 'days': {
        const [from, to] = args.map((arg, i) => {
          const day = dayNumber(arg);
          return day ?? this.fail(node.args[i].position, `days() needs dates written YYYY-MM-DD, got ${JSON.stringify(arg)}`);
        });
        return to - from;
      }
      case 'has': {
        const list = args[0];
        if (!Array.isArray(list)) return this.fail(node.args[0].position, `has() needs a multichoice list, not ${kindOf(list)}`);
        return list.some((item) => jsonEqual(item, args[1]));
      }
    }
  }

  private number(value: ExpressionValue, position: number): number {
    if (typeof value !== 'number') this.fail(position, `expected a number, got ${kindOf(value)}`);
    return value as number;
  }

  private boolean(value: ExpressionValue, position: number): boolean {
    if (typeof value !== 'boolean') this.fail(position, `expected true or false, got ${kindOf(value)}`);
    return value as boolean;
  }

  private fail(position: number, reason: string): never {
    throw new FormDefinitionError(`Invalid expression "${this.source}": ${reason} at position ${position}`, this.source, position);
  }
}

function kindOf(value: ExpressionValue): string {
  if (value === null) return 'blank';
  if (Array.isArray(value)) return 'a list';
  return `${typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : 'a boolean'} (${JSON.stringify(value)})`;
}

/** Rounds half away from zero at `digits` decimals, exact for decimal inputs such as 1.005 or 22.45. */
export function roundHalfAway(value: number, digits: number): number {
  const magnitude = Math.abs(value);
  const text = String(magnitude);
  // Scaling through the decimal text (not magnitude * 10 ** digits) keeps 1.005 from becoming 1.00499...
  const scaled = text.includes('e') ? magnitude * 10 ** digits : Number(`${text}e${digits}`);
  // An integer divided by an exact power of ten is correctly rounded, the same double as the decimal text.
  const rounded = Math.round(scaled) / 10 ** digits;
  const result = value < 0 ? -rounded : rounded;
  return result === 0 ? 0 : result;
}
