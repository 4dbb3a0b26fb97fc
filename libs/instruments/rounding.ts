/**
 * Round half up (towards +∞: 10.5 → 11, −10.5 → −10), as INSTRUMENTS.md requires.
 *
 * Scores are computed as a ratio of integers wherever possible (`roundRatioHalfUp`), so that a tie
 * such as 10.25 → 10.3 is decided exactly and never by binary floating-point noise.
 */

/** round(numerator / denominator) half up, exact for integer arguments (denominator > 0). */
export function roundRatioHalfUp(numerator: number, denominator: number): number {
  if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || denominator <= 0) {
    throw new RangeError(`roundRatioHalfUp needs integers and a positive denominator, got ${numerator}/${denominator}`);
  }
  // floor((2n + d) / 2d) = floor(n/d + 1/2); the division is exact whenever the true quotient is an integer.
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/**
 * Round a decimal number half up to `decimals` places. Shifting through the decimal exponent
 * ("1.005e2" is exactly 100.5) avoids x * 10^d errors such as 1.005 * 100 = 100.49999999999999.
 */
export function roundHalfUp(value: number, decimals = 0): number {
  if (!Number.isFinite(value)) throw new RangeError(`cannot round ${value}`);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 10) throw new RangeError(`bad decimals ${decimals}`);
  const result = shiftDecimal(Math.floor(shiftDecimal(value, decimals) + 0.5), -decimals);
  return result === 0 ? 0 : result; // no -0
}

/** value × 10^places, done on the decimal representation (exact for the digits the number prints). */
function shiftDecimal(value: number, places: number): number {
  const [mantissa, exponent = '0'] = String(value).split('e');
  return Number(`${mantissa}e${Number(exponent) + places}`);
}
