import { solveSpd } from './logistic';
import { pchisq } from './stats';
import type { Design } from './design';

/**
 * Wald tests per predictor as rms::anova prints them: each predictor as a whole (its main effect and
 * every interaction it is part of: rms's "Factor+Higher Order Factors"), its interactions together,
 * its nonlinear part (rcs), each interaction with its nonlinear part, and the totals. Rows are named
 * `age`, `age nonlinear`, `age all interactions`, `age * sex`, `age * sex nonlinear`, `TOTAL ...`.
 */

export interface AnovaRow {
  term: string;
  chisq: number;
  df: number;
  p: number;
}

/**
 * `beta` and `covariance` follow `names` (the design's columns; no intercept); `dropped` names
 * aliased columns, left out of every test.
 */
export function waldAnova(design: Design, names: string[], beta: number[], covariance: number[][], dropped: string[] = []): AnovaRow[] {
  const position = new Map(names.map((n, i) => [n, i]));
  const usable = (cols: number[]): number[] =>
    cols
      .map((c) => design.columns[c].name)
      .filter((n) => !dropped.includes(n) && position.has(n))
      .map((n) => position.get(n) as number);
  const test = (term: string, cols: number[]): AnovaRow | null => {
    const idx = [...new Set(usable(cols))].sort((a, b) => a - b);
    if (idx.length === 0) return null;
    const b = idx.map((i) => beta[i]);
    const V = idx.map((i) => idx.map((j) => covariance[i][j]));
    const x = solveSpd(V, b);
    const chisq = x ? b.reduce((s, v, k) => s + v * x[k], 0) : NaN;
    return { term, chisq, df: idx.length, p: pchisq(chisq, idx.length, false) };
  };

  // rms names a predictor by its column; fall back to the formula label if two variables share one.
  const columnCount = new Map<string, number>();
  for (const v of design.variables) columnCount.set(v.column, (columnCount.get(v.column) ?? 0) + 1);
  const nameOf = (vi: number) => {
    const v = design.variables[vi];
    return (columnCount.get(v.column) as number) > 1 ? v.label : v.column;
  };
  const isSpline = (vi: number) => design.variables[vi].kind === 'rcs';
  const columnsOf = (terms: number[]) => terms.flatMap((t) => design.terms[t].columns);
  const nonlinearIn = (cols: number[]) => cols.filter((c) => design.columns[c].nonlinear);

  const rows: (AnovaRow | null)[] = [];
  const mainTerms = design.terms.map((t, i) => ({ t, i })).filter(({ t }) => t.variables.length === 1);
  const interactionTerms = design.terms.map((t, i) => ({ t, i })).filter(({ t }) => t.variables.length > 1);
  const seen = new Set<number>();
  for (const { t } of [...mainTerms, ...interactionTerms]) {
    for (const vi of t.variables) {
      if (seen.has(vi)) continue;
      seen.add(vi);
      const containing = design.terms.map((u, i) => ({ u, i })).filter(({ u }) => u.variables.includes(vi));
      const all = columnsOf(containing.map(({ i }) => i));
      const interactions = columnsOf(containing.filter(({ u }) => u.variables.length > 1).map(({ i }) => i));
      rows.push(test(nameOf(vi), all));
      if (interactions.length > 0) rows.push(test(`${nameOf(vi)} all interactions`, interactions));
      if (isSpline(vi)) rows.push(test(`${nameOf(vi)} nonlinear`, splineNonlinear(design, all, vi)));
    }
  }
  for (const { t, i } of interactionTerms) {
    const label = t.variables.map(nameOf).join(' * ');
    // Factor+Higher Order Factors: this interaction and any higher one holding all its variables.
    const higher = design.terms
      .map((u, k) => ({ u, k }))
      .filter(({ u }) => t.variables.every((v) => u.variables.includes(v)))
      .map(({ k }) => k);
    const cols = columnsOf(higher);
    rows.push(test(label, cols));
    if (nonlinearIn(design.terms[i].columns).length > 0) rows.push(test(`${label} nonlinear`, nonlinearIn(cols)));
  }
  // rms prints a total only when it differs from a row above: more than one term with a nonlinear
  // part (or more than one interaction), and the union when there are both.
  const everything = design.columns.map((_, c) => c);
  const nonlinear = everything.filter((c) => design.columns[c].nonlinear);
  const interaction = columnsOf(interactionTerms.map(({ i }) => i));
  const nonlinearTerms = design.terms.filter((t) => t.columns.some((c) => design.columns[c].nonlinear)).length;
  if (nonlinearTerms > 1) rows.push(test('TOTAL NONLINEAR', nonlinear));
  if (interactionTerms.length > 1) rows.push(test('TOTAL INTERACTION', interaction));
  if (nonlinear.length > 0 && interaction.length > 0) rows.push(test('TOTAL NONLINEAR + INTERACTION', [...nonlinear, ...interaction]));
  rows.push(test('TOTAL', everything));
  return rows.filter((r): r is AnovaRow => r !== null);
}

/** Columns that hold a nonlinear component of spline variable `vi` (age', and age' in age' * sex). */
function splineNonlinear(design: Design, cols: number[], vi: number): number[] {
  const v = design.variables[vi];
  if (v.kind !== 'rcs') return [];
  const nonlinearNames = v.names.slice(1);
  return cols.filter((c) => design.columns[c].name.split(':').some((part) => nonlinearNames.includes(part)));
}
