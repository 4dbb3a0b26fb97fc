import { TEIAS, POTEISS } from '@trialdata/protocol';
import { ENROLMENT_CHECKS, formEvaluator, FUTURE_DATE, validateFormValues } from './index';

const form = (study: typeof TEIAS, id: string) => study.forms.find((f) => f.id === id)!;

describe('dates in the future', () => {
  it('refuses a date after today, and accepts today and earlier', () => {
    const consent = form(TEIAS, 'consent');
    const check = (date: string) =>
      validateFormValues(consent, { date, version: '1' }, { status: 'incomplete', today: '2026-11-27' }).errors;
    expect(check('2026-11-28')).toEqual([{ field: 'date', message: `${FUTURE_DATE} (today is 2026-11-27)` }]);
    expect(check('2026-11-27')).toEqual([]);
    expect(check('2026-01-01')).toEqual([]);
  });

  it('checks nothing about the future without today (pure callers, old data)', () => {
    expect(validateFormValues(form(TEIAS, 'consent'), { date: '2999-01-01' }, { status: 'incomplete' }).errors).toEqual([]);
  });
});

describe('demographics against enrolment', () => {
  const enrolment = { date: '2026-11-27', birthYear: 1990, sex: 'female' };
  const evaluate = formEvaluator(form(TEIAS, 'demographics'));

  it('warns, naming both values, when birth year or sex differ from enrolment', () => {
    const r = evaluate({ birth_year: 1989, sex: 2 }, { status: 'incomplete', context: { enrolment } });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([
      { field: 'birth_year', check: ENROLMENT_CHECKS.birthYear, message: 'Year of birth 1989 differs from 1990 recorded at enrolment' },
      { field: 'sex', check: ENROLMENT_CHECKS.sex, message: 'Sex male differs from female recorded at enrolment' },
    ]);
  });

  it('is silent when they agree, or when enrolment is not known', () => {
    expect(evaluate({ birth_year: 1990, sex: 1 }, { status: 'incomplete', context: { enrolment } }).warnings).toEqual([]);
    expect(evaluate({ birth_year: 1989, sex: 2 }, { status: 'incomplete' }).warnings).toEqual([]);
  });

  it('compares an age with the birth year at the enrolment date (POTEISS)', () => {
    const demo = POTEISS.forms.find((f) => f.fields.some((x) => x.id === 'age'))!;
    const warn = (age: number) =>
      validateFormValues(demo, { age }, { status: 'incomplete', context: { enrolment } }).warnings.filter((w) => w.field === 'age');
    expect(warn(36)).toEqual([]);
    expect(warn(35)).toEqual([]);
    expect(warn(40)).toEqual([
      expect.objectContaining({ check: ENROLMENT_CHECKS.age, message: expect.stringContaining('birth year 1990') }),
    ]);
  });
});
