import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor, StudyAccess } from '@trialdata/accounts';
import { SafetyService, type DeviationInput } from '@trialdata/safety';
import { Can, CurrentActor, CurrentStudyAccess } from '../auth/access';
import { RecordedDeviationDto, SafetyReportDto, recordedDeviationDto, safetyReportDto } from './dto';

/** Serious adverse event reports (deadlines, state, tasks) and deviations entered by hand. */
@ApiTags('safety')
@ApiBearerAuth()
@Controller()
export class SafetyController {
  constructor(private readonly safety: SafetyService) {}

  @Get('studies/:study/safety/reports')
  @ApiOperation({ summary: 'Serious adverse event reports with their deadlines (record roles)' })
  @Can('view_records')
  @ApiOkResponse({
    type: [SafetyReportDto],
    description:
      'Serious adverse events at the caller’s sites: category (fatal_or_life_threatening: 7 days, other: 15 days, CCMO), ' +
      'date learned, deadline, reports to sponsor and ethics committee, state (due, overdue, reported, reported_late), task and email state',
  })
  async reports(@CurrentStudyAccess() access: StudyAccess): Promise<SafetyReportDto[]> {
    return (await this.safety.reports(access.studyCode, access)).map(safetyReportDto);
  }

  @Post('studies/:study/safety/reports/:id/done')
  @ApiOperation({ summary: 'Mark a serious adverse event report task done (site staff, data manager)' })
  @HttpCode(204)
  @Can('safety_tasks')
  @ApiNoContentResponse({ description: 'The SAE task is done (audited)' })
  @ApiConflictResponse({ description: 'Already done, or the study is locked' })
  async done(@CurrentStudyAccess() access: StudyAccess, @Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    await this.safety.completeTask(access, id, actor);
  }

  @Post('studies/:study/deviations')
  @ApiOperation({ summary: 'Record a protocol deviation by hand (admin, data manager, monitor)' })
  @Can('record_deviation')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['participantId', 'description'],
      properties: {
        participantId: { type: 'string', format: 'uuid' },
        kind: {
          type: 'string',
          enum: ['out_of_window', 'missing_form', 'treatment_in_other_arm', 'eligibility_violation', 'wrong_treatment', 'other'],
        },
        grade: { type: 'string', enum: ['major', 'minor'] },
        eventId: { type: 'string' },
        formId: { type: 'string' },
        description: { type: 'string', maxLength: 2000 },
        occurredOn: { type: 'string', format: 'date' },
      },
      example: {
        participantId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
        kind: 'out_of_window',
        grade: 'minor',
        eventId: 'week2',
        description: 'Week 2 visit held on day 20, after its window closed',
        occurredOn: '2026-11-28',
      },
    },
  })
  @ApiCreatedResponse({ type: RecordedDeviationDto, description: 'The deviation, recorded and audited' })
  async record(
    @CurrentStudyAccess() access: StudyAccess,
    @CurrentActor() actor: Actor,
    @Body() body: DeviationInput,
  ): Promise<RecordedDeviationDto> {
    return recordedDeviationDto(await this.safety.recordDeviation(access, actor, body ?? ({} as DeviationInput)));
  }

  @Get('studies/:study/deviations/recorded')
  @ApiOperation({ summary: 'Protocol deviations recorded by hand, with grading (record roles)' })
  @Can('view_records')
  @ApiOkResponse({ type: [RecordedDeviationDto], description: 'Deviations entered by hand, with grading' })
  async recorded(@CurrentStudyAccess() access: StudyAccess): Promise<RecordedDeviationDto[]> {
    return (await this.safety.recordedDeviations(access)).map(recordedDeviationDto);
  }
}
