// Builds the patient questionnaire page: `node apps/web/build.mjs` → apps/web/dist.
// API_BASE (default `/api/v1`, same origin) is where the page finds the API's portal routes.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));

export async function buildWeb({ apiBase = process.env.API_BASE ?? '/api/v1', outDir = resolve(root, 'dist') } = {}) {
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    define: { __API_BASE__: JSON.stringify(apiBase) },
    build: { outDir, emptyOutDir: true, target: 'es2020', sourcemap: false },
  });
  return outDir;
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
