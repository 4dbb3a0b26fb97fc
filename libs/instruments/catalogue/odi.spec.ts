import { score } from '../registry';
import { odiBand } from './odi';
import { inputErrors, numbered } from './test-support';

describe('ODI', () => {
  it('scores all 10 sections as sum / 50 × 100', () => {
    // 1+2+3+4+5+0+1+2+3+4 = 25; 25 / 50 × 100 = 50.0
    expect(score('ODI', numbered('odi', [1, 2, 3, 4, 5, 0, 1, 2, 3, 4]))).toEqual({
      scores: { score: 50, band: 'severe' },
      reasons: {},
    });
  });

  it('scores 0 and 100 at the ends', () => {
    expect(score('ODI', numbered('odi', Array(10).fill(0))).scores).toEqual({ score: 0, band: 'minimal' });
    expect(score('ODI', numbered('odi', Array(10).fill(5))).scores).toEqual({ score: 100, band: 'bed-bound' });
  });

  it('with 1 section missing divides by 5 × 9 answered sections', () => {
    // sum 10 over 9 sections: 10 / 45 × 100 = 22.222… → 22.2
    expect(score('ODI', numbered('odi', [1, 1, 1, 1, 1, 1, 1, 1, 2, null])).scores).toEqual({ score: 22.2, band: 'moderate' });
  });

  it('with 2 sections missing divides by 5 × 8 answered sections', () => {
    // sum 13 over 8 sections: 13 / 40 × 100 = 32.5
    expect(score('ODI', numbered('odi', [2, 2, 2, null, 2, 2, null, 1, 1, 1])).scores).toEqual({ score: 32.5, band: 'moderate' });
  });

  it('is null with a reason when 3 sections are missing, never 0', () => {
    const result = score('ODI', numbered('odi', [0, 0, null, 0, null, 0, 0, null, 0, 0]));
    expect(result.scores).toEqual({ score: null, band: null });
    expect(result.reasons.score).toBe('3 of 10 sections missing (odi3, odi5, odi8); at most 2 may be missing');
    expect(result.reasons.band).toMatch(/no score/);
  });

  it('is null when nothing is answered', () => {
    expect(score('ODI', {}).scores).toEqual({ score: null, band: null });
  });

  it('counts a skipped section 8 (sex life) as missing', () => {
    // 9 sections answered, sum 18: 18 / 45 × 100 = 40.0 (not 18 / 50 = 36)
    expect(score('ODI', numbered('odi', [2, 2, 2, 2, 2, 2, 2, null, 2, 2])).scores.score).toBe(40);
  });

  it('is null when section 8 is skipped and two more sections are missing', () => {
    const result = score('ODI', numbered('odi', [null, 2, 2, 2, 2, 2, 2, null, 2, null]));
    expect(result.scores.score).toBeNull();
    expect(result.reasons.score).toMatch(/odi1, odi8, odi10/);
  });

  it('rounds half up to 1 decimal', () => {
    // 9 answered: 4 / 45 × 100 = 8.888… → 8.9; 17 / 45 × 100 = 37.777… → 37.8; 1 / 45 × 100 = 2.222… → 2.2.
    expect(score('ODI', numbered('odi', [1, 1, 1, 1, 0, 0, 0, 0, 0, null])).scores.score).toBe(8.9);
    expect(score('ODI', numbered('odi', [2, 2, 2, 2, 2, 2, 2, 2, 1, null])).scores.score).toBe(37.8);
    expect(score('ODI', numbered('odi', [1, 0, 0, 0, 0, 0, 0, 0, 0, null])).scores.score).toBe(2.2);
    // With 8, 9 or 10 sections answered the percentage (2.5·sum, 20·sum/9 or 2·sum) never ends in an exact
    // …x5 at the second decimal, so the half-up tie itself is tested in rounding.spec.ts and via PCI.
  });

  it('puts band boundaries on the rounded score: ≤20 minimal, ≤40 moderate, ≤60 severe, ≤80 crippled, above bed-bound', () => {
    const band = (values: number[]) => score('ODI', numbered('odi', values)).scores;
    expect(band([2, 2, 2, 2, 2, 0, 0, 0, 0, 0])).toEqual({ score: 20, band: 'minimal' });
    expect(band([2, 2, 2, 2, 2, 1, 0, 0, 0, 0])).toEqual({ score: 22, band: 'moderate' });
    expect(band([2, 2, 2, 2, 2, 2, 2, 2, 2, 2])).toEqual({ score: 40, band: 'moderate' });
    expect(band([3, 2, 2, 2, 2, 2, 2, 2, 2, 2])).toEqual({ score: 42, band: 'severe' });
    expect(band([3, 3, 3, 3, 3, 3, 3, 3, 3, 3])).toEqual({ score: 60, band: 'severe' });
    expect(band([4, 3, 3, 3, 3, 3, 3, 3, 3, 3])).toEqual({ score: 62, band: 'crippled' });
    expect(band([4, 4, 4, 4, 4, 4, 4, 4, 4, 4])).toEqual({ score: 80, band: 'crippled' });
    expect(band([5, 4, 4, 4, 4, 4, 4, 4, 4, 4])).toEqual({ score: 82, band: 'bed-bound' });
    expect([20, 20.1, 40, 40.1, 60, 60.1, 80, 80.1].map(odiBand)).toEqual([
      'minimal',
      'moderate',
      'moderate',
      'severe',
      'severe',
      'crippled',
      'crippled',
      'bed-bound',
    ]);
  });

  it('refuses a code outside 0–5 and an unknown section', () => {
    expect(inputErrors(() => score('ODI', { odi1: 6 }))).toEqual([{ field: 'odi1', message: 'must be one of 0, 1, 2, 3, 4, 5' }]);
    expect(inputErrors(() => score('ODI', { odi11: 0 }))[0].field).toBe('odi11');
    expect(inputErrors(() => score('ODI', { odi0: 0 }))[0].field).toBe('odi0');
  });
});
