import type { AppConfig } from '../../../libs/config';
import type { Database } from '../../../libs/database';
import type { StudyRegistry } from '../../../libs/protocol';
import type { Platform } from '../../../libs/platform';
import type { JobQueues } from '../../../libs/queue';

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
