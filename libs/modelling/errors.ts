/** Input that no model can be fitted to (no events, bad CSV cell, ...). Mapped to a 4xx by the API. */
export class ModelInputError extends Error {
  readonly code = 'MODEL_INPUT';

  constructor(message: string) {
    super(message);
    this.name = 'ModelInputError';
  }
}
