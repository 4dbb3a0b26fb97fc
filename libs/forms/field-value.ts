import type { FieldDefinition } from './types';
import { dayNumber, isDateFormat } from './dates';
import { MISSING_CODES, isEmpty, isMissingShape, show } from './json';

export type FieldValueCheck = { ok: true; value: unknown } | { ok: false; message: string };

const accept = (value: unknown): FieldValueCheck => ({ ok: true, value });
const refuse = (message: string): FieldValueCheck => ({ ok: false, message });

/**
 * Checks one entered value against its field's type, range and missing-data codes, and returns it
 * normalised: blank ('' / [] / undefined) becomes null, multichoice codes are sorted in option order,
 * a missing-data code becomes a fresh `{ missing }` object. No coercion: "12" is not an integer.
 */
export function checkFieldValue(field: FieldDefinition, value: unknown): FieldValueCheck {
  if (isEmpty(value)) return accept(null);
  if (isMissingShape(value)) return checkMissingCode(field, value.missing);
  switch (field.type) {
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return refuse('must be a whole number');
      return checkRange(field, value);
    case 'decimal': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return refuse('must be a number');
      if (field.precision !== undefined && decimalPlaces(value) > field.precision) {
        return refuse(`must have at most ${field.precision} decimal${field.precision === 1 ? '' : 's'}`);
      }
      return checkRange(field, value);
    }
    case 'text':
      if (typeof value !== 'string') return refuse('must be text');
      if (field.maxLength !== undefined && Array.from(value).length > field.maxLength) {
        return refuse(`must be at most ${field.maxLength} characters long`);
      }
      if (field.pattern !== undefined && !wholePattern(field.pattern).test(value)) return refuse(`must match the pattern ${field.pattern}`);
      return accept(value);
    case 'date':
      if (typeof value !== 'string' || !isDateFormat(value)) return refuse('must be a date written YYYY-MM-DD');
      if (dayNumber(value) === null) return refuse(`${value} is not a calendar date`);
      return accept(value);
    case 'choice': {
      const codes = optionCodes(field);
      if (typeof value !== 'number' || !codes.includes(value)) return refuse(`must be one of the codes ${codes.join(', ')}`);
      return accept(value);
    }
    case 'multichoice': {
      const codes = optionCodes(field);
      if (!Array.isArray(value) || value.some((code) => typeof code !== 'number' || !codes.includes(code))) {
        return refuse(`must be a list of codes from ${codes.join(', ')}`);
      }
      const repeated = value.find((code, i) => value.indexOf(code) !== i);
      if (repeated !== undefined) return refuse(`lists code ${show(repeated)} more than once`);
      return accept(codes.filter((code) => value.includes(code)));
    }
    case 'boolean':
      if (typeof value !== 'boolean') return refuse('must be true or false');
      return accept(value);
  }
}

function checkMissingCode(field: FieldDefinition, code: unknown): FieldValueCheck {
  if (typeof code !== 'string' || !(MISSING_CODES as readonly string[]).includes(code)) {
    return refuse(`missing-data code must be one of ${MISSING_CODES.join(', ')}`);
  }
  const allowed = field.missingCodes ?? [];
  if (!(allowed as string[]).includes(code)) {
    return refuse(
      allowed.length === 0
        ? `missing-data code "${code}" is not allowed: this field takes no missing-data codes`
        : `missing-data code "${code}" is not allowed: this field takes ${allowed.join(', ')}`,
    );
  }
  return accept({ missing: code });
}

function checkRange(field: FieldDefinition, value: number): FieldValueCheck {
  if (field.min !== undefined && value < field.min) return refuse(`must be at least ${field.min}`);
  if (field.max !== undefined && value > field.max) return refuse(`must be at most ${field.max}`);
  return accept(value);
}

function optionCodes(field: FieldDefinition): number[] {
  return (field.options ?? []).map((option) => option.code);
}

/** A text field's pattern must match the whole value, not a part of it. */
export function wholePattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

/** Decimals in the shortest text of a number: 0.25 → 2, 1e-7 → 7. */
export function decimalPlaces(value: number): number {
  if (Number.isInteger(value)) return 0;
  const [mantissa, exponent] = String(value).split('e');
  const fraction = mantissa.split('.')[1] ?? '';
  return Math.max(0, fraction.length - Number(exponent ?? 0));
}
