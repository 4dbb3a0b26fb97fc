/** Input no schedule can be computed from (bad date, unknown time zone, malformed QUIET_HOURS, ...). */
export class SchedulingInputError extends Error {
  readonly code = 'SCHEDULING_INPUT';

  constructor(message: string) {
    super(message);
    this.name = 'SchedulingInputError';
  }
}
