import type { FieldDefinition, FormDefinition } from './types';
import { FormDefinitionError, isComplete, validateFormValues, visibleFields } from './index';

/** A small clinician form using every field type, branching, missing codes, a calculation and checks. */
const field = (id: string, type: FieldDefinition['type'], extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
  id,
  label: id.replace(/_/g, ' '),
  type,
  required: false,
  ...extra,
});

const form: FormDefinition = {
  id: 'injection',
  title: 'Injection procedure',
  repeating: false,
  fields: [
    field('birth_year', 'integer', { required: true, min: 1920, max: 2010 }),
    field('height', 'decimal', { required: true, min: 100, max: 230, precision: 1, unit: 'cm', missingCodes: ['not_done'] }),
    field('weight', 'decimal', { required: true, min: 30, max: 300, precision: 1, unit: 'kg', missingCodes: ['not_done', 'unknown'] }),
    field('bmi', 'decimal', { precision: 1, min: 10, max: 80, calculated: 'round(weight / ((height / 100) * (height / 100)), 1)' }),
    field('initials', 'text', { maxLength: 3, pattern: '[A-Z]+' }),
    field('injection_date', 'date', { required: true }),
    field('smoker', 'boolean', { required: true }),
    field('cigarettes_per_day', 'integer', { required: true, min: 1, max: 100, showIf: { field: 'smoker', equals: true } }),
    field('work', 'choice', {
      required: true,
      options: [
        { code: 1, label: 'employed' },
        { code: 2, label: 'unemployed' },
        { code: 3, label: 'student' },
      ],
    }),
    field('work_hours', 'integer', { required: true, min: 0, max: 80, showIf: { field: 'work', in: [1, 3] } }),
    field('complications', 'multichoice', {
      options: [
        { code: 1, label: 'vasovagal' },
        { code: 2, label: 'headache' },
        { code: 9, label: 'other' },
      ],
      missingCodes: ['unknown'],
    }),
    field('complication_other', 'text', { required: true, showIf: { field: 'complications', equals: 9 } }),
    field('nrs_leg', 'integer', { min: 0, max: 10 }),
  ],
  checks: [
    {
      id: 'after_enrolment',
      severity: 'hard',
      message: 'the injection cannot precede enrolment',
      rule: 'injection_date >= enrolment.date',
    },
    { id: 'after_mri', severity: 'hard', message: 'the injection cannot precede the MRI', rule: 'injection_date >= mri.scan_date' },
    {
      id: 'bmi_plausible',
      severity: 'soft',
      message: 'BMI outside 15 to 45: please verify height and weight',
      rule: 'bmi >= 15 and bmi <= 45',
    },
    {
      id: 'within_window',
      severity: 'soft',
      message: 'injected more than 4 days after randomisation',
      rule: 'days(anchor.date, injection_date) <= 4',
    },
  ],
};

const valid = {
  birth_year: 1980,
  height: 180,
  weight: 80,
  initials: 'JD',
  injection_date: '2024-03-04',
  smoker: true,
  cigarettes_per_day: 10,
  work: 1,
  work_hours: 32,
  complications: [9, 1],
  complication_other: 'dizzy',
  nrs_leg: 7,
};

const context = {
  enrolment: { date: '2024-03-01' },
  anchor: { date: '2024-03-02' },
  otherForms: { mri: { scan_date: '2024-02-20' } },
};

const complete = { status: 'complete' as const, context };
const incomplete = { status: 'incomplete' as const, context };

function errorsFor(values: Record<string, unknown>, options: Parameters<typeof validateFormValues>[2] = incomplete) {
  return validateFormValues(form, values, options).errors;
}

function messageFor(fieldId: string, value: unknown): string | undefined {
  return errorsFor({ ...valid, [fieldId]: value }).find((e) => e.field === fieldId)?.message;
}

