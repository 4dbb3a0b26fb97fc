/**
 * Outcomes the statisticians need in the locked dataset, computed from stored scores (never typed):
 * change in NRS leg pain from baseline, its percentage, responder50 and GPE recovered.
 */
import { isRecovered } from './catalogue/gpe';
import { FieldError, InstrumentInputError } from './errors';
import { roundRatioHalfUp } from './rounding';

export interface OutcomeInput {
  baselineNrsLeg?: number | null;
  followUpNrsLeg?: number | null;
  gpeCode?: number | null;
}

export type OutcomeName = 'nrsLegChange' | 'nrsLegPercentChange' | 'responder50' | 'recovered';

export interface DerivedOutcomes {
  /** Follow-up minus baseline; negative is improvement. */
  nrsLegChange: number | null;
  /** (follow-up − baseline) / baseline × 100, rounded half up to 1 decimal; −50 means halved. */
  nrsLegPercentChange: number | null;
  /** Leg pain fell by at least 50% of baseline. */
  responder50: boolean | null;
  /** GPE code 1 (completely recovered) or 2 (much improved). */
  recovered: boolean | null;
  /** One entry per null outcome, saying why. */
  reasons: Partial<Record<OutcomeName, string>>;
}

/** @throws InstrumentInputError when a given value is not a valid NRS (integer 0–10) or GPE code (1–7) */
export function deriveOutcomes(input: OutcomeInput): DerivedOutcomes {
  const { baselineNrsLeg: baseline, followUpNrsLeg: followUp, gpeCode } = input;
  const errors: FieldError[] = [];
  checkInteger(errors, 'baselineNrsLeg', baseline, 0, 10);
  checkInteger(errors, 'followUpNrsLeg', followUp, 0, 10);
  checkInteger(errors, 'gpeCode', gpeCode, 1, 7);
  if (errors.length > 0) throw new InstrumentInputError(errors);

  const result: DerivedOutcomes = {
    nrsLegChange: null,
    nrsLegPercentChange: null,
    responder50: null,
    recovered: null,
    reasons: {},
  };
  const nrsMissing = [
    baseline == null ? 'baseline NRS leg pain is missing' : null,
    followUp == null ? 'follow-up NRS leg pain is missing' : null,
  ].filter((why): why is string => why !== null);

  if (baseline == null || followUp == null) {
    const reason = nrsMissing.join('; ');
    result.reasons = { nrsLegChange: reason, nrsLegPercentChange: reason, responder50: reason };
  } else {
    const change = followUp - baseline;
    result.nrsLegChange = change;
    if (baseline === 0) {
      const reason = 'baseline NRS leg pain is 0, so a percentage change is undefined';
      result.reasons.nrsLegPercentChange = reason;
      result.reasons.responder50 = reason;
    } else {
      // Tenths of a percent as an exact integer ratio: change × 1000 / baseline.
      result.nrsLegPercentChange = roundRatioHalfUp(change * 1000, baseline) / 10;
      // A reduction of at least half, decided on integers: 2 × (baseline − followUp) ≥ baseline.
      result.responder50 = 2 * (baseline - followUp) >= baseline;
    }
  }

  if (gpeCode == null) result.reasons.recovered = 'GPE is missing';
  else result.recovered = isRecovered(gpeCode);
  return result;
}

function checkInteger(errors: FieldError[], field: string, value: unknown, min: number, max: number): void {
  if (value == null) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    errors.push({ field, message: `must be a whole number from ${min} to ${max}` });
  }
}
