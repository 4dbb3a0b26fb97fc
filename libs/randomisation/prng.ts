import { createHmac } from 'crypto';

const TWO_POW_32 = 2 ** 32;

/**
 * The one source of randomness in this library, written so that a statistician can regenerate every
 * draw from the secret seed with nothing but HMAC-SHA256 (see README.md for Python and R).
 *
 *   key    = HMAC-SHA256(utf8(seed), utf8(label))               e.g. label "TEIAS|LUMC|x=a|block|1"
 *   chunk j = HMAC-SHA256(key, utf8(decimal(j)))                 j = 0, 1, 2, …  ("0", "1", …)
 *   stream = chunk 0 ‖ chunk 1 ‖ …, read as unsigned 32-bit big-endian words w0, w1, …
 *
 * uniformInt(m) takes the next word w; if w >= 2^32 − (2^32 mod m) the word is discarded and the next
 * one is taken (rejection keeps the draw exactly uniform); the result is w mod m.
 * uniform01() takes the next word w and returns w / 2^32 (exact in a double).
 */
export class DrawStream {
  private readonly key: Buffer;
  private chunkIndex = 0;
  private chunk: Buffer = Buffer.alloc(0);
  private offset = 0;

  constructor(seed: string, label: string) {
    this.key = createHmac('sha256', Buffer.from(seed, 'utf8')).update(label, 'utf8').digest();
  }

  nextWord(): number {
    if (this.offset >= this.chunk.length) {
      this.chunk = createHmac('sha256', this.key).update(String(this.chunkIndex), 'utf8').digest();
      this.chunkIndex += 1;
      this.offset = 0;
    }
    const word = this.chunk.readUInt32BE(this.offset);
    this.offset += 4;
    return word;
  }

  uniformInt(m: number): number {
    if (!Number.isInteger(m) || m < 1 || m > TWO_POW_32) throw new RangeError(`uniformInt: bad range ${m}`);
    const limit = TWO_POW_32 - (TWO_POW_32 % m);
    for (;;) {
      const word = this.nextWord();
      if (word < limit) return word % m;
    }
  }

  uniform01(): number {
    return this.nextWord() / TWO_POW_32;
  }

  /** Fisher–Yates from the last index down: for i = len−1 … 1, swap items[i] with items[uniformInt(i+1)]. */
  shuffleInPlace<T>(items: T[]): T[] {
    for (let i = items.length - 1; i >= 1; i -= 1) {
      const j = this.uniformInt(i + 1);
      const held = items[i];
      items[i] = items[j];
      items[j] = held;
    }
    return items;
  }
}
