import { roundHalfUp, roundRatioHalfUp } from './rounding';

describe('roundRatioHalfUp', () => {
  it('rounds an exact half up (21/2 = 10.5 → 11)', () => {
    expect(roundRatioHalfUp(21, 2)).toBe(11);
    expect(roundRatioHalfUp(63, 6)).toBe(11); // HADS 9 × 7 / 6
  });

  it('rounds below a half down and above a half up', () => {
    expect(roundRatioHalfUp(264, 23)).toBe(11); // 11.478
    expect(roundRatioHalfUp(288, 23)).toBe(13); // 12.522
  });

  it('rounds a negative half towards +∞ (half up, not away from zero)', () => {
    expect(roundRatioHalfUp(-21, 2)).toBe(-10);
    expect(roundRatioHalfUp(-22, 3)).toBe(-7); // -7.33
  });

  it('refuses non-integers and a non-positive denominator', () => {
    expect(() => roundRatioHalfUp(1.5, 2)).toThrow(RangeError);
    expect(() => roundRatioHalfUp(1, 0)).toThrow(RangeError);
  });
});

describe('roundHalfUp', () => {
  it('rounds 10.25 to 10.3 and 10.5 to 11', () => {
    expect(roundHalfUp(10.25, 1)).toBe(10.3);
    expect(roundHalfUp(10.5)).toBe(11);
  });

  it('is not fooled by binary representation (1.005 → 1.01, 2.675 → 2.68, 1.45 → 1.5)', () => {
    expect(roundHalfUp(1.005, 2)).toBe(1.01);
    expect(roundHalfUp(2.675, 2)).toBe(2.68);
    expect(roundHalfUp(1.45, 1)).toBe(1.5);
  });

  it('handles numbers printed in exponent form', () => {
    expect(roundHalfUp(1e-7, 3)).toBe(0);
    expect(roundHalfUp(1.5e21, 0)).toBe(1.5e21);
  });

  it('never returns -0', () => {
    expect(Object.is(roundHalfUp(-0.04, 1), 0)).toBe(true);
  });
});
