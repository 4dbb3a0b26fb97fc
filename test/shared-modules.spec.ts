// Test files share their Vitest worker's module cache (`isolate: false`, vitest.config.mts): a file that
// mocks a module, stubs a global, installs fake timers or writes process.env would change what the files
// after it in the same worker see. This test refuses those calls in every test file and test helper.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const ROOT = join(__dirname, '..');

/** What a test file must not do when files share a worker's modules, each with the pattern that finds it. */
const RULES: ReadonlyArray<{ rule: string; pattern: RegExp }> = [
  { rule: 'mocks a module', pattern: /\bvi\s*\.\s*(?:mock|doMock|unmock|doUnmock)\s*\(/ },
  { rule: 'stubs a global or an environment variable', pattern: /\bvi\s*\.\s*(?:stubGlobal|stubEnv)\s*\(/ },
  { rule: 'installs fake timers', pattern: /\bvi\s*\.\s*useFakeTimers\s*\(/ },
  { rule: 'writes process.env', pattern: /\bprocess\s*\.\s*env\s*(?:\.\s*\w+|\[[^\]]+\])\s*(?:=(?!=)|\+=|\?\?=|\|\|=)/ },
  { rule: 'writes process.env', pattern: /\bdelete\s+process\s*\.\s*env\b/ },
  { rule: 'writes process.env', pattern: /\bObject\s*\.\s*assign\s*\(\s*process\s*\.\s*env\b/ },
];

/** The rules a file's text breaks, with the line of each. */
export function sharedStateViolations(text: string): Array<{ rule: string; line: number }> {
  const found: Array<{ rule: string; line: number }> = [];
  text.split('\n').forEach((line, i) => {
    for (const { rule, pattern } of RULES) if (pattern.test(line)) found.push({ rule, line: i + 1 });
  });
  return found;
}

/** Test code: a spec beside the code, or any TypeScript in test/ (tests and helpers) but its data fixtures. */
const isTestCode = (f: string): boolean =>
  /\.spec\.tsx?$/.test(f) || (f.startsWith(`test${sep}`) && /\.tsx?$/.test(f) && !f.includes(`${sep}fixtures${sep}`));

/** Every test file and helper (paths from the repository root), this one left out. */
function testFiles(): string[] {
  const under = (dir: string) => (readdirSync(join(ROOT, dir), { recursive: true }) as string[]).map((f) => join(dir, f));
  const self = relative(ROOT, __filename);
  return [...under('libs'), ...under('apps'), ...under('test')].filter(
    (f) => isTestCode(f) && f !== self && !f.split(sep).includes('node_modules'),
  );
}

describe('test files and the module cache they share', () => {
  it('finds each forbidden call, and not its look-alikes', () => {
    const call = (name: string) => ['vi', name].join('.');
    expect(sharedStateViolations(`${call('mock')}('../x');`)).toEqual([{ rule: 'mocks a module', line: 1 }]);
    expect(sharedStateViolations(`ok;\n${call('stubEnv')}('A', '1');`)).toEqual([
      { rule: 'stubs a global or an environment variable', line: 2 },
    ]);
    expect(sharedStateViolations(`${call('useFakeTimers')}();`)).toEqual([{ rule: 'installs fake timers', line: 1 }]);
    for (const write of [
      "process.env.TZ = 'UTC';",
      "process.env['TZ'] = 'UTC';",
      'delete process.env.TZ;',
      'Object.assign(process.env, x);',
    ])
      expect(sharedStateViolations(write), write).toEqual([{ rule: 'writes process.env', line: 1 }]);
    for (const read of [
      "const tz = process.env.TZ ?? 'UTC';",
      "if (process.env.TZ === 'UTC') run();",
      'const env = { ...process.env };',
      `${call('fn')}();`,
      `${call('useRealTimers')}();`,
    ])
      expect(sharedStateViolations(read), read).toEqual([]);
  });

  it('none of them mocks, stubs, fakes timers or writes process.env', () => {
    const files = testFiles();
    expect(files.length).toBeGreaterThan(150);
    const broken = files.flatMap((f) => sharedStateViolations(readFileSync(join(ROOT, f), 'utf8')).map((v) => `${f}:${v.line} ${v.rule}`));
    expect(broken).toEqual([]);
  });
});
