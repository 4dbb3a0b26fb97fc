import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../../../../libs/config';
import { Database } from '../../../../libs/database';
import { ParticipantEvents } from '../../../../libs/participants';
import {
  InstrumentsService,
  PatientLinksService,
  QuestionnairesService,
  ResponsesService,
  ScheduleService,
} from '../../../../libs/questionnaires';
import { parseQuietHours } from '../../../../libs/scheduling';
import { InstrumentsController } from '../questionnaires/instruments.controller';
import { PortalController } from '../questionnaires/portal.controller';
import { QuestionnairesController } from '../questionnaires/questionnaires.controller';
import { ClockToken, ConfigToken, StudyRegistryToken, type StudyRegistryLike } from '../tokens';

/** Subscribes the schedule to participant changes, so schedules follow anchors inside their transactions. */
@Injectable()
class ScheduleSubscription implements OnModuleInit {
  constructor(
    private readonly events: ParticipantEvents,
    private readonly schedule: ScheduleService,
  ) {}
  onModuleInit(): void {
    this.events.subscribe(this.schedule);
  }
}

/** The questionnaires capability's controllers and providers. */
@Module({
  controllers: [InstrumentsController, PortalController, QuestionnairesController],
  providers: [
    { provide: InstrumentsService, useFactory: () => new InstrumentsService() },
    {
      provide: ScheduleService,
      useFactory: (config: AppConfig, studies: StudyRegistryLike, clock: () => Date) =>
        new ScheduleService(studies, parseQuietHours(config.quietHours), clock),
      inject: [ConfigToken, StudyRegistryToken, ClockToken],
    },
    {
      provide: ResponsesService,
      useFactory: (db: Database, studies: StudyRegistryLike, instruments: InstrumentsService, clock: () => Date) =>
        new ResponsesService(db, studies, instruments, clock),
      inject: [Database, StudyRegistryToken, InstrumentsService, ClockToken],
    },
    {
      provide: QuestionnairesService,
      useFactory: (db: Database, studies: StudyRegistryLike, clock: () => Date) => new QuestionnairesService(db, studies, clock),
      inject: [Database, StudyRegistryToken, ClockToken],
    },
    {
      provide: PatientLinksService,
      useFactory: (db: Database, config: AppConfig, clock: () => Date) => new PatientLinksService(db, clock, config.publicUrl),
      inject: [Database, ConfigToken, ClockToken],
    },
    ScheduleSubscription,
  ],
})
export class QuestionnairesModule {}
