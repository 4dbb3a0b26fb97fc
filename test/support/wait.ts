/**
 * Waits until `check` holds, polling (the database, a queue, an API answer) with a generous deadline:
 * the suite runs under the load of `npm test` on two cores, so a deadline is a safety net against a
 * hang, never a measure of speed. Returns the first truthy value `check` gives.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | false | null | undefined> | T | false | null | undefined,
  { timeoutMs = 120_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() >= end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
