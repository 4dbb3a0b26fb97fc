import { Body, Controller, Get, Inject, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { NotFoundError } from '@trialdata/common';
import type { AppConfig } from '@trialdata/config';
import { ResponsesService } from '@trialdata/questionnaires';
import { Public } from '../auth/access';
import { ConfigToken } from '../tokens';
import { PortalLanguageQueryDto, PortalQuestionnaireDto, QuestionnaireAnswersDto, SavedAnswersDto, SubmissionDto } from './dto';

/** The patient's side: no account, the link's token is the key (logged as `[token]`, never in full). */
@ApiTags('portal')
@Controller('portal')
export class PortalController {
  constructor(
    private readonly responses: ResponsesService,
    @Inject(ConfigToken) private readonly config: AppConfig,
  ) {}

  @Get(':token')
  @Public()
  @ApiOperation({ summary: 'Open a questionnaire by its patient link, with the answers saved so far (anyone holding the link)' })
  @ApiOkResponse({
    type: PortalQuestionnaireDto,
    description: 'The questionnaire in the patient’s language, with the answers saved so far',
  })
  @ApiNotFoundResponse({ description: 'Unknown or expired link; `contact` is the platform contact (SUPPORT_CONTACT_*) when set' })
  @ApiConflictResponse({ description: 'Already submitted' })
  open(@Param('token') token: string, @Query() query: PortalLanguageQueryDto): Promise<PortalQuestionnaireDto> {
    return this.withContact(() => this.responses.open(token, query.language));
  }

  @Put(':token/answers')
  @Public()
  @ApiOperation({ summary: 'Save answers to a questionnaire as they are given (anyone holding the link)' })
  @ApiOkResponse({ type: SavedAnswersDto, description: 'Saved; all answers so far' })
  @ApiBadRequestResponse({ description: '`errors` names each invalid item as `<CODE>.<itemId>`' })
  @ApiNotFoundResponse({ description: 'Unknown or expired link' })
  @ApiConflictResponse({ description: 'Already submitted' })
  save(@Param('token') token: string, @Body() body: QuestionnaireAnswersDto): Promise<SavedAnswersDto> {
    return this.withContact(() => this.responses.save(token, body.answers));
  }

  @Post(':token')
  @Public()
  @ApiOperation({ summary: 'Submit a questionnaire by its patient link (anyone holding the link)' })
  @ApiCreatedResponse({ type: SubmissionDto })
  @ApiBadRequestResponse({ description: '`errors` names each invalid item as `<CODE>.<itemId>`' })
  @ApiNotFoundResponse({ description: 'Unknown or expired link' })
  @ApiConflictResponse({ description: 'Already submitted' })
  submit(@Param('token') token: string, @Body() body: QuestionnaireAnswersDto): Promise<SubmissionDto> {
    return this.withContact(() => this.responses.submit(token, body.answers));
  }

  /**
   * An unknown or expired link names no study, so its error page cannot show a study team: it shows
   * the platform's contact (SUPPORT_CONTACT_*) instead, when one is configured.
   */
  private async withContact<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      const contact = this.config.supportContact;
      if (e instanceof NotFoundError && contact && !e.extra?.contact) {
        throw new NotFoundError(e.message, e.errors, { ...e.extra, contact: { ...contact, platform: true } });
      }
      throw e;
    }
  }
}
