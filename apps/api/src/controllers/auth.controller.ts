import { Body, Controller, Get, HttpCode, Inject, Ip, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { AccountsService, type Actor } from '../../../../libs/accounts';
import { TooManyRequestsError } from '../../../../libs/common';
import type { AppConfig } from '../../../../libs/config';
import { Authenticated, CurrentActor, Public } from '../auth/access';
import { LoginDto, TokenDto } from '../dto';
import { ConfigToken } from '../tokens';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly jwt: JwtService,
    @Inject(ConfigToken) private readonly config: AppConfig,
  ) {}

  @Post('auth/login')
  @Public()
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @Throttle({ login: {} })
  @ApiOkResponse({ type: TokenDto })
  @ApiUnauthorizedResponse({ description: 'Email or password is wrong' })
  @ApiTooManyRequestsResponse({
    description:
      'Too many attempts from this address, or the account is locked for a while: then the problem has `lockedUntil` (ISO instant) and `retryAfterSeconds`, and `Retry-After` says the same',
  })
  async login(@Body() body: LoginDto, @Ip() ip: string, @Res({ passthrough: true }) res: Response): Promise<TokenDto> {
    let actor: Actor;
    try {
      actor = await this.accounts.authenticate(body.email, body.password, ip ?? null);
    } catch (e) {
      const seconds = e instanceof TooManyRequestsError ? e.extra?.retryAfterSeconds : undefined;
      if (typeof seconds === 'number') res.setHeader('Retry-After', String(seconds));
      throw e;
    }
    const accessToken = await this.jwt.signAsync({ sub: actor.userId });
    return { accessToken, expiresIn: this.config.jwt.ttlSeconds };
  }

  @Get('me')
  @Authenticated()
  @ApiBearerAuth()
  @ApiOkResponse({ description: 'The signed-in user and their memberships' })
  me(@CurrentActor() actor: Actor) {
    return {
      id: actor.userId,
      email: actor.email,
      isAdmin: actor.isAdmin,
      memberships: actor.memberships.map((m) => ({ study: m.studyCode, role: m.role, siteCode: m.siteCode })),
    };
  }
}
