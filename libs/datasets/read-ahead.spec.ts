import { readAhead } from './build';

describe('readAhead (pages read one ahead)', () => {
  const pages = [[1, 2], [3, 4], [5], []];

  it('yields every item in order and asks for the next page before the current one is consumed', async () => {
    const asked: number[] = [];
    const seen: number[] = [];
    const askedWhenSeen: number[] = [];
    for await (const item of readAhead(
      0,
      async (after: number) => {
        asked.push(after);
        return pages.find((p) => (p[0] ?? Infinity) > after) ?? [];
      },
      (last) => last,
    )) {
      seen.push(item);
      askedWhenSeen.push(asked.length);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toEqual([0, 2, 4, 5]);
    // While item 1 is handled, the page after 2 has been asked for already.
    expect(askedWhenSeen[0]).toBe(2);
  });

  it('waits for the page in flight when the consumer stops early, and passes a failed page on', async () => {
    let inFlight = 0;
    const fetch = async (after: number) => {
      inFlight++;
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      if (after >= 4) throw new Error('connection lost');
      return [after + 1, after + 2];
    };
    for await (const item of readAhead(0, fetch, (last) => last)) if (item === 1) break;
    expect(inFlight).toBe(0);
    const all: number[] = [];
    await expect(
      (async () => {
        for await (const item of readAhead(0, fetch, (last) => last)) all.push(item);
      })(),
    ).rejects.toThrow('connection lost');
    expect(all).toEqual([1, 2, 3, 4]);
  });
});
