/**
 * What a model fit reports about calibration, performance at a horizon and net benefit when its spec
 * asks (`calibration`, `decisionCurve`): fit.ts calls these with the rows it fitted. The numbers come
 * from calibration.ts (rms::val.prob, rms::calibrate), time-dependent.ts and decision-curve.ts.
 */
import { calibrateCoxAsync, calibrateLogisticAsync, valProb, type CalibrateRow, type CoxCalibrateGroup, type ValProb } from './calibration';
import { predictSurvival, type CoxFit, type CoxTies } from './cox';
import { checkThresholds, netBenefit, netBenefitSurvival, type DecisionCurve } from './decision-curve';
import { ModelInputError } from './errors';
import { horizonPerformance, type HorizonPerformance } from './time-dependent';

/** Spec option `calibration`: bootstrap replicates of the calibration curve, and (Cox) the horizon. */
export interface CalibrationSpec {
  /** Bootstrap replicates for the overfitting-corrected curve (rms::calibrate's B); default the spec's `bootstrap`, else none. */
  B?: number;
  /** Cox: the time at which calibration, AUC(t), Brier(t) (and by default net benefit) are assessed. */
  horizon?: number;
  /** Cox: patients per calibration group (rms::calibrate's m, default 150; at least 2). */
  m?: number;
}

/** Spec option `decisionCurve`: threshold probabilities, and (Cox) the horizon if not the calibration one. */
export interface DecisionCurveSpec {
  thresholds: number[];
  horizon?: number;
}

/** The spec options a model spec takes (fit.ts's spec interfaces extend this). */
export interface CalibrationOptions {
  calibration?: CalibrationSpec;
  decisionCurve?: DecisionCurveSpec;
}

/** What a result carries (fit.ts's ModelResult extends this): logistic or Cox calibration, Cox AUC/Brier at the horizon, net benefit. */
export interface CalibrationResults {
  calibration?: LogisticCalibrationResult | CoxCalibrationResult;
  timeDependent?: HorizonPerformance;
  decisionCurve?: DecisionCurve;
}

/** Largest B for a calibration curve, as for validation. */
const MAX_CALIBRATION_B = 2000;

