import { SendGate, SendQueueTimeout } from './send-gate';
import { isPermanentSendError } from './sms-http';

/** A send that finishes when the test says so. */
function deferred() {
  let finish!: (v: string) => void;
  let fail!: (e: Error) => void;
  const promise = new Promise<string>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return { promise, finish, fail };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('SendGate', () => {
  it('runs at most `limit` sends at once and starts the waiting ones in order of arrival', async () => {
    const gate = new SendGate(2);
    const started: number[] = [];
    const sends = Array.from({ length: 5 }, () => deferred());
    const runs = sends.map((d, i) =>
      gate.run(() => {
        started.push(i);
        return d.promise;
      }),
    );
    const firstFailure = runs[0].catch((e: Error) => e.message);
    await tick();
    expect(started).toEqual([0, 1]);
    expect(gate.load).toEqual({ active: 2, waiting: 3 });
    sends[1].finish('one');
    await tick();
    expect(started).toEqual([0, 1, 2]);
    sends[0].fail(new Error('mail server said no'));
    await tick();
    // A failed send frees its slot as a finished one does.
    expect(started).toEqual([0, 1, 2, 3]);
    for (const d of sends.slice(2)) d.finish('ok');
    await tick();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    await expect(firstFailure).resolves.toBe('mail server said no');
    await expect(Promise.all(runs.slice(1))).resolves.toEqual(['one', 'ok', 'ok', 'ok']);
    expect(gate.load).toEqual({ active: 0, waiting: 0 });
  });

  it('refuses a send still waiting after maxWaitMs, never starts it, and gives its place to the next', async () => {
    const gate = new SendGate(1);
    const busy = deferred();
    const first = gate.run(() => busy.promise);
    let refusedStarted = false;
    const refused = gate.run(async () => {
      refusedStarted = true;
      return 'sent late';
    }, 30);
    const patient = gate.run(async () => 'sent after', 60_000);
    await expect(refused).rejects.toBeInstanceOf(SendQueueTimeout);
    await expect(refused).rejects.toThrow(/no free connection within 30 ms/);
    expect(gate.load).toEqual({ active: 1, waiting: 1 });
    busy.finish('first');
    await expect(first).resolves.toBe('first');
    await expect(patient).resolves.toBe('sent after');
    expect(refusedStarted).toBe(false);
    expect(gate.load).toEqual({ active: 0, waiting: 0 });
    // An ordinary failed attempt for the outbox (retried after it), never a permanent failure.
    expect(isPermanentSendError(await refused.catch((e: unknown) => e))).toBe(false);
  });

  it('starts a send at once when a slot is free, whatever its maxWaitMs', async () => {
    const gate = new SendGate(1);
    await expect(gate.run(async () => 'now', 0)).resolves.toBe('now');
    expect(() => new SendGate(0)).toThrow(RangeError);
  });
});
