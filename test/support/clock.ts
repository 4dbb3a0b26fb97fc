/**
 * "Today" for every end-to-end test: the API and workers run on an injected clock that starts here,
 * whatever the machine's date (the suite passes under `faketime -f '+1y'` and `'-1y'`). Literal dates
 * in tests (consent, planned injection, form values) are written relative to it: see `day()`.
 */
export const TEST_EPOCH = '2026-11-27T09:00:00.000Z';

/** The calendar date `offsetDays` from TEST_EPOCH, as `YYYY-MM-DD` (UTC). */
export function day(offsetDays = 0, from: string | Date = TEST_EPOCH): string {
  return new Date(new Date(from).getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A clock the test moves by hand; pass `clock.now` to startApi and startTestWorker. A stopped clock
 * (the default) stands still between moves; a ticking one runs at real speed from where it was set,
 * for tests that need instants to differ but not the date to be today's.
 */
export class TestClock {
  private at: number;
  private setAtReal = Date.now();

  constructor(
    start: string | Date | number,
    private readonly ticking = false,
  ) {
    this.at = new Date(start).getTime();
  }

  static ticking(start: string | Date | number = TEST_EPOCH): TestClock {
    return new TestClock(start, true);
  }

  readonly now = (): Date => new Date(this.at + (this.ticking ? Date.now() - this.setAtReal : 0));

  set(instant: string | Date | number): void {
    this.at = new Date(instant).getTime();
    this.setAtReal = Date.now();
  }

  advance(ms: number): void {
    this.at += ms;
  }

  iso(): string {
    return this.now().toISOString();
  }
}
