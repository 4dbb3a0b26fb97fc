// Builds the web app (the patient questionnaire page at /q/{token} and the coordinator console at
// /console): `node apps/web/build.mjs` (`npm run build:web`, part of `npm run build`) → dist/web, the
// folder that `npm run start:api` serves when WEB_DIR is not set.
// API_BASE (default `/api/v1`, same origin) is where the pages find the API.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));
/** Where `npm run build` puts the web app: dist/web at the repository root (beside dist/apps). */
export const DEFAULT_OUT_DIR = resolve(root, '..', '..', 'dist', 'web');

export async function buildWeb({ apiBase = process.env.API_BASE ?? '/api/v1', outDir = DEFAULT_OUT_DIR } = {}) {
  // Always the production bundle, the one patients and coordinators get: called from vitest
  // (NODE_ENV=test) Vite would bundle React's development build, whose StrictMode runs every effect
  // twice (the browser tests then tested other code than ships, and were slower).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await bundle(apiBase, outDir);
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

async function bundle(apiBase, outDir) {
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    // `@trialdata/<lib>`: the pure libraries the console shares with the server (libs/forms' engine).
    resolve: { alias: [{ find: /^@trialdata\/([a-z-]+)$/, replacement: resolve(root, '..', '..', 'libs', '$1', 'index.ts') }] },
    define: { __API_BASE__: JSON.stringify(apiBase) },
    build: { outDir, emptyOutDir: true, target: 'es2020', sourcemap: false },
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildWeb().then(
    (dir) => console.log(`built ${dir}`),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
