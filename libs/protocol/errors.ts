/** Domain errors of the protocol library; each carries a stable code the API maps to problem+json. */

/** One problem in one study definition, e.g. study TEIAS, path `schedule[2].forms[0]`. */
export interface ProtocolIssue {
  study: string;
  path: string;
  message: string;
}

/** A study definition failed validation at load. The message lists every issue, one per line. */
export class ProtocolError extends Error {
  readonly code = 'PROTOCOL_INVALID';

  constructor(readonly issues: readonly ProtocolIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ProtocolError';
  }
}

export function formatIssue(issue: ProtocolIssue): string {
  return issue.path === '' ? `${issue.study}: ${issue.message}` : `${issue.study}: ${issue.path}: ${issue.message}`;
}

export type ProtocolLookupCode = 'UNKNOWN_STUDY' | 'UNKNOWN_EVENT' | 'UNKNOWN_FORM' | 'UNKNOWN_ARM' | 'UNKNOWN_COHORT';

/** A valid study was asked for something it does not define (the API answers 404 or 400). */
export class ProtocolLookupError extends Error {
  constructor(
    readonly code: ProtocolLookupCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolLookupError';
  }
}
