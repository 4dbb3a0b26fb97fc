import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ResponsesService } from '../../../../libs/questionnaires';
import { Public } from '../auth/access';
import { PortalLanguageQueryDto, QuestionnaireAnswersDto, SubmissionDto } from './dto';

/** The patient's side: no account, the link's token is the key (logged as `[token]`, never in full). */
@ApiTags('portal')
@Controller('portal')
export class PortalController {
  constructor(private readonly responses: ResponsesService) {}

  @Get(':token')
  @Public()
  @ApiOkResponse({ description: '{language, instruments: [...], answers saved so far, closesAt}' })
  @ApiNotFoundResponse({ description: 'Unknown or expired link' })
  @ApiConflictResponse({ description: 'Already submitted' })
  open(@Param('token') token: string, @Query() query: PortalLanguageQueryDto) {
    return this.responses.open(token, query.language);
  }

  @Put(':token/answers')
  @Public()
  @ApiOkResponse({ description: 'Saved; all answers so far' })
  @ApiBadRequestResponse({ description: '`errors` names each invalid item as `<CODE>.<itemId>`' })
  @ApiNotFoundResponse({ description: 'Unknown or expired link' })
  @ApiConflictResponse({ description: 'Already submitted' })
  save(@Param('token') token: string, @Body() body: QuestionnaireAnswersDto) {
    return this.responses.save(token, body.answers);
  }

  @Post(':token')
  @Public()
  @ApiCreatedResponse({ type: SubmissionDto })
  @ApiBadRequestResponse({ description: '`errors` names each invalid item as `<CODE>.<itemId>`' })
  @ApiNotFoundResponse({ description: 'Unknown or expired link' })
  @ApiConflictResponse({ description: 'Already submitted' })
  submit(@Param('token') token: string, @Body() body: QuestionnaireAnswersDto): Promise<SubmissionDto> {
    return this.responses.submit(token, body.answers);
  }
}
