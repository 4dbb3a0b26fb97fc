/**
 * A form definition the engine cannot work with: an expression that does not parse or type-check, a
 * showIf pointing at a field that does not exist, a cycle between calculated fields, ... These are
 * bugs in a study definition, not in the data a clinician typed, so the API treats them as 500s and
 * the protocol loader should surface them at start-up (see checkFormDefinition).
 */
export class FormDefinitionError extends Error {
  readonly code = 'FORM_DEFINITION';

  constructor(
    message: string,
    /** The expression at fault, when there is one. */
    readonly expression?: string,
    /** Zero-based character offset in `expression` where the problem was found. */
    readonly position?: number,
  ) {
    super(message);
    this.name = 'FormDefinitionError';
  }
}

export interface FieldError {
  /** The plain field id (never a path), as errors[].field in the API. */
  field: string;
  message: string;
}

/**
 * Values a rule refuses. validateFormValues returns errors rather than throwing; this class is for
 * callers (the API service) that want to stop with one exception carrying all of them (a 400).
 */
export class FormValidationError extends Error {
  readonly code = 'FORM_VALIDATION';

  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; ') || 'invalid form values');
    this.name = 'FormValidationError';
  }
}
