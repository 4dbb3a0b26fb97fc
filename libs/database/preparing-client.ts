import { createHash } from 'node:crypto';
import { Client } from 'pg';

/** Distinct statement texts a process prepares at most; later ones run unprepared, as before. */
const PREPARED_TEXTS_LIMIT = 500;

/** How often a text must have run unprepared before it is prepared: a one-off text is never kept. */
const PREPARE_AFTER = 2;

/** "cached plan must not change result type": a prepared `SELECT *` whose table gained a column. */
const RESULT_TYPE_CHANGED = '0A000';

/**
 * What the process knows of its statement texts: how often each ran unprepared, the name of each
 * prepared one, and the texts never to prepare again. Shared by every connection of the process
 * (pool), so a text gets the same name on each connection and the limit bounds them all.
 */
export class PreparedTexts {
  private readonly seen = new Map<string, number>();
  private readonly names = new Map<string, string>();
  private readonly refused = new Set<string>();

  constructor(private readonly limit = PREPARED_TEXTS_LIMIT) {}

  /** The name to prepare `text` under, or undefined to send it unprepared. */
  nameFor(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined) return known;
    if (this.refused.has(text) || this.names.size >= this.limit) return undefined;
    const runs = (this.seen.get(text) ?? 0) + 1;
    if (runs < PREPARE_AFTER) {
      // The counts are bounded like the names: past the bound, texts seen once are forgotten.
      if (this.seen.size >= this.limit * 4) this.seen.clear();
      this.seen.set(text, runs);
      return undefined;
    }
    this.seen.delete(text);
    const name = `td_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    this.names.set(text, name);
    return name;
  }

  /** Never prepare `text` again (its prepared form failed); the connections' copies stay unused. */
  refuse(text: string): void {
    this.names.delete(text);
    this.refused.add(text);
  }

  get size(): number {
    return this.names.size;
  }
}

type Callback = (err: Error | null, result?: unknown) => void;

/**
 * A node-postgres client that runs a repeated parameterised statement as a named prepared statement,
 * so PostgreSQL parses it once per connection and, once its generic plan is found as good as the
 * custom ones (plan_cache_mode auto), stops planning it. TypeORM's `query()` sends every statement
 * unnamed, parsed and planned on each call; for an audited form save's 13 statements that was most of
 * PostgreSQL's time (bench/README.md, "Prepared statements"). Statements without parameters (BEGIN,
 * COMMIT, SET, migrations' multi-statement scripts) keep the simple protocol, untouched.
 *
 * A prepared `SELECT *` fails once its table gains a column ("cached plan must not change result
 * type", a migration run while the process is up): that statement fails, and its text is never
 * prepared again in this process, so the next call runs unprepared.
 */
export function preparingClient(texts: PreparedTexts): typeof Client {
  return class PreparingClient extends Client {
    override query(config: unknown, values?: unknown, callback?: unknown): any {
      const run = (...args: unknown[]): any => (super.query as (...a: unknown[]) => unknown).apply(this, args);
      const name = typeof config === 'string' && Array.isArray(values) && values.length > 0 ? texts.nameFor(config) : undefined;
      if (name === undefined) return run(config, values, callback);
      const named = { name, text: config, values };
      const forget = (e: unknown) => {
        if ((e as { code?: string } | null)?.code === RESULT_TYPE_CHANGED) texts.refuse(config as string);
      };
      if (typeof callback === 'function')
        return run(named, (err: Error | null, result: unknown) => {
          if (err) forget(err);
          (callback as Callback)(err, result);
        });
      return (run(named) as Promise<unknown>).catch((e: unknown) => {
        forget(e);
        throw e;
      });
    }
  } as unknown as typeof Client;
}
