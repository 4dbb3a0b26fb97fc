import { Body, Controller, Get, HttpCode, Inject, Ip, Logger, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { Actor } from '@trialdata/accounts';
import { InvitationsService, type IssuedInvitation } from '@trialdata/accounts';
import type { AppConfig } from '@trialdata/config';
import type { Platform } from '@trialdata/platform';
import { CurrentActor, PlatformAdmin, Public } from '../auth/access';
import { PlatformToken } from '../platform';
import { ConfigToken } from '../tokens';
import { AcceptInvitationDto, InvitationDto, InviteUserDto, IssuedInvitationDto, UserListItemDto } from './dto';

/**
 * Users for administrators (the list, invitations by email with a one-time link) and the two public
 * routes the link's page calls. Deactivation and membership changes are PATCH /users/{id}.
 */
@ApiTags('users')
@Controller()
export class InvitationsController {
  private readonly log = new Logger('Invitations');

  constructor(
    private readonly invitations: InvitationsService,
    @Inject(ConfigToken) private readonly config: AppConfig,
    // The process's one sender (its pooled SMTP transport, closed with the platform).
    @Inject(PlatformToken) private readonly platform: Platform,
  ) {}

  @Get('users')
  @ApiOperation({ summary: 'List the users with memberships and invitation state (platform administrator)' })
  @PlatformAdmin()
  @ApiBearerAuth()
  @ApiOkResponse({ type: [UserListItemDto], description: 'Every user with memberships, whether active, and their newest invitation' })
  list(): Promise<UserListItemDto[]> {
    return this.invitations.listUsers();
  }

  @Post('users/invitations')
  @ApiOperation({ summary: 'Invite a new user by email with a one-time link (platform administrator)' })
  @PlatformAdmin()
  @ApiBearerAuth()
  @ApiCreatedResponse({
    type: IssuedInvitationDto,
    description: 'The user is created without a usable password and emailed a one-time link to set one',
  })
  @ApiConflictResponse({ description: 'A user with this email exists' })
  async invite(@Body() body: InviteUserDto, @CurrentActor() actor: Actor): Promise<IssuedInvitationDto> {
    return this.deliver(await this.invitations.invite(body, actor));
  }

  @Post('users/:id/invitation')
  @ApiOperation({ summary: 'Send a user a new invitation link (platform administrator)' })
  @PlatformAdmin()
  @ApiBearerAuth()
  @ApiCreatedResponse({ type: IssuedInvitationDto, description: 'A new one-time link; the older links stop working' })
  @ApiNotFoundResponse({ description: 'Unknown user' })
  @ApiUnprocessableEntityResponse({ description: 'The user is deactivated' })
  async reinvite(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor): Promise<IssuedInvitationDto> {
    return this.deliver(await this.invitations.reissue(id, actor));
  }

  @Get('invitations/:token')
  @ApiOperation({ summary: 'Who an invitation link is for (anyone holding the link)' })
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ login: {} })
  @ApiOkResponse({ type: InvitationDto, description: 'Who the link is for (no login)' })
  @ApiNotFoundResponse({ description: 'Unknown, used, replaced or expired link' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address' })
  open(@Param('token') token: string): Promise<InvitationDto> {
    return this.invitations.open(token);
  }

  @Post('invitations/:token')
  @ApiOperation({ summary: 'Accept an invitation by choosing a password (anyone holding the link)' })
  @Public()
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @Throttle({ login: {} })
  @ApiOkResponse({ type: InvitationDto, description: 'The password is set and the link is spent; sign in with POST /auth/login' })
  @ApiNotFoundResponse({ description: 'Unknown, used, replaced or expired link' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address' })
  accept(@Param('token') token: string, @Body() body: AcceptInvitationDto, @Ip() ip: string): Promise<InvitationDto> {
    return this.invitations.accept(token, body.password, ip ?? null);
  }

  /** Emails the link (a failure is logged, never thrown: the administrator also sees the link). */
  private async deliver(inv: IssuedInvitation): Promise<IssuedInvitationDto> {
    const link = `${this.config.publicUrl}/console/invite/${inv.token}`;
    const text = [
      `Dear ${inv.name},`,
      '',
      'You have been given access to the trialdata study console. Open this link to choose your password:',
      link,
      '',
      `The link works once and expires on ${inv.expiresAt.slice(0, 10)} (UTC).`,
      '',
      'U hebt toegang gekregen tot de trialdata-studieconsole. Open deze link om uw wachtwoord te kiezen:',
      link,
    ].join('\n');
    let emailed = false;
    try {
      const r = await this.platform.sender.send({
        messageId: `<invitation-${inv.userId}-${Date.parse(inv.expiresAt)}@trialdata>`,
        channel: 'email',
        to: inv.email,
        subject: 'Your trialdata account / Uw trialdata-account',
        text,
        html: `<p>${text.split('\n').map(escapeHtml).join('<br>')}</p>`,
        sms: '',
      });
      emailed = r.delivered;
    } catch (e) {
      this.log.warn({ msg: 'invitation email failed', userId: inv.userId, error: e instanceof Error ? e.message : String(e) });
    }
    return { userId: inv.userId, email: inv.email, name: inv.name, expiresAt: inv.expiresAt, link, emailed };
  }
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
