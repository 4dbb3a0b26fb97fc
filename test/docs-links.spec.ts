import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * Every relative link in README.md and docs/*.md must resolve inside a fresh clone: to a file or
 * folder that git tracks (not to something a build or `npm ci` creates, nor outside the repository),
 * and, for `file.md#anchor` or `#anchor`, to a heading of that file. A unit test: no services.
 */
const ROOT = resolve(__dirname, '..');

/** Files git tracks, or null outside a git checkout (then existence on disk is all we can check). */
function trackedFiles(): Set<string> | null {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return new Set(out.split('\0').filter(Boolean));
  } catch {
    return null;
  }
}

/** GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingIds(markdown: string): Set<string> {
  const ids = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutCode(markdown).split('\n')) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const text = m[1]
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/`([^`]*)`/g, '$1')
      .replace(/<[^>]+>/g, '')
      .replace(/(\*\*|__|\*|\b_|_\b)/g, '');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    ids.add(n === 0 ? base : `${base}-${n}`);
  }
  return ids;
}

/** Fenced code blocks and inline code never hold links. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

export function relativeLinks(markdown: string): string[] {
  const text = withoutCode(markdown).replace(/`[^`\n]*`/g, '');
  const links: string[] = [];
  for (const m of text.matchAll(/!?\[(?:[^\]]|\][^(])*?\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push(m[1]);
  for (const m of text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)) links.push(m[1]);
  return links.filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l));
}

const docs = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const tracked = trackedFiles();

function problemsIn(doc: string): string[] {
  const problems: string[] = [];
  for (const link of relativeLinks(readFileSync(join(ROOT, doc), 'utf8'))) {
    const [rawPath, anchor] = link.split('#', 2) as [string, string | undefined];
    const path = decodeURIComponent(rawPath);
    const target = path === '' ? join(ROOT, doc) : resolve(ROOT, dirname(doc), path);
    const rel = relative(ROOT, target);
    if (rel.startsWith('..') || rel.split(sep).includes('..')) {
      problems.push(`${doc}: ${link} points outside the repository`);
      continue;
    }
    if (!existsSync(target)) {
      problems.push(`${doc}: ${link} does not exist`);
      continue;
    }
    const isDir = statSync(target).isDirectory();
    const relPosix = rel.split(sep).join('/');
    if (tracked && rel !== '' && !(isDir ? [...tracked].some((f) => f.startsWith(`${relPosix}/`)) : tracked.has(relPosix))) {
      problems.push(`${doc}: ${link} is not in the repository (ignored or generated)`);
      continue;
    }
    if (anchor && !isDir && target.endsWith('.md') && !headingIds(readFileSync(target, 'utf8')).has(anchor.toLowerCase())) {
      problems.push(`${doc}: ${link} names no heading of ${relPosix}`);
    }
  }
  return problems;
}

describe('links in README.md and docs/', () => {
  it('checks the three docs that replaced the external brief', () => {
    expect(docs).toEqual(expect.arrayContaining(['docs/API.md', 'docs/STUDIES.md', 'docs/INSTRUMENTS.md']));
  });

  it.each(docs)('every relative link in %s resolves inside the repository', (doc) => {
    expect(problemsIn(doc)).toEqual([]);
  });

  it('nothing points at the brief outside the repository', () => {
    for (const doc of docs) expect(readFileSync(join(ROOT, doc), 'utf8')).not.toMatch(/shared\/brief/);
  });
});

describe('the link checker itself', () => {
  it('derives GitHub heading ids', () => {
    const ids = headingIds('# The study definition (`GET /studies/{study}`)\n## Licensed wording: the translation file\n## A\n## A\n');
    expect([...ids]).toEqual(['the-study-definition-get-studiesstudy', 'licensed-wording-the-translation-file', 'a', 'a-1']);
  });

  it('finds relative links outside code, and skips URLs', () => {
    const md = 'See [a](docs/A.md#x), [b](https://example.org) and `[c](nope.md)`.\n```\n[d](nope.md)\n```\n[e]: ../outside.md\n';
    expect(relativeLinks(md)).toEqual(['docs/A.md#x', '../outside.md']);
  });
});
