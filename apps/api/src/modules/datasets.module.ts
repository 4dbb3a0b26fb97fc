import { Module } from '@nestjs/common';
import type { AppConfig } from '@trialdata/config';
import { Database } from '@trialdata/database';
import { DatasetsService } from '@trialdata/datasets';
import { DatasetBundles } from '../datasets/bundle';
import { DatasetsController } from '../datasets/datasets.controller';
import { fromPlatform } from '../platform';
import { ConfigToken } from '../tokens';

/** The datasets capability: database lock, versioned dataset snapshots and their files. */
@Module({
  controllers: [DatasetsController],
  providers: [
    fromPlatform(DatasetsService, 'datasets'),
    {
      provide: DatasetBundles,
      useFactory: (db: Database, datasets: DatasetsService, config: AppConfig) => new DatasetBundles(db, datasets, config.storageDir),
      inject: [Database, DatasetsService, ConfigToken],
    },
  ],
})
export class DatasetsModule {}
