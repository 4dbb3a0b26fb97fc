import { score } from '../registry';
import { dutchIndex } from './eq5d5l';
import { inputErrors } from './test-support';

function state(digits: string, vas?: number) {
  const [MO, SC, UA, PD, AD] = digits.split('').map(Number);
  return { MO, SC, UA, PD, AD, ...(vas === undefined ? {} : { VAS: vas }) };
}

describe('EQ-5D-5L (Dutch value set)', () => {
  it('gives 11111 an index of exactly 1, without the constant', () => {
    expect(score('EQ5D5L', state('11111', 90))).toEqual({ scores: { index: 1, vas: 90, state: '11111' }, reasons: {} });
  });

  it('gives 55555 an index of −0.446', () => {
    // 1 − 0.047 − (0.203 + 0.168 + 0.192 + 0.415 + 0.421) = 1 − 0.047 − 1.399 = −0.446
    expect(score('EQ5D5L', state('55555', 10)).scores).toEqual({ index: -0.446, vas: 10, state: '55555' });
  });

  it('scores mixed states by hand-computed decrements', () => {
    // 21341: 1 − 0.047 − (MO2 0.035 + SC1 0 + UA3 0.087 + PD4 0.360 + AD1 0) = 1 − 0.047 − 0.482 = 0.471
    expect(score('EQ5D5L', state('21341', 65)).scores).toEqual({ index: 0.471, vas: 65, state: '21341' });
    // 12345: 1 − 0.047 − (0 + SC2 0.038 + UA3 0.087 + PD4 0.360 + AD5 0.421) = 1 − 0.047 − 0.906 = 0.047
    expect(score('EQ5D5L', state('12345', 40)).scores.index).toBe(0.047);
    // 21111: 1 − 0.047 − 0.035 = 0.918 (the constant applies to every state but 11111)
    expect(score('EQ5D5L', state('21111', 80)).scores.index).toBe(0.918);
    // 33333: 1 − 0.047 − (0.057 + 0.061 + 0.087 + 0.092 + 0.145 = 0.442) = 0.511
    expect(dutchIndex([3, 3, 3, 3, 3])).toBe(0.511);
    // 44444: 1 − 0.047 − (0.166 + 0.168 + 0.192 + 0.360 + 0.356 = 1.242) = −0.289
    expect(dutchIndex([4, 4, 4, 4, 4])).toBe(-0.289);
    // 11115: 1 − 0.047 − 0.421 = 0.532; 15111: SC5 = SC4 = 0.168 → 0.785
    expect(dutchIndex([1, 1, 1, 1, 5])).toBe(0.532);
    expect(dutchIndex([1, 5, 1, 1, 1])).toBe(0.785);
  });

  it('is null for index and state when a dimension is missing, keeping the VAS', () => {
    const { PD: _pd, ...answers } = state('21341', 70);
    const result = score('EQ5D5L', answers);
    expect(result.scores).toEqual({ index: null, vas: 70, state: null });
    expect(result.reasons).toEqual({
      index: 'dimension PD missing; every dimension is needed',
      state: 'dimension PD missing; every dimension is needed',
    });
  });

  it('reports a missing VAS with a reason, without nulling the index', () => {
    const result = score('EQ5D5L', state('21341'));
    expect(result.scores).toEqual({ index: 0.471, vas: null, state: '21341' });
    expect(result.reasons).toEqual({ vas: 'the EQ VAS was not answered' });
  });

  it('accepts the VAS ends 0 and 100 and refuses 101, −1 and fractions', () => {
    expect(score('EQ5D5L', state('11111', 0)).scores.vas).toBe(0);
    expect(score('EQ5D5L', state('11111', 100)).scores.vas).toBe(100);
    for (const bad of [101, -1, 50.5]) {
      expect(inputErrors(() => score('EQ5D5L', state('11111', bad)))).toEqual([
        { field: 'VAS', message: 'must be a whole number from 0 to 100' },
      ]);
    }
  });

  it('refuses a level outside 1–5', () => {
    expect(inputErrors(() => score('EQ5D5L', { ...state('11111'), MO: 0, AD: 6 })).map((e) => e.field)).toEqual(['MO', 'AD']);
  });
});
