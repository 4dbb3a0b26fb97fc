import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  fitModelWithFigures,
  formatText,
  levelsFromDictionary,
  MAX_BOOTSTRAP,
  MAX_IMPUTATIONS,
  ModelInputError,
  type ColumnLevels,
  type ModelSpec,
} from '@trialdata/modelling';

/**
 * `trial fit logistic|cox ...` (API.md "Modelling, with or without a server"). It handles its own
 * errors so that the exit code is part of its contract, testable in process: 0 done, 2 usage (one
 * line naming the option), 1 data (one line naming the file, row or column).
 */

export const FIT_USAGE = `  fit logistic --data FILE.csv --outcome Y --covariates a,b,c [--firth] [--bootstrap B --seed S] [--format json|text]
  fit cox --data FILE.csv --time T --event E --covariates a,b,c [--strata S] [--ties efron|breslow]
          [--times t1,t2] [--conf-type log|log-log|plain] [--bootstrap B --seed S] [--format json|text]
  fit logistic|cox --data FILE.csv --formula "y ~ rcs(age, 4) + sex + factor(grade) + x:sex" [--dictionary dictionary.csv] ...
          (cox: --formula "Surv(time, event) ~ ... + strata(site)"; the formula replaces --outcome/--time/--event/--covariates/--strata)
  fit ... [--out model.json] [--shrink]   save the model for predict; --shrink (with --bootstrap) presents it shrunk by the calibration slope
  fit ... --impute M [--maxit K] [--seed S]   multiple imputation (MICE, predictive mean matching), M sets pooled by Rubin's rules
  fit ... [--calibrate B] [--horizon T] [--thresholds p1,p2]   calibration curve (rms::calibrate, B bootstrap samples; cox at horizon T,
          with AUC(T) and Brier(T)) and net benefit at the threshold risks (cox: at T)`;

export interface FitIo {
  out: (text: string) => void;
  err: (line: string) => void;
  readFile?: (path: string) => Buffer;
  writeFile?: (path: string, text: string) => void;
}

class FitUsageError extends Error {}

const OPTIONS = {
  data: { type: 'string' },
  outcome: { type: 'string' },
  time: { type: 'string' },
  event: { type: 'string' },
  covariates: { type: 'string' },
  strata: { type: 'string' },
  ties: { type: 'string' },
  times: { type: 'string' },
  firth: { type: 'boolean' },
  bootstrap: { type: 'string' },
  seed: { type: 'string' },
  format: { type: 'string' },
  formula: { type: 'string' },
  dictionary: { type: 'string' },
  out: { type: 'string' },
  shrink: { type: 'boolean' },
  'conf-type': { type: 'string' },
  impute: { type: 'string' },
  maxit: { type: 'string' },
  calibrate: { type: 'string' },
  horizon: { type: 'string' },
  thresholds: { type: 'string' },
} as const;

const ONLY_FOR: Record<string, 'logistic' | 'cox'> = {
  outcome: 'logistic',
  firth: 'logistic',
  time: 'cox',
  event: 'cox',
  strata: 'cox',
  ties: 'cox',
  times: 'cox',
  'conf-type': 'cox',
  horizon: 'cox',
};

function integer(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || n < min || n > max)
    throw new FitUsageError(`--${name} must be an integer from ${min} to ${max} (got '${value}')`);
  return n;
}

function list(name: string, value: string | undefined): string[] {
  const items = (value ?? '').split(',').map((s) => s.trim());
  if (items.length === 0 || items.some((s) => s === ''))
    throw new FitUsageError(`--${name} needs a comma-separated list of column names, e.g. --${name} age,sex`);
  return items;
}

