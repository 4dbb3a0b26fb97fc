import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor, StudyAccess } from '../../../../libs/accounts';
import { ParticipantsService, RandomisationService } from '../../../../libs/participants';
import { ALL_ROLES, CurrentActor, CurrentStudyAccess, ParticipantRoles, RECORD_ROLES, SITE_STAFF, StudyRoles } from '../auth/access';
import { AuditRowDto, EnrolDto, EnrolledDto, RandomisationDto, RandomiseDto } from '../dto';
import { ParticipantStatusChangeDto, TreatmentStopDto } from './participants.dto';

@ApiTags('participants')
@ApiBearerAuth()
@Controller()
export class ParticipantsController {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly randomisation: RandomisationService,
  ) {}

  @Post('studies/:study/participants')
  @StudyRoles(...SITE_STAFF)
  @ApiCreatedResponse({ type: EnrolledDto })
  @ApiBadRequestResponse({ description: 'Invalid input; `errors` names each field' })
  @ApiUnprocessableEntityResponse({ description: 'Not eligible; `errors` names each failed criterion' })
  @ApiForbiddenResponse({ description: 'Wrong role, or another site' })
  enrol(@CurrentStudyAccess() access: StudyAccess, @CurrentActor() actor: Actor, @Body() body: EnrolDto): Promise<EnrolledDto> {
    return this.participants.enrol(access, actor, body);
  }

  @Get('studies/:study/participants')
  @StudyRoles(...ALL_ROLES)
  @ApiOkResponse({ description: 'Participants of the study, limited to the caller’s sites' })
  list(@CurrentStudyAccess() access: StudyAccess) {
    return this.participants.list(access);
  }

  @Get('studies/:study/screening')
  @StudyRoles(...ALL_ROLES)
  @ApiOkResponse({
    description: 'Screening log per site (screened, eligible, enrolled) and how often each criterion failed; limited to the caller’s sites',
  })
  screening(@CurrentStudyAccess() access: StudyAccess) {
    return this.participants.screening(access);
  }

  @Get('participants/:id')
  @ParticipantRoles(...ALL_ROLES)
  @ApiOkResponse({ description: 'Participant with status, arm once randomised, and the schedule with windows and states' })
  @ApiNotFoundResponse({ description: 'Unknown, or at a site the caller cannot see' })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.participants.get(id);
  }

  @Post('participants/:id/randomisation')
  @ParticipantRoles(...SITE_STAFF)
  @ApiCreatedResponse({ type: RandomisationDto, description: '`sequence` only for callers not bound to a site' })
  @ApiConflictResponse({ description: 'Already randomised, or not in a state to be' })
  async randomise(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RandomiseDto,
    @CurrentActor() actor: Actor,
    @CurrentStudyAccess() access: StudyAccess,
  ): Promise<RandomisationDto> {
    const result = await this.randomisation.randomise(id, actor, body.factors);
    // Allocation concealment: with the block sizes public, a site's position in its stratum would
    // help predict the next arm. Site-bound staff get the arm only; the log keeps the sequence.
    if (access.siteIds !== null) {
      const { sequence: _hidden, ...rest } = result;
      return rest;
    }
    return result;
  }

  @Patch('participants/:id/status')
  @ParticipantRoles('admin', 'data_manager', 'coordinator', 'investigator')
  @ApiOkResponse({ description: 'The participant after the change' })
  @ApiUnprocessableEntityResponse({
    description: 'The transition is not allowed, or contradicts a complete end-of-study form (which leads); the detail says why',
  })
  changeStatus(@Param('id', ParseUUIDPipe) id: string, @Body() body: ParticipantStatusChangeDto, @CurrentActor() actor: Actor) {
    return this.participants.changeStatus(id, actor, body.status, body.reason, body.withdrawal);
  }

  @Put('participants/:id/treatment-stop')
  @ParticipantRoles('admin', 'data_manager', 'coordinator', 'investigator')
  @ApiOkResponse({
    description:
      'Stopped treatment, follow-up continues (intention-to-treat): recorded and audited; the status stays and every questionnaire goes on',
  })
  @ApiUnprocessableEntityResponse({ description: 'Withdrawn or completed, or a change without `correction`' })
  stopTreatment(@Param('id', ParseUUIDPipe) id: string, @Body() body: TreatmentStopDto, @CurrentActor() actor: Actor) {
    return this.participants.recordTreatmentStop(id, actor, { date: body.date, reason: body.reason }, body.correction);
  }

  @Get('participants/:id/contact')
  @ParticipantRoles(...SITE_STAFF)
  @ApiOkResponse({ description: 'Decrypted contact details for the site team; every read is audited' })
  async contact(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return (await this.participants.contact(id, actor)) ?? {};
  }

  @Get('participants/:id/audit')
  @ParticipantRoles(...RECORD_ROLES)
  @ApiOkResponse({ type: [AuditRowDto] })
  async audit(@Param('id', ParseUUIDPipe) id: string): Promise<AuditRowDto[]> {
    return (await this.participants.audit(id)).map((r) => ({
      at: r.at,
      userId: r.userId,
      action: r.action,
      entity: r.entity,
      field: r.field,
      from: r.from,
      to: r.to,
      reason: r.reason,
    }));
  }
}
