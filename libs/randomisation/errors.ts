/**
 * Raised when a caller passes something the randomisation cannot honour (an unknown stratum option,
 * a block size that does not fit the arm ratios, a sequence number that is not a positive integer).
 * The API maps `code` to a 400/422 problem+json; nothing here is a server fault.
 */
export class RandomisationInputError extends Error {
  readonly code = 'RANDOMISATION_INPUT_INVALID';

  constructor(message: string) {
    super(message);
    this.name = 'RandomisationInputError';
  }
}
