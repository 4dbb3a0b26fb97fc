import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '@trialdata/accounts';
import { FormEntryService } from '@trialdata/crf';
import { Can, CurrentActor } from '../auth/access';
import {
  FormAuditQueryDto,
  FormHistoryDto,
  FormSummaryDto,
  FormViewDto,
  InstanceQueryDto,
  SaveFormDto,
  SavedFormDto,
  toFormHistoryDto,
} from './dto';

const FORM_PATH = 'participants/:id/events/:eventId/forms/:formId';

@ApiTags('forms')
@ApiBearerAuth()
@Controller()
export class FormsController {
  constructor(private readonly forms: FormEntryService) {}

  @Put(FORM_PATH)
  @ApiOperation({ summary: 'Save a case report form (site staff)' })
  @Can('enter_data', 'participant')
  @ApiOkResponse({ type: SavedFormDto })
  @ApiBadRequestResponse({
    description:
      'Invalid values (one `errors` entry per field, plain field ids), required fields missing on complete, a value for a field hidden by branching',
  })
  @ApiNotFoundResponse({ description: 'Unknown participant, event or form, or a form that the event does not hold' })
  @ApiConflictResponse({ description: 'Stale or missing version, a locked form or visit (the lock is named), a locked study' })
  @ApiUnprocessableEntityResponse({ description: 'A form for other arms or cohorts; a change to a complete form without reason' })
  save(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('eventId') eventId: string,
    @Param('formId') formId: string,
    @Query() query: InstanceQueryDto,
    @Body() body: SaveFormDto,
    @CurrentActor() actor: Actor,
  ): Promise<SavedFormDto> {
    return this.forms.save(id, eventId, formId, query.instance ?? 1, body, actor.userId);
  }

  @Get(FORM_PATH)
  @ApiOperation({ summary: 'Read a case report form (record roles)' })
  @Can('view_records', 'participant')
  @ApiOkResponse({ type: FormViewDto, description: 'Never saved: {status: "not_started", values: {}, version: null}' })
  @ApiNotFoundResponse({ description: 'Unknown participant, event or form' })
  get(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('eventId') eventId: string,
    @Param('formId') formId: string,
    @Query() query: InstanceQueryDto,
  ): Promise<FormViewDto> {
    return this.forms.get(id, eventId, formId, query.instance ?? 1);
  }

  @Get(`${FORM_PATH}/audit`)
  @ApiOperation({ summary: 'A form’s audit rows, and the form as it stood at an instant (record roles)' })
  @Can('view_records', 'participant')
  @ApiOkResponse({
    type: FormHistoryDto,
    description:
      'The audit rows of one form instance in chain order; with `at`, also `stateAt`: the form rebuilt from them at that instant',
  })
  @ApiNotFoundResponse({ description: 'Unknown participant, event or form' })
  async history(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('eventId') eventId: string,
    @Param('formId') formId: string,
    @Query() query: FormAuditQueryDto,
  ): Promise<FormHistoryDto> {
    return toFormHistoryDto(await this.forms.history(id, eventId, formId, query.instance ?? 1, query.at));
  }

  @Get('participants/:id/forms')
  @ApiOperation({ summary: 'Every saved form instance of a participant (record roles)' })
  @Can('view_records', 'participant')
  @ApiOkResponse({ type: [FormSummaryDto], description: 'Every saved form instance' })
  list(@Param('id', ParseUUIDPipe) id: string): Promise<FormSummaryDto[]> {
    return this.forms.list(id);
  }
}
