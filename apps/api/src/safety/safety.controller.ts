import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor, StudyAccess } from '../../../../libs/accounts';
import { SafetyService, type DeviationInput } from '../../../../libs/safety';
import { CurrentActor, CurrentStudyAccess, RECORD_ROLES, StudyRoles } from '../auth/access';

/** Serious adverse event reports (deadlines, state, tasks) and deviations entered by hand. */
@ApiTags('safety')
@ApiBearerAuth()
@Controller()
export class SafetyController {
  constructor(private readonly safety: SafetyService) {}

  @Get('studies/:study/safety/reports')
  @StudyRoles(...RECORD_ROLES)
  @ApiOkResponse({
    description:
      'Serious adverse events at the caller’s sites: category (fatal_or_life_threatening: 7 days, other: 15 days, CCMO), ' +
      'date learned, deadline, reports to sponsor and ethics committee, state (due, overdue, reported, reported_late), task and email state',
  })
  reports(@CurrentStudyAccess() access: StudyAccess) {
    return this.safety.reports(access.studyCode, access);
  }

  @Post('studies/:study/safety/reports/:id/done')
  @HttpCode(204)
  @StudyRoles('admin', 'coordinator', 'investigator', 'data_manager')
  @ApiNoContentResponse({ description: 'The SAE task is done (audited)' })
  @ApiConflictResponse({ description: 'Already done, or the study is locked' })
  async done(@CurrentStudyAccess() access: StudyAccess, @Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    await this.safety.completeTask(access, id, actor);
  }

  @Post('studies/:study/deviations')
  @StudyRoles('admin', 'monitor', 'data_manager')
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
    },
  })
  @ApiCreatedResponse({ description: 'The deviation, recorded and audited' })
  record(@CurrentStudyAccess() access: StudyAccess, @CurrentActor() actor: Actor, @Body() body: DeviationInput) {
    return this.safety.recordDeviation(access, actor, body ?? ({} as DeviationInput));
  }

  @Get('studies/:study/deviations/recorded')
  @StudyRoles(...RECORD_ROLES)
  @ApiOkResponse({ description: 'Deviations entered by hand, with grading' })
  recorded(@CurrentStudyAccess() access: StudyAccess) {
    return this.safety.recordedDeviations(access);
  }
}
