import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor, StudyAccess } from '../../../../libs/accounts';
import { CurrentActor, CurrentStudyAccess, DatasetRoles, ModelRoles, StudyWideRoles } from '../auth/access';
import { ModelFiguresDto, ModelListItemDto, ModelQueuedDto, ModelSpecDto, ModelStatusDto } from './dto';
import { MODEL_ROLES, ModelsService } from './models.service';

/**
 * Prediction models on a dataset. The AccessGuard resolves the study of the `:id` dataset or model
 * (statistician, data_manager, admin; not site-bound); ModelsService checks the same rule again.
 */
@ApiTags('models')
@ApiBearerAuth()
@Controller()
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Post('datasets/:id/models')
  @HttpCode(202)
  @DatasetRoles(...MODEL_ROLES)
  @ApiAcceptedResponse({ type: ModelQueuedDto, description: 'Queued for the worker; follow it with GET /models/{id}' })
  @ApiBadRequestResponse({ description: 'Invalid spec; `errors` names each field' })
  @ApiNotFoundResponse({ description: 'Unknown dataset, or one of a study the caller is not in' })
  @ApiForbiddenResponse({ description: 'Role not allowed (statistician, data_manager, admin), or bound to a site' })
  @ApiConflictResponse({ description: 'The dataset has no data.csv yet' })
  @ApiUnprocessableEntityResponse({ description: 'The spec names columns that data.csv does not have' })
  request(
    @Param('id', ParseUUIDPipe) datasetId: string,
    @Body() body: ModelSpecDto,
    @CurrentActor() actor: Actor,
  ): Promise<ModelQueuedDto> {
    return this.models.request(datasetId, actor, body);
  }

  @Get('studies/:study/models')
  @StudyWideRoles(...MODEL_ROLES)
  @ApiOkResponse({ type: [ModelListItemDto], description: 'The study’s model fits, newest first (at most 200), with status and progress' })
  @ApiForbiddenResponse({ description: 'Role not allowed (statistician, data_manager, admin), or bound to a site' })
  list(@CurrentStudyAccess() access: StudyAccess): Promise<ModelListItemDto[]> {
    return this.models.list(access.studyCode);
  }

  @Get('models/:id')
  @ModelRoles(...MODEL_ROLES)
  @ApiOkResponse({ type: ModelStatusDto })
  @ApiNotFoundResponse({ description: 'Unknown model, or one of a study the caller is not in' })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ModelStatusDto> {
    return this.models.get(id);
  }

  @Get('models/:id/figures')
  @ModelRoles(...MODEL_ROLES)
  @ApiOkResponse({
    type: ModelFiguresDto,
    description: 'The curves of the PDF report as data: calibration (logistic lowess, Cox grouped) and Kaplan-Meier per risk group (Cox)',
  })
  @ApiNotFoundResponse({ description: 'Unknown model, or one of a study the caller is not in' })
  @ApiConflictResponse({ description: 'The model is not done' })
  figures(@Param('id', ParseUUIDPipe) id: string): Promise<ModelFiguresDto> {
    return this.models.figures(id);
  }

  @Get('models/:id/report.pdf')
  @ModelRoles(...MODEL_ROLES)
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description:
      'The PDF report: coefficients, tests, C, calibration, risk groups, validation, PH test, sample size (downloads are audited)',
  })
  @ApiConflictResponse({ description: 'The model is not done' })
  async report(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor): Promise<StreamableFile> {
    const file = await this.models.report(id, actor);
    return new StreamableFile(file.content, {
      type: 'application/pdf',
      disposition: `attachment; filename="${file.fileName}"`,
      length: file.content.length,
    });
  }
}
