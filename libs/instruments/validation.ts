import { FieldError, InstrumentInputError } from './errors';
import { InstrumentDefinition, ItemDefinition, ValidAnswers } from './types';

/**
 * Checks answers against a definition and returns only the answered items. Every problem is
 * collected before throwing, so the API can answer one 400 listing each field.
 *
 * Missing: an absent item, `null`, `undefined`, or an empty multichoice array. Strings are accepted
 * only for date items: a code sent as "3" is an error, not silently coerced.
 */
export function validateAnswers(def: InstrumentDefinition, answers: unknown): ValidAnswers {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    throw new InstrumentInputError([{ field: 'answers', message: 'must be an object of item id to answer' }], def.code);
  }
  const items = new Map(def.items.map((item) => [item.id, item]));
  const errors: FieldError[] = [];
  const valid: ValidAnswers = {};
  for (const [id, value] of Object.entries(answers as Record<string, unknown>)) {
    const item = items.get(id);
    if (!item) {
      errors.push({ field: id, message: `is not an item of ${def.code}` });
      continue;
    }
    if (isMissing(value)) continue;
    const message = checkValue(item, value);
    if (message) errors.push({ field: id, message });
    else valid[id] = value as number | string | number[];
  }
  for (const item of def.items) {
    if (!item.showIf || valid[item.id] === undefined) continue;
    if (valid[item.showIf.item] !== item.showIf.equals) {
      errors.push({ field: item.id, message: `is answered only when ${item.showIf.item} is ${item.showIf.equals}` });
    }
  }
  if (errors.length > 0) throw new InstrumentInputError(errors, def.code);
  return valid;
}

function isMissing(value: unknown): boolean {
  return value === null || value === undefined || (Array.isArray(value) && value.length === 0);
}

/** Returns what is wrong with a present value, or undefined when it is acceptable. */
function checkValue(item: ItemDefinition, value: unknown): string | undefined {
  switch (item.type) {
    case 'choice': {
      const codes = (item.options ?? []).map((o) => o.code);
      return typeof value === 'number' && codes.includes(value) ? undefined : `must be one of ${codes.join(', ')}`;
    }
    case 'multichoice':
      return checkMultichoice(item, value);
    case 'integer': {
      const { min, max } = item.range ?? { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };
      return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
        ? undefined
        : `must be a whole number from ${min} to ${max}`;
    }
    case 'date':
      return typeof value === 'string' && isCalendarDate(value) ? undefined : 'must be a date YYYY-MM-DD';
  }
}

function checkMultichoice(item: ItemDefinition, value: unknown): string | undefined {
  const options = item.options ?? [];
  const codes = options.map((o) => o.code);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && codes.includes(v))) {
    return `must be a list of codes from ${codes.join(', ')}`;
  }
  if (new Set(value).size !== value.length) return 'lists a code more than once';
  const exclusive = options.find((o) => o.exclusive && value.includes(o.code));
  if (exclusive && value.length > 1) return `code ${exclusive.code} (${exclusive.label.en}) cannot be combined with others`;
  return undefined;
}

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Ids of the items of `ids` that have no answer, in the given order. */
export function missingItems(answers: ValidAnswers, ids: readonly string[]): string[] {
  return ids.filter((id) => answers[id] === undefined);
}

/** The numeric answers of `ids` that are present (choice and integer items). */
export function numericAnswers(answers: ValidAnswers, ids: readonly string[]): number[] {
  return ids.map((id) => answers[id]).filter((v): v is number => typeof v === 'number');
}
