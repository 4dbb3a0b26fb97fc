import { Body, Controller, Get, HttpCode, Inject, Ip, Post, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import { AccountsService, type Actor } from '@trialdata/accounts';
import type { AppConfig } from '@trialdata/config';
import { Authenticated, CurrentActor, Public } from '../auth/access';
import { ChangePasswordDto, MeDto } from '../auth/dto';
import { permissionsOf } from '../auth/permissions';
import { LoginDto, TokenDto } from '../dto';
import { ConfigToken, StudyRegistryToken, type StudyRegistryLike } from '../tokens';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly jwt: JwtService,
    @Inject(ConfigToken) private readonly config: AppConfig,
    @Inject(StudyRegistryToken) private readonly studies: StudyRegistryLike,
  ) {}

  @Post('auth/login')
  @ApiOperation({ summary: 'Sign in with email and password for a bearer token (anyone)' })
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: TokenDto })
  @ApiUnauthorizedResponse({ description: 'Email or password is wrong (the same answer for an unknown email and a deactivated account)' })
  @ApiTooManyRequestsResponse({
    description:
      'Too many attempts from this address, or this account is locked for this address for a while: the problem has `lockedUntil` (ISO instant) and `retryAfterSeconds`, and `Retry-After` says the same. Unknown emails are answered alike.',
  })
  async login(@Body() body: LoginDto, @Ip() ip: string): Promise<TokenDto> {
    const session = await this.accounts.authenticate(body.email, body.password, ip ?? null);
    // `ver` is the account's token version: a deactivation, membership change or password change moves it on.
    const accessToken = await this.jwt.signAsync({ sub: session.actor.userId, ver: session.token });
    return { accessToken, expiresIn: this.config.jwt.ttlSeconds };
  }

  @Get('me')
  @ApiOperation({ summary: 'The signed-in user, their memberships and their permissions per study' })
  @Authenticated()
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeDto, description: 'The signed-in user, their memberships and, per study, what they may do' })
  async me(@CurrentActor() actor: Actor): Promise<MeDto> {
    const session = await this.accounts.session(actor.userId);
    return {
      id: actor.userId,
      email: actor.email,
      name: session?.name ?? actor.email,
      isAdmin: actor.isAdmin,
      memberships: actor.memberships.map((m) => ({ study: m.studyCode, role: m.role, siteCode: m.siteCode })),
      permissions: permissionsOf(
        actor,
        this.studies.list().map((s) => s.code),
      ),
    };
  }

  @Put('me/password')
  @ApiOperation({ summary: 'Change your own password (any signed-in user)' })
  @Authenticated()
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Changed; every token of this user, this one included, has ended: sign in again' })
  @ApiForbiddenResponse({ description: 'The current password is wrong (counts towards the login lock-out)' })
  @ApiTooManyRequestsResponse({ description: 'Too many wrong passwords: locked for this address, as for logins' })
  async changePassword(@Body() body: ChangePasswordDto, @CurrentActor() actor: Actor, @Ip() ip: string): Promise<void> {
    await this.accounts.changeOwnPassword(actor, body.currentPassword, body.newPassword, ip ?? null);
  }
}
