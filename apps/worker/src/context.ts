import type { AppConfig } from '@trialdata/config';
import type { Database } from '@trialdata/database';
import type { StudyRegistry } from '@trialdata/protocol';
import type { Platform } from '@trialdata/platform';
import type { JobQueues } from '@trialdata/queue';

/** What every processor may use: configuration, the database, the studies, the producer side, a clock and a log. */
export interface WorkerContext {
  config: AppConfig;
  db: Database;
  studies: StudyRegistry;
  queues: JobQueues;
  clock: () => Date;
  log: (msg: string, extra?: object) => void;
  /** Every service, built once by the composition root (libs/platform) on this worker's clock. */
  platform: Platform;
  /** How old a row must be before the reconciler enqueues it again (default 2 minutes; tests shorten it). */
  reconcileGraceMs?: number;
}