export function parseFitArgs(args: string[]): {
  spec: ModelSpec;
  data: string;
  format: 'json' | 'text';
  dictionary?: string;
  out?: string;
} {
  const [kind, ...rest] = args;
  if (kind !== 'logistic' && kind !== 'cox')
    throw new FitUsageError(`fit needs a model: fit logistic ... or fit cox ... (got ${kind === undefined ? 'nothing' : `'${kind}'`})`);
  let v: Record<string, string | boolean | undefined>;
  try {
    v = parseArgs({ args: rest, options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new FitUsageError((error as Error).message.split('\n')[0]);
  }
  for (const [option, model] of Object.entries(ONLY_FOR)) {
    if (v[option] !== undefined && model !== kind) throw new FitUsageError(`--${option} is for ${model} models only`);
  }
  const required = (name: string): string => {
    const value = v[name];
    if (typeof value !== 'string' || value.trim() === '') throw new FitUsageError(`fit ${kind} needs --${name}`);
    return value.trim();
  };
  const data = required('data');
  const format = (v.format ?? 'json') as string;
  if (format !== 'json' && format !== 'text') throw new FitUsageError(`--format must be json or text (got '${format}')`);
  if (v.seed !== undefined && v.bootstrap === undefined && v.impute === undefined)
    throw new FitUsageError('--seed only makes sense with --bootstrap B or --impute M');
  if (v.maxit !== undefined && v.impute === undefined) throw new FitUsageError('--maxit only makes sense with --impute M');
  if (v.shrink && v.impute !== undefined) throw new FitUsageError('--shrink is not available with --impute');
  if (v.shrink && v.bootstrap === undefined)
    throw new FitUsageError('--shrink needs --bootstrap B: the shrinkage factor is the bootstrap calibration slope');
  const validation = {
    ...(v.bootstrap !== undefined ? { bootstrap: integer('bootstrap', String(v.bootstrap), 1, MAX_BOOTSTRAP) } : {}),
    ...(v.seed !== undefined ? { seed: integer('seed', String(v.seed), -(2 ** 31), 2 ** 32 - 1) } : {}),
    ...(v.shrink ? { shrink: true } : {}),
    ...(v.impute !== undefined
      ? {
          impute: {
            m: integer('impute', String(v.impute), 2, MAX_IMPUTATIONS),
            ...(v.maxit !== undefined ? { maxit: integer('maxit', String(v.maxit), 1, 100) } : {}),
          },
        }
      : {}),
    ...calibrationOptions(v, kind),
  };
  const out = v.out !== undefined ? { out: required('out') } : {};
  const times = parseTimes(v.times);
  const confType = v['conf-type'];
  if (confType !== undefined && confType !== 'log' && confType !== 'log-log' && confType !== 'plain')
    throw new FitUsageError(`--conf-type must be log, log-log or plain (got '${String(confType)}')`);
  const km = confType !== undefined ? { confType: confType as 'log' | 'log-log' | 'plain' } : {};
  if (v.formula !== undefined) {
    const replaced = ['outcome', 'time', 'event', 'covariates', 'strata'].filter((k) => v[k] !== undefined);
    if (replaced.length > 0)
      throw new FitUsageError(`--formula replaces ${replaced.map((k) => `--${k}`).join(', ')}: give one or the other`);
    const formula = required('formula');
    const dictionary = v.dictionary !== undefined ? required('dictionary') : undefined;
    const ties = v.ties ?? 'efron';
    if (ties !== 'efron' && ties !== 'breslow') throw new FitUsageError(`--ties must be efron or breslow (got '${String(ties)}')`);
    const spec: ModelSpec =
      kind === 'logistic'
        ? { model: 'logistic', formula, ...(v.firth ? { firth: true } : {}), ...validation }
        : { model: 'cox', formula, ties, ...(times ? { times } : {}), ...km, ...validation };
    return { spec, data, format, ...(dictionary ? { dictionary } : {}), ...out };
  }
  if (v.dictionary !== undefined) throw new FitUsageError('--dictionary is used with --formula only');
  const covariates = list('covariates', required('covariates'));
  if (kind === 'logistic') {
    return {
      spec: { model: 'logistic', outcome: required('outcome'), covariates, ...(v.firth ? { firth: true } : {}), ...validation },
      data,
      format,
      ...out,
    };
  }
  const ties = v.ties ?? 'efron';
  if (ties !== 'efron' && ties !== 'breslow') throw new FitUsageError(`--ties must be efron or breslow (got '${String(ties)}')`);
  const spec: ModelSpec = {
    model: 'cox',
    time: required('time'),
    event: required('event'),
    covariates,
    ties,
    ...(v.strata !== undefined ? { strata: required('strata') } : {}),
    ...(times ? { times } : {}),
    ...km,
    ...validation,
  };
  return { spec, data, format, ...out };
}

/** --calibrate B, --horizon T, --thresholds p1,p2 as the spec's `calibration` and `decisionCurve`. */
function calibrationOptions(
  v: Record<string, string | boolean | undefined>,
  kind: 'logistic' | 'cox',
): Pick<ModelSpec, 'calibration' | 'decisionCurve'> {
  if (kind === 'cox' && v.horizon === undefined && (v.calibrate !== undefined || v.thresholds !== undefined))
    throw new FitUsageError(`--${v.calibrate !== undefined ? 'calibrate' : 'thresholds'} of a cox model needs --horizon T`);
  const out: Pick<ModelSpec, 'calibration' | 'decisionCurve'> = {};
  let horizon: number | undefined;
  if (v.horizon !== undefined) {
    horizon = Number(String(v.horizon).trim());
    if (!(horizon > 0) || !Number.isFinite(horizon))
      throw new FitUsageError(`--horizon must be a positive time (got '${String(v.horizon)}')`);
  }
  if (v.calibrate !== undefined || horizon !== undefined)
    out.calibration = {
      ...(v.calibrate !== undefined ? { B: integer('calibrate', String(v.calibrate), 0, MAX_BOOTSTRAP) } : {}),
      ...(horizon !== undefined ? { horizon } : {}),
    };
  if (v.thresholds !== undefined) {
    const parts = String(v.thresholds).split(',');
    const thresholds = parts.map((s) => Number(s.trim()));
    if (parts.some((s, i) => s.trim() === '' || !(thresholds[i] > 0 && thresholds[i] < 1)))
      throw new FitUsageError(
        `--thresholds needs risks between 0 and 1 separated by commas, e.g. --thresholds 0.1,0.2 (got '${String(v.thresholds)}')`,
      );
    out.decisionCurve = { thresholds };
  }
  return out;
}

function parseTimes(value: string | boolean | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const times = String(value)
    .split(',')
    .map((s) => Number(s.trim()));
  if (times.some((t, i) => !Number.isFinite(t) || t < 0 || String(value).split(',')[i].trim() === '')) {
    throw new FitUsageError(`--times needs non-negative numbers separated by commas, e.g. --times 365,730 (got '${String(value)}')`);
  }
  return times;
}

export async function fitCommand(args: string[], io: FitIo): Promise<number> {
  let parsed: ReturnType<typeof parseFitArgs>;
  try {
    parsed = parseFitArgs(args);
  } catch (error) {
    if (!(error instanceof FitUsageError)) throw error;
    io.err(`usage: ${error.message}`);
    io.err(FIT_USAGE);
    return 2;
  }
  let text: Buffer;
  try {
    text = (io.readFile ?? readFileSync)(parsed.data);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.err(`${parsed.data}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message}`);
    return 1;
  }
  let levels: ColumnLevels | undefined;
  if (parsed.dictionary) {
    try {
      levels = levelsFromDictionary((io.readFile ?? readFileSync)(parsed.dictionary));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      io.err(`${parsed.dictionary}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
      return 1;
    }
  }
  try {
    const { result, saved } = await fitModelWithFigures(parsed.spec, text, levels ? { levels } : {});
    if (parsed.out) {
      try {
        (io.writeFile ?? ((path, body) => writeFileSync(path, body)))(parsed.out, JSON.stringify(saved) + '\n');
      } catch (error) {
        io.err(`${parsed.out}: ${(error as Error).message}`);
        return 1;
      }
    }
    io.out(parsed.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatText(result));
    return 0;
  } catch (error) {
    if (!(error instanceof ModelInputError)) throw error;
    io.err(`${parsed.data}: ${error.message}`);
    return 1;
  }
}
