import type { FormDefinition } from './types';
import type { CheckWarning } from './validate';
import type { FormContext } from './resolve';

/**
 * Demographics entered on a form that contradict what enrolment recorded (the participant's birth
 * year and sex, `POST /studies/{study}/participants`). Found by field semantics: a `birth_year`
 * integer, a `sex` choice whose option labels are Female / Male, an `age` integer in years (compared
 * with the age the birth year gives at the enrolment date). Soft: the save goes on, a query opens.
 */
export const ENROLMENT_CHECKS = { birthYear: 'enrolment_birth_year', sex: 'enrolment_sex', age: 'enrolment_age' } as const;

export function enrolmentWarnings(form: FormDefinition, values: Record<string, unknown>, context: FormContext): CheckWarning[] {
  const enrolment = context.enrolment;
  if (!enrolment) return [];
  const warnings: CheckWarning[] = [];
  const field = (id: string) => form.fields.find((f) => f.id === id);
  const birthYear = typeof enrolment.birthYear === 'number' ? enrolment.birthYear : null;

  const year = field('birth_year');
  const yearValue = values.birth_year;
  if (year && year.type === 'integer' && birthYear !== null && typeof yearValue === 'number' && yearValue !== birthYear) {
    warnings.push({
      field: 'birth_year',
      check: ENROLMENT_CHECKS.birthYear,
      message: `Year of birth ${yearValue} differs from ${birthYear} recorded at enrolment`,
    });
  }

  const sex = field('sex');
  const sexValue = values.sex;
  if (sex && sex.type === 'choice' && typeof enrolment.sex === 'string' && typeof sexValue === 'number') {
    const label = sex.options?.find((o) => o.code === sexValue)?.label;
    const known = (sex.options ?? []).some((o) => o.label.toLowerCase() === enrolment.sex);
    if (label && known && label.toLowerCase() !== enrolment.sex) {
      warnings.push({
        field: 'sex',
        check: ENROLMENT_CHECKS.sex,
        message: `Sex ${label.toLowerCase()} differs from ${enrolment.sex} recorded at enrolment`,
      });
    }
  }

  const age = field('age');
  const ageValue = values.age;
  const enrolledYear = typeof enrolment.date === 'string' ? Number(enrolment.date.slice(0, 4)) : NaN;
  if (age && age.type === 'integer' && birthYear !== null && typeof ageValue === 'number' && Number.isFinite(enrolledYear)) {
    const oldest = enrolledYear - birthYear;
    if (ageValue !== oldest && ageValue !== oldest - 1) {
      warnings.push({
        field: 'age',
        check: ENROLMENT_CHECKS.age,
        message: `Age ${ageValue} does not fit birth year ${birthYear} recorded at enrolment (${oldest - 1} or ${oldest} on ${enrolment.date})`,
      });
    }
  }
  return warnings;
}
