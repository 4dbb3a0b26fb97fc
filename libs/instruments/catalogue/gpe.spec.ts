import { score } from '../registry';
import { inputErrors } from './test-support';

describe('GPE', () => {
  it('scores the code and counts 1 (completely recovered) and 2 (much improved) as recovered', () => {
    const results = [1, 2, 3, 4, 5, 6, 7].map((code) => score('GPE', { gpe: code }).scores);
    expect(results).toEqual([
      { score: 1, recovered: true },
      { score: 2, recovered: true },
      { score: 3, recovered: false },
      { score: 4, recovered: false },
      { score: 5, recovered: false },
      { score: 6, recovered: false },
      { score: 7, recovered: false },
    ]);
  });

  it('is null with reasons when not answered', () => {
    expect(score('GPE', {})).toEqual({
      scores: { score: null, recovered: null },
      reasons: { score: expect.any(String), recovered: expect.any(String) },
    });
  });

  it('refuses codes outside 1–7', () => {
    expect(inputErrors(() => score('GPE', { gpe: 0 }))).toEqual([{ field: 'gpe', message: 'must be one of 1, 2, 3, 4, 5, 6, 7' }]);
    expect(inputErrors(() => score('GPE', { gpe: 8 }))).toHaveLength(1);
  });
});
