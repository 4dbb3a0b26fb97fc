import { Module } from '@nestjs/common';
import type { AppConfig } from '../../../../libs/config';
import { Database } from '../../../../libs/database';
import { DatasetsService } from '../../../../libs/datasets';
import type { JobQueues } from '../../../../libs/queue';
import { DatasetBundles } from '../datasets/bundle';
import { DatasetsController } from '../datasets/datasets.controller';
import { ClockToken, ConfigToken, JobQueuesToken, StudyRegistryToken, type StudyRegistryLike } from '../tokens';

/** The datasets capability: database lock, versioned dataset snapshots and their files. */
@Module({
  controllers: [DatasetsController],
  providers: [
    {
      provide: DatasetsService,
      useFactory: (db: Database, studies: StudyRegistryLike, queues: JobQueues, clock: () => Date, config: AppConfig) =>
        new DatasetsService({ db, studies, queues, clock, storageDir: config.storageDir }),
      inject: [Database, StudyRegistryToken, JobQueuesToken, ClockToken, ConfigToken],
    },
    {
      provide: DatasetBundles,
      useFactory: (db: Database, datasets: DatasetsService, config: AppConfig) => new DatasetBundles(db, datasets, config.storageDir),
      inject: [Database, DatasetsService, ConfigToken],
    },
  ],
})
export class DatasetsModule {}
