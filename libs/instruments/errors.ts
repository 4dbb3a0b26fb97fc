/** Domain errors of the instruments library. The API maps each `code` to a problem+json status. */

export interface FieldError {
  field: string;
  message: string;
}

export abstract class InstrumentError extends Error {
  abstract readonly code: string;
}

/** Answers that do not fit the instrument (unknown item, code not offered, out of range): HTTP 400. */
export class InstrumentInputError extends InstrumentError {
  readonly code = 'INSTRUMENT_INPUT_INVALID';
  constructor(
    readonly errors: FieldError[],
    readonly instrumentCode?: string,
  ) {
    super(`Invalid answers${instrumentCode ? ` for ${instrumentCode}` : ''}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
    this.name = 'InstrumentInputError';
  }
}

/** No instrument with that code: HTTP 404 on `GET /instruments/{code}`. */
export class UnknownInstrumentError extends InstrumentError {
  readonly code = 'UNKNOWN_INSTRUMENT';
  constructor(readonly instrumentCode: string) {
    super(`Unknown instrument: ${instrumentCode}`);
    this.name = 'UnknownInstrumentError';
  }
}

/** A site's translation file or scoring key does not fit the definitions; raised at load time. */
export class TranslationFileError extends InstrumentError {
  readonly code = 'INSTRUMENT_TRANSLATION_INVALID';
  constructor(readonly errors: FieldError[]) {
    super(`Invalid instrument translation file: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
    this.name = 'TranslationFileError';
  }
}
