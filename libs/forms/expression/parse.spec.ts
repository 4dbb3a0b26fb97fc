import { evaluateExpression, expressionReferences, FormDefinitionError, parseExpression } from '../index';

const evaluate = (source: string, values: Record<string, unknown> = {}) =>
  evaluateExpression(parseExpression(source), (name) => values[name]);

function parseError(source: string): FormDefinitionError {
  try {
    parseExpression(source);
  } catch (error) {
    if (error instanceof FormDefinitionError) return error;
    throw error;
  }
  throw new Error(`"${source}" parsed`);
}

describe('parseExpression', () => {
  it('gives * and / precedence over + and -, and parentheses over both', () => {
    expect(evaluate('1 + 2 * 3')).toBe(7);
    expect(evaluate('(1 + 2) * 3')).toBe(9);
    expect(evaluate('10 - 4 - 3')).toBe(3);
    expect(evaluate('12 / 2 / 3')).toBe(2);
    expect(evaluate('-2 * -3')).toBe(6);
    expect(evaluate('.5 + 1.25')).toBe(1.75);
  });

  it('binds comparison tighter than not, not tighter than and, and tighter than or', () => {
    expect(evaluate('not 1 > 2 and 2 > 1')).toBe(true);
    expect(evaluate('1 > 2 and 2 > 1 or 3 > 2')).toBe(true);
    expect(evaluate('1 > 2 and (2 > 1 or 3 > 2)')).toBe(false);
    expect(evaluate('not not true')).toBe(true);
  });

  it('reads strings in either quote with backslash escapes, and the words true and false', () => {
    expect(evaluate(`'it\\'s' == "it's"`)).toBe(true);
    expect(evaluate('"a\\\\b"')).toBe('a\\b');
    expect(evaluate('true != false')).toBe(true);
  });

  it('lists references in source order, marking those only asked about by isblank', () => {
    const parsed = parseExpression('isblank(other_text) or injection_date >= enrolment.date and baseline.nrs_leg > 3');
    expect(expressionReferences(parsed)).toEqual([
      { name: 'other_text', testsBlank: true },
      { name: 'injection_date', testsBlank: false },
      { name: 'enrolment.date', testsBlank: false },
      { name: 'baseline.nrs_leg', testsBlank: false },
    ]);
  });

  it.each([
    ['', 'empty expression'],
    ['   ', 'empty expression'],
    ['(weight + 1', 'expected ")" but found end of expression'],
    ['weight + 1)', 'unexpected ")"'],
    ['weight +', 'unexpected end of expression'],
    ['weight height', 'unexpected "height"'],
    ['1 < a < 3', 'comparisons cannot be chained'],
    ['a && b', '"&&" is not an operator here, write "and"'],
    ['a || b', 'write "or"'],
    ['!a', 'write "not"'],
    ['a = 1', 'write "=="'],
    ['a <> 1', 'write "!="'],
    ["name == 'x", 'unterminated string'],
    ['a # b', 'unexpected character "#"'],
    ['1.2.3', 'malformed number'],
    ['2weeks', 'malformed number'],
    ['a.b.c > 1', 'more than one "."'],
    ['enrolment. > 1', 'may not end with "."'],
    ['today() > injection_date', 'today() is not allowed'],
    ['sqrt(4)', 'unknown function "sqrt"'],
    ['days(a)', 'days() takes 2 arguments, not 1'],
    ['isblank()', 'isblank() takes 1 argument, not 0'],
    ['round(a, 1, 2)', 'round() takes 1 or 2 arguments, not 3'],
    ['round(a, d)', 'round() takes its number of decimals as a whole number'],
    ['round(a, 1.5)', 'round() takes its number of decimals as a whole number'],
    ['a and', 'unexpected end of expression'],
    ['or a', 'unexpected "or"'],
  ])('refuses %j with a FormDefinitionError naming the expression (%s)', (source, reason) => {
    const error = parseError(source);
    expect(error.message).toContain(reason);
    expect(error.message).toContain(`"${source}"`);
    expect(error.expression).toBe(source);
    expect(error.code).toBe('FORM_DEFINITION');
  });

  it('reports where the problem is', () => {
    expect(parseError('weight + * 2').position).toBe(9);
  });

  it('never runs the text as JavaScript', () => {
    expect(() => parseExpression('process.exit(1)')).toThrow(/unknown function "process.exit"/);
    expect(() => parseExpression('constructor.constructor("return 1")()')).toThrow(FormDefinitionError);
    expect(evaluate('constructor.name == "x"')).toBeNull();
  });
});
