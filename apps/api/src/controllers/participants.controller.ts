import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor, StudyAccess } from '@trialdata/accounts';
import { ParticipantsService, RandomisationService } from '@trialdata/participants';
import { Can, CurrentActor, CurrentStudyAccess } from '../auth/access';
import { AuditRowDto, EnrolDto, EnrolledDto, RandomisationDto, RandomiseDto, TEIAS_ENROLMENT } from '../dto';
import {
  ParticipantContactDto,
  ParticipantDetailDto,
  ParticipantDto,
  ParticipantStatusChangeDto,
  ScreeningDto,
  TreatmentStopDto,
  contactDto,
  participantDetailDto,
  participantDto,
} from './participants.dto';

@ApiTags('participants')
@ApiBearerAuth()
@Controller()
export class ParticipantsController {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly randomisation: RandomisationService,
  ) {}

  @Post('studies/:study/participants')
  @ApiOperation({ summary: 'Enrol a participant (site staff)' })
  @Can('enrol')
  @ApiBody({ type: EnrolDto, examples: { teias: { summary: 'A TEIAS patient who meets every criterion', value: TEIAS_ENROLMENT } } })
  @ApiCreatedResponse({ type: EnrolledDto })
  @ApiBadRequestResponse({ description: 'Invalid input; `errors` names each field' })
  @ApiUnprocessableEntityResponse({ description: 'Not eligible; `errors` names each failed criterion' })
  @ApiForbiddenResponse({ description: 'Wrong role, or another site' })
  enrol(@CurrentStudyAccess() access: StudyAccess, @CurrentActor() actor: Actor, @Body() body: EnrolDto): Promise<EnrolledDto> {
    return this.participants.enrol(access, actor, body);
  }

  @Get('studies/:study/participants')
  @ApiOperation({ summary: 'List the participants at your sites (any study role)' })
  @Can('view_participants')
  @ApiOkResponse({ type: [ParticipantDto], description: 'Participants of the study, limited to the caller’s sites' })
  async list(@CurrentStudyAccess() access: StudyAccess): Promise<ParticipantDto[]> {
    return (await this.participants.list(access)).map(participantDto);
  }

  @Get('studies/:study/screening')
  @ApiOperation({ summary: 'Screening log per site with failed criteria (any study role)' })
  @Can('view_participants')
  @ApiOkResponse({
    type: ScreeningDto,
    description: 'Screening log per site (screened, eligible, enrolled) and how often each criterion failed; limited to the caller’s sites',
  })
  async screening(@CurrentStudyAccess() access: StudyAccess): Promise<ScreeningDto> {
    const r = await this.participants.screening(access);
    return {
      sites: r.sites.map((s) => ({ siteCode: s.siteCode, screened: s.screened, eligible: s.eligible, enrolled: s.enrolled })),
      failures: r.failures,
    };
  }

  @Get('participants/:id')
  @ApiOperation({ summary: 'A participant with status, arm and schedule (any study role)' })
  @Can('view_participants', 'participant')
  @ApiOkResponse({
    type: ParticipantDetailDto,
    description: 'Participant with status, arm once randomised, and the schedule with windows and states',
  })
  @ApiNotFoundResponse({ description: 'Unknown, or at a site the caller cannot see' })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<ParticipantDetailDto> {
    return participantDetailDto(await this.participants.get(id));
  }

  @Post('participants/:id/randomisation')
  @ApiOperation({ summary: 'Randomise a participant (site staff)' })
  @Can('randomise', 'participant')
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
  @ApiOperation({ summary: 'Change a participant’s status: withdrawn, completed, lost to follow-up (site staff, data manager)' })
  @Can('change_status', 'participant')
  @ApiOkResponse({ type: ParticipantDto, description: 'The participant after the change' })
  @ApiUnprocessableEntityResponse({
    description: 'The transition is not allowed, or contradicts a complete end-of-study form (which leads); the detail says why',
  })
  async changeStatus(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ParticipantStatusChangeDto,
    @CurrentActor() actor: Actor,
  ): Promise<ParticipantDto> {
    return participantDto(await this.participants.changeStatus(id, actor, body.status, body.reason, body.withdrawal));
  }

  @Put('participants/:id/treatment-stop')
  @ApiOperation({ summary: 'Record that study treatment stopped; follow-up goes on (site staff, data manager)' })
  @Can('change_status', 'participant')
  @ApiOkResponse({
    type: ParticipantDto,
    description:
      'Stopped treatment, follow-up continues (intention-to-treat): recorded and audited; the status stays and every questionnaire goes on',
  })
  @ApiUnprocessableEntityResponse({ description: 'Withdrawn or completed, or a change without `correction`' })
  async stopTreatment(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: TreatmentStopDto,
    @CurrentActor() actor: Actor,
  ): Promise<ParticipantDto> {
    return participantDto(
      await this.participants.recordTreatmentStop(id, actor, { date: body.date, reason: body.reason }, body.correction),
    );
  }

  @Get('participants/:id/contact')
  @ApiOperation({ summary: 'A participant’s contact details, every read audited (site staff)' })
  @Can('view_contact', 'participant')
  @ApiOkResponse({
    type: ParticipantContactDto,
    description: 'Decrypted contact details for the site team, `{}` when none are on file; every read is audited',
  })
  async contact(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor): Promise<ParticipantContactDto> {
    return contactDto(await this.participants.contact(id, actor));
  }

  @Get('participants/:id/audit')
  @ApiOperation({ summary: 'A participant’s audit trail (record roles: not the statistician)' })
  @Can('view_records', 'participant')
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
