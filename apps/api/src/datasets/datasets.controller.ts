import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor, StudyAccess } from '@trialdata/accounts';
import { DATASET_FILES, DatasetsService, OPTIONAL_DATASET_FILES } from '@trialdata/datasets';
import { Can, CurrentActor, CurrentStudyAccess } from '../auth/access';
import { DatasetBundles } from './bundle';
import {
  ChecklistDto,
  CreateDatasetDto,
  DatasetDto,
  DatasetVariableDto,
  StudyLockDto,
  LockedDto,
  RebuildDto,
  UnlockDto,
  UnlockedDto,
} from './dto';

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.R': 'text/plain; charset=utf-8',
  '.do': 'text/plain; charset=utf-8',
  '.sps': 'text/plain; charset=utf-8',
};

@ApiTags('datasets')
@ApiBearerAuth()
@Controller()
export class DatasetsController {
  constructor(
    private readonly datasets: DatasetsService,
    private readonly bundles: DatasetBundles,
  ) {}

  @Get('studies/:study/lock/checklist')
  @ApiOperation({ summary: 'The database lock checklist (admin, data manager; not site-bound)' })
  @Can('lock_study')
  @ApiOkResponse({ type: ChecklistDto })
  checklist(@CurrentStudyAccess() access: StudyAccess) {
    return this.datasets.checklist(access);
  }

  @Post('studies/:study/lock')
  @ApiOperation({ summary: 'Lock the database and snapshot the lock dataset (admin, data manager; not site-bound)' })
  @Can('lock_study')
  @ApiCreatedResponse({ type: LockedDto })
  @ApiConflictResponse({ description: 'Open checklist items (listed in `items`) without override, or already locked' })
  @ApiForbiddenResponse({ description: 'Not an admin or data manager of the study, or bound to a site' })
  lock(@CurrentStudyAccess() access: StudyAccess, @CurrentActor() actor: Actor, @Body() body: StudyLockDto): Promise<LockedDto> {
    return this.datasets.lock(access, actor, body);
  }

  @Post('studies/:study/unlock')
  @ApiOperation({ summary: 'Unlock the database with a reason (study admin, not site-bound)' })
  @HttpCode(200)
  @Can('unlock_study')
  @ApiOkResponse({ type: UnlockedDto })
  @ApiConflictResponse({ description: 'The study is not locked, or its lock dataset is still building' })
  unlock(@CurrentStudyAccess() access: StudyAccess, @CurrentActor() actor: Actor, @Body() body: UnlockDto): Promise<UnlockedDto> {
    return this.datasets.unlock(access, actor, body);
  }

  @Post('studies/:study/datasets')
  @ApiOperation({ summary: 'Take an interim dataset snapshot (statistician, data manager, admin; not site-bound)' })
  @Can('export_datasets')
  @ApiCreatedResponse({ type: DatasetDto, description: 'An interim snapshot without locking; the worker builds its files' })
  createInterim(
    @CurrentStudyAccess() access: StudyAccess,
    @CurrentActor() actor: Actor,
    @Body() body: CreateDatasetDto,
  ): Promise<DatasetDto> {
    return this.datasets.createInterim(access, actor, body);
  }

  @Get('studies/:study/datasets')
  @ApiOperation({ summary: 'List the study’s datasets (statistician, data manager, admin; not site-bound)' })
  @Can('export_datasets')
  @ApiOkResponse({ type: [DatasetDto] })
  @ApiForbiddenResponse({ description: 'Not a statistician, data manager or admin of the study, or bound to a site' })
  list(@CurrentStudyAccess() access: StudyAccess): Promise<DatasetDto[]> {
    return this.datasets.list(access);
  }

