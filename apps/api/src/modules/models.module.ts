import { Module } from '@nestjs/common';
import type { AppConfig } from '../../../../libs/config';
import { Database } from '../../../../libs/database';
import type { JobQueues } from '../../../../libs/queue';
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
