import type { FieldDefinition, FieldType, FormCheck, FormDefinition } from './types';
import { FormDefinitionError } from './errors';
import { Reference, expressionReferences, ParsedExpression } from './expression/ast';
import { parseExpression } from './expression/parse';
import { inferKind, ValueKind } from './expression/typecheck';
import { MISSING_CODES } from './json';
import { wholePattern } from './field-value';

/**
 * Context a rule may read besides the form's own fields and other forms' `<formId>.<fieldId>`:
 * `enrolment.date` and `anchor.date` (dates), and any other attribute of the enrolment or anchor the
 * caller passes (e.g. `enrolment.cohort`), whose type only the data tell.
 */
export const CONTEXT_ROOTS = ['enrolment', 'anchor'] as const;

export interface CompiledExpression {
  expression: ParsedExpression;
  references: Reference[];
}

export interface CompiledCheck extends CompiledExpression {
  check: FormCheck;
  /** Where a failure is reported: the first field of this form that the rule mentions. */
  field: string;
}

/** A form definition checked and prepared for validation. */
export interface CompiledForm {
  form: FormDefinition;
  fields: ReadonlyMap<string, FieldDefinition>;
  /** Fields ordered so that a showIf controller and a calculation's inputs come before their users. */
  evaluationOrder: FieldDefinition[];
  calculations: ReadonlyMap<string, CompiledExpression>;
  checks: CompiledCheck[];
}

/** The plain id of the form's own field that a reference names (`weight` or `<thisFormId>.weight`). */
export function ownFieldId(form: FormDefinition, name: string): string | undefined {
  const dot = name.indexOf('.');
  if (dot < 0) return name;
  return name.slice(0, dot) === form.id ? name.slice(dot + 1) : undefined;
}

const KIND_OF_TYPE: Record<FieldType, ValueKind> = {
  integer: 'number',
  decimal: 'number',
  choice: 'number',
  text: 'string',
  date: 'string',
  boolean: 'boolean',
  multichoice: 'list',
};

/**
 * Checks a form definition and prepares its expressions; throws FormDefinitionError on the first
 * problem. The protocol loader can call this (through checkFormDefinition) for every form at start-up.
 */
export function compileForm(form: FormDefinition): CompiledForm {
  const where = `form "${form.id}"`;
  const fields = new Map<string, FieldDefinition>();
  for (const field of form.fields) {
    if (fields.has(field.id)) throw new FormDefinitionError(`${where}: field "${field.id}" is defined twice`);
    fields.set(field.id, field);
    checkFieldDefinition(field, `${where}, field "${field.id}"`);
  }

  const kindOf = (name: string): ValueKind | undefined => {
    const own = ownFieldId(form, name);
    if (own !== undefined) {
      const field = fields.get(own);
      return field ? KIND_OF_TYPE[field.type] : undefined;
    }
    const [root, key] = name.split('.');
    return (CONTEXT_ROOTS as readonly string[]).includes(root) && key === 'date' ? 'string' : 'any';
  };

  const calculations = new Map<string, CompiledExpression>();
  for (const field of form.fields) {
    if (field.calculated === undefined) continue;
    const expression = parseExpression(field.calculated);
    const kind = inferKind(expression, kindOf);
    const wanted = KIND_OF_TYPE[field.type];
    if (kind !== wanted && kind !== 'any') {
      throw new FormDefinitionError(
        `${where}, field "${field.id}": calculated expression "${field.calculated}" yields ${kind}, but the field is ${field.type}`,
        field.calculated,
      );
    }
    calculations.set(field.id, { expression, references: expressionReferences(expression) });
  }

  for (const field of form.fields) {
    if (!field.showIf) continue;
    if (!fields.has(field.showIf.field) || field.showIf.field === field.id) {
      throw new FormDefinitionError(
        `${where}, field "${field.id}": showIf names "${field.showIf.field}", which is not another field of the form`,
      );
    }
    if ('in' in field.showIf && !Array.isArray(field.showIf.in)) {
      throw new FormDefinitionError(`${where}, field "${field.id}": showIf.in must be a list`);
    }
  }

  const checks: CompiledCheck[] = [];
  for (const check of form.checks ?? []) {
    if (checks.some((c) => c.check.id === check.id)) throw new FormDefinitionError(`${where}: check "${check.id}" is defined twice`);
    if (check.severity !== 'hard' && check.severity !== 'soft') {
      throw new FormDefinitionError(`${where}, check "${check.id}": severity must be hard or soft`);
    }
    const expression = parseExpression(check.rule);
    const kind = inferKind(expression, kindOf);
    if (kind !== 'boolean' && kind !== 'any') {
      throw new FormDefinitionError(`${where}, check "${check.id}": rule "${check.rule}" must be true or false, not ${kind}`, check.rule);
    }
    const references = expressionReferences(expression);
    const field = references.map((r) => ownFieldId(form, r.name)).find((id) => id !== undefined);
    if (field === undefined) {
      throw new FormDefinitionError(`${where}, check "${check.id}": rule "${check.rule}" mentions no field of this form`, check.rule);
    }
    checks.push({ check, expression, references, field });
  }

  return { form, fields, evaluationOrder: evaluationOrder(form, calculations), calculations, checks };
}

