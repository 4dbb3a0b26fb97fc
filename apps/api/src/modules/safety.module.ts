import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { SafetyService } from '@trialdata/safety';
import { fromPlatform } from '../platform';
import { SafetyController } from '../safety/safety.controller';

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
  providers: [fromPlatform(SafetyService, 'safety'), SafetyDispatcher],
  exports: [SafetyService],
})
export class SafetyModule {}
