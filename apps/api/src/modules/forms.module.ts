import { Module } from '@nestjs/common';

/** The forms capability's controllers and providers. */
@Module({})
export class FormsModule {}
