import { INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ACCESS_RULE } from './access';

/**
 * Start-up check: every route handler declares an access rule (on itself or its controller). The
 * guard also refuses such a route at request time; this makes the mistake fail the boot instead.
 */
export function assertAccessRules(app: INestApplication): void {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const missing: string[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    const proto = Object.getPrototypeOf(instance);
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name];
      if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      if (!reflector.getAllAndOverride(ACCESS_RULE, [handler, metatype])) missing.push(`${metatype.name}.${name}`);
    }
  }
  if (missing.length) throw new Error(`Routes without an access rule: ${missing.join(', ')}`);
}
