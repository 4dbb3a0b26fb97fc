/** The syntax tree of a form expression (calculated fields and check rules). */

export type BinaryOperator = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or';

export const FUNCTIONS = {
  /** round(x) or round(x, d): half away from zero, d = 0..10 given as a number literal. */
  round: { minArgs: 1, maxArgs: 2 },
  /** days(a, b): whole days from date a to date b (b - a), both 'YYYY-MM-DD'. */
  days: { minArgs: 2, maxArgs: 2 },
  /** isblank(x): no usable value (blank, empty list, or a missing-data code). */
  isblank: { minArgs: 1, maxArgs: 1 },
  /** has(list, code): a multichoice answer includes the code. */
  has: { minArgs: 2, maxArgs: 2 },
} as const;

export type FunctionName = keyof typeof FUNCTIONS;

export type Expression =
  | { kind: 'number'; value: number; position: number }
  | { kind: 'string'; value: string; position: number }
  | { kind: 'boolean'; value: boolean; position: number }
  /** `weight` (a field of the form) or `enrolment.date` / `anchor.date` / `<formId>.<fieldId>`. */
  | { kind: 'reference'; name: string; position: number }
  | { kind: 'unary'; operator: '-' | 'not'; operand: Expression; position: number }
  | { kind: 'binary'; operator: BinaryOperator; left: Expression; right: Expression; position: number }
  | { kind: 'call'; name: FunctionName; args: Expression[]; position: number };

/** A parsed expression with the source it came from, for error messages. */
export interface ParsedExpression {
  source: string;
  root: Expression;
}

export interface Reference {
  name: string;
  /** Inside isblank(...): asking whether it is blank, so blankness must not skip the rule. */
  testsBlank: boolean;
}

/** Every reference in source order (duplicates kept, so the first one is the first mentioned). */
export function expressionReferences(expression: ParsedExpression | Expression): Reference[] {
  const root = 'root' in expression ? expression.root : expression;
  const found: Reference[] = [];
  const walk = (node: Expression, testsBlank: boolean): void => {
    switch (node.kind) {
      case 'number':
      case 'string':
      case 'boolean':
        return;
      case 'reference':
        found.push({ name: node.name, testsBlank });
        return;
      case 'unary':
        walk(node.operand, testsBlank);
        return;
      case 'binary':
        walk(node.left, testsBlank);
        walk(node.right, testsBlank);
        return;
      case 'call':
        for (const arg of node.args) walk(arg, testsBlank || node.name === 'isblank');
        return;
    }
  };
  walk(root, false);
  return found;
}
