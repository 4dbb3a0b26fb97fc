#!/usr/bin/env node
// The `trial` command (`npx trial …`, `npm run trial -- …`): runs the compiled CLI, compiling the
// server code first only when dist/ is missing or older than a source file, so repeated calls start
// at once instead of rebuilding the project each time.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist/apps/cli/src/main.js');
const sources = ['apps/api', 'apps/worker', 'apps/cli', 'libs', 'migrations'].map((d) => join(root, d));

function newest(dir) {
  let latest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) latest = Math.max(latest, newest(p));
    else if (e.name.endsWith('.ts')) latest = Math.max(latest, statSync(p).mtimeMs);
  }
  return latest;
}

const stale = () => {
  if (!existsSync(entry)) return true;
  if (!existsSync(sources[0])) return false; // an installed copy without sources: dist is all there is
  const built = statSync(entry).mtimeMs;
  return sources.some((d) => existsSync(d) && newest(d) > built);
};

if (stale()) {
  process.stderr.write('trial: compiling the server code (dist/ is missing or older than the sources)…\n');
  execFileSync('npm', ['run', '-s', 'build:server'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
await import(pathToFileURL(entry).href);