describe('validateFormValues', () => {
  it('accepts a complete form and returns every field normalised, in form order, with BMI calculated', () => {
    const result = validateFormValues(form, valid, complete);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.hidden).toEqual([]);
    expect(result.values).toEqual({ ...valid, bmi: 24.7, complications: [1, 9] });
    expect(Object.keys(result.values)).toEqual(form.fields.map((f) => f.id));
  });

  it('refuses a field the form does not have', () => {
    expect(errorsFor({ ...valid, shoe_size: 44 })).toEqual([{ field: 'shoe_size', message: 'unknown field' }]);
  });

  it('refuses a value for a calculated field, which is computed from its expression', () => {
    expect(errorsFor({ ...valid, bmi: 24.7 })).toEqual([{ field: 'bmi', message: 'is calculated by the form and cannot be entered' }]);
    expect(errorsFor({ ...valid, bmi: null })).toEqual([]);
  });

  it('leaves BMI blank while height or weight is blank or a missing-data code', () => {
    expect(validateFormValues(form, { ...valid, height: null }, incomplete).values.bmi).toBeNull();
    expect(validateFormValues(form, { ...valid, weight: { missing: 'unknown' } }, incomplete).values.bmi).toBeNull();
  });

  it('reports a calculated value outside its field range on the calculated field', () => {
    expect(errorsFor({ ...valid, height: 100, weight: 300 })).toEqual([
      { field: 'bmi', message: 'calculated value 300: must be at most 80' },
    ]);
  });

  describe('types and ranges', () => {
    it.each([
      ['birth_year', 1980.5, 'must be a whole number'],
      ['birth_year', '1980', 'must be a whole number'],
      ['birth_year', 1919, 'must be at least 1920'],
      ['birth_year', 2011, 'must be at most 2010'],
      ['height', '180', 'must be a number'],
      ['height', 180.25, 'must have at most 1 decimal'],
      ['height', 99.9, 'must be at least 100'],
      ['height', 230.1, 'must be at most 230'],
      ['initials', 12, 'must be text'],
      ['initials', 'ABCD', 'must be at most 3 characters long'],
      ['initials', 'jd', 'must match the pattern [A-Z]+'],
      ['injection_date', '2024-3-4', 'must be a date written YYYY-MM-DD'],
      ['injection_date', '2024-03-04T10:00:00Z', 'must be a date written YYYY-MM-DD'],
      ['injection_date', 20240304, 'must be a date written YYYY-MM-DD'],
      ['injection_date', '2023-02-29', '2023-02-29 is not a calendar date'],
      ['injection_date', '2024-04-31', '2024-04-31 is not a calendar date'],
      ['smoker', 'yes', 'must be true or false'],
      ['smoker', 1, 'must be true or false'],
      ['work', 4, 'must be one of the codes 1, 2, 3'],
      ['work', '1', 'must be one of the codes 1, 2, 3'],
      ['complications', 9, 'must be a list of codes from 1, 2, 9'],
      ['complications', [1, 3], 'must be a list of codes from 1, 2, 9'],
      ['complications', [9, 1, 9], 'lists code 9 more than once'],
      ['birth_year', { missing: 'not_done', note: 'x' }, 'must be a whole number'],
    ])('refuses %s = %j: %s', (fieldId, value, message) => {
      expect(messageFor(fieldId, value)).toBe(message);
    });

    it('accepts 29 February in a leap year, boundary values and a value within the precision', () => {
      expect(
        errorsFor({ ...valid, injection_date: '2024-02-29', birth_year: 1920, height: 230, weight: 80.5 }, { status: 'complete' }),
      ).toEqual([]);
    });

    it('treats an empty string and an empty list as blank', () => {
      const result = validateFormValues(form, { ...valid, initials: '', complications: [], complication_other: '  ' }, incomplete);
      expect(result.errors).toEqual([]);
      expect(result.values.initials).toBeNull();
      expect(result.values.complications).toBeNull();
      expect(result.values.complication_other).toBeNull();
    });
  });

  describe('missing-data codes', () => {
    it('accepts a code the field lists, and counts it as answered', () => {
      const result = validateFormValues(form, { ...valid, height: { missing: 'not_done' }, weight: { missing: 'unknown' } }, complete);
      expect(result.errors).toEqual([]);
      expect(result.values.height).toEqual({ missing: 'not_done' });
      expect(result.values.bmi).toBeNull();
    });

    it('refuses a code the field does not list', () => {
      expect(messageFor('height', { missing: 'unknown' })).toBe('missing-data code "unknown" is not allowed: this field takes not_done');
      expect(messageFor('birth_year', { missing: 'not_done' })).toBe(
        'missing-data code "not_done" is not allowed: this field takes no missing-data codes',
      );
    });

    it('refuses something that is not a missing-data code', () => {
      expect(messageFor('height', { missing: 'refused' })).toBe('missing-data code must be one of not_done, unknown, not_applicable');
    });
  });

  describe('required', () => {
    const blanks = { ...valid, birth_year: null, height: undefined, injection_date: '', work_hours: null };

    it('is not enforced while the form is incomplete', () => {
      expect(errorsFor(blanks, incomplete)).toEqual([]);
      expect(errorsFor({}, incomplete)).toEqual([]);
    });

    it('lists every blank visible required field when the form is complete', () => {
      expect(errorsFor(blanks, complete)).toEqual([
        { field: 'birth_year', message: 'required' },
        { field: 'height', message: 'required' },
        { field: 'injection_date', message: 'required' },
        { field: 'work_hours', message: 'required' },
      ]);
    });

    it('does not ask for required fields that branching hides', () => {
      const values = {
        ...valid,
        smoker: false,
        cigarettes_per_day: null,
        work: 2,
        work_hours: null,
        complications: [1],
        complication_other: null,
      };
      const result = validateFormValues(form, values, complete);
      expect(result.errors).toEqual([]);
      expect(result.hidden).toEqual(['cigarettes_per_day', 'work_hours', 'complication_other']);
    });
  });

  describe('branching', () => {
    it('hides a field whose equals condition fails and refuses a value for it', () => {
      const result = validateFormValues(form, { ...valid, smoker: false }, incomplete);
      expect(result.errors).toEqual([{ field: 'cigarettes_per_day', message: 'hidden by branching: smoker is not true' }]);
      expect(result.hidden).toEqual(['cigarettes_per_day']);
      expect(result.values.cigarettes_per_day).toBeNull();
    });

    it('hides a field whose in condition fails', () => {
      expect(errorsFor({ ...valid, work: 2 })).toEqual([{ field: 'work_hours', message: 'hidden by branching: work is not one of 1, 3' }]);
    });

    it('shows a field whose in condition holds for any listed value', () => {
      expect(errorsFor({ ...valid, work: 3 }, complete)).toEqual([]);
      expect(errorsFor({ ...valid, work: 3, work_hours: null }, complete)).toEqual([{ field: 'work_hours', message: 'required' }]);
    });

    it('hides a field while its controlling field is blank or a missing-data code', () => {
      expect(errorsFor({ ...valid, smoker: null })).toEqual([
        { field: 'cigarettes_per_day', message: 'hidden by branching: smoker is not true' },
      ]);
      expect(errorsFor({ ...valid, complications: { missing: 'unknown' } })).toEqual([
        { field: 'complication_other', message: 'hidden by branching: complications is not 9' },
      ]);
    });

    it('shows a field under a multichoice controller when the chosen codes include the value', () => {
      expect(validateFormValues(form, { ...valid, complications: [1, 9] }, complete).hidden).toEqual([]);
      expect(errorsFor({ ...valid, complications: [1, 2] })).toEqual([
        { field: 'complication_other', message: 'hidden by branching: complications is not 9' },
      ]);
    });

    it('refuses a missing-data code on a hidden field, but accepts null', () => {
      expect(messageFor('work_hours', null)).toBeUndefined();
      expect(errorsFor({ ...valid, smoker: false, cigarettes_per_day: { missing: 'not_done' } })).toEqual([
        { field: 'cigarettes_per_day', message: 'hidden by branching: smoker is not true' },
      ]);
    });
  });

  describe('checks', () => {
    it('turns a failed hard check into an error naming the check, on the first field the rule mentions', () => {
      expect(errorsFor({ ...valid, injection_date: '2024-02-28' })).toEqual([
        { field: 'injection_date', message: 'after_enrolment: the injection cannot precede enrolment' },
      ]);
    });

    it('turns a failed soft check into a warning and still accepts the values', () => {
      const result = validateFormValues(form, { ...valid, height: 150, weight: 120 }, complete);
      expect(result.errors).toEqual([]);
      expect(result.values.bmi).toBe(53.3);
      expect(result.warnings).toEqual([
        { field: 'bmi', check: 'bmi_plausible', message: 'BMI outside 15 to 45: please verify height and weight' },
      ]);
    });

    it('uses the context anchor date with days()', () => {
      const result = validateFormValues(form, { ...valid, injection_date: '2024-03-07' }, incomplete);
      expect(result.warnings.map((w) => w.check)).toEqual(['within_window']);
    });

    it('checks against another form through otherForms', () => {
      const options = { status: 'incomplete' as const, context: { ...context, otherForms: { mri: { scan_date: '2024-03-10' } } } };
      expect(errorsFor(valid, options)).toEqual([{ field: 'injection_date', message: 'after_mri: the injection cannot precede the MRI' }]);
    });

    it('joins several failures on one field into one error entry', () => {
      const options = { status: 'incomplete' as const, context: { ...context, otherForms: { mri: { scan_date: '2024-03-10' } } } };
      expect(errorsFor({ ...valid, injection_date: '2024-02-28' }, options)).toEqual([
        {
          field: 'injection_date',
          message: 'after_enrolment: the injection cannot precede enrolment; after_mri: the injection cannot precede the MRI',
        },
      ]);
    });

    it('skips a check when a value it uses is blank, a missing-data code, invalid or hidden', () => {
      const early = { ...valid, injection_date: '2024-01-01' };
      expect(errorsFor(early, { status: 'incomplete' })).toEqual([]);
      expect(errorsFor(early, { status: 'incomplete', context: { enrolment: { date: '2024-03-01' }, otherForms: {} } })).toEqual([
        { field: 'injection_date', message: 'after_enrolment: the injection cannot precede enrolment' },
      ]);
      expect(errorsFor({ ...valid, injection_date: null })).toEqual([]);
      expect(validateFormValues(form, { ...valid, weight: { missing: 'not_done' } }, incomplete).warnings).toEqual([]);
      expect(validateFormValues(form, { ...valid, weight: 'heavy' }, incomplete).warnings).toEqual([]);
    });

    it('runs hard checks whatever the status', () => {
      expect(errorsFor({ ...valid, injection_date: '2024-02-28' }, complete)).toHaveLength(1);
    });
  });

  it('answers values that are not an object with one error', () => {
    expect(validateFormValues(form, [] as unknown as Record<string, unknown>, incomplete).errors).toEqual([
      { field: 'values', message: 'must be an object of field values' },
    ]);
  });

  it('throws FormDefinitionError for a broken form rather than accepting anything', () => {
    const broken: FormDefinition = { ...form, checks: [{ id: 'x', severity: 'hard', message: 'x', rule: 'injection_date >= ' }] };
    expect(() => validateFormValues(broken, valid, incomplete)).toThrow(FormDefinitionError);
  });
});

