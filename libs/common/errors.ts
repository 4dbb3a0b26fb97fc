/**
 * Domain errors. Services throw these; the API's one exception filter maps them to RFC 9457
 * problem+json by `status`; the CLI prints `message`. `errors` names the offending fields.
 */
export interface FieldError {
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  constructor(
    message: string,
    readonly errors?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the request is malformed or a value is invalid. */
export class ValidationError extends DomainError {
  readonly code = 'validation';
  readonly status = 400;
}

/** 401: no or bad credentials. */
export class AuthenticationError extends DomainError {
  readonly code = 'authentication';
  readonly status = 401;
}

/** 403: authenticated, but the role or site does not allow this. */
export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
  readonly status = 403;
}

/** 404: no such thing, or one the caller may not know exists. */
export class NotFoundError extends DomainError {
  readonly code = 'not-found';
  readonly status = 404;
}

/** 409: the state of the thing forbids it (already randomised, stale version, locked). */
export class ConflictError extends DomainError {
  readonly code = 'conflict';
  readonly status = 409;
}

/** 422: a valid request that a rule of the study refuses (ineligible, wrong arm). */
export class RuleViolationError extends DomainError {
  readonly code = 'rule-violation';
  readonly status = 422;
}

/** 429: too many attempts. */
export class TooManyRequestsError extends DomainError {
  readonly code = 'too-many-requests';
  readonly status = 429;
}
