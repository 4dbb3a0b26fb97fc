import Redis from 'ioredis';
import { AccountsService, LoginLockout } from '@trialdata/accounts';
import { InvitationsService } from '@trialdata/accounts';
import type { AppConfig } from '@trialdata/config';
import { CasebookService, FormEntryService, QueriesService, ReviewService, type CrfDeps } from '@trialdata/crf';
import { Database, createDataSource } from '@trialdata/database';
import { DatasetsService } from '@trialdata/datasets';
import { BullDispatchQueue, ChannelSender, type MessageSender } from '@trialdata/notifications';
import { ParticipantEvents, ParticipantsService, RandomisationService, newSealedSeed } from '@trialdata/participants';
import { ContactCipher, SecretBox } from '@trialdata/privacy';
import type { StudyRegistry } from '@trialdata/protocol';
import {
  InstrumentsService,
  OutboxService,
  PatientLinksService,
  QuestionnairesService,
  ResponsesService,
  ScheduleService,
} from '@trialdata/questionnaires';
import { JobQueues } from '@trialdata/queue';
import { SafetyService } from '@trialdata/safety';
import { parseQuietHours } from '@trialdata/scheduling';
import { SitesService } from '@trialdata/sites';

export type Clock = () => Date;
export type Log = (msg: string, extra?: object) => void;

export interface PlatformOptions {
  /** Database connections of this process (default: TypeORM's 10). */
  poolSize?: number;
  /** Where the services log ids and outcomes (never contact data); default: nowhere. */
  log?: Log;
  /** How email and SMS leave (default: SMTP from the configuration, SMS recorded); the demo seed passes its own. */
  sender?: MessageSender;
  /** The producer side of the queues, when the process wants other bounds than the default (the worker waits longer). */
  queues?: JobQueues;
}

/**
 * Every service of the platform, built once from the configuration, the studies and one clock, with
 * the subscriptions between capabilities wired here and nowhere else. The API provides these to Nest,
 * the worker's processors use them, the CLI seeds through them and the tests reach them through both.
 */
export interface Platform {
  readonly config: AppConfig;
  readonly studies: StudyRegistry;
  readonly clock: Clock;
  readonly db: Database;
  /** Shared counters (login lock-out) and the health probe; Redis being down is reported, not thrown. */
  readonly redis: Redis;
  /** The producer side of the queues: how work reaches the worker. */
  readonly queues: JobQueues;
  readonly cipher: ContactCipher;
  /** How email and SMS leave this process (one pooled SMTP transport); closed with the platform. */
  readonly sender: MessageSender;
  readonly events: ParticipantEvents;
  readonly accounts: AccountsService;
  readonly invitations: InvitationsService;
  readonly sites: SitesService;
  readonly participants: ParticipantsService;
  readonly randomisation: RandomisationService;
  readonly instruments: InstrumentsService;
  readonly schedule: ScheduleService;
  readonly questionnaires: QuestionnairesService;
  readonly responses: ResponsesService;
  readonly links: PatientLinksService;
  readonly outbox: OutboxService;
  readonly forms: FormEntryService;
  readonly queries: QueriesService;
  readonly review: ReviewService;
  readonly casebooks: CasebookService;
  readonly datasets: DatasetsService;
  readonly safety: SafetyService;
  /** Study rows (each with its sealed randomisation seed) for every definition, and the first admin when no user exists. */
  bootstrap(admin?: { email: string; password: string }): Promise<void>;
  /** Closes the queues, Redis, the database pool and the SMTP connections of a sender built here. */
  close(): Promise<void>;
}

/** The composition root: connects to PostgreSQL and Redis and builds every service once. */
export async function createPlatform(
  config: AppConfig,
  studies: StudyRegistry,
  clock: Clock = () => new Date(),
  options: PlatformOptions = {},
): Promise<Platform> {
  const log = options.log ?? (() => undefined);
  const db = new Database(
    await createDataSource(config.databaseUrl, { poolSize: options.poolSize, prepare: config.preparedStatements }).initialize(),
  );
  const redis = new Redis(config.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  // Redis being down is reported by the health checks (503), not thrown as an unhandled 'error' event.
  redis.on('error', () => undefined);
  // Commands are refused while the connection is not ready (no offline queue), so a process starts
  // serving once it is, or once the first attempt has failed (ioredis's connectTimeout, 10 s, bounds
  // it; it goes on reconnecting, and the health checks say Redis is away meanwhile).
  await redis.connect().catch(() => undefined);
  const queues = options.queues ?? new JobQueues(config.redis);
  const cipher = new ContactCipher(config.dataKey);
  const seeds = new SecretBox(config.dataKey);
  const sender =
    options.sender ??
    new ChannelSender({ smtpUrl: config.smtpUrl, smsUrl: config.smsUrl, from: config.mailFrom, concurrency: config.sendConcurrency, log });
  const quietHours = parseQuietHours(config.quietHours);
  const crf: CrfDeps = { db, studies, clock };

  // Lock-out counts live in Redis so that every API process shares them.
  const accounts = new AccountsService(db, studies, config.login, new LoginLockout(redis, config.redis.prefix, config.login));
  const events = new ParticipantEvents();
  const participants = new ParticipantsService(db, studies, cipher, clock, events);
  const instruments = new InstrumentsService();
  const schedule = new ScheduleService(studies, quietHours, clock);
  // A participant's changes (anchor, status) reschedule its questionnaires, inside the change's transaction.
  events.subscribe(schedule);

  const platform: Platform = {
    config,
    studies,
    clock,
    db,
    redis,
    queues,
    cipher,
    sender,
    events,
    accounts,
    invitations: new InvitationsService(db, accounts, clock),
    sites: new SitesService(db),
    participants,
    randomisation: new RandomisationService(db, studies, clock, seeds, events),
    instruments,
    schedule,
    questionnaires: new QuestionnairesService(db, studies, clock),
    responses: new ResponsesService(db, studies, instruments, clock),
    links: new PatientLinksService(db, clock, config.publicUrl),
    outbox: new OutboxService(
      db,
      studies,
      cipher,
      sender,
      new BullDispatchQueue(queues),
      clock,
      { publicUrl: config.publicUrl, quietHours, sendingLeaseMs: config.sendingLeaseSeconds * 1000 },
      log,
    ),
    forms: new FormEntryService(crf, participants),
    queries: new QueriesService(crf),
    review: new ReviewService(crf),
    casebooks: new CasebookService(crf, config.storageDir, queues),
    datasets: new DatasetsService({ db, studies, queues, clock, storageDir: config.storageDir }),
    safety: new SafetyService(db, studies, clock, sender, config.safetyContacts),
    async bootstrap(admin) {
      await db.repos.studies.ensure(studies.codes(), (code) => newSealedSeed(seeds, code));
      await accounts.bootstrapAdmin(admin);
    },
    async close() {
      await queues.close();
      if (!options.sender) await sender.close();
      redis.disconnect();
      if (db.dataSource.isInitialized) await db.dataSource.destroy();
    },
  };
  return platform;
}
