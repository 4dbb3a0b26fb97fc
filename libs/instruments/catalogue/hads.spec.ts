import { score } from '../registry';
import { hadsCategory } from './hads';
import { inputErrors } from './test-support';

/** Anxiety items are odd (hads1, hads3, …), depression items even (hads2, hads4, …). */
function hads(anxiety: Array<number | null>, depression: Array<number | null>) {
  const answers: Record<string, number> = {};
  anxiety.forEach((value, i) => {
    if (value !== null) answers[`hads${2 * i + 1}`] = value;
  });
  depression.forEach((value, i) => {
    if (value !== null) answers[`hads${2 * i + 2}`] = value;
  });
  return answers;
}

describe('HADS', () => {
  it('sums each subscale of 7 items when all are answered', () => {
    expect(score('HADS', hads([3, 3, 3, 3, 3, 3, 3], [0, 0, 0, 0, 0, 0, 0]))).toEqual({
      scores: { anxiety: 21, depression: 0, anxietyCategory: 'abnormal', depressionCategory: 'normal' },
      reasons: {},
    });
  });

  it('scores the odd items as anxiety and the even items as depression', () => {
    const result = score('HADS', { ...hads([0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0]), hads1: 3, hads14: 2 });
    expect(result.scores).toMatchObject({ anxiety: 3, depression: 2 });
  });

  it('with 1 item of a subscale missing prorates round(sum × 7 / 6), a half rounding up', () => {
    // anxiety: 9 × 7 / 6 = 10.5 → 11 (abnormal, not borderline); depression: 3 × 7 / 6 = 3.5 → 4
    const result = score('HADS', hads([2, 2, 2, 1, 1, 1, null], [1, 1, 1, null, 0, 0, 0]));
    expect(result.scores).toEqual({ anxiety: 11, depression: 4, anxietyCategory: 'abnormal', depressionCategory: 'normal' });
    // 6 × 7 / 6 = 7 → normal; 7 × 7 / 6 = 8.17 → 8 → borderline
    expect(score('HADS', hads([1, 1, 1, 1, 1, 1, null], [2, 1, 1, 1, 1, 1, null])).scores).toEqual({
      anxiety: 7,
      depression: 8,
      anxietyCategory: 'normal',
      depressionCategory: 'borderline',
    });
  });

  it('is null for a subscale with 2 of its items missing, with category null and reasons, leaving the other subscale', () => {
    const result = score('HADS', hads([1, 1, 1, 1, 1, null, null], [1, 1, 1, 1, 1, 1, 1]));
    expect(result.scores).toEqual({ anxiety: null, depression: 7, anxietyCategory: null, depressionCategory: 'normal' });
    expect(result.reasons).toEqual({
      anxiety: '2 of 7 anxiety items missing (hads11, hads13); at most 1 may be missing',
      anxietyCategory: 'no anxiety score: 2 of 7 anxiety items missing (hads11, hads13); at most 1 may be missing',
    });
  });

  it('nulls the depression subscale alone when 2 depression items are missing', () => {
    const result = score('HADS', hads([0, 0, 0, 0, 0, 0, 0], [null, 1, 1, 1, 1, 1, null]));
    expect(result.scores).toEqual({ anxiety: 0, depression: null, anxietyCategory: 'normal', depressionCategory: null });
    expect(Object.keys(result.reasons).sort()).toEqual(['depression', 'depressionCategory']);
  });

  it('puts categories at 0–7 normal, 8–10 borderline, 11–21 abnormal', () => {
    const category = (sum: number) => {
      const values = [0, 0, 0, 0, 0, 0, 0];
      for (let i = 0; i < sum; i++) values[i % 7] += 1;
      return score('HADS', hads(values, [0, 0, 0, 0, 0, 0, 0])).scores;
    };
    expect(category(7)).toMatchObject({ anxiety: 7, anxietyCategory: 'normal' });
    expect(category(8)).toMatchObject({ anxiety: 8, anxietyCategory: 'borderline' });
    expect(category(10)).toMatchObject({ anxiety: 10, anxietyCategory: 'borderline' });
    expect(category(11)).toMatchObject({ anxiety: 11, anxietyCategory: 'abnormal' });
    expect([0, 7, 8, 10, 11, 21].map(hadsCategory)).toEqual(['normal', 'normal', 'borderline', 'borderline', 'abnormal', 'abnormal']);
  });

  it('refuses a code outside 0–3', () => {
    expect(inputErrors(() => score('HADS', { hads2: 4 }))).toEqual([{ field: 'hads2', message: 'must be one of 0, 1, 2, 3' }]);
  });
});
