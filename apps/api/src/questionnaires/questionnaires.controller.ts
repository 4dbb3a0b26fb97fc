import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor, StudyAccess } from '@trialdata/accounts';
import { PatientLinksService, QuestionnairesService, ResponsesService } from '@trialdata/questionnaires';
import { Can, CurrentActor, CurrentStudyAccess } from '../auth/access';
import {
  CompletionDto,
  CoordinatorTaskDto,
  DueQueryDto,
  DueQuestionnaireDto,
  ParticipantOutcomeDto,
  coordinatorTaskDto,
  dueQuestionnaireDto,
  participantOutcomeDto,
  EntryDto,
  MissedReasonDto,
  IssuedLinkDto,
  ParticipantQuestionnaireDto,
  ResentInvitationDto,
  SubmissionDto,
  TaskOutcomeBodyDto,
  TaskOutcomeDto,
  TasksQueryDto,
} from './dto';

@ApiTags('questionnaires')
@ApiBearerAuth()
@Controller()
export class QuestionnairesController {
  constructor(
    private readonly questionnaires: QuestionnairesService,
    private readonly responses: ResponsesService,
    private readonly links: PatientLinksService,
  ) {}

  @Get('participants/:id/questionnaires')
  @ApiOperation({ summary: 'A participant’s questionnaires with their messages (record roles)' })
  @Can('view_records', 'participant')
  @ApiOkResponse({ type: [ParticipantQuestionnaireDto] })
  @ApiNotFoundResponse({ description: 'Unknown, or at a site the caller cannot see' })
  list(@Param('id', ParseUUIDPipe) id: string): Promise<ParticipantQuestionnaireDto[]> {
    return this.questionnaires.forParticipant(id);
  }

  @Get('participants/:id/outcomes')
  @ApiOperation({ summary: 'Outcomes per completed follow-up of a participant (any study role)' })
  @Can('view_participants', 'participant')
  @ApiOkResponse({
    type: [ParticipantOutcomeDto],
    description: 'Per completed follow-up: nrsLegChange, nrsLegPercentChange, responder50, recovered, reasons',
  })
  async outcomes(@Param('id', ParseUUIDPipe) id: string): Promise<ParticipantOutcomeDto[]> {
    return (await this.questionnaires.outcomes(id)).map(participantOutcomeDto);
  }

  @Post('participants/:id/questionnaires/:qid/entry')
  @ApiOperation({ summary: 'Enter a questionnaire answered on paper, by phone or in clinic (site staff, data manager)' })
  @Can('follow_up', 'participant')
  @ApiCreatedResponse({ type: SubmissionDto })
  @ApiConflictResponse({ description: 'Already submitted, cancelled, or the study is locked' })
  enter(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('qid', ParseUUIDPipe) qid: string,
    @Body() body: EntryDto,
    @CurrentActor() actor: Actor,
  ): Promise<SubmissionDto> {
    return this.responses.enter(id, qid, actor, body.answers, body.mode);
  }

  @Post('participants/:id/questionnaires/:qid/link')
  @ApiOperation({ summary: 'Give a new patient link for a questionnaire (site staff)' })
  @Can('send_links', 'participant')
  @ApiCreatedResponse({
    type: IssuedLinkDto,
    description: 'A new patient link; every earlier link of the questionnaire is voided (audited)',
  })
  @ApiConflictResponse({ description: 'Submitted, cancelled, window closed, participant no longer taking part, or the study is locked' })
  issueLink(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('qid', ParseUUIDPipe) qid: string,
    @CurrentActor() actor: Actor,
  ): Promise<IssuedLinkDto> {
    return this.links.issue(id, qid, actor);
  }

  @Post('participants/:id/questionnaires/:qid/resend')
  @ApiOperation({ summary: 'Resend a questionnaire invitation with a new link (site staff)' })
  @Can('send_links', 'participant')
  @ApiCreatedResponse({
    type: ResentInvitationDto,
    description:
      'One new invitation in the outbox (the worker sends it with a new link); earlier links are voided. Pressed again while it waits: nothing more',
  })
  @ApiConflictResponse({
    description: 'Submitted, cancelled, window closed, clinic mode, participant no longer taking part, or the study is locked',
  })
  resend(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('qid', ParseUUIDPipe) qid: string,
    @CurrentActor() actor: Actor,
  ): Promise<ResentInvitationDto> {
    return this.links.resend(id, qid, actor);
  }

