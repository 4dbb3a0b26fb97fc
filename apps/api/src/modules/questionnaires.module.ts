import { Module } from '@nestjs/common';

/** The questionnaires capability's controllers and providers. */
@Module({})
export class QuestionnairesModule {}
