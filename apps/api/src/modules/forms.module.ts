import { Module } from '@nestjs/common';
import { CasebookService, FormEntryService, QueriesService, ReviewService } from '@trialdata/crf';
import { CasebookController } from '../forms/casebook.controller';
import { FormsController } from '../forms/forms.controller';
import { ReviewController } from '../forms/review.controller';
import { fromPlatform } from '../platform';

/** The forms capability: case report form entry, queries, verification, signatures, locks, casebooks. */
@Module({
  controllers: [FormsController, ReviewController, CasebookController],
  providers: [
    fromPlatform(FormEntryService, 'forms'),
    fromPlatform(QueriesService, 'queries'),
    fromPlatform(ReviewService, 'review'),
    fromPlatform(CasebookService, 'casebooks'),
  ],
})
export class FormsModule {}
