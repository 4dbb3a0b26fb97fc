import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Actor, StudyAccess } from '@trialdata/accounts';
import { QueriesService, ReviewService } from '@trialdata/crf';
import { Can, ConfirmsPassword, CurrentActor, CurrentStudyAccess } from '../auth/access';
import {
  CloseQueryDto,
  DetectedDeviationDto,
  FormLockDto,
  FormQueryDto,
  LockDto,
  OpenQueryDto,
  QueryListDto,
  QueryTextDto,
  ReasonDto,
  SdvPlanDto,
  SdvPlanViewDto,
  SdvReportDto,
  SdvStatusDto,
  SignatureDto,
  SignDto,
  SignerDto,
  VerifiedDto,
  VerifyDto,
  toDetectedDeviationDtos,
} from './dto';

/** Queries, source data verification, signatures, locks and deviations. */
@ApiTags('forms review')
@ApiBearerAuth()
@Controller()
export class ReviewController {
  constructor(
    private readonly queries: QueriesService,
    private readonly review: ReviewService,
  ) {}

  // ----- queries -----

  @Post('participants/:id/queries')
  @ApiOperation({ summary: 'Raise a query on a field (admin, data manager, monitor)' })
  @Can('raise_query', 'participant')
  @ApiCreatedResponse({ type: FormQueryDto, description: 'The query, open, with its first message' })
  openQuery(@Param('id', ParseUUIDPipe) id: string, @Body() body: OpenQueryDto, @CurrentActor() actor: Actor): Promise<FormQueryDto> {
    return this.queries.open(id, { ...body, instance: body.instance ?? 1 }, actor);
  }

  @Get('participants/:id/queries')
  @ApiOperation({ summary: 'A participant’s queries with their messages (record roles)' })
  @Can('view_records', 'participant')
  @ApiOkResponse({ type: [FormQueryDto], description: 'Every query of the participant with its messages' })
  listQueries(@Param('id', ParseUUIDPipe) id: string): Promise<FormQueryDto[]> {
    return this.queries.listForParticipant(id);
  }

  @Post('participants/:id/queries/:queryId/answer')
  @ApiOperation({ summary: 'Answer a query (site staff)' })
  @HttpCode(200)
  @Can('answer_query', 'participant')
  @ApiOkResponse({ type: FormQueryDto, description: 'The query, answered' })
  @ApiConflictResponse({ description: 'The query is closed' })
  answer(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('queryId', ParseUUIDPipe) queryId: string,
    @Body() body: QueryTextDto,
    @CurrentActor() actor: Actor,
  ): Promise<FormQueryDto> {
    return this.queries.answer(id, queryId, body.text, actor);
  }

  @Post('participants/:id/queries/:queryId/close')
  @ApiOperation({ summary: 'Close a query (admin, data manager, monitor)' })
  @HttpCode(200)
  @Can('close_query', 'participant')
  @ApiOkResponse({ type: FormQueryDto, description: 'The query, closed' })
  @ApiForbiddenResponse({ description: 'A monitor closing another monitor’s query' })
  close(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('queryId', ParseUUIDPipe) queryId: string,
    @Body() body: CloseQueryDto,
    @CurrentActor() actor: Actor,
    @CurrentStudyAccess() access: StudyAccess,
  ): Promise<FormQueryDto> {
    return this.queries.close(id, queryId, body.text, actor, access);
  }

  @Post('participants/:id/queries/:queryId/reopen')
  @ApiOperation({ summary: 'Reopen a closed query (admin, data manager, monitor)' })
  @HttpCode(200)
  @Can('close_query', 'participant')
  @ApiOkResponse({ type: FormQueryDto, description: 'The query, open again' })
  reopen(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('queryId', ParseUUIDPipe) queryId: string,
    @Body() body: QueryTextDto,
    @CurrentActor() actor: Actor,
    @CurrentStudyAccess() access: StudyAccess,
  ): Promise<FormQueryDto> {
    return this.queries.reopen(id, queryId, body.text, actor, access);
  }

  @Get('studies/:study/queries')
  @ApiOperation({ summary: 'Queries at your sites with their age in days (record roles)' })
  @Can('view_records')
  @ApiOkResponse({
    type: [FormQueryDto],
    description: 'Queries at the caller’s sites, each with its age in days (`ageDays`), ordered by site',
  })
  studyQueries(@CurrentStudyAccess() access: StudyAccess, @Query() query: QueryListDto): Promise<FormQueryDto[]> {
    return this.queries.listForStudy(access, query.status ?? null);
  }

  // ----- source data verification -----

  @Post('participants/:id/sdv')
  @ApiOperation({ summary: 'Verify source data of a visit, a form or some fields (admin, monitor)' })
  @HttpCode(200)
  @Can('verify_source', 'participant')
  @ApiOkResponse({ type: VerifiedDto, description: 'The fields verified by this action' })
  verify(@Param('id', ParseUUIDPipe) id: string, @Body() body: VerifyDto, @CurrentActor() actor: Actor): Promise<VerifiedDto> {
    return this.review.verify(id, body, actor);
  }

  @Get('participants/:id/sdv')
  @ApiOperation({ summary: 'Source data verification state of a participant’s forms (record roles)' })
  @Can('view_records', 'participant')
  @ApiOkResponse({ type: SdvStatusDto, description: 'Per form instance: fields the plan asks to verify, verified, remaining' })
  sdvStatus(@Param('id', ParseUUIDPipe) id: string): Promise<SdvStatusDto> {
    return this.review.sdvStatus(id);
  }

