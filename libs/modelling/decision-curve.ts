/**
 * Decision-curve analysis (Vickers & Elkin 2006): net benefit of treating those whose predicted risk
 * is at or above a threshold probability pt, against treating everyone and treating no one:
 *   net benefit = TP / n - FP / n * pt / (1 - pt).
 * For a binary outcome TP and FP are counts (dcurves::dca). For survival at a horizon t, as
 * dcurves::dca with a Surv outcome and Vickers' stdca: with rho the share at or above the threshold
 * and R the Kaplan-Meier risk by t among them, TP / n = rho R and FP / n = rho (1 - R); treat-all uses
 * the Kaplan-Meier risk of everyone.
 */
import { ModelInputError } from './errors';
import { kaplanMeier, kaplanMeierAt } from './km';
import { checkSurvivalData } from './survival-data';

export interface NetBenefitRow {
  threshold: number;
  /** Net benefit of treating those with predicted risk >= threshold. */
  model: number;
  /** Net benefit of treating everyone; treating no one is 0. */
  all: number;
  none: 0;
  /** Share of patients at or above the threshold. */
  treated: number;
}

export interface DecisionCurve {
  /** Survival outcomes: the horizon the risks are for. */
  horizon?: number;
  rows: NetBenefitRow[];
}

export function checkThresholds(thresholds: unknown): number[] {
  if (!Array.isArray(thresholds) || thresholds.length === 0 || !thresholds.every((t) => typeof t === 'number' && t > 0 && t < 1))
    throw new ModelInputError('decision-curve thresholds must be a list of probabilities strictly between 0 and 1');
  return thresholds as number[];
}

/** Net benefit for predicted risks p of a 0/1 outcome y (dcurves::dca). */
export function netBenefit(p: readonly number[], y: readonly number[], thresholds: readonly number[]): DecisionCurve {
  const n = y.length;
  if (p.length !== n) throw new ModelInputError('predictions and outcomes differ in length');
  if (n === 0) throw new ModelInputError('no observations');
  checkThresholds(thresholds);
  const prevalence = y.reduce((s, v) => s + v, 0) / n;
  return {
    rows: thresholds.map((pt) => {
      const odds = pt / (1 - pt);
      let tp = 0;
      let fp = 0;
      for (let i = 0; i < n; i++) {
        if (p[i] >= pt) {
          if (y[i] === 1) tp++;
          else fp++;
        }
      }
      return { threshold: pt, model: tp / n - (fp / n) * odds, all: prevalence - (1 - prevalence) * odds, none: 0, treated: (tp + fp) / n };
    }),
  };
}

function kmRisk(time: readonly number[], event: readonly (0 | 1)[], t: number): number {
  return 1 - kaplanMeierAt(kaplanMeier(time, event), [t])[0].survival;
}

/** Net benefit at horizon t for predicted risks by t (1 - S(t | x)), with Kaplan-Meier risks (dcurves / stdca). */
export function netBenefitSurvival(
  risk: readonly number[],
  time: readonly number[],
  event: readonly (0 | 1)[],
  t: number,
  thresholds: readonly number[],
): DecisionCurve {
  const n = checkSurvivalData({ time, event });
  if (risk.length !== n) throw new ModelInputError(`time has ${n} values but there are ${risk.length} predictions`);
  if (!(t > 0) || !Number.isFinite(t)) throw new ModelInputError('the horizon must be a positive time');
  checkThresholds(thresholds);
  const allRisk = kmRisk(time, event, t);
  return {
    horizon: t,
    rows: thresholds.map((pt) => {
      const odds = pt / (1 - pt);
      const treated = risk.map((_, i) => i).filter((i) => risk[i] >= pt);
      const rho = treated.length / n;
      let model = 0;
      if (treated.length > 0) {
        const r = kmRisk(
          treated.map((i) => time[i]),
          treated.map((i) => event[i]),
          t,
        );
        model = rho * r - rho * (1 - r) * odds;
      }
      return { threshold: pt, model, all: allRisk - (1 - allRisk) * odds, none: 0, treated: rho };
    }),
  };
}
