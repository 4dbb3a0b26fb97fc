import { evaluateExpression, FormDefinitionError, parseExpression } from '../index';
import { roundHalfAway } from './evaluate';

const evaluate = (source: string, values: Record<string, unknown> = {}) =>
  evaluateExpression(parseExpression(source), (name) => values[name]);

describe('evaluateExpression', () => {
  it('computes BMI from weight in kg and height in cm', () => {
    expect(evaluate('round(weight / ((height / 100) * (height / 100)), 1)', { weight: 80, height: 180 })).toBe(24.7);
  });

  it('rounds half away from zero without floating-point surprises', () => {
    expect(evaluate('round(2.5)')).toBe(3);
    expect(evaluate('round(-2.5)')).toBe(-3);
    expect(evaluate('round(1.005, 2)')).toBe(1.01);
    expect(evaluate('round(22.45, 1)')).toBe(22.5);
    expect(roundHalfAway(1e-7, 7)).toBe(1e-7);
    expect(roundHalfAway(-0.01, 1)).toBe(0);
  });

  it('compares dates as YYYY-MM-DD strings and counts days from the first date to the second', () => {
    const values = { injection_date: '2024-03-04', 'enrolment.date': '2024-02-27' };
    expect(evaluate('injection_date >= enrolment.date', values)).toBe(true);
    expect(evaluate('injection_date < enrolment.date', values)).toBe(false);
    expect(evaluate('days(enrolment.date, injection_date)', values)).toBe(6);
    expect(evaluate('days(injection_date, enrolment.date)', values)).toBe(-6);
    expect(evaluate('days("2023-12-31", "2024-12-31")')).toBe(366);
  });

  it('treats blank, an empty list and a missing-data code as blank for isblank', () => {
    expect(evaluate('isblank(a)', { a: null })).toBe(true);
    expect(evaluate('isblank(a)', {})).toBe(true);
    expect(evaluate('isblank(a)', { a: '' })).toBe(true);
    expect(evaluate('isblank(a)', { a: [] })).toBe(true);
    expect(evaluate('isblank(a)', { a: { missing: 'not_done' } })).toBe(true);
    expect(evaluate('isblank(a)', { a: 0 })).toBe(false);
    expect(evaluate('isblank(a)', { a: false })).toBe(false);
  });

  it('asks whether a multichoice answer includes a code with has', () => {
    expect(evaluate('has(symptoms, 9)', { symptoms: [1, 9] })).toBe(true);
    expect(evaluate('has(symptoms, 2)', { symptoms: [1, 9] })).toBe(false);
  });

  it('compares lists and values by content with == and !=', () => {
    expect(evaluate('a == b', { a: [1, 2], b: [1, 2] })).toBe(true);
    expect(evaluate('a != 1', { a: 2 })).toBe(true);
  });

  it('propagates blank through arithmetic and comparisons, with three-valued and/or', () => {
    expect(evaluate('a + 1', {})).toBeNull();
    expect(evaluate('a > 1', {})).toBeNull();
    expect(evaluate('not (a > 1)', {})).toBeNull();
    expect(evaluate('a > 1 and false', {})).toBe(false);
    expect(evaluate('a > 1 or true', {})).toBe(true);
    expect(evaluate('a > 1 and true', {})).toBeNull();
    expect(evaluate('round(a, 1)', {})).toBeNull();
  });

  it('gives blank for a division by zero instead of Infinity', () => {
    expect(evaluate('weight / height', { weight: 80, height: 0 })).toBeNull();
    expect(evaluate('isblank(1 / 0)')).toBe(true);
  });

  it('short-circuits and/or, so the right side is not needed when the left decides', () => {
    expect(evaluate('false and a + 1 > 0', { a: 'text' })).toBe(false);
    expect(evaluate('true or a + 1 > 0', { a: 'text' })).toBe(true);
  });

  it.each([
    ['a + 1', { a: 'text' }, 'expected a number, got a string ("text")'],
    ['a and true', { a: 1 }, 'expected true or false, got a number (1)'],
    ['a < 3', { a: '2024-01-01' }, '"<" compares two numbers or two dates/strings'],
    ['days(a, "2024-01-01")', { a: '2024-02-30' }, 'days() needs dates written YYYY-MM-DD'],
    ['has(a, 1)', { a: 1 }, 'has() needs a multichoice list'],
    ['a == 1', { a: { nested: true } }, 'holds an object'],
  ])('throws a FormDefinitionError when %s gets a value of the wrong type', (source, values, reason) => {
    expect(() => evaluate(source, values)).toThrow(FormDefinitionError);
    expect(() => evaluate(source, values)).toThrow(reason);
  });
});
