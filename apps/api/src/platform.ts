import type { FactoryProvider } from '@nestjs/common';
import type { Platform } from '@trialdata/platform';

/** The composition root's services (libs/platform), built once per API process. */
export const PlatformToken = Symbol('Platform');

/** A Nest provider for one of the platform's services: Nest injects it, the platform built it. */
export function fromPlatform<K extends keyof Platform>(provide: FactoryProvider['provide'], key: K): FactoryProvider<Platform[K]> {
  return { provide, useFactory: (platform: Platform) => platform[key], inject: [PlatformToken] };
}
