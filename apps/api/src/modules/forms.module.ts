import { Module } from '@nestjs/common';
import type { AppConfig } from '../../../../libs/config';
import { CasebookService, FormEntryService, QueriesService, ReviewService, type CrfDeps } from '../../../../libs/crf';
import { Database } from '../../../../libs/database';
import { ParticipantsService } from '../../../../libs/participants';
import { CasebookController } from '../forms/casebook.controller';
import { FormsController } from '../forms/forms.controller';
import { ReviewController } from '../forms/review.controller';
import { ClockToken, ConfigToken, StudyRegistryToken, type StudyRegistryLike } from '../tokens';

const CrfDepsToken = Symbol('CrfDeps');

/** The forms capability: case report form entry, queries, verification, signatures, locks, casebooks. */
@Module({
  controllers: [FormsController, ReviewController, CasebookController],
  providers: [
    {
      provide: CrfDepsToken,
      useFactory: (db: Database, studies: StudyRegistryLike, clock: () => Date): CrfDeps => ({ db, studies, clock }),
      inject: [Database, StudyRegistryToken, ClockToken],
    },
    {
      provide: FormEntryService,
      useFactory: (deps: CrfDeps, participants: ParticipantsService) => new FormEntryService(deps, participants),
      inject: [CrfDepsToken, ParticipantsService],
    },
    { provide: QueriesService, useFactory: (deps: CrfDeps) => new QueriesService(deps), inject: [CrfDepsToken] },
    { provide: ReviewService, useFactory: (deps: CrfDeps) => new ReviewService(deps), inject: [CrfDepsToken] },
    {
      provide: CasebookService,
      useFactory: (deps: CrfDeps, config: AppConfig) => new CasebookService(deps, config.storageDir),
      inject: [CrfDepsToken, ConfigToken],
    },
  ],
})
export class FormsModule {}
