import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import type { FieldError } from '@trialdata/common';

/** Keys that name built-in object members: class-transformer would drop them silently, so refuse them. */
const RESERVED_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));
export const MAX_DEPTH = 32;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s: string) => !LONE_SURROGATE.test(s);

/**
 * Checks a parsed JSON body before validation, without recursion: nesting depth, strings PostgreSQL
 * cannot store (NUL, lone surrogates), and keys that are built-in object members. Each would
 * otherwise surface as a 500 or be silently ignored.
 */
export function jsonSafetyErrors(root: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Array<[unknown, string, number]> = [[root, '', 0]];
  while (stack.length && errors.length < 20) {
    const [value, path, depth] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) errors.push({ field: path || '(body)', message: 'must not contain NUL characters' });
      else if (!wellFormed(value)) errors.push({ field: path || '(body)', message: 'must be well-formed Unicode' });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_DEPTH) {
      errors.push({ field: path || '(body)', message: `is nested more than ${MAX_DEPTH} levels deep` });
      continue;
    }
    const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    for (const [key, child] of entries) {
      const childPath = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!Array.isArray(value)) {
        if (RESERVED_KEYS.has(key) || key.includes('\u0000') || !wellFormed(key)) {
          errors.push({ field: childPath, message: 'unknown field' });
          continue;
        }
      }
      stack.push([child, childPath, depth + 1]);
    }
  }
  return errors;
}

@Injectable()
export class JsonSafetyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query') return value;
    const errors = jsonSafetyErrors(value);
    if (errors.length)
      throw new BadRequestException({ message: `Invalid request: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors });
    return value;
  }
}
