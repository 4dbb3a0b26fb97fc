import { InstrumentInputError } from './errors';
import { getInstrument } from './registry';
import { validateAnswers } from './validation';

function errorsOf(action: () => unknown) {
  try {
    action();
  } catch (error) {
    if (error instanceof InstrumentInputError) return error.errors;
    throw error;
  }
  throw new Error('expected an InstrumentInputError');
}

describe('validateAnswers', () => {
  const odi = getInstrument('ODI');
  const hcu = getInstrument('HCU');

  it('keeps answered items and drops null, undefined and empty multichoice answers as missing', () => {
    expect(validateAnswers(odi, { odi1: 2, odi2: null, odi3: undefined })).toEqual({ odi1: 2 });
    expect(validateAnswers(hcu, { analgesics: [] })).toEqual({});
  });

  it('lists every bad field at once, naming the plain item id', () => {
    const errors = errorsOf(() => validateAnswers(odi, { odi1: 6, odi2: -1, odi11: 0, odi3: 1 }));
    expect(errors.map((e) => e.field).sort()).toEqual(['odi1', 'odi11', 'odi2']);
    expect(errors.find((e) => e.field === 'odi11')?.message).toMatch(/not an item of ODI/);
    expect(errors.find((e) => e.field === 'odi1')?.message).toBe('must be one of 0, 1, 2, 3, 4, 5');
  });

  it('refuses a code sent as a string, and non-finite numbers', () => {
    expect(errorsOf(() => validateAnswers(odi, { odi1: '2' }))).toHaveLength(1);
    expect(errorsOf(() => validateAnswers(odi, { odi1: Number.NaN }))).toHaveLength(1);
  });

  it('refuses answers that are not an object', () => {
    expect(errorsOf(() => validateAnswers(odi, [1, 2]))).toEqual([{ field: 'answers', message: expect.any(String) }]);
    expect(errorsOf(() => validateAnswers(odi, null))).toHaveLength(1);
  });

  it('refuses integers outside the range and fractions', () => {
    expect(errorsOf(() => validateAnswers(hcu, { injections: 21 }))[0]).toEqual({
      field: 'injections',
      message: 'must be a whole number from 0 to 20',
    });
    expect(errorsOf(() => validateAnswers(hcu, { physio: 1.5 }))).toHaveLength(1);
  });

  it('refuses a multichoice with an unknown or repeated code, or "none" combined with another', () => {
    expect(errorsOf(() => validateAnswers(hcu, { analgesics: [1, 4] }))).toHaveLength(1);
    expect(errorsOf(() => validateAnswers(hcu, { analgesics: [1, 1] }))[0].message).toMatch(/more than once/);
    expect(errorsOf(() => validateAnswers(hcu, { analgesics: [0, 3] }))[0].message).toMatch(/cannot be combined/);
    expect(errorsOf(() => validateAnswers(hcu, { analgesics: 1 }))).toHaveLength(1);
    expect(validateAnswers(hcu, { analgesics: [1, 2, 3] })).toEqual({ analgesics: [1, 2, 3] });
  });

  it('accepts only real calendar dates YYYY-MM-DD', () => {
    expect(validateAnswers(hcu, { surgery: 1, surgeryDate: '2024-02-29' })).toEqual({ surgery: 1, surgeryDate: '2024-02-29' });
    for (const bad of ['2023-02-29', '2024-13-01', '24-01-01', '2024-1-1', '2024-01-01T00:00:00Z']) {
      expect(errorsOf(() => validateAnswers(hcu, { surgery: 1, surgeryDate: bad }))).toHaveLength(1);
    }
  });

  it('refuses an answer to an item whose condition is not met', () => {
    expect(errorsOf(() => validateAnswers(hcu, { surgery: 0, surgeryDate: '2024-01-10' }))).toEqual([
      { field: 'surgeryDate', message: 'is answered only when surgery is 1' },
    ]);
    expect(errorsOf(() => validateAnswers(hcu, { surgeryDate: '2024-01-10' }))).toHaveLength(1);
  });
});
