import { score } from '../registry';
import { inputErrors, numbered } from './test-support';

/** severity zcq1–7, function zcq8–12, satisfaction zcq13–18 */
const zcq = (severity: Array<number | null>, fn: Array<number | null>, satisfaction: Array<number | null>) =>
  numbered('zcq', [...severity, ...fn, ...satisfaction]);

const NO_SATISFACTION = [null, null, null, null, null, null];

describe('ZCQ', () => {
  it('takes each subscale as the mean of its answered items', () => {
    const result = score('ZCQ', zcq([1, 2, 3, 4, 5, 1, 5], [1, 2, 3, 4, 2], [1, 1, 2, 2, 3, 3]));
    // severity 21 / 7 = 3; function 12 / 5 = 2.4; satisfaction 12 / 6 = 2
    expect(result).toEqual({ scores: { severity: 3, function: 2.4, satisfaction: 2 }, reasons: {} });
  });

  it('does not round the mean', () => {
    // severity 1+1+1+1+1+1+3 = 9 / 7
    expect(score('ZCQ', zcq([1, 1, 1, 1, 1, 1, 3], [1, 1, 1, 1, 1], NO_SATISFACTION)).scores.severity).toBe(9 / 7);
  });

  it('allows 2 missing severity items and nulls severity at 3', () => {
    // 2 missing: (2+2+3+3+5) / 5 = 3
    expect(score('ZCQ', zcq([2, 2, null, 3, 3, null, 5], [1, 1, 1, 1, 1], NO_SATISFACTION)).scores.severity).toBe(3);
    const result = score('ZCQ', zcq([2, 2, null, 3, null, null, 5], [1, 1, 1, 1, 1], NO_SATISFACTION));
    expect(result.scores.severity).toBeNull();
    expect(result.reasons.severity).toBe('3 of 7 severity items missing (zcq3, zcq5, zcq6); at most 2 may be missing');
    expect(result.scores.function).toBe(1);
  });

  it('allows 1 missing function item and nulls function at 2', () => {
    // 1 missing: (1+2+3+2) / 4 = 2
    expect(score('ZCQ', zcq([1, 1, 1, 1, 1, 1, 1], [1, 2, null, 3, 2], NO_SATISFACTION)).scores.function).toBe(2);
    const result = score('ZCQ', zcq([1, 1, 1, 1, 1, 1, 1], [1, null, null, 3, 2], NO_SATISFACTION));
    expect(result.scores.function).toBeNull();
    expect(result.reasons.function).toBe('2 of 5 function items missing (zcq9, zcq10); at most 1 may be missing');
  });

  it('allows 1 missing satisfaction item and nulls satisfaction at 2', () => {
    // (1+2+3+4+1) / 5 = 2.2
    expect(score('ZCQ', zcq([1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 2, 3, 4, 1, null])).scores.satisfaction).toBe(2.2);
    const result = score('ZCQ', zcq([1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 2, 3, 4, null, null]));
    expect(result.scores.satisfaction).toBeNull();
    expect(result.reasons.satisfaction).toMatch(/^2 of 6 satisfaction items missing \(zcq17, zcq18\)/);
  });

  it('leaves satisfaction null with a reason before treatment, when it is not asked', () => {
    const result = score('ZCQ', zcq([1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1], NO_SATISFACTION));
    expect(result.scores).toEqual({ severity: 1, function: 1, satisfaction: null });
    expect(result.reasons).toEqual({
      satisfaction:
        '6 of 6 satisfaction items missing (zcq13, zcq14, zcq15, zcq16, zcq17, zcq18); at most 1 may be missing (satisfaction is asked after treatment only)',
    });
  });

  it('codes severity item 7 (balance) 1, 3 or 5 and refuses 2 and 4', () => {
    expect(score('ZCQ', { zcq7: 3 }).scores.severity).toBeNull(); // 6 missing, only validity checked here
    expect(inputErrors(() => score('ZCQ', { zcq7: 2 }))).toEqual([{ field: 'zcq7', message: 'must be one of 1, 3, 5' }]);
    expect(inputErrors(() => score('ZCQ', { zcq7: 4 }))).toHaveLength(1);
    expect(score('ZCQ', { zcq6: 4 }).reasons.severity).toBeDefined(); // items 1–6 take 1–5, including 4
  });

  it('refuses 5 for function and satisfaction items (coded 1–4) and 0 anywhere', () => {
    expect(inputErrors(() => score('ZCQ', { zcq8: 5, zcq13: 5, zcq1: 0 })).map((e) => e.field)).toEqual(['zcq8', 'zcq13', 'zcq1']);
  });
});
