import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor, StudyAccess } from '../../../../libs/accounts';
import { QuestionnairesService, ResponsesService } from '../../../../libs/questionnaires';
import { ALL_ROLES, CurrentActor, CurrentStudyAccess, ParticipantRoles, RECORD_ROLES, StudyRoles } from '../auth/access';
import { DueQueryDto, EntryDto, ParticipantQuestionnaireDto, SubmissionDto, TasksQueryDto } from './dto';

const ENTRY_ROLES = ['admin', 'data_manager', 'coordinator', 'investigator'] as const;

@ApiTags('questionnaires')
@ApiBearerAuth()
@Controller()
export class QuestionnairesController {
  constructor(
    private readonly questionnaires: QuestionnairesService,
    private readonly responses: ResponsesService,
  ) {}

  @Get('participants/:id/questionnaires')
  @ParticipantRoles(...RECORD_ROLES)
  @ApiOkResponse({ type: [ParticipantQuestionnaireDto] })
  @ApiNotFoundResponse({ description: 'Unknown, or at a site the caller cannot see' })
  list(@Param('id', ParseUUIDPipe) id: string): Promise<ParticipantQuestionnaireDto[]> {
    return this.questionnaires.forParticipant(id);
  }

  @Get('participants/:id/outcomes')
  @ParticipantRoles(...ALL_ROLES)
  @ApiOkResponse({ description: 'Per completed follow-up: nrsLegChange, nrsLegPercentChange, responder50, recovered, reasons' })
  outcomes(@Param('id', ParseUUIDPipe) id: string) {
    return this.questionnaires.outcomes(id);
  }

  @Post('participants/:id/questionnaires/:qid/entry')
  @ParticipantRoles(...ENTRY_ROLES)
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

  @Get('studies/:study/questionnaires/due')
  @StudyRoles(...RECORD_ROLES)
  @ApiOkResponse({
    description: 'Questionnaires not completed, limited to the caller’s sites: due = window open now; overdue = past the due instant',
  })
  due(@CurrentStudyAccess() access: StudyAccess, @Query() query: DueQueryDto) {
    return this.questionnaires.due(access, query.status ?? 'due');
  }

  @Get('studies/:study/questionnaires/completion')
  @StudyRoles(...ALL_ROLES)
  @ApiOkResponse({ description: 'Per time point: scheduled, open, completed, missed and rate = completed / (completed + missed)' })
  completion(@CurrentStudyAccess() access: StudyAccess) {
    return this.questionnaires.completion(access);
  }

  @Get('studies/:study/tasks')
  @StudyRoles(...RECORD_ROLES)
  @ApiOkResponse({
    description: 'Coordinator tasks (questionnaire still open 2 days before its window closes), limited to the caller’s sites',
  })
  tasks(@CurrentStudyAccess() access: StudyAccess, @Query() query: TasksQueryDto) {
    return this.questionnaires.tasks(access, query.status ?? null);
  }

  @Post('studies/:study/tasks/:taskId/done')
  @HttpCode(204)
  @StudyRoles(...ENTRY_ROLES)
  @ApiNotFoundResponse({ description: 'Unknown task, or at another site' })
  @ApiConflictResponse({ description: 'Already done' })
  async taskDone(
    @CurrentStudyAccess() access: StudyAccess,
    @Param('taskId', ParseUUIDPipe) taskId: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.questionnaires.completeTask(access, taskId, actor);
  }
}
