import { createHash } from 'node:crypto';
import type { FormDefinition } from '@trialdata/protocol';

export type SdvPlanKind = 'all' | 'critical' | 'sample';

export interface SdvPlan {
  kind: SdvPlanKind;
  /** sample: the share of participants (1–100 %) whose every field is verified. */
  samplePercent: number | null;
}

/** Without a stored plan every entered field is verified (the conservative default). */
export const DEFAULT_SDV_PLAN: SdvPlan = { kind: 'all', samplePercent: null };

/**
 * Whether a participant falls in the SDV sample. A hash of study and participant id, not a random
 * draw: the same participant stays in (or out of) the sample however often the plan is read, and
 * anyone can recompute the sample from the ids.
 */
export function inSample(studyCode: string, participantId: string, percent: number): boolean {
  const hash = createHash('sha256').update(`${studyCode}:${participantId}`).digest();
  return (hash.readUInt32BE(0) / 0x1_0000_0000) * 100 < percent;
}

/** The entered fields of a form instance that the plan asks a monitor to verify. */
export function fieldsToVerify(plan: SdvPlan, form: FormDefinition, values: Record<string, unknown>, sampled: boolean): string[] {
  if (plan.kind === 'sample' && !sampled) return [];
  return form.fields
    .filter((f) => f.calculated === undefined && values[f.id] !== undefined && values[f.id] !== null)
    .filter((f) => plan.kind !== 'critical' || f.critical === true)
    .map((f) => f.id);
}
