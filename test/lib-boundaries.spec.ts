// Library boundaries the tools enforce (docs/ARCHITECTURE.md). ESLint's trialdata/lib-index-only rule
// refuses deep and relative imports into another lib; this test sees the whole graph and refuses any
// import cycle between libs (production files; a spec may use another lib's fixtures).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const ROOT = join(__dirname, '..');
const LIBS = join(ROOT, 'libs');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' || name === 'reference' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.spec\.tsx?$/.test(name) ? [path] : [];
  });
}

/** lib → the libs its production files import (`@trialdata/<lib>`, type-only imports included). */
export function libGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(LIBS)) {
    const lib = relative(LIBS, file).split(sep)[0];
    const deps = graph.get(lib) ?? new Set<string>();
    graph.set(lib, deps);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'@trialdata\/([a-z-]+)'/g)) {
      if (m[1] !== lib) deps.add(m[1]);
    }
  }
  return graph;
}

/** Every elementary cycle's first sighting in a depth-first walk, as a path [a, b, …, a]. */
export function findCycles(graph: Map<string, Set<string>>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('library boundaries', () => {
  it('finds a cycle when there is one, and none in a chain', () => {
    const g = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));
    expect(findCycles(g({ forms: ['protocol'], protocol: ['forms'] }))).toEqual([['forms', 'protocol', 'forms']]);
    expect(findCycles(g({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] }))).toEqual([['a', 'b', 'c', 'a']]);
    expect(findCycles(g({ a: ['b'], b: ['c'], c: [] }))).toEqual([]);
  });

  it('every lib has an index, the only door the others use', () => {
    for (const lib of libGraph().keys()) expect(statSync(join(LIBS, lib, 'index.ts')).isFile(), lib).toBe(true);
  });

  it('no import cycle between libs', () => {
    const graph = libGraph();
    expect(graph.get('protocol')?.has('forms')).toBe(true); // the graph is read, not empty
    expect(findCycles(graph)).toEqual([]);
  });
});
