/** Helpers shared by the catalogue specs (not part of the library's door). */
import { InstrumentInputError } from '../errors';
import { Answers } from '../types';

/** { odi1: v1, odi2: v2, ... }; a null value leaves the item out (missing). */
export function numbered(prefix: string, values: Array<number | null>): Answers {
  const answers: Answers = {};
  values.forEach((value, index) => {
    if (value !== null) answers[`${prefix}${index + 1}`] = value;
  });
  return answers;
}

export function inputErrors(action: () => unknown): InstrumentInputError['errors'] {
  try {
    action();
  } catch (error) {
    if (error instanceof InstrumentInputError) return error.errors;
    throw error;
  }
  throw new Error('expected an InstrumentInputError');
}
