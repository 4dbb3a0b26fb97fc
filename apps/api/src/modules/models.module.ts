import { Module } from '@nestjs/common';
import type { AppConfig } from '@trialdata/config';
import { Database } from '@trialdata/database';
import type { JobQueues } from '@trialdata/queue';
import { ModelsController } from '../models/models.controller';
import { ModelsService } from '../models/models.service';
import { ConfigToken, JobQueuesToken } from '../tokens';

/** The models capability: model fits on datasets, run by the worker, and their PDF reports. */
@Module({
  controllers: [ModelsController],
  providers: [
    {
      provide: ModelsService,
      useFactory: (db: Database, config: AppConfig, queues: JobQueues) => new ModelsService(db, config.storageDir, queues),
      inject: [Database, ConfigToken, JobQueuesToken],
    },
  ],
})
export class ModelsModule {}
