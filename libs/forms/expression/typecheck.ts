import { FormDefinitionError } from '../errors';
import { Expression, ParsedExpression } from './ast';

/** What a (sub)expression yields; `any` when only the data will tell (another form's field). */
export type ValueKind = 'number' | 'string' | 'boolean' | 'list' | 'any';

/** The kind a reference name holds, or undefined when the name means nothing in this form. */
export type KindOf = (name: string) => ValueKind | undefined;

/**
 * Infers the kind an expression yields and refuses the mistakes a definition author makes: unknown
 * fields, arithmetic on dates, comparing a boolean with a number, `and` over numbers... so that a
 * broken study definition fails when it is loaded rather than on the first save.
 */
export function inferKind(expression: ParsedExpression, kindOf: KindOf): ValueKind {
  const fail = (position: number, reason: string): never => {
    throw new FormDefinitionError(
      `Invalid expression "${expression.source}": ${reason} at position ${position}`,
      expression.source,
      position,
    );
  };
  const expect = (node: Expression, wanted: ValueKind, context: string): void => {
    const kind = infer(node);
    if (kind !== wanted && kind !== 'any') fail(node.position, `${context} needs ${article(wanted)}, not ${article(kind)}`);
  };
  const infer = (node: Expression): ValueKind => {
    switch (node.kind) {
      case 'number':
        return 'number';
      case 'string':
        return 'string';
      case 'boolean':
        return 'boolean';
      case 'reference':
        return kindOf(node.name) ?? fail(node.position, `unknown field "${node.name}"`);
      case 'unary':
        expect(node.operand, node.operator === '-' ? 'number' : 'boolean', `"${node.operator}"`);
        return node.operator === '-' ? 'number' : 'boolean';
      case 'call':
        return inferCall(node);
      case 'binary':
        return inferBinary(node);
    }
  };
  const inferCall = (node: Expression & { kind: 'call' }): ValueKind => {
    switch (node.name) {
      case 'round':
        expect(node.args[0], 'number', 'round()');
        return 'number';
      case 'days':
        node.args.forEach((arg) => expect(arg, 'string', 'days()'));
        return 'number';
      case 'isblank':
        infer(node.args[0]);
        return 'boolean';
      case 'has':
        expect(node.args[0], 'list', 'has()');
        infer(node.args[1]);
        return 'boolean';
    }
  };
  const inferBinary = (node: Expression & { kind: 'binary' }): ValueKind => {
    const { operator, left, right } = node;
    switch (operator) {
      case '+':
      case '-':
      case '*':
      case '/':
        expect(left, 'number', `"${operator}"`);
        expect(right, 'number', `"${operator}"`);
        return 'number';
      case 'and':
      case 'or':
        expect(left, 'boolean', `"${operator}"`);
        expect(right, 'boolean', `"${operator}"`);
        return 'boolean';
      case '==':
      case '!=': {
        const [a, b] = [infer(left), infer(right)];
        if (a !== 'any' && b !== 'any' && a !== b)
          fail(node.position, `"${operator}" compares ${article(a)} with ${article(b)}, which is never equal`);
        return 'boolean';
      }
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const [a, b] = [infer(left), infer(right)];
        for (const kind of [a, b]) {
          if (kind === 'boolean' || kind === 'list') fail(node.position, `"${operator}" cannot order ${article(kind)}`);
        }
        if (a !== 'any' && b !== 'any' && a !== b) fail(node.position, `"${operator}" compares ${article(a)} with ${article(b)}`);
        return 'boolean';
      }
    }
  };
  return infer(expression.root);
}

function article(kind: ValueKind): string {
  switch (kind) {
    case 'number':
      return 'a number';
    case 'string':
      return 'a string or date';
    case 'boolean':
      return 'true/false';
    case 'list':
      return 'a multichoice list';
    case 'any':
      return 'any value';
  }
}
