import { Module } from '@nestjs/common';
import {
  InstrumentsService,
  PatientLinksService,
  QuestionnairesService,
  ResponsesService,
  ScheduleService,
} from '@trialdata/questionnaires';
import { fromPlatform } from '../platform';
import { InstrumentsController } from '../questionnaires/instruments.controller';
import { PortalController } from '../questionnaires/portal.controller';
import { QuestionnairesController } from '../questionnaires/questionnaires.controller';

/**
 * The questionnaires capability's controllers. Its services come from the platform, which also
 * subscribes the schedule to participant changes (libs/platform), so the CLI and the worker get that rule too.
 */
@Module({
  controllers: [InstrumentsController, PortalController, QuestionnairesController],
  providers: [
    fromPlatform(InstrumentsService, 'instruments'),
    fromPlatform(ScheduleService, 'schedule'),
    fromPlatform(ResponsesService, 'responses'),
    fromPlatform(QuestionnairesService, 'questionnaires'),
    fromPlatform(PatientLinksService, 'links'),
  ],
})
export class QuestionnairesModule {}
