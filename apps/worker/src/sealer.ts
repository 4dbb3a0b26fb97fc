import type { WorkerContext } from './context';

/** How often the worker seals the audit trail by default (docs/ARCHITECTURE.md, "Audit sealing"). */
export const DEFAULT_SEAL_EVERY_MS = 1_000;

/**
 * The audit sealer (issue 16): every `everyMs`, one `audit_seal()` round gives the committed, unsealed
 * audit rows their chain position and hash (docs/AUDIT.md, "Sealing"). A timer in the worker rather
 * than a BullMQ job, so that the chain keeps being sealed while Redis is down or was flushed: sealing
 * needs PostgreSQL only. Rounds never overlap in one worker; several workers' rounds queue on the
 * chain's advisory lock, and a round that finds nothing to seal costs one indexed read. A failed round
 * is logged and the next one tries again.
 */
export function startAuditSealer(ctx: WorkerContext, everyMs = DEFAULT_SEAL_EVERY_MS): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  const round = () => {
    if (running || stopped) return;
    running = ctx.db.repos.audit
      .seal()
      .then(
        () => undefined,
        (e: unknown) => ctx.log('audit sealing failed', { error: e instanceof Error ? e.message : String(e) }),
      )
      .finally(() => (running = null));
  };
  const timer = setInterval(round, everyMs);
  timer.unref();
  round();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
