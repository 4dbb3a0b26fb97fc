/**
 * Rebuilds a form instance at a past instant from its audit rows alone. The audit trail is the
 * evidence; this function is what an inspector (or a test) uses to show that it is complete: every
 * saved state of a form can be recovered from it.
 */
export interface FormAuditRow {
  seq: number;
  at: string;
  action: string;
  field: string | null;
  from: unknown;
  to: unknown;
}

export interface FormState {
  status: string;
  values: Record<string, unknown>;
}

/** Actions that set one field's value (`to`), and the one that sets the form's status. */
export const VALUE_ACTIONS = ['create', 'update'] as const;
export const STATUS_ACTION = 'status';

/** The form as it stood at `instant` (inclusive), or null when it had not been saved yet. */
export function formStateAt(rows: readonly FormAuditRow[], instant: Date | string): FormState | null {
  const limit = new Date(instant).getTime();
  let state: FormState | null = null;
  for (const row of [...rows].sort((a, b) => a.seq - b.seq)) {
    if (new Date(row.at).getTime() > limit) break;
    state ??= { status: 'incomplete', values: {} };
    if (row.action === STATUS_ACTION) {
      state.status = String(row.to);
    } else if ((VALUE_ACTIONS as readonly string[]).includes(row.action) && row.field !== null) {
      if (row.to === null || row.to === undefined) delete state.values[row.field];
      else state.values[row.field] = structuredClone(row.to);
    }
  }
  return state;
}