  @Get('datasets/:id')
  @ApiOperation({ summary: 'A dataset with its files and manifest hash (statistician, data manager, admin)' })
  @Can('export_datasets', 'dataset')
  @ApiOkResponse({ type: DatasetDto })
  @ApiNotFoundResponse({ description: 'Unknown, or of a study the caller is not a member of' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<DatasetDto> {
    return this.datasets.get(id);
  }

  @Post('datasets/:id/rebuild')
  @ApiOperation({ summary: 'Build a failed dataset again (admin, data manager)' })
  @HttpCode(202)
  @Can('rebuild_datasets', 'dataset')
  @ApiAcceptedResponse({ type: DatasetDto, description: 'Back to `building` under a new attempt; the worker builds it again' })
  @ApiConflictResponse({
    description: 'The dataset is ready, still building with a live job, or the snapshot of a lock that was lifted',
  })
  @ApiForbiddenResponse({ description: 'Not an admin or data manager of the study, or bound to a site' })
  @ApiNotFoundResponse({ description: 'Unknown, or of a study the caller is not a member of' })
  rebuild(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: RebuildDto): Promise<DatasetDto> {
    return this.datasets.rebuild(actor, id, body ?? {});
  }

  @Get('datasets/:id/files/:name')
  @ApiOperation({ summary: 'Download one file of a dataset, audited (statistician, data manager, admin)' })
  @Can('export_datasets', 'dataset')
  @ApiParam({
    name: 'name',
    type: String,
    description: `The file: ${[...DATASET_FILES, ...OPTIONAL_DATASET_FILES].join(', ')} (agreement.csv: studies with double reading only)`,
  })
  @ApiProduces('text/csv', 'application/xml', 'text/plain', 'application/octet-stream')
  @ApiOkResponse({
    description:
      'The file, streamed as an attachment: .csv as text/csv, odm.xml as application/xml, load.R/.do/.sps as text/plain (UTF-8), audit-head.json as application/octet-stream. `X-Checksum-SHA256` carries its SHA-256. Every download is audited.',
    schema: { type: 'string', format: 'binary' },
    headers: {
      'X-Checksum-SHA256': { description: 'SHA-256 of the file, hex (as in the dataset’s `files`)', schema: { type: 'string' } },
      'Content-Disposition': { description: 'attachment; filename="<name>"', schema: { type: 'string' } },
    },
  })
  @ApiConflictResponse({ description: 'The dataset is still building or failed' })
  @ApiNotFoundResponse({ description: 'Unknown dataset or file name' })
  async file(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('name') name: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.datasets.download(actor, id, name);
    const ext = name.slice(name.lastIndexOf('.'));
    res.setHeader('X-Checksum-SHA256', file.sha256);
    res.setHeader('Content-Disposition', `attachment; filename="${file.name}"`);
    return new StreamableFile(file.stream, { type: CONTENT_TYPES[ext] ?? 'application/octet-stream', length: file.bytes });
  }

  @Get('datasets/:id/zip')
  @ApiOperation({ summary: 'Download a whole dataset as one zip, audited (statistician, data manager, admin)' })
  @Can('export_datasets', 'dataset')
  @ApiProduces('application/zip')
  @ApiOkResponse({
    schema: { type: 'string', format: 'binary' },
    headers: { 'Content-Disposition': { description: 'attachment; filename="<STUDY>-v<version>.zip"', schema: { type: 'string' } } },
    description:
      'The whole dataset as one zip: a folder `<STUDY>-v<version>/` holding every file under its own name (so load.R, load.do and load.sps run as they are) and `SHA256SUMS`, the manifest whose SHA-256 is the dataset’s `sha256`. The download is audited.',
  })
  @ApiConflictResponse({ description: 'The dataset is still building or failed, or a stored file is missing' })
  @ApiNotFoundResponse({ description: 'Unknown, or of a study the caller is not a member of' })
  async zip(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const zip = await this.bundles.zip(actor, id);
    res.setHeader('Content-Disposition', `attachment; filename="${zip.fileName}"`);
    return new StreamableFile(zip.stream, { type: 'application/zip' });
  }

  @Get('datasets/:id/variables')
  @ApiOperation({ summary: 'The dataset’s columns with their dictionary labels (statistician, data manager, admin)' })
  @Can('export_datasets', 'dataset')
  @ApiOkResponse({ type: [DatasetVariableDto], description: 'The columns of data.csv in order, with the labels of dictionary.csv' })
  @ApiConflictResponse({ description: 'The dataset is still building or failed' })
  @ApiNotFoundResponse({ description: 'Unknown, or of a study the caller is not a member of' })
  variables(@Param('id', ParseUUIDPipe) id: string): Promise<DatasetVariableDto[]> {
    return this.bundles.variables(id);
  }
}
