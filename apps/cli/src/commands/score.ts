import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { InstrumentInputError, UnknownInstrumentError, listInstruments, score } from '@trialdata/instruments';

export const SCORE_USAGE = `  score <CODE> (--answers JSON | --file answers.json) [--format json|text]
                                            score one instrument's answers ({itemId: code}) exactly as the API does
  score --list                              the instrument codes`;

export interface ScoreIo {
  out(text: string): void;
  err(line: string): void;
}

/** `trial score ODI --answers '{"odi1":2,...}'`: scoring without a server (libs/instruments). */
export function scoreCommand(args: string[], io: ScoreIo): number {
  let values: { answers?: string; file?: string; format?: string; list?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: { answers: { type: 'string' }, file: { type: 'string' }, format: { type: 'string' }, list: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    }));
  } catch (e) {
    io.err(`usage: ${(e as Error).message}`);
    io.err(SCORE_USAGE);
    return 2;
  }
  if (values.list) {
    io.out(
      listInstruments()
        .map((d) => `${d.code}\t${d.title.en}`)
        .join('\n') + '\n',
    );
    return 0;
  }
  const [code] = positionals;
  const format = values.format ?? 'json';
  if (
    !code ||
    positionals.length !== 1 ||
    (values.answers === undefined) === (values.file === undefined) ||
    !['json', 'text'].includes(format)
  ) {
    io.err(SCORE_USAGE);
    return 2;
  }
  let answers: unknown;
  try {
    answers = JSON.parse(values.answers ?? readFileSync(values.file!, 'utf8'));
  } catch (e) {
    io.err(`answers are not valid JSON: ${(e as Error).message}`);
    return 2;
  }
  try {
    const result = score(code, answers as never);
    if (format === 'json') io.out(JSON.stringify(result, null, 2) + '\n');
    else
      io.out(
        Object.entries(result.scores)
          .map(([name, v]) => `${name}\t${v === null ? `NA (${result.reasons[name]})` : String(v)}`)
          .join('\n') + '\n',
      );
    return 0;
  } catch (e) {
    if (e instanceof UnknownInstrumentError) {
      io.err(`unknown instrument ${code}; see \`trial score --list\``);
      return 1;
    }
    if (e instanceof InstrumentInputError) {
      for (const f of e.errors) io.err(`${f.field}: ${f.message}`);
      return 1;
    }
    throw e;
  }
}
