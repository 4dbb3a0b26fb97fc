import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor, StudyAccess } from '@trialdata/accounts';
import { Can, CurrentActor, CurrentStudyAccess } from '../auth/access';
import { ModelFiguresDto, ModelListItemDto, ModelQueuedDto, ModelSpecDto, ModelStatusDto, PredictionDto, PredictRequestDto } from './dto';
import { ModelsService } from './models.service';

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
  @ApiOperation({ summary: 'Fit a prediction model on a dataset (statistician, data manager, admin)' })
  @HttpCode(202)
  @Can('fit_models', 'dataset')
  @ApiBody({
    type: ModelSpecDto,
    examples: {
      logistic: { summary: 'Logistic', value: { model: 'logistic', outcome: 'success', covariates: ['age', 'sex'], bootstrap: 200 } },
      cox: { summary: 'Cox', value: { model: 'cox', time: 'fu_days', event: 'died', covariates: ['age', 'sex'], times: [365, 730] } },
      formula: {
        summary: 'Cox from an R formula',
        value: { model: 'cox', formula: 'Surv(fu_days, died) ~ rcs(age, 4) + sex + strata(site)', times: [365] },
      },
    },
  })
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
  @ApiOperation({ summary: 'List the study’s model fits with status and progress (statistician, data manager, admin)' })
  @Can('fit_models')
  @ApiOkResponse({ type: [ModelListItemDto], description: 'The study’s model fits, newest first (at most 200), with status and progress' })
  @ApiForbiddenResponse({ description: 'Role not allowed (statistician, data_manager, admin), or bound to a site' })
  list(@CurrentStudyAccess() access: StudyAccess): Promise<ModelListItemDto[]> {
    return this.models.list(access.studyCode);
  }

  @Get('models/:id')
  @ApiOperation({ summary: 'A model’s status, progress and result (statistician, data manager, admin)' })
  @Can('fit_models', 'model')
  @ApiOkResponse({ type: ModelStatusDto })
  @ApiNotFoundResponse({ description: 'Unknown model, or one of a study the caller is not in' })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ModelStatusDto> {
    return this.models.get(id);
  }

  @Get('models/:id/figures')
  @ApiOperation({ summary: 'The calibration and risk-group curves of a done model (statistician, data manager, admin)' })
  @Can('fit_models', 'model')
  @ApiOkResponse({
    type: ModelFiguresDto,
    description: 'The curves of the PDF report as data: calibration (logistic lowess, Cox grouped) and Kaplan-Meier per risk group (Cox)',
  })
  @ApiNotFoundResponse({ description: 'Unknown model, or one of a study the caller is not in' })
  @ApiConflictResponse({ description: 'The model is not done' })
  figures(@Param('id', ParseUUIDPipe) id: string): Promise<ModelFiguresDto> {
    return this.models.figures(id);
  }

  @Post('models/:id/predict')
  @ApiOperation({
    summary: 'Predict for new patients with a done model: linear predictor, risk, survival (statistician, data manager, admin)',
  })
  @HttpCode(200)
  @Can('fit_models', 'model')
  @ApiOkResponse({ type: PredictionDto, description: 'One prediction per row, as R’s predict and survfit(fit, newdata)' })
  @ApiBadRequestResponse({ description: 'Invalid body; `errors` names each field' })
  @ApiNotFoundResponse({ description: 'Unknown model, or one of a study the caller is not in' })
  @ApiConflictResponse({ description: 'The model is not done' })
  @ApiUnprocessableEntityResponse({
    description: 'A row cannot be coded: unknown level or stratum, text where a number is due, missing column',
  })
  predict(@Param('id', ParseUUIDPipe) id: string, @Body() body: PredictRequestDto): Promise<PredictionDto> {
    return this.models.predict(id, body);
  }

  @Get('models/:id/report.pdf')
  @ApiOperation({ summary: 'Download the PDF report of a done model, audited (statistician, data manager, admin)' })
  @Can('fit_models', 'model')
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description:
      'The PDF report: coefficients, tests, C, calibration, risk groups, validation, PH test, sample size (downloads are audited)',
    schema: { type: 'string', format: 'binary' },
    headers: { 'Content-Disposition': { description: 'attachment; filename="model-<id>.pdf"', schema: { type: 'string' } } },
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
