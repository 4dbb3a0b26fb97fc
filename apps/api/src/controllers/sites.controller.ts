import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@trialdata/accounts';
import { SitesService } from '@trialdata/sites';
import { Authenticated, CurrentActor, PlatformAdmin } from '../auth/access';
import { CreateSiteDto, SiteDto } from '../dto';

@ApiTags('sites')
@ApiBearerAuth()
@Controller('sites')
export class SitesController {
  constructor(private readonly sites: SitesService) {}

  @Post()
  @ApiOperation({ summary: 'Create a site (platform administrator)' })
  @PlatformAdmin()
  @ApiCreatedResponse({ type: SiteDto })
  @ApiConflictResponse({ description: 'A site with this code exists' })
  create(@Body() body: CreateSiteDto, @CurrentActor() actor: Actor): Promise<SiteDto> {
    return this.sites.create(body, actor.userId);
  }

  @Get()
  @ApiOperation({ summary: 'List every site (any signed-in user)' })
  @Authenticated()
  @ApiOkResponse({ type: [SiteDto] })
  list(): Promise<SiteDto[]> {
    return this.sites.list();
  }
}
