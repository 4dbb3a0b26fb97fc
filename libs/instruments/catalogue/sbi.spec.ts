import { score } from '../registry';
import { inputErrors, numbered } from './test-support';

describe('SBI', () => {
  it('sums the 4 items (0–24)', () => {
    expect(score('SBI', numbered('sbi', [6, 3, 0, 2]))).toEqual({ scores: { score: 11 }, reasons: {} });
    expect(score('SBI', numbered('sbi', [6, 6, 6, 6])).scores.score).toBe(24);
    expect(score('SBI', numbered('sbi', [0, 0, 0, 0])).scores.score).toBe(0);
  });

  it('is null with a reason when any item is missing, without prorating', () => {
    expect(score('SBI', numbered('sbi', [6, 3, null, 2]))).toEqual({
      scores: { score: null },
      reasons: { score: '1 of 4 items missing (sbi3); every item is needed' },
    });
  });

  it('refuses a code outside 0–6', () => {
    expect(inputErrors(() => score('SBI', { sbi1: 7 }))).toEqual([{ field: 'sbi1', message: 'must be one of 0, 1, 2, 3, 4, 5, 6' }]);
  });
});
