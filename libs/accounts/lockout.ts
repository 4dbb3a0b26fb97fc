import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import { DomainError } from '@trialdata/common';

/**
 * 503: the shared counters (Redis) cannot be reached. Password checks are refused rather than run
 * without limits.
 */
export class CountersUnavailableError extends DomainError {
  readonly code = 'unavailable';
  readonly status = 503;
}

/** Runs a Redis call; a failure becomes a 503 problem instead of a 500. */
export async function counted<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch {
    throw new CountersUnavailableError('The rate-limit store is unavailable; try again shortly');
  }
}

/** What a password check may do now: go ahead (and how many failures it would make), or wait. */
export type Reservation = { allowed: true; failures: number } | { allowed: false; retryAfterSeconds: number };

export interface LockoutPolicy {
  /** Failed password checks per account and address before that pair is refused. */
  maxFailures: number;
  /** How long the pair stays refused, counted from its last failure. */
  lockMinutes: number;
  /** Password checks per minute from one address, whatever the account. */
  ratePerMinute: number;
}

/*
 * Counts one attempt up front, atomically: a refused pair (count at the maximum) gets the time
 * left; otherwise the count goes up and the window restarts. A success deletes the key. Counting
 * before the password check means a burst of parallel guesses gets at most `max` checks.
 */
const RESERVE = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then return {-1, redis.call('PTTL', KEYS[1])} end
n = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {n, tonumber(ARGV[2])}
`;

/** Fixed one-minute window per address: the first hit sets the expiry. */
const RATE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], 60000) end
return {n, redis.call('PTTL', KEYS[1])}
`;

/**
 * Password-guessing limits, kept in Redis so that every API process behind a load balancer shares
 * them. Failures are counted per account and client address: the account's owner at another
 * address is not locked out by a stranger, and the stranger gets `maxFailures` guesses per
 * `lockMinutes`. The account is named by a hash of its lower-cased email, known or not, so an
 * unknown email is answered exactly like a known one (401, then 429). Logins, password changes and
 * electronic signatures share the same count.
 */
export class LoginLockout {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly policy: LockoutPolicy,
  ) {}

  static subject(email: string): string {
    return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
  }

  private key(email: string, address: string | null): string {
    return `${this.prefix}:auth:failures:${LoginLockout.subject(email)}:${address ?? 'unknown'}`;
  }

  /** Reserves one password check for this account from this address (counted as a failure until released). */
  async reserve(email: string, address: string | null): Promise<Reservation> {
    const rate = (await counted(() => this.redis.eval(RATE, 1, `${this.prefix}:auth:rate:${address ?? 'unknown'}`))) as [number, number];
    if (rate[0] > this.policy.ratePerMinute) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rate[1] / 1000)) };
    const lockMs = this.policy.lockMinutes * 60_000;
    const [n, ttl] = (await counted(() => this.redis.eval(RESERVE, 1, this.key(email, address), this.policy.maxFailures, lockMs))) as [
      number,
      number,
    ];
    if (n < 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
    return { allowed: true, failures: n };
  }

  /** The password was right: the pair's failures are forgotten. */
  async release(email: string, address: string | null): Promise<void> {
    await counted(() => this.redis.del(this.key(email, address)));
  }

  /** True when this failure reached the maximum, so the pair is now refused for `lockMinutes`. */
  locksNow(reservation: Reservation): boolean {
    return reservation.allowed && reservation.failures >= this.policy.maxFailures;
  }

  get lockSeconds(): number {
    return this.policy.lockMinutes * 60;
  }
}
