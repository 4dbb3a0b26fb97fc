import type { FieldDefinition } from './types';
import { showIfHolds, hiddenMessage } from './branching';
import { CompiledExpression, CompiledForm, ownFieldId } from './definition';
import { FormDefinitionError } from './errors';
import { evaluateExpression, ExpressionValue, Resolve, roundHalfAway } from './expression/evaluate';
import { checkFieldValue, FieldValueCheck } from './field-value';
import { hasNoData, isEmpty, show } from './json';

/** What rules may look at besides the form itself. Absent parts are blank, so rules using them are skipped. */
export interface FormContext {
  /** The enrolment date, plus any participant attribute a rule may read (`enrolment.cohort`). */
  enrolment?: { date: string; [attribute: string]: unknown };
  /** Day 0 of the participant's schedule (randomisation, injection or surgery date). */
  anchor?: { date: string; [attribute: string]: unknown };
  /** Other forms' saved values, by form id: what `<formId>.<fieldId>` reads. */
  otherForms?: Record<string, Record<string, unknown>>;
}

/** The field-by-field pass: visibility, type checks, calculations. Checks and required come on top. */
export interface ResolvedForm {
  /** Normalised value of every field of the form (null when blank, hidden or invalid). */
  values: Map<string, unknown>;
  visible: Set<string>;
  fieldErrors: Map<string, string[]>;
  /** Visible, required, entered (not calculated) fields that are blank. */
  blankRequired: string[];
}

export const CALCULATED_SENT = 'is calculated by the form and cannot be entered';

export function resolveForm(compiled: CompiledForm, input: Record<string, unknown>, context: FormContext = {}): ResolvedForm {
  const values = new Map<string, unknown>();
  const visible = new Set<string>();
  const fieldErrors = new Map<string, string[]>();
  const blankRequired: string[] = [];
  const addError = (field: string, message: string): void => {
    fieldErrors.set(field, [...(fieldErrors.get(field) ?? []), message]);
  };
  const resolve = resolver(compiled, values, context);

  for (const field of compiled.evaluationOrder) {
    const raw = Object.prototype.hasOwnProperty.call(input, field.id) ? input[field.id] : null;
    const { showIf } = field;
    const shown = !showIf || (visible.has(showIf.field) && showIfHolds(showIf, values.get(showIf.field)));
    if (shown) visible.add(field.id);
    values.set(field.id, null);

    const calculation = compiled.calculations.get(field.id);
    if (calculation) {
      if (!isEmpty(raw)) addError(field.id, CALCULATED_SENT);
      if (!shown) continue;
      const result = calculatedValue(field, calculation, resolve);
      if (result.ok) values.set(field.id, result.value);
      else addError(field.id, result.message);
      continue;
    }
    if (!shown) {
      if (!isEmpty(raw) && showIf) addError(field.id, hiddenMessage(showIf));
      continue;
    }
    const checked = checkFieldValue(field, raw);
    if (!checked.ok) {
      addError(field.id, checked.message);
      continue;
    }
    values.set(field.id, checked.value);
    if (field.required && checked.value === null) blankRequired.push(field.id);
  }
  return { values, visible, fieldErrors, blankRequired };
}

/** Reads references for expressions: own fields from the values resolved so far, the rest from context. */
export function resolver(compiled: CompiledForm, values: ReadonlyMap<string, unknown>, context: FormContext): Resolve {
  const own = (object: object | undefined, key: string): unknown =>
    object && Object.prototype.hasOwnProperty.call(object, key) ? (object as Record<string, unknown>)[key] : undefined;
  return (name) => {
    const fieldId = ownFieldId(compiled.form, name);
    if (fieldId !== undefined) return values.get(fieldId) ?? null;
    const [scope, key] = name.split('.');
    if (scope === 'enrolment' || scope === 'anchor') return own(context[scope], key);
    return own(own(context.otherForms, scope) as object | undefined, key);
  };
}

/** Evaluates an expression, or gives blank without evaluating when a value it uses (outside isblank) is blank. */
export function evaluateUnlessBlank(compiled: CompiledExpression, resolve: Resolve): ExpressionValue {
  if (compiled.references.some((r) => !r.testsBlank && hasNoData(resolve(r.name)))) return null;
  return evaluateExpression(compiled.expression, resolve);
}

function calculatedValue(field: FieldDefinition, calculation: CompiledExpression, resolve: Resolve): FieldValueCheck {
  let value: unknown = evaluateUnlessBlank(calculation, resolve);
  if (value === null) return { ok: true, value: null };
  const expectsNumber = field.type === 'integer' || field.type === 'decimal' || field.type === 'choice';
  const fits = expectsNumber
    ? typeof value === 'number'
    : field.type === 'boolean'
      ? typeof value === 'boolean'
      : field.type === 'multichoice'
        ? Array.isArray(value)
        : typeof value === 'string';
  if (!fits) {
    throw new FormDefinitionError(
      `field "${field.id}": calculated expression "${calculation.expression.source}" gave ${show(value)}, which does not fit a ${field.type} field`,
      calculation.expression.source,
    );
  }
  // Keep the decimals the field declares, so floating-point noise never reaches storage or audit.
  if (field.type === 'integer') value = roundHalfAway(value as number, 0);
  if (field.type === 'decimal' && field.precision !== undefined) value = roundHalfAway(value as number, field.precision);
  const checked = checkFieldValue(field, value);
  return checked.ok ? checked : { ok: false, message: `calculated value ${show(value)}: ${checked.message}` };
}
