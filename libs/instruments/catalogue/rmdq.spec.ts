import { score } from '../registry';
import { inputErrors, numbered } from './test-support';

/** 24 answers: `yes` ones, then noes, then `missing` absent items at the end. */
function rmdq(yes: number, missing: number) {
  const values = Array.from({ length: 24 }, (_, i) => (i < yes ? 1 : i < 24 - missing ? 0 : null));
  return numbered('rmdq', values);
}

describe('RMDQ', () => {
  it('counts the yes answers when all 24 are answered', () => {
    expect(score('RMDQ', rmdq(10, 0))).toEqual({ scores: { score: 10 }, reasons: {} });
    expect(score('RMDQ', rmdq(0, 0)).scores.score).toBe(0);
    expect(score('RMDQ', rmdq(24, 0)).scores.score).toBe(24);
  });

  it('with 1 missing prorates round(count × 24 / 23) half up', () => {
    // 11 × 24 / 23 = 11.478 → 11; 12 × 24 / 23 = 12.522 → 13
    expect(score('RMDQ', rmdq(11, 1)).scores.score).toBe(11);
    expect(score('RMDQ', rmdq(12, 1)).scores.score).toBe(13);
    expect(score('RMDQ', rmdq(23, 1)).scores.score).toBe(24);
  });

  it('with 2 missing prorates round(count × 24 / 22) half up', () => {
    // 11 × 24 / 22 = 12 exactly; 10 × 24 / 22 = 10.909 → 11; 5 × 24 / 22 = 5.4545 → 5
    expect(score('RMDQ', rmdq(11, 2)).scores.score).toBe(12);
    expect(score('RMDQ', rmdq(10, 2)).scores.score).toBe(11);
    expect(score('RMDQ', rmdq(5, 2)).scores.score).toBe(5);
  });

  it('is null with a reason when 3 items are missing', () => {
    const result = score('RMDQ', rmdq(5, 3));
    expect(result.scores).toEqual({ score: null });
    expect(result.reasons.score).toBe('3 of 24 items missing (rmdq22, rmdq23, rmdq24); at most 2 may be missing');
  });

  it('refuses an answer other than yes (1) or no (0)', () => {
    expect(inputErrors(() => score('RMDQ', { rmdq3: 2 }))).toEqual([{ field: 'rmdq3', message: 'must be one of 1, 0' }]);
    expect(inputErrors(() => score('RMDQ', { rmdq25: 1 }))[0].field).toBe('rmdq25');
  });
});
