import type { FormDefinition } from './types';
import { jsonEqual } from './json';

/** One audited change: `from` / `to` are the JSON values, null when blank or absent. */
export interface ValueChange {
  field: string;
  from: unknown;
  to: unknown;
}

/**
 * The changes between two saves of a form, for the audit trail. A PUT replaces the values, so a field
 * absent from `newValues` is cleared (to null) when it had a value; absent and null are the same
 * thing. Arrays and objects (multichoice, missing-data codes) compare by content. Order: the form's
 * field order when a form (or an id list) is given, then any other fields by id, so the audit reads
 * the same whatever order the JSON keys were stored in.
 */
export function diffValues(
  oldValues: Record<string, unknown> | null | undefined,
  newValues: Record<string, unknown> | null | undefined,
  order?: FormDefinition | readonly string[],
): ValueChange[] {
  const before = oldValues ?? {};
  const after = newValues ?? {};
  const known = order === undefined ? [] : Array.isArray(order) ? [...order] : (order as FormDefinition).fields.map((f) => f.id);
  const knownSet = new Set(known);
  const others = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((id) => !knownSet.has(id)).sort(compareIds);
  const changes: ValueChange[] = [];
  for (const field of [...known, ...others]) {
    const from = valueOf(before, field);
    const to = valueOf(after, field);
    if (!jsonEqual(from, to)) changes.push({ field, from: copy(from), to: copy(to) });
  }
  return changes;
}

function valueOf(values: Record<string, unknown>, field: string): unknown {
  return Object.prototype.hasOwnProperty.call(values, field) ? (values[field] ?? null) : null;
}

/** Byte-order comparison, independent of the process locale. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The audit row keeps its own copy, so later edits of the caller's objects cannot rewrite history. */
function copy(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}
