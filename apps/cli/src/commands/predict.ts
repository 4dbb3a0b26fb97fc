import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { checkSavedModel, ModelInputError, predictionCsv, predictModel, type SavedModel } from '@trialdata/modelling';

/**
 * `trial predict --model model.json --data NEW.csv [--times t1,t2] [--format csv|json]` (API.md
 * "Model development"): the input rows with lp, risk and (Cox) survival_<t> appended. Exit codes as
 * `fit`: 0 done, 2 usage, 1 data (one line naming the file, row or column).
 */

export const PREDICT_USAGE = `  predict --model model.json --data NEW.csv [--times t1,t2] [--format csv|json]
          lp, risk (logistic: probability; cox: exp(lp)) and survival_<t> (cox) for each row, as R's predict and survfit(fit, newdata)`;

export interface PredictIo {
  out: (text: string) => void;
  err: (line: string) => void;
  readFile?: (path: string) => Buffer;
}

class PredictUsageError extends Error {}

const OPTIONS = {
  model: { type: 'string' },
  data: { type: 'string' },
  times: { type: 'string' },
  format: { type: 'string' },
} as const;

export function parsePredictArgs(args: string[]): { model: string; data: string; times?: number[]; format: 'csv' | 'json' } {
  let v: Record<string, string | boolean | undefined>;
  try {
    v = parseArgs({ args, options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new PredictUsageError((error as Error).message.split('\n')[0]);
  }
  const required = (name: string): string => {
    const value = v[name];
    if (typeof value !== 'string' || value.trim() === '') throw new PredictUsageError(`predict needs --${name}`);
    return value.trim();
  };
  const format = (v.format ?? 'csv') as string;
  if (format !== 'csv' && format !== 'json') throw new PredictUsageError(`--format must be csv or json (got '${format}')`);
  let times: number[] | undefined;
  if (v.times !== undefined) {
    const parts = String(v.times).split(',');
    times = parts.map((s) => Number(s.trim()));
    if (parts.some((s, i) => s.trim() === '' || !Number.isFinite(times?.[i]) || (times?.[i] ?? -1) < 0))
      throw new PredictUsageError(
        `--times needs non-negative numbers separated by commas, e.g. --times 365,730 (got '${String(v.times)}')`,
      );
  }
  return { model: required('model'), data: required('data'), format, ...(times ? { times } : {}) };
}

export async function predictCommand(args: string[], io: PredictIo): Promise<number> {
  let parsed: ReturnType<typeof parsePredictArgs>;
  try {
    parsed = parsePredictArgs(args);
  } catch (error) {
    if (!(error instanceof PredictUsageError)) throw error;
    io.err(`usage: ${error.message}`);
    io.err(PREDICT_USAGE);
    return 2;
  }
  const read = (path: string): Buffer | null => {
    try {
      return (io.readFile ?? readFileSync)(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      io.err(`${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message}`);
      return null;
    }
  };
  const modelText = read(parsed.model);
  if (!modelText) return 1;
  let saved: SavedModel;
  try {
    saved = checkSavedModel(JSON.parse(modelText.toString('utf8')));
  } catch (error) {
    io.err(`${parsed.model}: ${error instanceof SyntaxError ? 'not JSON' : (error as Error).message}`);
    return 1;
  }
  const data = read(parsed.data);
  if (!data) return 1;
  try {
    const result = predictModel(saved, data, parsed.times ? { times: parsed.times } : {});
    for (const w of result.warnings) io.err(`warning: ${w}`);
    if (parsed.format === 'json') {
      io.out(JSON.stringify(result, null, 2) + '\n');
      return 0;
    }
    const records = parse(data, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
    io.out(predictionCsv(result, { header: records[0] ?? [], records: records.slice(1) }));
    return 0;
  } catch (error) {
    if (!(error instanceof ModelInputError)) throw error;
    io.err(`${parsed.data}: ${error.message}`);
    return 1;
  }
}
