import type { FormDefinition } from './types';
import { compileForm, type CompiledForm } from './definition';
import { enrolmentWarnings } from './enrolment';
import { FieldError, FormDefinitionError } from './errors';
import { isPlainObject } from './json';
import { evaluateUnlessBlank, FormContext, resolveForm, resolver } from './resolve';

export type FormStatus = 'incomplete' | 'complete';

export interface ValidateOptions {
  status: FormStatus;
  context?: FormContext;
  /**
   * Today in the study time zone (YYYY-MM-DD). Given, a date field after it is refused: every date on
   * a case report form records something that has happened (docs/forms.md "Dates in the future").
   */
  today?: string;
}

/** A soft check that failed: the form saves, and a data query is opened. */
export interface CheckWarning {
  field: string;
  /** The check's id from the form definition. */
  check: string;
  message: string;
}

export interface FormValidationResult {
  /** At most one entry per field (several problems are joined with "; "); empty means the save may go on. */
  errors: FieldError[];
  warnings: CheckWarning[];
  /** Every field of the form in form order: normalised, calculated fields computed, null when blank. */
  values: Record<string, unknown>;
  /** Fields hidden by branching, in form order. */
  hidden: string[];
}

export const UNKNOWN_FIELD = 'unknown field';
export const REQUIRED = 'required';

/**
 * Validates the values a clinician saves on a case report form (a PUT replaces them all) and returns
 * them normalised. Throws FormDefinitionError only when the form definition itself is broken.
 */
export function validateFormValues(form: FormDefinition, values: Record<string, unknown>, options: ValidateOptions): FormValidationResult {
  return validateCompiled(compileForm(form), values, options);
}

/**
 * Compiles the form once and validates many times: what the console does on every key press (the
 * same rules as the server, so branching, calculations and checks update live).
 */
export function formEvaluator(form: FormDefinition): (values: Record<string, unknown>, options: ValidateOptions) => FormValidationResult {
  const compiled = compileForm(form);
  return (values, options) => validateCompiled(compiled, values, options);
}

export const FUTURE_DATE = 'is in the future';

function validateCompiled(compiled: CompiledForm, values: Record<string, unknown>, options: ValidateOptions): FormValidationResult {
  const form = compiled.form;
  if (!isPlainObject(values)) {
    return { errors: [{ field: 'values', message: 'must be an object of field values' }], warnings: [], values: {}, hidden: [] };
  }
  const context = options.context ?? {};
  const resolved = resolveForm(compiled, values, context);
  const messages = resolved.fieldErrors;
  const addError = (field: string, message: string): void => {
    messages.set(field, [...(messages.get(field) ?? []), message]);
  };

  if (options.status === 'complete') {
    for (const field of resolved.blankRequired) addError(field, REQUIRED);
  }
  if (options.today !== undefined) {
    for (const field of form.fields) {
      const value = resolved.values.get(field.id);
      if (field.type === 'date' && field.calculated === undefined && typeof value === 'string' && value > options.today) {
        addError(field.id, `${FUTURE_DATE} (today is ${options.today})`);
      }
    }
  }

  const warnings: CheckWarning[] = [];
  const resolve = resolver(compiled, resolved.values, context);
  for (const { check, expression, references, field } of compiled.checks) {
    const outcome = evaluateUnlessBlank({ expression, references }, resolve);
    if (outcome === null || outcome === true) continue;
    if (outcome !== false) {
      throw new FormDefinitionError(
        `form "${form.id}", check "${check.id}": rule "${check.rule}" gave ${JSON.stringify(outcome)}, not true or false`,
        check.rule,
      );
    }
    if (check.severity === 'hard') addError(field, `${check.id}: ${check.message}`);
    else warnings.push({ field, check: check.id, message: check.message });
  }
  warnings.push(...enrolmentWarnings(form, Object.fromEntries(resolved.values), context));

  const unknown = Object.keys(values).filter((key) => !compiled.fields.has(key));
  const errors: FieldError[] = [
    ...form.fields.filter((f) => messages.has(f.id)).map((f) => ({ field: f.id, message: (messages.get(f.id) as string[]).join('; ') })),
    ...unknown.map((field) => ({ field, message: UNKNOWN_FIELD })),
  ];
  return {
    errors,
    warnings,
    values: Object.fromEntries(form.fields.map((f) => [f.id, resolved.values.get(f.id) ?? null])),
    hidden: form.fields.filter((f) => !resolved.visible.has(f.id)).map((f) => f.id),
  };
}

/** Ids of the fields shown for these values, in form order (branching cascades: a field under a hidden field is hidden). */
export function visibleFields(form: FormDefinition, values: Record<string, unknown>, context?: FormContext): string[] {
  const resolved = resolveForm(compileForm(form), isPlainObject(values) ? values : {}, context);
  return form.fields.filter((f) => resolved.visible.has(f.id)).map((f) => f.id);
}

/**
 * Whether every visible required field holds a valid value or an allowed missing-data code, i.e. whether
 * `required` would let the form be saved as complete (checks are validateFormValues' job).
 */
export function isComplete(form: FormDefinition, values: Record<string, unknown>, context?: FormContext): boolean {
  const resolved = resolveForm(compileForm(form), isPlainObject(values) ? values : {}, context);
  const invalidRequired = form.fields.some((f) => f.required && resolved.visible.has(f.id) && resolved.fieldErrors.has(f.id));
  return resolved.blankRequired.length === 0 && !invalidRequired;
}
