/** Refused because no slot came free in time: the message was not handed to the mail server or gateway. */
export class SendQueueTimeout extends Error {
  constructor(waitedMs: number) {
    super(`not sent: no free connection within ${waitedMs} ms (the attempt's time to begin its send ran out)`);
    this.name = 'SendQueueTimeout';
  }
}

/**
 * At most `limit` sends at once; the rest wait in order of arrival. A send that has not begun within
 * its `maxWaitMs` is refused with SendQueueTimeout and never begins, so a message queued behind a slow
 * mail server is not sent after its attempt's lease has run out (when another attempt may take the
 * row over and send it again). The wait is wall time from the call, whatever clock the caller keeps.
 */
export class SendGate {
  private active = 0;
  private readonly waiting: Array<{ start: () => void }> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a send gate needs a limit of at least 1 (got ${limit})`);
  }

  /** Sends now running and sends waiting for a slot. */
  get load(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  async run<T>(send: () => Promise<T>, maxWaitMs = Infinity): Promise<T> {
    if (this.active >= this.limit) await this.slot(maxWaitMs);
    else this.active++;
    try {
      return await send();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter (active stays the same), or is freed.
      if (next) next.start();
      else this.active--;
    }
  }

  private slot(maxWaitMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const entry = {
        start: () => {
          if (timer) clearTimeout(timer);
          resolve();
        },
      };
      const timer =
        Number.isFinite(maxWaitMs) &&
        setTimeout(
          () => {
            const i = this.waiting.indexOf(entry);
            if (i >= 0) this.waiting.splice(i, 1);
            reject(new SendQueueTimeout(Math.max(0, Math.round(maxWaitMs))));
          },
          Math.max(0, maxWaitMs),
        );
      this.waiting.push(entry);
    });
  }
}
