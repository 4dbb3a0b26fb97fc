/**
 * libs/platform: the composition root. `createPlatform(config, studies, clock)` builds every service
 * with its subscriptions once; the API, the worker, the CLI and the tests use it. The library's only door.
 */
export { createPlatform } from './platform';
export type { Clock, Log, Platform, PlatformOptions } from './platform';
