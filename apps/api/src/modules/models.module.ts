import { Module } from '@nestjs/common';

/** The models capability's controllers and providers. */
@Module({})
export class ModelsModule {}
