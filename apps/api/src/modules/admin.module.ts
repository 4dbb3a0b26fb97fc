import { Module } from '@nestjs/common';
import { AccountsService } from '../../../../libs/accounts';
import { InvitationsService } from '../../../../libs/accounts/invitations';
import { Database } from '../../../../libs/database';
import { InvitationsController } from '../admin/invitations.controller';
import { ClockToken } from '../tokens';

/** Administration of users: the user list and one-time invitation links. */
@Module({
  controllers: [InvitationsController],
  providers: [
    {
      provide: InvitationsService,
      useFactory: (db: Database, accounts: AccountsService, clock: () => Date) => new InvitationsService(db, accounts, clock),
      inject: [Database, AccountsService, ClockToken],
    },
  ],
})
export class AdminModule {}
