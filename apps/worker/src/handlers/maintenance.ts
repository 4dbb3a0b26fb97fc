import {
  auditHeadKey,
  databaseName,
  headSignatureValid,
  parseHead,
  readLatestHeadText,
  signHead,
  writePublishedHead,
} from '@trialdata/audit';
import { JobName, type HandlerMap } from '@trialdata/queue';
import type { WorkerContext } from '../context';
import { reconcileModels } from './models';

export function maintenanceHandlers(ctx: WorkerContext): HandlerMap {
  return {
    [JobName.Heartbeat]: async () => {
      await ctx.db.ping();
      // Once a minute: model fits whose job Redis lost are queued again from PostgreSQL.
      const requeuedModels = await reconcileModels(ctx);
      // Once a minute: the audit trail's head, checked and signed, is published outside the database.
      const auditHead = await publishAuditHead(ctx);
      return { at: ctx.clock().toISOString(), requeuedModels, auditHead };
    },
  };
}

export type PublishOutcome =
  { outcome: 'published'; seq: number; hash: string } | { outcome: 'unchanged'; seq: number } | { outcome: 'refused'; reason: string };

/**
 * Publishes the audit trail's head to STORAGE_DIR/audit (docs/AUDIT.md, "Published heads"). The rows
 * added since the last published head are re-hashed here first, and the last published head must
 * still be in the chain: a trail that was cut or rewritten is never published over (the old head
 * stays, so `trial audit verify` keeps failing), and an error is logged.
 */
export async function publishAuditHead(ctx: WorkerContext): Promise<PublishOutcome> {
  const key = auditHeadKey(ctx.config.dataKey);
  const database = databaseName(ctx.config.databaseUrl);
  const refuse = (reason: string): PublishOutcome => {
    ctx.log('audit head NOT published', { reason });
    return { outcome: 'refused', reason };
  };
  const text = await readLatestHeadText(ctx.config.storageDir);
  const last = text === null ? null : parseHead(text);
  if (text !== null && !last) return refuse('the published head file is not an audit head');
  if (last && last.database !== database) return refuse(`the published head is of database ${last.database}`);
  if (last && !headSignatureValid(key, last)) return refuse('the published head has a wrong signature');
  const { breaks, head } = await ctx.db.repos.audit.verifyChain({ after: last ? { seq: last.seq, hash: last.hash } : undefined });
  if (breaks.length) return refuse(`the audit trail does not extend the published head: row ${breaks[0].seq}: ${breaks[0].problem}`);
  if (last && head.seq === last.seq) return { outcome: 'unchanged', seq: head.seq };
  await writePublishedHead(
    ctx.config.storageDir,
    signHead(key, { database, seq: head.seq, hash: head.hash, at: ctx.clock().toISOString() }),
  );
  return { outcome: 'published', seq: head.seq, hash: head.hash };
}
