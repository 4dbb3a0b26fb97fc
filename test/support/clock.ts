/** A clock the test moves by hand; pass `clock.now` to startApi and startTestWorker. */
export class TestClock {
  private at: number;

  constructor(start: string | Date | number) {
    this.at = new Date(start).getTime();
  }

  readonly now = (): Date => new Date(this.at);

  set(instant: string | Date | number): void {
    this.at = new Date(instant).getTime();
  }

  advance(ms: number): void {
    this.at += ms;
  }

  iso(): string {
    return new Date(this.at).toISOString();
  }
}
