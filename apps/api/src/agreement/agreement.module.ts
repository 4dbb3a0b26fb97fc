import { Module } from '@nestjs/common';
import { AgreementService } from '@trialdata/agreement';
import { FormEntryService } from '@trialdata/crf';
import { Database } from '@trialdata/database';
import { ParticipantsService } from '@trialdata/participants';
import { ClockToken, StudyRegistryToken, type StudyRegistryLike } from '../tokens';
import { AgreementController } from './agreement.controller';

/** Inter-reader agreement and the blinded further reading. */
@Module({
  controllers: [AgreementController],
  providers: [
    {
      provide: AgreementService,
      useFactory: (db: Database, studies: StudyRegistryLike, clock: () => Date, participants: ParticipantsService) =>
        new AgreementService(db, studies, new FormEntryService({ db, studies, clock }, participants)),
      inject: [Database, StudyRegistryToken, ClockToken, ParticipantsService],
    },
  ],
})
export class AgreementModule {}
