import { Module } from '@nestjs/common';
import type { AppConfig } from '@trialdata/config';
import { FileMailbox, mailboxFolder } from '@trialdata/notifications';
import { ConfigToken } from '../tokens';
import { MailboxController, MailboxToken } from './mailbox.controller';

/** The demo mailbox (GET /mailbox): on only when SMTP_URL is the demo's `mailbox:` folder. */
@Module({
  controllers: [MailboxController],
  providers: [
    {
      provide: MailboxToken,
      useFactory: (config: AppConfig) => {
        const folder = mailboxFolder(config.smtpUrl);
        return folder === null ? null : new FileMailbox(folder);
      },
      inject: [ConfigToken],
    },
  ],
})
export class MailboxModule {}
