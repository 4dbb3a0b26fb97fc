import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@trialdata/common';
import { FileMailbox, type CapturedMessage } from '@trialdata/notifications';
import { PlatformAdmin } from '../auth/access';
import { MailboxMessageDto } from './dto';

/** The demo's mailbox folder, or null outside the demo (SMTP_URL is not a `mailbox:` URL). */
export const MailboxToken = Symbol('Mailbox');

const NOT_DEMO = 'The mailbox exists only in the demo (npm run demo without SMTP_URL)';

function toDto(m: CapturedMessage): MailboxMessageDto {
  return {
    id: m.id,
    channel: m.channel,
    to: m.to,
    subject: m.subject,
    capturedAt: m.capturedAt,
    text: m.text,
    links: [...m.text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((x) => x[0]),
  };
}

/**
 * The demo mailbox: patient emails and SMS the demo kept instead of sending (the worker writes them,
 * this lists them), so a visitor can open a patient's questionnaire. Admins only, and 404 outside the demo.
 */
@ApiTags('mailbox')
@ApiBearerAuth()
@Controller('mailbox')
export class MailboxController {
  constructor(@Inject(MailboxToken) private readonly mailbox: FileMailbox | null) {}

  @Get()
  @PlatformAdmin()
  @ApiOperation({ summary: 'The demo mailbox: patient messages kept instead of sent' })
  @ApiOkResponse({ type: [MailboxMessageDto], description: 'The kept messages, newest first (at most 500)' })
  @ApiForbiddenResponse({ description: 'Not an admin' })
  @ApiNotFoundResponse({ description: 'Not the demo: there is no mailbox' })
  async list(): Promise<MailboxMessageDto[]> {
    return (await this.open().list()).map(toDto);
  }

  @Get(':id')
  @PlatformAdmin()
  @ApiOperation({ summary: 'One kept message with its patient link' })
  @ApiOkResponse({ type: MailboxMessageDto })
  @ApiForbiddenResponse({ description: 'Not an admin' })
  @ApiNotFoundResponse({ description: 'Unknown message, or not the demo' })
  async get(@Param('id') id: string): Promise<MailboxMessageDto> {
    const found = await this.open().get(id);
    if (!found) throw new NotFoundError('No such message in the demo mailbox');
    return toDto(found);
  }

  private open(): FileMailbox {
    if (!this.mailbox) throw new NotFoundError(NOT_DEMO);
    return this.mailbox;
  }
}
