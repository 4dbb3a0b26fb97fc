import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor, StudyAccess } from '@trialdata/accounts';
import { AgreementService } from '@trialdata/agreement';
import { Can, CurrentActor, CurrentStudyAccess } from '../auth/access';
import { AgreementDto, BlindedReadingDto, ReadingTaskDto, SaveReadingDto } from './dto';

/** Inter-reader agreement of double-read imaging, and the blinded further reading (POTEISS MRI). */
@ApiTags('agreement')
@ApiBearerAuth()
@Controller()
export class AgreementController {
  constructor(private readonly agreement: AgreementService) {}

  @Get('studies/:study/agreement')
  @ApiOperation({ summary: 'Inter-reader agreement: kappa, linear and quadratic weighted kappa with 95% intervals, per grade and side' })
  @Can('view_agreement')
  @ApiOkResponse({ type: AgreementDto })
  @ApiNotFoundResponse({ description: 'The study has no double reading' })
  get(@CurrentStudyAccess() access: StudyAccess): Promise<AgreementDto> {
    return this.agreement.agreement(access);
  }

  @Get('studies/:study/readings')
  @ApiOperation({ summary: 'The scans a reader may grade, with what to grade (never the first reading’s grades)' })
  @Can('read_blinded')
  @ApiOkResponse({ type: [ReadingTaskDto] })
  tasks(@CurrentStudyAccess() access: StudyAccess, @CurrentActor() actor: Actor): Promise<ReadingTaskDto[]> {
    return this.agreement.tasks(access, actor.userId) as Promise<ReadingTaskDto[]>;
  }

  @Get('studies/:study/readings/:participantId')
  @ApiOperation({ summary: 'The caller’s own blinded reading of one participant’s scan' })
  @Can('read_blinded')
  @ApiOkResponse({ type: BlindedReadingDto })
  @ApiNotFoundResponse({ description: 'Unknown participant (or at another site), or no complete first reading yet' })
  reading(
    @CurrentStudyAccess() access: StudyAccess,
    @Param('participantId', ParseUUIDPipe) participantId: string,
    @CurrentActor() actor: Actor,
  ): Promise<BlindedReadingDto> {
    return this.agreement.get(access, participantId, actor.userId) as Promise<BlindedReadingDto>;
  }

  @Put('studies/:study/readings/:participantId')
  @ApiOperation({ summary: 'Save the caller’s blinded reading (an audited instance of the further-reading form)' })
  @Can('read_blinded')
  @ApiOkResponse({ type: BlindedReadingDto })
  @ApiBadRequestResponse({ description: 'Invalid grades, or a reader id or subject field in the body' })
  @ApiConflictResponse({ description: 'No complete first reading yet, a stale version, a locked form or study' })
  save(
    @CurrentStudyAccess() access: StudyAccess,
    @Param('participantId', ParseUUIDPipe) participantId: string,
    @CurrentActor() actor: Actor,
    @Body() body: SaveReadingDto,
  ): Promise<BlindedReadingDto> {
    return this.agreement.save(access, participantId, actor.userId, body) as Promise<BlindedReadingDto>;
  }
}
