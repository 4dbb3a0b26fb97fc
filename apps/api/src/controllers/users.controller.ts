import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { AccountsService, type Actor } from '../../../../libs/accounts';
import { CurrentActor, PlatformAdmin } from '../auth/access';
import { CreateUserDto, IdDto } from '../dto';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @PlatformAdmin()
  @ApiCreatedResponse({ type: IdDto })
  @ApiConflictResponse({ description: 'A user with this email exists' })
  create(@Body() body: CreateUserDto, @CurrentActor() actor: Actor): Promise<IdDto> {
    return this.accounts.createUser(body, actor.userId);
  }
}
