import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../../../../libs/config';
import { Database } from '../../../../libs/database';
import { ChannelSender } from '../../../../libs/notifications';
import { parseSafetyContacts, SafetyService } from '../../../../libs/safety';
import { SafetyController } from '../safety/safety.controller';
import { ClockToken, ConfigToken, StudyRegistryToken, type StudyRegistryLike } from '../tokens';

/** Sends pending SAE alerts at once after a save (a short poll of the trigger-made rows) until shutdown. */
class SafetyDispatcher implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  constructor(@Inject(SafetyService) private readonly safety: SafetyService) {}
  onModuleInit(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = true;
      this.safety
        .dispatch()
        .catch(() => 0)
        .finally(() => (this.running = false));
    }, 1000);
    this.timer.unref();
  }
  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

/** Safety reporting (SAE deadlines, tasks, alerts) and deviations entered by hand. */
@Module({
  controllers: [SafetyController],
  providers: [
    {
      provide: SafetyService,
      useFactory: (db: Database, studies: StudyRegistryLike, clock: () => Date, config: AppConfig) =>
        new SafetyService(
          db,
          studies,
          clock,
          new ChannelSender({ smtpUrl: config.smtpUrl, from: config.mailFrom, log: () => undefined }),
          parseSafetyContacts(process.env.SAFETY_CONTACTS),
        ),
      inject: [Database, StudyRegistryToken, ClockToken, ConfigToken],
    },
    SafetyDispatcher,
  ],
  exports: [SafetyService],
})
export class SafetyModule {}
