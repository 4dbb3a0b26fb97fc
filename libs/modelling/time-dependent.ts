/**
 * Performance of survival predictions at a horizon t, with inverse probability of censoring weights
 * (IPCW) from the Kaplan-Meier estimate G of the censoring distribution:
 * - time-dependent AUC(t), cumulative cases / dynamic controls, as timeROC (weighting =
 *   "marginal"): cases are events at or before t weighted 1 / G(T_i-), controls everyone still
 *   event-free after t weighted 1 / G(t); subjects censored before t carry no weight. A case outranks a
 *   control when its predicted risk is higher; ties count 1/2.
 * - the Brier score at t (Graf et al. 1999), as pec / riskRegression: mean of S(t|x_i)^2 for cases
 *   and (1 - S(t|x_i))^2 for controls with the same weights; the null model predicts the Kaplan-Meier
 *   survival at t for everyone; the scaled Brier (IPA, Kattan & Gerds) is 1 - Brier / Brier(null).
 */
import { ModelInputError } from './errors';
import { kaplanMeier, kaplanMeierAt } from './km';
import { checkSurvivalData } from './survival-data';

/** The Kaplan-Meier of the censoring times, survfit(Surv(time, 1 - event) ~ 1). */
export interface CensoringDistribution {
  /** G(t): the curve at the last step at or before t (1 before the first). */
  at(t: number): number;
  /** G(t-): the curve at the last step strictly before t. */
  before(t: number): number;
}

export function censoringDistribution(time: readonly number[], event: readonly (0 | 1)[]): CensoringDistribution {
  const km = kaplanMeier(
    time,
    event.map((e) => (e === 1 ? 0 : 1)),
  );
  const times = km.steps.map((s) => s.time);
  const surv = km.steps.map((s) => s.survival);
  /** Index of the last step with time < t (strict) or <= t. */
  const last = (t: number, strict: boolean): number => {
    let lo = 0;
    let hi = times.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (strict ? times[mid] < t : times[mid] <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  return {
    at: (t) => {
      const k = last(t, false);
      return k < 0 ? 1 : surv[k];
    },
    before: (t) => {
      const k = last(t, true);
      return k < 0 ? 1 : surv[k];
    },
  };
}

export interface HorizonPerformance {
  horizon: number;
  /** Cumulative/dynamic AUC(t) with IPCW (timeROC's weighting = "marginal"). */
  auc: number;
  /** IPCW Brier score at t of the model, of the Kaplan-Meier null model, and the scaled Brier (IPA). */
  brier: number;
  brierNull: number;
  scaledBrier: number;
  /** Events at or before t (cases), event-free after t (controls), censored at or before t (no weight). */
  cases: number;
  controls: number;
  censored: number;
}

function checkHorizon(time: readonly number[], event: readonly (0 | 1)[], predicted: readonly number[], t: number): void {
  const n = checkSurvivalData({ time, event });
  if (predicted.length !== n) throw new ModelInputError(`time has ${n} values but there are ${predicted.length} predictions`);
  if (!(t > 0) || !Number.isFinite(t)) throw new ModelInputError('the horizon must be a positive time');
  if (!time.some((v, i) => v <= t && event[i] === 1)) throw new ModelInputError(`no events at or before the horizon ${t}`);
  if (!time.some((v) => v > t)) throw new ModelInputError(`no one is followed beyond the horizon ${t}`);
}

/** Cumulative/dynamic AUC(t) of a risk marker (higher = more likely to have the event by t). */
export function timeDependentAuc(time: readonly number[], event: readonly (0 | 1)[], risk: readonly number[], t: number): number {
  checkHorizon(time, event, risk, t);
  const G = censoringDistribution(time, event);
  // Controls all weigh 1 / G(t), so only their number below / equal to each case's marker counts.
  const controls = risk.filter((_, i) => time[i] > t).sort((a, b) => a - b);
  const below = (v: number, strict: boolean): number => {
    let lo = 0;
    let hi = controls.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (strict ? controls[mid] < v : controls[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let num = 0;
  let den = 0;
  for (let i = 0; i < time.length; i++) {
    if (!(time[i] <= t && event[i] === 1)) continue;
    const w = 1 / G.before(time[i]);
    const less = below(risk[i], true);
    const equal = below(risk[i], false) - less;
    num += w * (less + 0.5 * equal);
    den += w * controls.length;
  }
  return num / den;
}

/** IPCW Brier score at t of predicted survival probabilities S(t | x_i). */
export function brierAt(time: readonly number[], event: readonly (0 | 1)[], survival: readonly number[], t: number): number {
  checkHorizon(time, event, survival, t);
  const G = censoringDistribution(time, event);
  const Gt = G.at(t);
  let sum = 0;
  for (let i = 0; i < time.length; i++) {
    if (time[i] <= t && event[i] === 1) sum += survival[i] ** 2 / G.before(time[i]);
    else if (time[i] > t) sum += (1 - survival[i]) ** 2 / Gt;
  }
  return sum / time.length;
}

/** AUC(t), Brier(t) of the model and of the Kaplan-Meier null model, and the scaled Brier, at horizon t. */
export function horizonPerformance(
  time: readonly number[],
  event: readonly (0 | 1)[],
  survival: readonly number[],
  t: number,
): HorizonPerformance {
  checkHorizon(time, event, survival, t);
  const kmAtT = kaplanMeierAt(kaplanMeier(time, event), [t])[0].survival;
  const brier = brierAt(time, event, survival, t);
  const brierNull = brierAt(
    time,
    event,
    survival.map(() => kmAtT),
    t,
  );
  const cases = time.filter((v, i) => v <= t && event[i] === 1).length;
  const controls = time.filter((v) => v > t).length;
  return {
    horizon: t,
    auc: timeDependentAuc(
      time,
      event,
      survival.map((s) => 1 - s),
      t,
    ),
    brier,
    brierNull,
    scaledBrier: 1 - brier / brierNull,
    cases,
    controls,
    censored: time.length - cases - controls,
  };
}
