import { INestApplication, type Type } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { PATH_METADATA } from '@nestjs/common/constants';
import { isDeepStrictEqual } from 'node:util';
import { ACCESS_RULE, ruleFor, type AccessRule } from './access';
import { PERMISSIONS, type Action } from './permissions';

/** Every route handler of the controllers: its name, path and access rule (on itself or its controller). */
export function routesOf(controllers: readonly Type[]): { name: string; path: string; rule: AccessRule | undefined }[] {
  const out: { name: string; path: string; rule: AccessRule | undefined }[] = [];
  for (const metatype of controllers) {
    const proto = metatype.prototype as Record<string, unknown>;
    const names = new Set<string>();
    for (let p: object | null = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p))
      for (const n of Object.getOwnPropertyNames(p)) if (n !== 'constructor') names.add(n);
    for (const name of names) {
      const handler = proto[name];
      if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      const rule = (Reflect.getMetadata(ACCESS_RULE, handler) ?? Reflect.getMetadata(ACCESS_RULE, metatype)) as AccessRule | undefined;
      const path = `${Reflect.getMetadata(PATH_METADATA, metatype) ?? ''}/${Reflect.getMetadata(PATH_METADATA, handler) ?? ''}`;
      out.push({ name: `${metatype.name}.${name}`, path, rule });
    }
  }
  return out;
}

/** The rule as plain data, to compare (a table row's roles are a frozen tuple). */
const plain = (rule: AccessRule): unknown => JSON.parse(JSON.stringify(rule));

/**
 * What is wrong with the controllers' access rules: routes without one, rules that cannot match
 * their route, and study, participant, dataset or model rules whose roles do not come from the
 * permission table (`@Can(action)`).
 */
export function accessRuleProblems(controllers: readonly Type[]): { missing: string[]; misplaced: string[]; offTable: string[] } {
  const missing: string[] = [];
  const misplaced: string[] = [];
  const offTable: string[] = [];
  for (const { name, path, rule } of routesOf(controllers)) {
    if (!rule) {
      missing.push(name);
      continue;
    }
    // A study rule needs `:study` in the path and a participant rule `:id`, or it could only ever answer 404.
    if (rule.kind === 'study' && !/:study\b/.test(path)) misplaced.push(`${name} (study rule without :study)`);
    if ((rule.kind === 'participant' || rule.kind === 'resource') && !/:id\b/.test(path))
      misplaced.push(`${name} (${rule.kind} rule without :id)`);
    if (rule.kind === 'study' || rule.kind === 'participant' || rule.kind === 'resource') {
      const action = (rule as { action?: string }).action;
      const on = rule.kind === 'resource' ? rule.resource : rule.kind;
      let expected: AccessRule | undefined;
      try {
        expected = action !== undefined && Object.hasOwn(PERMISSIONS, action) ? ruleFor(action as Action, on) : undefined;
      } catch {
        expected = undefined;
      }
      if (!expected || !isDeepStrictEqual(plain(rule), plain(expected)))
        offTable.push(`${name} (${action ? `action ${action}` : 'no action'})`);
    }
  }
  return { missing, misplaced, offTable };
}

/**
 * Start-up check: every route handler declares an access rule, one that can match its route, and
 * study-level rules take their roles from the permission table. The guard also refuses a route
 * without a rule at request time; this makes the mistake fail the boot instead.
 */
export function assertAccessRules(app: INestApplication): void {
  const controllers = app
    .get(DiscoveryService)
    .getControllers()
    .filter((w) => w.instance && w.metatype)
    .map((w) => w.metatype as Type);
  const { missing, misplaced, offTable } = accessRuleProblems(controllers);
  if (missing.length) throw new Error(`Routes without an access rule: ${missing.join(', ')}`);
  if (misplaced.length) throw new Error(`Access rules that cannot match their route: ${misplaced.join(', ')}`);
  if (offTable.length)
    throw new Error(`Access rules whose roles do not come from the permission table (use @Can(action)): ${offTable.join(', ')}`);
}
