import { INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ACCESS_RULE, type AccessRule } from './access';

/**
 * Start-up check: every route handler declares an access rule (on itself or its controller). The
 * guard also refuses such a route at request time; this makes the mistake fail the boot instead.
 */
export function assertAccessRules(app: INestApplication): void {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const missing: string[] = [];
  const misplaced: string[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    const proto = Object.getPrototypeOf(instance);
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name];
      if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      const rule = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [handler, metatype]);
      if (!rule) {
        missing.push(`${metatype.name}.${name}`);
        continue;
      }
      // A study rule needs `:study` in the path and a participant rule `:id`, or it could only ever answer 404.
      const path = `${Reflect.getMetadata(PATH_METADATA, metatype) ?? ''}/${Reflect.getMetadata(PATH_METADATA, handler) ?? ''}`;
      if (rule.kind === 'study' && !/:study\b/.test(path)) misplaced.push(`${metatype.name}.${name} (study rule without :study)`);
      if ((rule.kind === 'participant' || rule.kind === 'resource') && !/:id\b/.test(path))
        misplaced.push(`${metatype.name}.${name} (${rule.kind} rule without :id)`);
    }
  }
  if (missing.length) throw new Error(`Routes without an access rule: ${missing.join(', ')}`);
  if (misplaced.length) throw new Error(`Access rules that cannot match their route: ${misplaced.join(', ')}`);
}
