import { score } from '../registry';
import { inputErrors, numbered } from './test-support';

describe('NDI', () => {
  it('scores the sum as a percentage of 5 × answered sections, with score only', () => {
    // 3 × 10 = 30; 30 / 50 × 100 = 60
    expect(score('NDI', numbered('ndi', Array(10).fill(3)))).toEqual({ scores: { score: 60 }, reasons: {} });
  });

  it('prorates over answered sections with 1 or 2 missing, rounding to 1 decimal', () => {
    // 1 missing (driving): 7 / 45 × 100 = 15.555… → 15.6
    expect(score('NDI', numbered('ndi', [1, 1, 1, 1, 1, 1, 1, null, 0, 0])).scores.score).toBe(15.6);
    // 2 missing: 9 / 40 × 100 = 22.5
    expect(score('NDI', numbered('ndi', [null, 1, 1, 1, 1, 1, 1, null, 1, 2])).scores.score).toBe(22.5);
  });

  it('is null with a reason when more than 2 sections are missing', () => {
    const result = score('NDI', numbered('ndi', [1, 1, 1, 1, 1, 1, 1, null, null, null]));
    expect(result).toEqual({
      scores: { score: null },
      reasons: { score: '3 of 10 sections missing (ndi8, ndi9, ndi10); at most 2 may be missing' },
    });
  });

  it('refuses a code outside 0–5', () => {
    expect(inputErrors(() => score('NDI', { ndi4: 9 }))[0].field).toBe('ndi4');
  });
});