  @Get('studies/:study/questionnaires/due')
  @ApiOperation({ summary: 'Questionnaires due or overdue at your sites (record roles)' })
  @Can('view_records')
  @ApiOkResponse({
    type: [DueQuestionnaireDto],
    description:
      'Questionnaires not completed, limited to the caller’s sites: due = window open now; overdue = the due day (study time zone) has passed',
  })
  async due(@CurrentStudyAccess() access: StudyAccess, @Query() query: DueQueryDto): Promise<DueQuestionnaireDto[]> {
    return (await this.questionnaires.due(access, query.status ?? 'due')).map(dueQuestionnaireDto);
  }

  @Get('studies/:study/questionnaires/completion')
  @ApiOperation({ summary: 'Questionnaire completion per time point, site and arm (any study role)' })
  @Can('view_study')
  @ApiOkResponse({
    type: [CompletionDto],
    description:
      'Per time point: scheduled, open, completed, missed and rate = completed / (completed + missed); the same per site and per arm (differential attrition), and the recorded reasons for missed questionnaires',
  })
  completion(@CurrentStudyAccess() access: StudyAccess): Promise<CompletionDto[]> {
    return this.questionnaires.completion(access);
  }

  @Put('participants/:id/questionnaires/:qid/missed-reason')
  @ApiOperation({ summary: 'Record why a questionnaire was missed (site staff, data manager)' })
  @Can('follow_up', 'participant')
  @ApiOkResponse({ type: ParticipantQuestionnaireDto, description: 'The questionnaire with the recorded reason (audited)' })
  @ApiUnprocessableEntityResponse({ description: 'The questionnaire is not missed' })
  missedReason(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('qid', ParseUUIDPipe) qid: string,
    @Body() body: MissedReasonDto,
    @CurrentActor() actor: Actor,
  ): Promise<ParticipantQuestionnaireDto> {
    return this.questionnaires.recordMissedReason(id, qid, actor, body);
  }

  @Get('studies/:study/tasks')
  @ApiOperation({ summary: 'Coordinator tasks at your sites (record roles)' })
  @Can('view_records')
  @ApiOkResponse({
    type: [CoordinatorTaskDto],
    description: 'Coordinator tasks (questionnaire still open 2 days before its window closes), limited to the caller’s sites',
  })
  async tasks(@CurrentStudyAccess() access: StudyAccess, @Query() query: TasksQueryDto): Promise<CoordinatorTaskDto[]> {
    return (await this.questionnaires.tasks(access, query.status ?? null)).map(coordinatorTaskDto);
  }

  @Post('studies/:study/tasks/:taskId/done')
  @ApiOperation({ summary: 'Mark a coordinator task done (site staff, data manager)' })
  @HttpCode(204)
  @Can('follow_up')
  @ApiNoContentResponse({ description: 'The task is done (audited)' })
  @ApiNotFoundResponse({ description: 'Unknown task, or at another site' })
  @ApiConflictResponse({ description: 'Already done' })
  async taskDone(
    @CurrentStudyAccess() access: StudyAccess,
    @Param('taskId', ParseUUIDPipe) taskId: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.questionnaires.completeTask(access, taskId, actor);
  }

  @Get('studies/:study/tasks/:taskId/outcomes')
  @ApiOperation({ summary: 'A coordinator task’s log of contact attempts (record roles)' })
  @Can('view_records')
  @ApiOkResponse({ type: [TaskOutcomeDto], description: 'The task’s outcome log, oldest first' })
  @ApiNotFoundResponse({ description: 'Unknown task, or at another site' })
  taskOutcomes(@CurrentStudyAccess() access: StudyAccess, @Param('taskId', ParseUUIDPipe) taskId: string): Promise<TaskOutcomeDto[]> {
    return this.questionnaires.taskOutcomes(access, taskId);
  }

  @Post('studies/:study/tasks/:taskId/outcomes')
  @ApiOperation({ summary: 'Record a contact attempt on a coordinator task (site staff, data manager)' })
  @Can('follow_up')
  @ApiCreatedResponse({ type: TaskOutcomeDto, description: 'One attempt recorded (audited); rescheduled takes a date' })
  @ApiNotFoundResponse({ description: 'Unknown task, or at another site' })
  @ApiConflictResponse({ description: 'The study is locked' })
  recordTaskOutcome(
    @CurrentStudyAccess() access: StudyAccess,
    @Param('taskId', ParseUUIDPipe) taskId: string,
    @Body() body: TaskOutcomeBodyDto,
    @CurrentActor() actor: Actor,
  ): Promise<TaskOutcomeDto> {
    return this.questionnaires.recordTaskOutcome(access, taskId, actor, body);
  }
}
