import { Module } from '@nestjs/common';
import { InvitationsService } from '@trialdata/accounts';
import { InvitationsController } from '../admin/invitations.controller';
import { fromPlatform } from '../platform';

/** Administration of users: the user list and one-time invitation links. */
@Module({
  controllers: [InvitationsController],
  providers: [fromPlatform(InvitationsService, 'invitations')],
})
export class AdminModule {}
