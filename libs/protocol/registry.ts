import { ProtocolError, ProtocolLookupError, type ProtocolIssue } from './errors';
import { validateStudyDefinition, type IssuePath, type ValidationOptions } from './schema';
import type { StudyDefinition } from './types';

/** `schedule[2].forms[0]`, `instrumentsByCohort.lumbar[1]`. */
export function formatPath(path: IssuePath): string {
  return path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`;
      const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key);
      if (!plain) return `[${JSON.stringify(key)}]`;
      return i === 0 ? key : `.${key}`;
    })
    .join('');
}

const normalise = (code: string) => code.trim().toUpperCase();

/** What to call a definition in messages before we know it is valid. */
function labelOf(definition: unknown, index: number): string {
  const code = (definition as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.trim() !== '' ? code : `studies[${index}]`;
}

/** Freezes an object and everything it holds, so that a protocol cannot change at run time. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The loaded, validated study definitions. Construction validates every definition and throws one
 * ProtocolError naming every problem, so a registry that exists is a registry that is valid. The
 * definitions it hands out are frozen copies: nothing downstream can change a protocol at run time.
 */
export class StudyRegistry {
  private readonly studies = new Map<string, StudyDefinition>();

  constructor(definitions: readonly unknown[], options: ValidationOptions = {}) {
    const issues: ProtocolIssue[] = [];
    definitions.forEach((definition, index) => {
      const study = labelOf(definition, index);
      const result = validateStudyDefinition(definition, options);
      if (!result.ok) {
        issues.push(...result.issues.map((issue) => ({ study, path: formatPath(issue.path), message: issue.message })));
        return;
      }
      const key = normalise(result.study.code);
      if (this.studies.has(key)) {
        issues.push({ study, path: 'code', message: `duplicate study code ${JSON.stringify(result.study.code)}` });
        return;
      }
      this.studies.set(key, deepFreeze(result.study));
    });
    if (issues.length > 0) throw new ProtocolError(issues);
  }

  /** The study with this code, whatever its case (`teias`, `TEIAS`); throws UNKNOWN_STUDY. */
  get(code: string): StudyDefinition {
    const study = this.find(code);
    if (study === undefined) throw new ProtocolLookupError('UNKNOWN_STUDY', `unknown study ${JSON.stringify(code)}`);
    return study;
  }

  find(code: string): StudyDefinition | undefined {
    return typeof code === 'string' ? this.studies.get(normalise(code)) : undefined;
  }

  has(code: string): boolean {
    return this.find(code) !== undefined;
  }

  /** Every study, in load order. */
  list(): StudyDefinition[] {
    return [...this.studies.values()];
  }

  codes(): string[] {
    return this.list().map((s) => s.code);
  }
}

/** Validates every definition and returns the registry; throws ProtocolError naming each bad path. */
export function loadStudies(definitions: readonly unknown[], options: ValidationOptions = {}): StudyRegistry {
  return new StudyRegistry(definitions, options);
}