  @Get('studies/:study/sdv')
  @ApiOperation({ summary: 'What remains to verify under the plan, per participant (admin, data manager, monitor)' })
  @Can('view_sdv_progress')
  @ApiOkResponse({ type: SdvReportDto, description: 'What remains to verify under the plan, per participant at the caller’s sites' })
  sdvReport(@CurrentStudyAccess() access: StudyAccess): Promise<SdvReportDto> {
    return this.review.sdvReport(access);
  }

  @Get('studies/:study/sdv-plan')
  @ApiOperation({ summary: 'The study’s source data verification plan (record roles)' })
  @Can('view_records')
  @ApiOkResponse({ type: SdvPlanViewDto, description: 'Without a plan set: every entered field (`{kind: "all", samplePercent: null}`)' })
  sdvPlan(@CurrentStudyAccess() access: StudyAccess): Promise<SdvPlanViewDto> {
    return this.review.plan(access.studyCode);
  }

  @Put('studies/:study/sdv-plan')
  @ApiOperation({ summary: 'Set the source data verification plan (admin, data manager; not site-bound)' })
  // The plan governs every site's verification: only members not bound to a site set it.
  @Can('set_sdv_plan')
  @ApiOkResponse({ type: SdvPlanViewDto })
  setSdvPlan(@CurrentStudyAccess() access: StudyAccess, @Body() body: SdvPlanDto, @CurrentActor() actor: Actor): Promise<SdvPlanViewDto> {
    return this.review.setPlan(access, body, actor);
  }

  // ----- signatures -----

  @Post('participants/:id/signatures')
  @ApiOperation({ summary: 'Sign a form, visit or casebook, re-entering the password (admin, investigator)' })
  @Can('sign', 'participant')
  @ConfirmsPassword({ refusal: 'sign_refused', entity: 'signature' })
  @ApiBody({
    type: SignDto,
    examples: {
      form: { summary: 'A form', value: { scope: 'form', eventId: 'enrolment', formId: 'demographics', password: 'demo-password-2026' } },
      visit: { summary: 'A visit', value: { scope: 'visit', eventId: 'enrolment', password: 'demo-password-2026' } },
      casebook: {
        summary: 'The whole casebook',
        value: { scope: 'casebook', password: 'demo-password-2026', meaning: 'I approve the data in this casebook' },
      },
    },
  })
  @ApiCreatedResponse({ type: SignatureDto, description: 'The signature: printed name, time, meaning, status valid' })
  @ApiForbiddenResponse({ description: 'Wrong password (audited; counts towards the login lock-out)' })
  @ApiTooManyRequestsResponse({ description: 'Too many wrong passwords: the account is locked for this address, as for logins' })
  sign(@Param('id', ParseUUIDPipe) id: string, @Body() body: SignDto, @CurrentActor() actor: Actor): Promise<SignatureDto> {
    return this.review.sign(id, body, actor);
  }

  @Get('participants/:id/signatures/signer')
  @ApiOperation({ summary: 'What a signature by you would carry: printed name and meanings (admin, investigator)' })
  @Can('sign', 'participant')
  @ApiOkResponse({ type: SignerDto, description: 'What a signature by the caller would carry' })
  signer(@Param('id', ParseUUIDPipe) _id: string, @CurrentActor() actor: Actor): Promise<SignerDto> {
    return this.review.signer(actor);
  }

  @Get('participants/:id/signatures')
  @ApiOperation({ summary: 'Every signature of a participant, voided ones too (record roles)' })
  @Can('view_records', 'participant')
  @ApiOkResponse({ type: [SignatureDto], description: 'Every signature, voided ones with when and by which change' })
  signatures(@Param('id', ParseUUIDPipe) id: string): Promise<SignatureDto[]> {
    return this.review.signatures(id);
  }

  // ----- locks -----

  @Post('participants/:id/locks')
  @ApiOperation({ summary: 'Lock a form or visit (admin, data manager)' })
  @Can('lock_forms', 'participant')
  @ApiCreatedResponse({ type: FormLockDto, description: 'The lock' })
  @ApiConflictResponse({ description: 'Already locked' })
  lock(@Param('id', ParseUUIDPipe) id: string, @Body() body: LockDto, @CurrentActor() actor: Actor): Promise<FormLockDto> {
    return this.review.lock(id, body, actor);
  }

  @Post('participants/:id/locks/:lockId/unlock')
  @ApiOperation({ summary: 'Unlock a form or visit with a reason (admin, data manager)' })
  @HttpCode(204)
  @Can('lock_forms', 'participant')
  @ApiNoContentResponse({ description: 'Unlocked' })
  async unlock(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('lockId', ParseUUIDPipe) lockId: string,
    @Body() body: ReasonDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.review.unlock(id, lockId, body.reason, actor);
  }

  @Get('participants/:id/locks')
  @ApiOperation({ summary: 'Current form and visit locks of a participant (record roles)' })
  @Can('view_records', 'participant')
  @ApiOkResponse({ type: [FormLockDto], description: 'Current form and visit locks' })
  locks(@Param('id', ParseUUIDPipe) id: string): Promise<FormLockDto[]> {
    return this.review.locks(id);
  }

  // ----- deviations -----

  @Get('studies/:study/deviations')
  @ApiOperation({ summary: 'Protocol deviations detected at your sites (record roles)' })
  @Can('view_records')
  @ApiOkResponse({
    type: [DetectedDeviationDto],
    description:
      'Protocol deviations detected at the caller’s sites (out_of_window, missing_form, treatment_in_other_arm, eligibility_violation, wrong_treatment), each `source: "detected"`',
  })
  async deviations(@CurrentStudyAccess() access: StudyAccess): Promise<DetectedDeviationDto[]> {
    return toDetectedDeviationDtos(await this.review.deviations(access));
  }
}
