import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { createSecretKey } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AccountsService } from '@trialdata/accounts';
import type { AppConfig } from '@trialdata/config';
import { Database } from '@trialdata/database';
import { ParticipantEvents, ParticipantsService, RandomisationService } from '@trialdata/participants';
import { createPlatform, type Platform } from '@trialdata/platform';
import { ContactCipher } from '@trialdata/privacy';
import type { StudyRegistry } from '@trialdata/protocol';
import { SitesService } from '@trialdata/sites';
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
import { fromPlatform, PlatformToken } from './platform';
import { ClockToken, ConfigToken, JobQueuesToken, RedisToken, StudyRegistryToken } from './tokens';

export interface AppModuleOptions {
  config: AppConfig;
  studies: StudyRegistry;
  /** Injectable clock for tests; defaults to the wall clock. */
  clock?: () => Date;
}

@Injectable()
class ShutdownHook implements OnApplicationShutdown {
  constructor(@Inject(PlatformToken) private readonly platform: Platform) {}
  async onApplicationShutdown(): Promise<void> {
    await this.platform.close();
  }
}

/** The composition root (libs/platform) as Nest providers; closes its connections when the app shuts down. */
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
        { provide: PlatformToken, useFactory: () => createPlatform(config, studies, clock) },
        { provide: DataSource, useFactory: (p: Platform) => p.db.dataSource, inject: [PlatformToken] },
        fromPlatform(Database, 'db'),
        fromPlatform(RedisToken, 'redis'),
        fromPlatform(JobQueuesToken, 'queues'),
        fromPlatform(ContactCipher, 'cipher'),
        fromPlatform(AccountsService, 'accounts'),
        fromPlatform(SitesService, 'sites'),
        fromPlatform(ParticipantEvents, 'events'),
        fromPlatform(ParticipantsService, 'participants'),
        fromPlatform(RandomisationService, 'randomisation'),
        ShutdownHook,
      ],
      exports: [
        ConfigToken,
        ClockToken,
        JobQueuesToken,
        StudyRegistryToken,
        PlatformToken,
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