/** Checks `calibration` and `decisionCurve` of a spec (ModelInputError naming the field). */
export function checkCalibrationSpec(spec: { model: string; calibration?: unknown; decisionCurve?: unknown }): void {
  const c = spec.calibration as Record<string, unknown> | undefined;
  if (c !== undefined) {
    if (c === null || typeof c !== 'object' || Array.isArray(c)) throw new ModelInputError('calibration must be an object {B, horizon, m}');
    const unknown = Object.keys(c).filter((k) => !['B', 'horizon', 'm'].includes(k));
    if (unknown.length) throw new ModelInputError(`calibration has unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
    if (c.B !== undefined && !(Number.isInteger(c.B) && (c.B as number) >= 0 && (c.B as number) <= MAX_CALIBRATION_B))
      throw new ModelInputError(`calibration.B must be an integer from 0 to ${MAX_CALIBRATION_B}`);
    if (c.m !== undefined && !(Number.isInteger(c.m) && (c.m as number) >= 2))
      throw new ModelInputError('calibration.m must be an integer of at least 2');
    if (c.horizon !== undefined && !(typeof c.horizon === 'number' && Number.isFinite(c.horizon) && c.horizon > 0))
      throw new ModelInputError('calibration.horizon must be a positive time');
    if (spec.model === 'cox' && c.horizon === undefined)
      throw new ModelInputError('calibration of a Cox model needs a horizon (calibration.horizon)');
    if (spec.model === 'logistic' && (c.horizon !== undefined || c.m !== undefined))
      throw new ModelInputError('calibration.horizon and calibration.m are for Cox models');
  }
  const d = spec.decisionCurve as Record<string, unknown> | undefined;
  if (d !== undefined) {
    if (d === null || typeof d !== 'object' || Array.isArray(d))
      throw new ModelInputError('decisionCurve must be an object {thresholds, horizon}');
    checkThresholds(d.thresholds);
    if (d.horizon !== undefined && !(typeof d.horizon === 'number' && Number.isFinite(d.horizon) && d.horizon > 0))
      throw new ModelInputError('decisionCurve.horizon must be a positive time');
    if (spec.model === 'cox' && d.horizon === undefined && c?.horizon === undefined)
      throw new ModelInputError('a Cox decision curve needs a horizon (decisionCurve.horizon or calibration.horizon)');
    if (spec.model === 'logistic' && d.horizon !== undefined) throw new ModelInputError('decisionCurve.horizon is for Cox models');
  }
}

type NoNulls<T> = { [K in keyof T]: Exclude<T[K], null> };
function noNulls<T extends object>(value: T): NoNulls<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as NoNulls<T>;
}

/** A calibration curve point in the result; absent keys are R's NA. */
export type CalibrationCurvePoint = NoNulls<CalibrateRow>;
export type CoxCalibrationGroup = NoNulls<CoxCalibrateGroup>;

export interface LogisticCalibrationResult {
  /** rms::val.prob on the rows fitted (apparent), with CITL. */
  apparent: Omit<ValProb, 'n'>;
  /** rms::calibrate(method = "boot"): lowess calibration at 50 predicted risks, bias-corrected when B > 0. */
  curve?: { B: number; seed: number; failed: number; points: CalibrationCurvePoint[] };
}

export interface CoxCalibrationResult {
  horizon: number;
  /** rms::calibrate(cph, cmethod = "KM", u = horizon, m, B): groups by predicted survival at the horizon. */
  m: number;
  B: number;
  seed: number;
  failed: number;
  cuts: number[];
  groups: CoxCalibrationGroup[];
}

/** Logistic: apparent calibration always; the curve and net benefit when the spec asks. */
export async function logisticCalibration(
  spec: { calibration?: CalibrationSpec; decisionCurve?: DecisionCurveSpec; bootstrap?: number; firth?: boolean },
  data: { y: number[]; X: number[][]; lp: number[] },
  seed: number,
  warnings: string[],
): Promise<{ calibration?: LogisticCalibrationResult; decisionCurve?: DecisionCurve }> {
  const p = data.lp.map((v) => 1 / (1 + Math.exp(-v)));
  const out: { calibration?: LogisticCalibrationResult; decisionCurve?: DecisionCurve } = {};
  try {
    const { n: _n, ...apparent } = valProb(p, data.y);
    out.calibration = { apparent };
  } catch (error) {
    warnings.push(`calibration not computed: ${(error as Error).message}`);
  }
  if (spec.calibration && out.calibration) {
    const B = spec.calibration.B ?? spec.bootstrap ?? 0;
    try {
      const cal = await calibrateLogisticAsync({ y: data.y, X: data.X }, { B, seed });
      out.calibration.curve = { B, seed, failed: cal.failed, points: cal.rows.map(noNulls) };
      if (spec.firth && B > 0)
        warnings.push('the calibration curve refits the bootstrap samples by maximum likelihood (as rms::calibrate(lrm)), not by Firth');
      if (cal.failed > 0)
        warnings.push(`calibration curve: ${cal.failed} of ${B} bootstrap samples could not be refitted and were left out, as rms does`);
    } catch (error) {
      warnings.push(`calibration curve not computed: ${(error as Error).message}`);
    }
  }
  if (spec.decisionCurve) out.decisionCurve = netBenefit(p, data.y, spec.decisionCurve.thresholds);
  return out;
}

/** Cox: calibration at the horizon, AUC(t) and Brier(t), and net benefit, when the spec asks. */
export async function coxCalibration(
  spec: { calibration?: CalibrationSpec; decisionCurve?: DecisionCurveSpec; bootstrap?: number },
  data: { time: number[]; event: (0 | 1)[]; X: number[][]; keptX: number[][]; strata?: string[]; ties: CoxTies; fit: CoxFit },
  seed: number,
  warnings: string[],
): Promise<{ calibration?: CoxCalibrationResult; timeDependent?: HorizonPerformance; decisionCurve?: DecisionCurve }> {
  const out: { calibration?: CoxCalibrationResult; timeDependent?: HorizonPerformance; decisionCurve?: DecisionCurve } = {};
  const survivalAt = (t: number): number[] => data.X.map((row, i) => predictSurvival(data.fit, row, t, data.strata?.[i]));
  const horizon = spec.calibration?.horizon;
  if (spec.calibration && horizon !== undefined) {
    const B = spec.calibration.B ?? spec.bootstrap ?? 0;
    const m = spec.calibration.m ?? 150;
    try {
      const cal = await calibrateCoxAsync(
        { time: data.time, event: data.event, X: data.keptX, ...(data.strata ? { strata: data.strata } : {}), ties: data.ties },
        { u: horizon, m, B, seed },
      );
      out.calibration = { horizon, m, B, seed, failed: cal.failed, cuts: cal.cuts, groups: cal.groups.map(noNulls) };
      if (cal.failed > 0)
        warnings.push(
          `calibration: ${cal.failed} of ${B} bootstrap samples could not be refitted (or had < 5 events) and were left out, as rms does`,
        );
    } catch (error) {
      warnings.push(`calibration at ${horizon} not computed: ${(error as Error).message}`);
    }
    try {
      out.timeDependent = horizonPerformance(data.time, data.event, survivalAt(horizon), horizon);
    } catch (error) {
      warnings.push(`AUC and Brier score at ${horizon} not computed: ${(error as Error).message}`);
    }
  }
  if (spec.decisionCurve) {
    const t = spec.decisionCurve.horizon ?? (horizon as number);
    try {
      out.decisionCurve = netBenefitSurvival(
        survivalAt(t).map((s) => 1 - s),
        data.time,
        data.event,
        t,
        spec.decisionCurve.thresholds,
      );
    } catch (error) {
      warnings.push(`decision curve not computed: ${(error as Error).message}`);
    }
  }
  return out;
}

// ------------------------------------------------------------------ text (text.ts)

function fmt(x: number | undefined, digits = 4): string {
  if (x === undefined) return 'NA';
  if (x === 0) return '0';
  if (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-4) return x.toExponential(digits - 1);
  return Number(x.toPrecision(digits)).toString();
}

/** Right-aligned columns under a header (as text.ts lays out its tables). */
function textTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  return [line(header), ...rows.map(line)];
}

/** The calibration, horizon and net-benefit parts of a result as text lines (formatText appends them). */
export function calibrationText(result: object): string[] {
  const r = result as CalibrationResults;
  const lines: string[] = [];
  const cal = r.calibration;
  if (cal && 'apparent' in cal) {
    const a = cal.apparent;
    lines.push('', 'Calibration (rms::val.prob, apparent)');
    lines.push(
      `CITL ${fmt(a.citl)}, slope ${fmt(a.slope)} (intercept ${fmt(a.intercept)}); Eavg ${fmt(a.eavg)}, E90 ${fmt(a.e90)}, Emax ${fmt(a.emax)}; ` +
        `Brier ${fmt(a.brier)}, C ${fmt(a.c)}; Spiegelhalter z ${fmt(a.spiegelhalter.z)} (p ${fmt(a.spiegelhalter.p, 3)})`,
    );
    if (cal.curve) {
      const c = cal.curve;
      lines.push(
        '',
        `Calibration curve (rms::calibrate, B = ${c.B}, seed ${c.seed}${c.failed ? `, ${c.failed} failed` : ''}; every 5th point)`,
      );
      lines.push(
        ...textTable(
          ['predicted', 'apparent', 'corrected'],
          c.points
            .filter((_, k) => k % 5 === 0 || k === c.points.length - 1)
            .map((p) => [fmt(p.predicted), fmt(p.apparent), fmt(p.corrected)]),
        ),
      );
    }
  } else if (cal && 'groups' in cal) {
    lines.push(
      '',
      `Calibration at ${cal.horizon} (rms::calibrate cmethod KM, m = ${cal.m}, B = ${cal.B}${cal.B ? `, seed ${cal.seed}` : ''}${cal.failed ? `, ${cal.failed} failed` : ''})`,
    );
    lines.push(
      ...textTable(
        ['group', 'n', 'predicted', 'Kaplan-Meier', 'corrected'],
        cal.groups.map((g, k) => [String(k + 1), String(g.size), fmt(g.predicted), fmt(g.apparent), fmt(g.corrected)]),
      ),
    );
  }
  if (r.timeDependent) {
    const t = r.timeDependent;
    lines.push(
      '',
      `At ${t.horizon}: AUC ${fmt(t.auc)} (cumulative/dynamic, IPCW); Brier ${fmt(t.brier)} (Kaplan-Meier ${fmt(t.brierNull)}, scaled ${fmt(t.scaledBrier)})`,
    );
  }
  if (r.decisionCurve) {
    const d = r.decisionCurve;
    lines.push('', `Net benefit${d.horizon !== undefined ? ` at ${d.horizon}` : ''}`);
    lines.push(
      ...textTable(
        ['threshold', 'model', 'treat all', 'treat none'],
        d.rows.map((row) => [fmt(row.threshold), fmt(row.model), fmt(row.all), '0']),
      ),
    );
  }
  return lines;
}
