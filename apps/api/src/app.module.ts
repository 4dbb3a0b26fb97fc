import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { createSecretKey } from 'node:crypto';
import Redis from 'ioredis';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AccountsService, LoginLockout } from '../../../libs/accounts';
import type { AppConfig } from '../../../libs/config';
import { Database, createDataSource } from '../../../libs/database';
import { ParticipantEvents, ParticipantsService, RandomisationService } from '../../../libs/participants';
import { ContactCipher, SecretBox } from '../../../libs/privacy';
import { JobQueues } from '../../../libs/queue';
import type { StudyRegistry } from '../../../libs/protocol';
import { SitesService } from '../../../libs/sites';
import { AccessGuard } from './auth/access.guard';
import { AuthController } from './controllers/auth.controller';
import { HealthController } from './controllers/health.controller';
import { ParticipantsController } from './controllers/participants.controller';
import { SitesController } from './controllers/sites.controller';
import { StudiesController } from './controllers/studies.controller';
import { UsersController } from './controllers/users.controller';
import { ProblemFilter } from './http/problem.filter';
import { loggerOptions } from './http/logging';
import { CAPABILITY_MODULES } from './modules';
import { ClockToken, ConfigToken, JobQueuesToken, RedisToken, StudyRegistryToken } from './tokens';

export interface AppModuleOptions {
  config: AppConfig;
  studies: StudyRegistry;
  /** Injectable clock for tests; defaults to the wall clock. */
  clock?: () => Date;
}

@Injectable()
class ShutdownHook implements OnApplicationShutdown {
  constructor(
    private readonly ds: DataSource,
    @Inject(RedisToken) private readonly redis: Redis,
    @Inject(JobQueuesToken) private readonly queues: JobQueues,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.queues.close();
    this.redis.disconnect();
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

/** Lifecycle owner of the shared connections: closes them when the app shuts down. */
@Global()
@Module({})
class CoreModule {
  static forRoot({ config, studies, clock = () => new Date() }: AppModuleOptions): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: ConfigToken, useValue: config },
        { provide: StudyRegistryToken, useValue: studies },
        { provide: ClockToken, useValue: clock },
        {
          provide: DataSource,
          useFactory: async () => createDataSource(config.databaseUrl).initialize(),
        },
        { provide: Database, useFactory: (ds: DataSource) => new Database(ds), inject: [DataSource] },
        {
          provide: RedisToken,
          useFactory: () => {
            const redis = new Redis(config.redis.url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false });
            // Redis being down is reported by /health (503), not thrown as an unhandled 'error' event.
            redis.on('error', () => undefined);
            return redis;
          },
        },
        { provide: JobQueuesToken, useFactory: () => new JobQueues(config.redis) },
        { provide: ContactCipher, useFactory: () => new ContactCipher(config.dataKey) },
        {
          provide: AccountsService,
          // Lock-out counts live in Redis so that every API process shares them.
          useFactory: (db: Database, redis: Redis) =>
            new AccountsService(db, studies, config.login, new LoginLockout(redis, config.redis.prefix, config.login)),
          inject: [Database, RedisToken],
        },
        { provide: SitesService, useFactory: (db: Database) => new SitesService(db), inject: [Database] },
        { provide: ParticipantEvents, useFactory: () => new ParticipantEvents() },
        {
          provide: ParticipantsService,
          useFactory: (db: Database, c: ContactCipher, events: ParticipantEvents) => new ParticipantsService(db, studies, c, clock, events),
          inject: [Database, ContactCipher, ParticipantEvents],
        },
        {
          provide: RandomisationService,
          useFactory: (db: Database, events: ParticipantEvents) =>
            new RandomisationService(db, studies, clock, new SecretBox(config.dataKey), events),
          inject: [Database, ParticipantEvents],
        },
        ShutdownHook,
      ],
      exports: [
        ConfigToken,
        ClockToken,
        JobQueuesToken,
        StudyRegistryToken,
        DataSource,
        Database,
        RedisToken,
        ContactCipher,
        AccountsService,
        SitesService,
        ParticipantEvents,
        ParticipantsService,
        RandomisationService,
      ],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(options),
        DiscoveryModule,
        LoggerModule.forRoot(loggerOptions(config.logLevel)),
        // Pinned algorithm, audience and issuer: a token signed for anything else is not an API login.
        JwtModule.register({
          // A KeyObject, not the string: jsonwebtoken would otherwise try (and fail) to parse the
          // string as a public key on every verification, which costs more than the HMAC itself.
          secret: createSecretKey(Buffer.from(config.jwt.secret, 'utf8')),
          signOptions: { expiresIn: config.jwt.ttlSeconds, algorithm: 'HS256', audience: 'trialdata-api', issuer: 'trialdata' },
          verifyOptions: { algorithms: ['HS256'], audience: 'trialdata-api', issuer: 'trialdata' },
        }),
        TerminusModule,
        ThrottlerModule.forRoot({ throttlers: [{ name: 'login', ttl: 60_000, limit: config.login.ratePerMinute }] }),
        ...CAPABILITY_MODULES,
      ],
      controllers: [HealthController, AuthController, UsersController, SitesController, StudiesController, ParticipantsController],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
