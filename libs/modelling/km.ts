/**
 * Kaplan-Meier estimate with Greenwood standard errors and survfit's three interval types (conf.type
 * "log", the default, "log-log" and "plain"), medians by survfit's quantile rule, and summary(fit,
 * times, extend = TRUE)'s numbers at given times, as survival::survfit.
 */
import { ModelInputError } from './errors';
import { qnorm } from './stats';
import { checkSurvivalData } from './survival-data';

export interface KaplanMeierStep {
  time: number;
  nRisk: number;
  nEvent: number;
  nCensor: number;
  survival: number;
  /** survfit's `std.err`: the standard error of the cumulative hazard (-log S); null once S reaches 0. */
  stdErr: number | null;
  /** The interval of `confType`; null where survfit gives NA (survival 0; for log-log also survival 1). */
  lower: number | null;
  upper: number | null;
}

export type KaplanMeierConfType = 'log' | 'log-log' | 'plain';
export const KM_CONF_TYPES: readonly KaplanMeierConfType[] = ['log', 'log-log', 'plain'];

export interface KaplanMeierAt {
  time: number;
  /** Subjects still followed at `time` (time >= t), as summary.survfit's n.risk. */
  nRisk: number;
  survival: number;
  lower: number | null;
  upper: number | null;
}

export interface KaplanMeier {
  n: number;
  events: number;
  conf: number;
  confType: KaplanMeierConfType;
  steps: KaplanMeierStep[];
  /** survfit's median rule; null when the curve (or a limit) never reaches 0.5. */
  median: { estimate: number | null; lower: number | null; upper: number | null };
}

/** One step per distinct time (events and censorings), like survfit(Surv(time, event) ~ 1). */
export function kaplanMeier(
  time: readonly number[],
  event: readonly (0 | 1)[],
  options: { conf?: number; confType?: KaplanMeierConfType } = {},
): KaplanMeier {
  const n = checkSurvivalData({ time, event });
  const conf = options.conf ?? 0.95;
  if (!(conf > 0 && conf < 1)) throw new ModelInputError('conf must be between 0 and 1');
  const confType = options.confType ?? 'log';
  if (!KM_CONF_TYPES.includes(confType))
    throw new ModelInputError(`the interval type must be one of ${KM_CONF_TYPES.join(', ')} (got ${JSON.stringify(confType)})`);
  const z = qnorm(1 - (1 - conf) / 2);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a] - time[b]);

  const steps: KaplanMeierStep[] = [];
  let atRisk = n;
  let km = 1;
  let greenwood = 0;
  let events = 0;
  for (let k = 0; k < n;) {
    const t = time[order[k]];
    let d = 0;
    let c = 0;
    while (k < n && time[order[k]] === t) {
      if (event[order[k]] === 1) d++;
      else c++;
      k++;
    }
    events += d;
    if (d > 0) {
      km *= (atRisk - d) / atRisk;
      greenwood += d / (atRisk * (atRisk - d));
    }
    const se = Math.sqrt(greenwood);
    const finiteSe = Number.isFinite(se) ? se : null;
    const limits = km > 0 && finiteSe !== null ? interval(km, se, z, confType) : { lower: null, upper: null };
    steps.push({ time: t, nRisk: atRisk, nEvent: d, nCensor: c, survival: km, stdErr: finiteSe, ...limits });
    atRisk -= d + c;
  }

  const times = steps.map((s) => s.time);
  const lastTime = times[times.length - 1];
  return {
    n,
    events,
    conf,
    confType,
    steps,
    median: {
      estimate: survivalQuantile(
        0.5,
        times,
        steps.map((s) => s.survival),
        lastTime,
      ),
      lower: survivalQuantile(
        0.5,
        times,
        steps.map((s) => s.lower),
        lastTime,
      ),
      upper: survivalQuantile(
        0.5,
        times,
        steps.map((s) => s.upper),
        lastTime,
      ),
    },
  };
}

/** survival's survfit_confint for a survival p with standard error se of -log(p) (logse = TRUE). */
function interval(p: number, se: number, z: number, type: KaplanMeierConfType): { lower: number | null; upper: number | null } {
  if (type === 'log') return { lower: Math.exp(Math.log(p) - z * se), upper: Math.min(Math.exp(Math.log(p) + z * se), 1) };
  if (type === 'plain') return { lower: Math.max(p - z * se * p, 0), upper: Math.min(p + z * se * p, 1) };
  if (p === 1) return { lower: null, upper: null };
  const loglog = Math.log(-Math.log(p));
  return {
    lower: Math.exp(-Math.exp(loglog - (z * se) / Math.log(p))),
    upper: Math.exp(-Math.exp(loglog + (z * se) / Math.log(p))),
  };
}

/**
 * summary(survfit, times, extend = TRUE): at each time the number still at risk and the curve and
 * limits of the last step at or before it (1 before the first step; held after the last).
 */
export function kaplanMeierAt(km: KaplanMeier, times: readonly number[]): KaplanMeierAt[] {
  return times.map((t) => {
    const next = km.steps.find((s) => s.time >= t);
    const nRisk = next ? next.nRisk : 0;
    let step: KaplanMeierStep | undefined;
    for (const s of km.steps) {
      if (s.time > t) break;
      step = s;
    }
    if (!step) return { time: t, nRisk, survival: 1, lower: 1, upper: 1 };
    return { time: t, nRisk, survival: step.survival, lower: step.lower, upper: step.upper };
  });
}

const QUANTILE_TOL = Math.sqrt(2.220446049250313e-16);

/**
 * survival's findq: the first time the curve drops to 1 - p or below; when it sits exactly at that level
 * on a flat step, the midpoint of that step (the last time if the step runs to the end of follow-up).
 */
export function survivalQuantile(p: number, times: readonly number[], curve: readonly (number | null)[], lastTime: number): number | null {
  // x = c(0, time), y = c(0, 1 - surv) with missing points dropped and repeated levels collapsed.
  const xs: number[] = [0];
  const ys: number[] = [0];
  for (let i = 0; i < times.length; i++) {
    const s = curve[i];
    if (s === null || !Number.isFinite(s)) continue;
    const y = 1 - s;
    if (ys.includes(y)) continue;
    xs.push(times[i]);
    ys.push(y);
  }
  if (Math.max(...ys) < p) return null;
  // approx(y + tol, 1:n, p, "constant", f = 1): the first index whose level reaches p (from above or below).
  const firstAtLeast = (shift: number): number | null => {
    if (p < ys[0] + shift || p > ys[ys.length - 1] + shift) return null;
    for (let i = 0; i < ys.length; i++) if (ys[i] + shift >= p) return i;
    return null;
  };
  const i1 = firstAtLeast(QUANTILE_TOL);
  const i2 = firstAtLeast(-QUANTILE_TOL);
  if (p === 0) return xs[0];
  const last = ys.length - 1;
  const endsMissing = curve.length > 0 && (curve[curve.length - 1] === null || !Number.isFinite(curve[curve.length - 1]));
  if (i1 !== null && !endsMissing && Math.abs(p - ys[last]) < QUANTILE_TOL) return (xs[i1] + lastTime) / 2;
  if (i1 === null || i2 === null) return null;
  return (xs[i1] + xs[i2]) / 2;
}
