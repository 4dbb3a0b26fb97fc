import { score } from '../registry';
import { inputErrors } from './test-support';

describe.each(['NRS_LEG', 'NRS_BACK', 'NRS_ARM', 'NRS_NECK'])('%s', (code) => {
  it('scores the value of its one item `score`', () => {
    expect(score(code, { score: 0 })).toEqual({ scores: { score: 0 }, reasons: {} });
    expect(score(code, { score: 7 })).toEqual({ scores: { score: 7 }, reasons: {} });
    expect(score(code, { score: 10 }).scores.score).toBe(10);
  });

  it('is null with a reason when not answered (never 0)', () => {
    expect(score(code, {})).toEqual({ scores: { score: null }, reasons: { score: 'the pain score was not answered' } });
    expect(score(code, { score: null }).scores.score).toBeNull();
  });

  it('refuses values out of range, fractions and strings', () => {
    for (const bad of [11, -1, 5.5, '5']) {
      expect(inputErrors(() => score(code, { score: bad }))).toEqual([
        { field: 'score', message: 'must be one of 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10' },
      ]);
    }
  });

  it('refuses an unknown item', () => {
    expect(inputErrors(() => score(code, { pain: 5 }))).toEqual([{ field: 'pain', message: `is not an item of ${code}` }]);
  });
});