describe('branching chains and calculated controllers', () => {
  const chain: FormDefinition = {
    id: 'followup',
    title: 'Follow-up',
    repeating: false,
    fields: [
      // Declared before its controller on purpose: evaluation follows dependencies, not form order.
      field('surgery_date', 'date', { required: true, showIf: { field: 'surgery', equals: true } }),
      field('had_event', 'boolean', { required: true }),
      field('surgery', 'boolean', { required: true, showIf: { field: 'had_event', equals: true } }),
      field('score', 'integer', { calculated: 'a + b' }),
      field('a', 'integer'),
      field('b', 'integer'),
      field('high_score_reason', 'text', { required: true, showIf: { field: 'score', in: [9, 10] } }),
    ],
  };

  it('hides a field whose controlling field is itself hidden, even if a stale value says otherwise', () => {
    expect(visibleFields(chain, { had_event: false, surgery: true })).toEqual(['had_event', 'score', 'a', 'b']);
    expect(visibleFields(chain, { had_event: true, surgery: true })).toEqual(['surgery_date', 'had_event', 'surgery', 'score', 'a', 'b']);
  });

  it('branches on a calculated field', () => {
    expect(visibleFields(chain, { a: 4, b: 5 })).toContain('high_score_reason');
    expect(validateFormValues(chain, { had_event: false, a: 1, b: 2, high_score_reason: 'x' }, { status: 'complete' }).errors).toEqual([
      { field: 'high_score_reason', message: 'hidden by branching: score is not one of 9, 10' },
    ]);
  });
});

