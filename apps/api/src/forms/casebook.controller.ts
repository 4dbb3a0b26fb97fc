import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '@trialdata/accounts';
import { CasebookService } from '@trialdata/crf';
import { Can, CurrentActor } from '../auth/access';
import { CasebookRequestedDto, CasebookStatusDto } from './dto';

@ApiTags('forms')
@ApiBearerAuth()
@Controller()
export class CasebookController {
  constructor(private readonly casebooks: CasebookService) {}

  @Post('participants/:id/casebook')
  @ApiOperation({ summary: 'Request a casebook PDF of a participant (record roles)' })
  @HttpCode(202)
  @Can('view_records', 'participant')
  @ApiAcceptedResponse({
    type: CasebookRequestedDto,
    description: 'The worker renders the PDF; follow it with GET /participants/{id}/casebook',
  })
  async request(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor): Promise<CasebookRequestedDto> {
    // Enqueued after the commit; when Redis does not take the job the worker's reconciler does, so a
    // retry never adds a second casebook.
    const { jobId, id: casebookId, n } = await this.casebooks.requestBuild(id, actor);
    return { jobId, id: casebookId, n };
  }

  @Get('participants/:id/casebook')
  @ApiOperation({ summary: 'State and progress of the latest casebook (record roles)' })
  @Can('view_records', 'participant')
  @ApiOkResponse({ type: CasebookStatusDto, description: 'The latest casebook: building, ready (with size and SHA-256) or failed' })
  @ApiNotFoundResponse({ description: 'None requested yet' })
  status(@Param('id', ParseUUIDPipe) id: string): Promise<CasebookStatusDto> {
    return this.casebooks.status(id);
  }

  @Get('participants/:id/casebook.pdf')
  @ApiOperation({ summary: 'Download the latest finished casebook PDF, audited (record roles)' })
  @Can('view_records', 'participant')
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The latest finished casebook PDF, as an attachment named casebook-<label>-<n>.pdf (downloads are audited)',
    schema: { type: 'string', format: 'binary' },
    headers: { 'Content-Disposition': { description: 'attachment; filename="casebook-<label>-<n>.pdf"', schema: { type: 'string' } } },
  })
  @ApiNotFoundResponse({ description: 'No finished casebook yet' })
  async download(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor): Promise<StreamableFile> {
    const file = await this.casebooks.download(id, actor);
    return new StreamableFile(file.content, {
      type: 'application/pdf',
      disposition: `attachment; filename="${file.fileName}"`,
      length: file.content.length,
    });
  }
}
