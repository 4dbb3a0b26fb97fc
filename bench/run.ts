import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs every `bench/*.bench.js` (compiled) in turn, or only those named: `npm run bench -- enrolment`.
 * Each prints its figures with units next to a baseline measured in the same run.
 */
async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.js'))
    .filter((f) => only.length === 0 || only.includes(f.replace('.bench.js', '')))
    .sort();
  for (const file of files) {
    const name = file.replace('.bench.js', '');
    console.log(`\n== ${name}`);
    const started = Date.now();
    const mod = (await import(join(__dirname, file))) as { run(log: (line: string) => void): Promise<void> };
    await mod.run((line) => console.log(`  ${line}`));
    console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
