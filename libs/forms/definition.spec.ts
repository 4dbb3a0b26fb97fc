import type { FieldDefinition, FormDefinition } from './types';
import { checkFormDefinition, FormDefinitionError } from './index';

const field = (id: string, type: FieldDefinition['type'], extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
  id,
  label: id,
  type,
  required: false,
  ...extra,
});

const base: FieldDefinition[] = [
  field('height', 'decimal'),
  field('weight', 'decimal'),
  field('surgery_date', 'date'),
  field('smoker', 'boolean'),
  field('note', 'text'),
  field('sides', 'multichoice', {
    options: [
      { code: 1, label: 'left' },
      { code: 2, label: 'right' },
    ],
  }),
];

const formWith = (fields: FieldDefinition[], checks: FormDefinition['checks'] = []): FormDefinition => ({
  id: 'surgery',
  title: 'Surgery',
  repeating: false,
  fields: [...base, ...fields],
  checks,
});
const rule = (text: string): FormDefinition['checks'] => [{ id: 'c1', severity: 'hard', message: 'm', rule: text }];

describe('checkFormDefinition', () => {
  it('accepts a form whose expressions use its fields, context dates, other forms and its own form id', () => {
    const form = formWith(
      [field('bmi', 'decimal', { calculated: 'round(weight / (height / 100) / (height / 100), 1)' })],
      [
        { id: 'a', severity: 'hard', message: 'm', rule: 'surgery_date >= enrolment.date and surgery_date >= anchor.date' },
        { id: 'b', severity: 'soft', message: 'm', rule: 'surgery.bmi < 50 or baseline.nrs_leg > 3' },
        { id: 'c', severity: 'soft', message: 'm', rule: 'isblank(note) or has(sides, 1) or smoker == true' },
        { id: 'd', severity: 'soft', message: 'm', rule: "enrolment.cohort == 'lumbar' or height > 100" },
      ],
    );
    expect(() => checkFormDefinition(form)).not.toThrow();
  });

  it.each([
    ['an unknown field in a calculation', formWith([field('x', 'decimal', { calculated: 'waist / 2' })]), 'unknown field "waist"'],
    ['an unknown field in a rule', formWith([], rule('hieght > 100')), 'unknown field "hieght"'],
    ['a context date compared with a number', formWith([], rule('height > enrolment.date')), 'compares a number with a string or date'],
    ['an unknown field of its own form by dotted name', formWith([], rule('surgery.nope > 1')), 'unknown field "surgery.nope"'],
    [
      'a calculation of the wrong type',
      formWith([field('x', 'text', { calculated: 'height * 2' })]),
      'yields number, but the field is text',
    ],
    ['a rule that is not true/false', formWith([], rule('height + 1')), 'must be true or false, not number'],
    ['arithmetic on a date', formWith([], rule('surgery_date + 1 > 3')), '"+" needs a number, not a string or date'],
    ['a boolean compared with a number', formWith([], rule('smoker == 1')), 'compares true/false with a number'],
    ['a date compared with a number', formWith([], rule('surgery_date > 20240101')), 'compares a string or date with a number'],
    ['ordering a boolean', formWith([], rule('smoker > false')), 'cannot order true/false'],
    ['and over numbers', formWith([], rule('height and weight')), '"and" needs true/false, not a number'],
    ['days() over numbers', formWith([], rule('days(height, surgery_date) > 1')), 'days() needs a string or date'],
    ['has() over a non-list', formWith([], rule('has(height, 1)')), 'has() needs a multichoice list'],
    ['a rule that mentions no field of its form', formWith([], rule('baseline.nrs > 3')), 'mentions no field of this form'],
    ['a parse error', formWith([], rule('height >')), 'unexpected end of expression'],
  ])('refuses %s', (_what, form, message) => {
    expect(() => checkFormDefinition(form)).toThrow(FormDefinitionError);
    expect(() => checkFormDefinition(form)).toThrow(message);
  });

  it('names the faulty expression on the error', () => {
    try {
      checkFormDefinition(formWith([], rule('smoker == 1')));
      throw new Error('accepted');
    } catch (error) {
      expect((error as FormDefinitionError).expression).toBe('smoker == 1');
    }
  });

  it.each([
    ['a repeated field id', formWith([field('height', 'integer')]), 'field "height" is defined twice'],
    ['a repeated check id', formWith([], [...rule('height > 1')!, ...rule('weight > 1')!]), 'check "c1" is defined twice'],
    ['a choice without options', formWith([field('x', 'choice')]), 'a choice field needs options'],
    [
      'repeated option codes',
      formWith([
        field('x', 'choice', {
          options: [
            { code: 1, label: 'a' },
            { code: 1, label: 'b' },
          ],
        }),
      ]),
      'option codes repeat',
    ],
    ['min above max', formWith([field('x', 'integer', { min: 5, max: 1 })]), 'min 5 is above max 1'],
    ['a broken pattern', formWith([field('x', 'text', { pattern: '[A-' })]), 'is not a valid regular expression'],
    ['a negative precision', formWith([field('x', 'decimal', { precision: -1 })]), 'precision must be a whole number'],
    [
      'an unknown missing-data code',
      formWith([field('x', 'integer', { missingCodes: ['refused' as 'unknown'] })]),
      '"refused" is not a missing-data code',
    ],
    ['showIf on an unknown field', formWith([field('x', 'integer', { showIf: { field: 'nope', equals: 1 } })]), 'showIf names "nope"'],
    ['showIf on itself', formWith([field('x', 'integer', { showIf: { field: 'x', equals: 1 } })]), 'showIf names "x"'],
    [
      'calculations that depend on each other',
      formWith([field('x', 'integer', { calculated: 'y + 1' }), field('y', 'integer', { calculated: 'x + 1' })]),
      'in a circle (x → y → x)',
    ],
    [
      'branching that depends on itself',
      formWith([
        field('x', 'integer', { showIf: { field: 'y', equals: 1 } }),
        field('y', 'integer', { showIf: { field: 'x', equals: 1 } }),
      ]),
      'in a circle',
    ],
  ])('refuses %s', (_what, form, message) => {
    expect(() => checkFormDefinition(form)).toThrow(FormDefinitionError);
    expect(() => checkFormDefinition(form)).toThrow(message);
  });
});
