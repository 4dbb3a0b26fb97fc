/** Small helpers over JSON-like form values, shared by validation and audit diffs. */

export type MissingCode = 'not_done' | 'unknown' | 'not_applicable';
export const MISSING_CODES: readonly MissingCode[] = ['not_done', 'unknown', 'not_applicable'];

/** A missing-data code sent instead of a value: `{ missing: 'not_done' }`. */
export interface MissingValue {
  missing: MissingCode;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The shape `{ missing: <anything> }` with no other key; whether the code is valid is checked apart. */
export function isMissingShape(value: unknown): value is { missing: unknown } {
  return isPlainObject(value) && Object.keys(value).length === 1 && 'missing' in value;
}

export function isMissingValue(value: unknown): value is MissingValue {
  return isMissingShape(value) && MISSING_CODES.includes(value.missing as MissingCode);
}

/** Nothing entered: null, undefined, a blank string or an empty list. A missing-data code is not empty. */
export function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/** No usable datum for a rule or a calculation: empty, or a missing-data code. */
export function hasNoData(value: unknown): boolean {
  return isEmpty(value) || isMissingShape(value);
}

/** Deep equality over JSON values; undefined object members count as absent. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keysA = Object.keys(a).filter((k) => a[k] !== undefined);
    const keysB = Object.keys(b).filter((k) => b[k] !== undefined);
    if (keysA.length !== keysB.length) return false;
    return keysA.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** A value as it reads in a message: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
