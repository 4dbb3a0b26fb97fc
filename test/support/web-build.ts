import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Vitest global set-up of the e2e project: builds apps/web once per run into a temporary folder that
 * every browser test serves through the API (WEB_DIR), instead of one Vite build per test file.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    webDir: string;
  }
}

let dir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  const { buildWeb } = (await import('../../apps/web/build.mjs' as string)) as { buildWeb: (o: { outDir: string }) => Promise<string> };
  dir = mkdtempSync(join(tmpdir(), 'trialdata-web-'));
  await buildWeb({ outDir: dir });
  project.provide('webDir', dir);
}

export function teardown(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
