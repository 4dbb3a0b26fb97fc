import { Body, Controller, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AccountsService, type Actor } from '@trialdata/accounts';
import { CurrentActor, PlatformAdmin } from '../auth/access';
import { UpdateUserDto, UserDto } from '../auth/dto';
import { CreateUserDto, IdDto } from '../dto';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user with a password (platform administrator)' })
  @PlatformAdmin()
  @ApiCreatedResponse({ type: IdDto })
  @ApiConflictResponse({ description: 'A user with this email exists' })
  create(@Body() body: CreateUserDto, @CurrentActor() actor: Actor): Promise<IdDto> {
    return this.accounts.createUser(body, actor.userId);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update a user: deactivate, rename, replace memberships, reset the password (platform administrator)' })
  @PlatformAdmin()
  @ApiBody({
    type: UpdateUserDto,
    examples: {
      deactivate: { summary: 'Deactivate', value: { active: false } },
      memberships: {
        summary: 'Replace the memberships',
        value: { memberships: [{ study: 'TEIAS', role: 'coordinator', siteCode: 'LUMC' }] },
      },
      password: { summary: 'Reset the password', value: { password: 'a new long passphrase' } },
    },
  })
  @ApiOkResponse({
    type: UserDto,
    description:
      'Deactivating, replacing memberships or resetting the password ends every existing token of the user at once (401 from the next request); users are never deleted',
  })
  @ApiUnprocessableEntityResponse({ description: 'An administrator cannot deactivate their own account' })
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUserDto, @CurrentActor() actor: Actor): Promise<UserDto> {
    const s = await this.accounts.updateUser(id, body, actor);
    return {
      id: s.actor.userId,
      email: s.actor.email,
      name: s.name,
      active: s.active,
      isAdmin: s.actor.isAdmin,
      memberships: s.actor.memberships.map((m) => ({ study: m.studyCode, role: m.role, siteCode: m.siteCode })),
    };
  }
}
