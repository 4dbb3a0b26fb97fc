import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Sums `--cpu-prof` profiles (a .cpuprofile file, or every one in a folder, e.g. what
 * BENCH_CPU_PROF_DIR collected): the functions with the most self time and the most total time
 * (self time of everything below a function, each function counted once per stack), and the
 * packages (node_modules/<name>, node: internals, our own code) that time falls in.
 *
 *   node dist/bench/cpu-profile.js <file-or-folder> [top=30]
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(path, f));
}

function where(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:') || url === '') return url === '' ? '(native/idle)' : 'node:internal';
  const d = /\/dist\/(.*)$/.exec(url);
  return d ? `ours: ${d[1].split('/').slice(0, 3).join('/')}` : url;
}

function label(n: ProfileNode): string {
  const f = n.callFrame;
  const file = f.url.replace(/^.*\/(node_modules|dist)\//, '$1/');
  return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
}

function main(): void {
  const [path, topArg] = process.argv.slice(2);
  if (!path) throw new Error('usage: cpu-profile <file-or-folder> [top]');
  const top = Number(topArg ?? 30);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const packages = new Map<string, number>();
  let all = 0;
  for (const file of files(path)) {
    const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    // Time per node from the samples and their deltas (hitCount alone ignores the sampling interval).
    const ms = new Map<number, number>();
    const samples = p.samples ?? [];
    const deltas = p.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      const dt = (deltas[i + 1] ?? 0) / 1000;
      ms.set(samples[i], (ms.get(samples[i]) ?? 0) + dt);
    }
    for (const [id, t] of ms) {
      const n = byId.get(id)!;
      const name = n.callFrame.functionName;
      if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') {
        self.set(name, (self.get(name) ?? 0) + t);
        if (name !== '(idle)') all += t;
        continue;
      }
      all += t;
      self.set(label(n), (self.get(label(n)) ?? 0) + t);
      packages.set(where(n.callFrame.url), (packages.get(where(n.callFrame.url)) ?? 0) + t);
      const seen = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const l = label(byId.get(cur)!);
        if (seen.has(l)) continue;
        seen.add(l);
        total.set(l, (total.get(l) ?? 0) + t);
      }
    }
  }
  const print = (title: string, m: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`${v.toFixed(0).padStart(8)} ms ${((100 * v) / all).toFixed(1).padStart(5)}%  ${k}`);
  };
  console.log(`busy (not idle) time: ${all.toFixed(0)} ms`);
  print('by package (self time)', packages);
  print('self time', self);
  print('total time', total);
}

main();
