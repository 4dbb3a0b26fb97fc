import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InstrumentsService } from '@trialdata/questionnaires';
import { Authenticated } from '../auth/access';
import { InstrumentDto, LanguageQueryDto, ScoreDto, ScoreResultDto } from './dto';

@ApiTags('instruments')
@ApiBearerAuth()
@Controller('instruments')
export class InstrumentsController {
  constructor(private readonly instruments: InstrumentsService) {}

  @Get()
  @ApiOperation({ summary: 'List the instrument definitions (any signed-in user)' })
  @Authenticated()
  @ApiOkResponse({ type: [InstrumentDto], description: 'Every instrument definition, items in the instrument’s own order' })
  list(@Query() query: LanguageQueryDto): InstrumentDto[] {
    return this.instruments.list(query.language ?? 'en');
  }

  @Get(':code')
  @ApiOperation({ summary: 'One instrument definition with its items (any signed-in user)' })
  @Authenticated()
  @ApiOkResponse({ type: InstrumentDto })
  @ApiNotFoundResponse({ description: 'Unknown instrument' })
  get(@Param('code') code: string, @Query() query: LanguageQueryDto): InstrumentDto {
    return this.instruments.get(code, query.language ?? 'en');
  }

  @Post(':code/score')
  @ApiOperation({ summary: 'Score a set of answers with an instrument (any signed-in user)' })
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: ScoreResultDto })
  @ApiBadRequestResponse({ description: 'An unknown item or a code the item does not offer; `errors` names each item' })
  @ApiNotFoundResponse({ description: 'Unknown instrument' })
  score(@Param('code') code: string, @Body() body: ScoreDto): ScoreResultDto {
    return this.instruments.score(code, body.answers);
  }
}
