import { crossprodDense, independentDenseColumns, packRows } from './dense';
import { independentColumns } from './logistic';
import { createRng } from './rng';

/** X' diag(w) X by rows of arrays, as logistic.ts computed it before the packed design. */
function crossprodWeighted(X: number[][], w: number[]): number[][] {
  const p = X[0].length;
  const out = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < X.length; i++) {
    for (let a = 0; a < p; a++) {
      const v = w[i] * X[i][a];
      if (v === 0) continue;
      for (let b = a; b < p; b++) out[a][b] += v * X[i][b];
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) out[a][b] = out[b][a];
  return out;
}

function randomRows(n: number, p: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: p }, (_, j) => (j % 3 === 2 ? rng.int(2) : rng.next() * 4 - 2)));
}

describe('packed design matrices', () => {
  it("gives X'WX bit for bit as the row-array loop, for odd and even row counts", () => {
    for (const n of [1, 2, 7, 1000, 1001]) {
      const X = randomRows(n, 6, n);
      const rng = createRng(n + 1);
      const w = X.map(() => rng.next());
      const packed = crossprodDense(packRows(X), w);
      const rows = crossprodWeighted(X, w);
      packed.forEach((row, a) => row.forEach((v, b) => expect(Object.is(v, rows[a][b]), `n ${n} [${a}][${b}]`).toBe(true)));
    }
  });

  it('packs with an intercept column first and keeps the columns asked for', () => {
    const D = packRows(
      [
        [2, 3],
        [4, 5],
      ],
      { intercept: true, columns: [2, 0] },
    );
    expect(D).toEqual({ n: 2, p: 2, data: new Float64Array([3, 1, 5, 1]) });
  });

  it('keeps every column of a well-conditioned design and drops exact and near linear combinations', () => {
    const X = randomRows(500, 5, 3);
    expect(independentColumns(packRows(X, { intercept: true }))).toEqual([0, 1, 2, 3, 4, 5]);
    const rng = createRng(4);
    // column 5 = column 0 + column 1 (+ noise of 1e-10: still a linear combination at R's 1e-7)
    const near = X.map((row) => [...row, row[0] + row[1] + (rng.next() - 0.5) * 1e-10]);
    expect(independentDenseColumns(packRows(near), 1e-7)).toEqual([0, 1, 2, 3, 4]);
    // noise of 1e-4: close to collinear (Gram-Schmidt decides, not the X'X shortcut) but kept
    const close = X.map((row) => [...row, row[0] + row[1] + (rng.next() - 0.5) * 1e-4]);
    expect(independentDenseColumns(packRows(close), 1e-7)).toEqual([0, 1, 2, 3, 4, 5]);
    // a zero column and a constant column beside the intercept
    const degenerate = X.map((row) => [1, ...row, 0, 7]);
    expect(independentDenseColumns(packRows(degenerate), 1e-7)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
