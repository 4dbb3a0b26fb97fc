import { Module } from '@nestjs/common';

/** The datasets capability's controllers and providers. */
@Module({})
export class DatasetsModule {}
