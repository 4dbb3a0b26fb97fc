import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/**
 * Unit tests sit beside the code (libs/**, apps/**: *.spec.ts) and need no services; end-to-end
 * tests live in test/ (*.e2e.ts) and talk to real PostgreSQL and Redis. SWC compiles the TypeScript
 * so that Nest's decorator metadata is emitted.
 *
 * Both projects run with `isolate: false`: the test files a worker runs share its module cache, so
 * the platform's modules (Nest, TypeORM, BullMQ, every lib) are evaluated once per worker instead of
 * once per file (2026-12-08, one machine: `npm test` 491 s → 313 s, 1,521 tests; e2e alone 381 s →
 * 302 s, unit alone 51 s → 22 s; Vitest's `import` figure for e2e 115 s → 13 s). Each test file still
 * runs afresh and builds its own app, database and Redis prefix; what it must not do is change what
 * the files after it share: no `vi.mock`, no `vi.stubEnv`/`vi.stubGlobal`, no fake timers, no writes
 * to `process.env` (test/shared-modules.spec.ts refuses them), and no state left in a lib's module
 * scope that a later file would read.
 */
const plugins = [
  swc.vite({
    swcrc: false,
    module: { type: 'es6' },
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
  }),
];

/** `@trialdata/<lib>` is libs/<lib>/index.ts, as tsconfig.json's paths and .swcrc say for tsc and the build. */
const resolve = {
  alias: [{ find: /^@trialdata\/([a-z-]+)$/, replacement: fileURLToPath(new URL('./libs/$1/index.ts', import.meta.url)) }],
};

export default defineConfig({
  plugins,
  resolve,
  oxc: false,
  test: {
    globals: true,
    projects: [
      {
        plugins,
        resolve,
        oxc: false,
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          globals: true,
          include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts', 'test/**/*.spec.ts'],
          environment: 'node',
          isolate: false,
        },
      },
      {
        plugins,
        resolve,
        oxc: false,
        test: {
          name: 'e2e',
          sequence: { groupOrder: 1 },
          globals: true,
          include: ['test/**/*.e2e.ts'],
          globalSetup: ['test/support/web-build.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // expect.poll waits on the page or the database with a generous deadline (vitest's default is
          // 1 s, which a loaded 2-core machine misses); a real failure still fails, only later.
          expect: { poll: { timeout: 30_000, interval: 100 } },
          fileParallelism: true,
          maxWorkers: 2,
          isolate: false,
        },
      },
    ],
  },
});
