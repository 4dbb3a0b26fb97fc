import type { ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { createInterface } from 'node:readline';

/** pino's numeric levels; the demo's terminal shows `warn` and above. */
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
export const TERMINAL_LEVEL = 40;

interface PinoLine {
  level?: unknown;
  msg?: unknown;
  req?: { method?: unknown; url?: unknown };
  res?: { statusCode?: unknown };
  err?: { message?: unknown };
}

/**
 * What the terminal shows of one log line, or null to leave it to the log file. The API and the
 * worker log one JSON line per request and job at `info`; the demo keeps those in the file so that
 * the URLs and logins stay on screen. Lines that are not pino JSON (a crash, a console.error) always
 * show.
 */
export function terminalLine(process: string, line: string): string | null {
  if (line.trim() === '') return null;
  let entry: PinoLine;
  try {
    entry = JSON.parse(line) as PinoLine;
  } catch {
    return `[${process}] ${line}`;
  }
  if (typeof entry !== 'object' || entry === null || typeof entry.level !== 'number') return `[${process}] ${line}`;
  if (entry.level < TERMINAL_LEVEL) return null;
  const parts = [`[${process}]`, LEVELS[entry.level] ?? String(entry.level)];
  if (entry.req && typeof entry.req.method === 'string' && typeof entry.req.url === 'string') parts.push(entry.req.method, entry.req.url);
  if (entry.res && typeof entry.res.statusCode === 'number') parts.push(`→ ${entry.res.statusCode}`);
  if (typeof entry.msg === 'string') parts.push(entry.msg);
  if (entry.err && typeof entry.err.message === 'string' && entry.err.message !== entry.msg) parts.push(`(${entry.err.message})`);
  return parts.join(' ');
}

/** Every line of the child's stdout and stderr goes to `file`; warnings and errors also to `terminal`. */
export function routeLogs(name: string, child: ChildProcess, file: Writable, terminal: Writable): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      file.write(`${line}\n`);
      const shown = terminalLine(name, line);
      if (shown !== null) terminal.write(`${shown}\n`);
    });
  }
}