/** Checks a form definition (expressions, branching, options, ranges); throws FormDefinitionError. */
export function checkFormDefinition(form: FormDefinition): void {
  compileForm(form);
}

function checkFieldDefinition(field: FieldDefinition, where: string): void {
  if (field.type === 'choice' || field.type === 'multichoice') {
    const codes = (field.options ?? []).map((o) => o.code);
    if (codes.length === 0) throw new FormDefinitionError(`${where}: a ${field.type} field needs options`);
    if (codes.some((code) => typeof code !== 'number' || !Number.isFinite(code))) {
      throw new FormDefinitionError(`${where}: option codes must be numbers`);
    }
    if (new Set(codes).size !== codes.length) throw new FormDefinitionError(`${where}: option codes repeat`);
  }
  if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
    throw new FormDefinitionError(`${where}: min ${field.min} is above max ${field.max}`);
  }
  if (field.precision !== undefined && !(Number.isInteger(field.precision) && field.precision >= 0)) {
    throw new FormDefinitionError(`${where}: precision must be a whole number of decimals`);
  }
  if (field.pattern !== undefined) {
    try {
      wholePattern(field.pattern);
    } catch {
      throw new FormDefinitionError(`${where}: pattern ${field.pattern} is not a valid regular expression`);
    }
  }
  for (const code of field.missingCodes ?? []) {
    if (!MISSING_CODES.includes(code)) throw new FormDefinitionError(`${where}: "${code}" is not a missing-data code`);
  }
}

/** Depth-first topological order that keeps form order wherever dependencies allow. */
function evaluationOrder(form: FormDefinition, calculations: ReadonlyMap<string, CompiledExpression>): FieldDefinition[] {
  const byId = new Map(form.fields.map((f) => [f.id, f]));
  const dependencies = (field: FieldDefinition): string[] => {
    const ids = field.showIf ? [field.showIf.field] : [];
    for (const reference of calculations.get(field.id)?.references ?? []) {
      const own = ownFieldId(form, reference.name);
      if (own !== undefined) ids.push(own);
    }
    return ids;
  };
  const order: FieldDefinition[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (field: FieldDefinition, path: string[]): void => {
    if (state.get(field.id) === 'done') return;
    if (state.get(field.id) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(field.id)), field.id].join(' → ');
      throw new FormDefinitionError(`form "${form.id}": fields depend on each other in a circle (${cycle})`);
    }
    state.set(field.id, 'visiting');
    for (const id of dependencies(field)) visit(byId.get(id) as FieldDefinition, [...path, field.id]);
    state.set(field.id, 'done');
    order.push(field);
  };
  for (const field of form.fields) visit(field, []);
  return order;
}
