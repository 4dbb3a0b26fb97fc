/**
 * Cohen's kappa and weighted kappa for two readers on an ordinal scale, with the large-sample
 * (non-null) standard error of Fleiss, Cohen & Everitt (1969) — the same numbers as R's
 * `vcd::Kappa(table)` and its `confint` (value ± z · ASE). The weights are those of vcd:
 * linear ("Equal-Spacing", 1 − |i − j| / (r − 1)) and quadratic ("Fleiss-Cohen",
 * 1 − (i − j)² / (r − 1)²). Every category of the scale is a row and a column, also when no reader
 * used it, so the weights follow the scale, not the data (reference/kappa.R checks this against R).
 */

export type KappaWeights = 'none' | 'linear' | 'quadratic';

export interface KappaEstimate {
  /** Kappa; null when it is undefined (no pairs, or chance agreement is 1: both readers used one category). */
  value: number | null;
  /** Asymptotic standard error (vcd's ASE); null when kappa is undefined. */
  se: number | null;
  lower: number | null;
  upper: number | null;
}

export interface KappaResult {
  /** Pairs counted (the table's total). */
  n: number;
  /** Share of pairs with the same grade. */
  observedAgreement: number | null;
  unweighted: KappaEstimate;
  linear: KappaEstimate;
  quadratic: KappaEstimate;
}

/** z for a two-sided 95% interval, qnorm(0.975). */
export const Z95 = 1.959963984540054;

/** The weight matrix for r categories. */
export function kappaWeights(r: number, kind: KappaWeights): number[][] {
  return Array.from({ length: r }, (_, i) =>
    Array.from({ length: r }, (_, j) => {
      if (kind === 'none') return i === j ? 1 : 0;
      if (r === 1) return 1;
      const d = Math.abs(i - j) / (r - 1);
      return kind === 'linear' ? 1 - d : 1 - d * d;
    }),
  );
}

/** A square table of counts: rows the first reader's category, columns the second's. */
export function crossTable(pairs: ReadonlyArray<readonly [number, number]>, categories: readonly number[]): number[][] {
  const index = new Map(categories.map((c, i) => [c, i]));
  const table = categories.map(() => categories.map(() => 0));
  for (const [a, b] of pairs) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) throw new Error(`grade ${i === undefined ? a : b} is not one of ${categories.join(', ')}`);
    table[i]![j]! += 1;
  }
  return table;
}

/** Kappa with weights W (vcd's `Kappa` body, for one weight matrix). */
export function weightedKappa(table: readonly number[][], W: readonly number[][], z = Z95): KappaEstimate {
  const r = table.length;
  const n = table.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
  const none: KappaEstimate = { value: null, se: null, lower: null, upper: null };
  if (n === 0) return none;
  const p = table.map((row) => row.map((x) => x / n));
  const rowP = p.map((row) => row.reduce((a, b) => a + b, 0));
  const colP = p[0]!.map((_, j) => p.reduce((s, row) => s + row[j]!, 0));
  let po = 0;
  let pc = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < r; j++) {
      po += W[i]![j]! * p[i]![j]!;
      pc += W[i]![j]! * rowP[i]! * colP[j]!;
    }
  }
  if (1 - pc <= 1e-12) return none;
  const k = (po - pc) / (1 - pc);
  // w̄_i. = Σ_j W_ij p_.j and w̄_.j = Σ_i W_ij p_i. (vcd: W %*% colSums(p), W %*% rowSums(p), W symmetric).
  const wRow = W.map((row) => row.reduce((s, w, j) => s + w * colP[j]!, 0));
  const wCol = W.map((row) => row.reduce((s, w, i) => s + w * rowP[i]!, 0));
  let sum = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < r; j++) {
      const d = W[i]![j]! - (wRow[i]! + wCol[j]!) * (1 - k);
      sum += p[i]![j]! * d * d;
    }
  }
  const variance = (sum - (k - pc * (1 - k)) ** 2) / ((1 - pc) * (1 - pc) * n);
  const se = Math.sqrt(Math.max(0, variance));
  return { value: k, se, lower: k - z * se, upper: k + z * se };
}

/** Unweighted, linear and quadratic kappa of one table, with 95% intervals (value ± 1.96 · ASE). */
export function kappa(table: readonly number[][]): KappaResult {
  const r = table.length;
  const n = table.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
  const diagonal = table.reduce((s, row, i) => s + row[i]!, 0);
  return {
    n,
    observedAgreement: n ? diagonal / n : null,
    unweighted: weightedKappa(table, kappaWeights(r, 'none')),
    linear: weightedKappa(table, kappaWeights(r, 'linear')),
    quadratic: weightedKappa(table, kappaWeights(r, 'quadratic')),
  };
}
