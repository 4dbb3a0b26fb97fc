import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Actor, StudyAccess } from '../../../../libs/accounts';
import { QueriesService, ReviewService } from '../../../../libs/crf';
import {
  ConfirmsPassword,
  CurrentActor,
  CurrentStudyAccess,
  ParticipantRoles,
  RECORD_ROLES,
  StudyRoles,
  StudyWideRoles,
} from '../auth/access';
import { CloseQueryDto, LockDto, OpenQueryDto, QueryListDto, QueryTextDto, ReasonDto, SdvPlanDto, SignDto, VerifyDto } from './dto';

const REVIEWERS = ['admin', 'data_manager', 'monitor'] as const;

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
  @ParticipantRoles(...REVIEWERS)
  @ApiCreatedResponse({ description: 'The query, open, with its first message' })
  openQuery(@Param('id', ParseUUIDPipe) id: string, @Body() body: OpenQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.open(id, { ...body, instance: body.instance ?? 1 }, actor);
  }

  @Get('participants/:id/queries')
  @ParticipantRoles(...RECORD_ROLES)
  @ApiOkResponse({ description: 'Every query of the participant with its messages' })
  listQueries(@Param('id', ParseUUIDPipe) id: string) {
    return this.queries.listForParticipant(id);
  }

  @Post('participants/:id/queries/:queryId/answer')
  @HttpCode(200)
  @ParticipantRoles('admin', 'coordinator', 'investigator')
  @ApiOkResponse({ description: 'The query, answered' })
  @ApiConflictResponse({ description: 'The query is closed' })
  answer(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('queryId', ParseUUIDPipe) queryId: string,
    @Body() body: QueryTextDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.queries.answer(id, queryId, body.text, actor);
  }

  @Post('participants/:id/queries/:queryId/close')
  @HttpCode(200)
  @ParticipantRoles(...REVIEWERS)
  @ApiOkResponse({ description: 'The query, closed' })
  @ApiForbiddenResponse({ description: 'A monitor closing another monitor’s query' })
  close(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('queryId', ParseUUIDPipe) queryId: string,
    @Body() body: CloseQueryDto,
    @CurrentActor() actor: Actor,
    @CurrentStudyAccess() access: StudyAccess,
  ) {
    return this.queries.close(id, queryId, body.text, actor, access);
  }

  @Post('participants/:id/queries/:queryId/reopen')
  @HttpCode(200)
  @ParticipantRoles(...REVIEWERS)
  @ApiOkResponse({ description: 'The query, open again' })
  reopen(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('queryId', ParseUUIDPipe) queryId: string,
    @Body() body: QueryTextDto,
    @CurrentActor() actor: Actor,
    @CurrentStudyAccess() access: StudyAccess,
  ) {
    return this.queries.reopen(id, queryId, body.text, actor, access);
  }

  @Get('studies/:study/queries')
  @StudyRoles(...RECORD_ROLES)
  @ApiOkResponse({ description: 'Queries at the caller’s sites, each with its age in days (`ageDays`), ordered by site' })
  studyQueries(@CurrentStudyAccess() access: StudyAccess, @Query() query: QueryListDto) {
    return this.queries.listForStudy(access, query.status ?? null);
  }

  // ----- source data verification -----

  @Post('participants/:id/sdv')
  @HttpCode(200)
  @ParticipantRoles('admin', 'monitor')
  @ApiOkResponse({ description: '{verified: [{eventId, formId, instance, field}]}' })
  verify(@Param('id', ParseUUIDPipe) id: string, @Body() body: VerifyDto, @CurrentActor() actor: Actor) {
    return this.review.verify(id, body, actor);
  }

  @Get('participants/:id/sdv')
  @ParticipantRoles(...RECORD_ROLES)
  @ApiOkResponse({ description: 'Per form instance: fields the plan asks to verify, verified, remaining' })
  sdvStatus(@Param('id', ParseUUIDPipe) id: string) {
    return this.review.sdvStatus(id);
  }

  @Get('studies/:study/sdv')
  @StudyRoles(...REVIEWERS)
  @ApiOkResponse({ description: 'What remains to verify under the plan, per participant at the caller’s sites' })
  sdvReport(@CurrentStudyAccess() access: StudyAccess) {
    return this.review.sdvReport(access);
  }

  @Get('studies/:study/sdv-plan')
  @StudyRoles(...RECORD_ROLES)
  @ApiOkResponse({ type: SdvPlanDto })
  sdvPlan(@CurrentStudyAccess() access: StudyAccess) {
    return this.review.plan(access.studyCode);
  }

  @Put('studies/:study/sdv-plan')
  // The plan governs every site's verification: only members not bound to a site set it.
  @StudyWideRoles('admin', 'data_manager')
  @ApiOkResponse({ type: SdvPlanDto })
  setSdvPlan(@CurrentStudyAccess() access: StudyAccess, @Body() body: SdvPlanDto, @CurrentActor() actor: Actor) {
    return this.review.setPlan(access, body, actor);
  }

  // ----- signatures -----

  @Post('participants/:id/signatures')
  @ParticipantRoles('admin', 'investigator')
  @ConfirmsPassword({ refusal: 'sign_refused', entity: 'signature' })
  @ApiCreatedResponse({ description: 'The signature: printed name, time, meaning, status valid' })
  @ApiForbiddenResponse({ description: 'Wrong password (audited; counts towards the login lock-out)' })
  @ApiTooManyRequestsResponse({ description: 'Too many wrong passwords: the account is locked for this address, as for logins' })
  sign(@Param('id', ParseUUIDPipe) id: string, @Body() body: SignDto, @CurrentActor() actor: Actor) {
    return this.review.sign(id, body, actor);
  }

  @Get('participants/:id/signatures/signer')
  @ParticipantRoles('admin', 'investigator')
  @ApiOkResponse({ description: 'What a signature by the caller would carry: {printedName, meanings: {form, visit, casebook}}' })
  signer(@Param('id', ParseUUIDPipe) _id: string, @CurrentActor() actor: Actor) {
    return this.review.signer(actor);
  }

  @Get('participants/:id/signatures')
  @ParticipantRoles(...RECORD_ROLES)
  @ApiOkResponse({ description: 'Every signature, voided ones with when and by which change' })
  signatures(@Param('id', ParseUUIDPipe) id: string) {
    return this.review.signatures(id);
  }

  // ----- locks -----

  @Post('participants/:id/locks')
  @ParticipantRoles('admin', 'data_manager')
  @ApiCreatedResponse({ description: 'The lock' })
  @ApiConflictResponse({ description: 'Already locked' })
  lock(@Param('id', ParseUUIDPipe) id: string, @Body() body: LockDto, @CurrentActor() actor: Actor) {
    return this.review.lock(id, body, actor);
  }

  @Post('participants/:id/locks/:lockId/unlock')
  @HttpCode(204)
  @ParticipantRoles('admin', 'data_manager')
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
  @ParticipantRoles(...RECORD_ROLES)
  @ApiOkResponse({ description: 'Current form and visit locks' })
  locks(@Param('id', ParseUUIDPipe) id: string) {
    return this.review.locks(id);
  }

  // ----- deviations -----

  @Get('studies/:study/deviations')
  @StudyRoles(...RECORD_ROLES)
  @ApiOkResponse({ description: 'Protocol deviations at the caller’s sites: out_of_window, missing_form, treatment_in_other_arm' })
  deviations(@CurrentStudyAccess() access: StudyAccess) {
    return this.review.deviations(access);
  }
}