describe('context attributes', () => {
  const surgery: FormDefinition = {
    id: 'surgery',
    title: 'Surgery',
    repeating: false,
    fields: [field('level', 'integer', { min: 1, max: 20 })],
    checks: [
      {
        id: 'level_matches_cohort',
        severity: 'hard',
        message: 'level does not match the cohort',
        rule: "(enrolment.cohort == 'lumbar' and level <= 5) or (enrolment.cohort == 'cervical' and level >= 11)",
      },
    ],
  };
  const withCohort = (cohort: string) => ({ status: 'incomplete' as const, context: { enrolment: { date: '2024-01-01', cohort } } });

  it('reads enrolment attributes other than the date, such as the cohort', () => {
    expect(validateFormValues(surgery, { level: 4 }, withCohort('lumbar')).errors).toEqual([]);
    expect(validateFormValues(surgery, { level: 4 }, withCohort('cervical')).errors).toEqual([
      { field: 'level', message: 'level_matches_cohort: level does not match the cohort' },
    ]);
    expect(validateFormValues(surgery, { level: 4 }, { status: 'incomplete' }).errors).toEqual([]);
  });
});

describe('isComplete', () => {
  it('is true when every visible required field has a value or an allowed missing-data code', () => {
    expect(isComplete(form, valid)).toBe(true);
    expect(isComplete(form, { ...valid, height: { missing: 'not_done' } })).toBe(true);
    expect(isComplete(form, { ...valid, smoker: false, cigarettes_per_day: null })).toBe(true);
  });

  it('is false when a visible required field is blank or invalid', () => {
    expect(isComplete(form, { ...valid, birth_year: null })).toBe(false);
    expect(isComplete(form, { ...valid, smoker: true, cigarettes_per_day: null })).toBe(false);
    expect(isComplete(form, { ...valid, birth_year: 'nineteen eighty' })).toBe(false);
    expect(isComplete(form, {})).toBe(false);
  });
});

describe('visibleFields', () => {
  it('lists the shown fields in form order', () => {
    expect(visibleFields(form, { smoker: false, work: 2 })).toEqual(
      form.fields.map((f) => f.id).filter((id) => !['cigarettes_per_day', 'work_hours', 'complication_other'].includes(id)),
    );
    expect(visibleFields(form, valid)).toEqual(form.fields.map((f) => f.id));
  });
});
