import { Body, Controller, Get, Inject, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor, StudyAccess } from '@trialdata/accounts';
import { Database } from '@trialdata/database';
import { RandomisationService } from '@trialdata/participants';
import { publicStudy } from '@trialdata/protocol';
import { SitesService } from '@trialdata/sites';
import { Authenticated, Can, CurrentActor, CurrentStudyAccess } from '../auth/access';
import { AddStudySiteDto, StudySiteDto } from '../dto';
import { StudyRegistryToken, type StudyRegistryLike } from '../tokens';

@ApiTags('studies')
@ApiBearerAuth()
@Controller('studies')
export class StudiesController {
  constructor(
    @Inject(StudyRegistryToken) private readonly studies: StudyRegistryLike,
    private readonly db: Database,
    private readonly sites: SitesService,
    private readonly randomisation: RandomisationService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List the studies (any signed-in user)' })
  @Authenticated()
  @ApiOkResponse({ description: '[{code, title, design, status, registration, target}]' })
  async list() {
    const status = new Map((await this.db.repos.studies.list()).map((s) => [s.code, s.status]));
    return this.studies.list().map((s) => ({
      code: s.code,
      title: s.title,
      design: s.design,
      status: status.get(s.code) ?? 'setup',
      registration: s.registration ?? null,
      target: s.target ?? null,
    }));
  }

  @Get(':study')
  @ApiOperation({ summary: 'The study definition and status (any study role)' })
  @Can('view_study')
  @ApiOkResponse({ description: 'The study definition: arms, randomisation, schedule, forms, instruments, eligibility' })
  @ApiNotFoundResponse()
  async get(@CurrentStudyAccess() access: StudyAccess) {
    const def = this.studies.find(access.studyCode)!;
    const row = await this.db.repos.studies.find(def.code);
    return { ...publicStudy(def), status: row?.status ?? 'setup' };
  }

  @Get(':study/eligibility')
  @ApiOperation({ summary: 'The eligibility criteria (any study role)' })
  @Can('view_study')
  @ApiOkResponse({ description: '[{id, kind: inclusion|exclusion, text}]' })
  eligibility(@CurrentStudyAccess() access: StudyAccess) {
    return this.studies.find(access.studyCode)!.eligibility.map((c) => ({ id: c.id, kind: c.kind, text: c.text }));
  }

  @Post(':study/sites')
  @ApiOperation({ summary: 'Add a site to the study (study admin, not site-bound)' })
  // Which sites take part is a study-wide setting: a member bound to one site cannot add others.
  @Can('add_site')
  @ApiCreatedResponse({ type: StudySiteDto })
  @ApiConflictResponse({ description: 'The site already takes part' })
  async addSite(
    @CurrentStudyAccess() access: StudyAccess,
    @Body() body: AddStudySiteDto,
    @CurrentActor() actor: Actor,
  ): Promise<StudySiteDto> {
    const r = await this.sites.addToStudy(access.studyCode, body, actor.userId);
    return { siteCode: r.siteCode, name: r.name, country: r.country, target: r.target, enrolled: r.enrolled };
  }

  @Get(':study/sites')
  @ApiOperation({ summary: 'Sites with recruitment target and number enrolled (any study role)' })
  @Can('view_study')
  @ApiOkResponse({ type: [StudySiteDto], description: 'Sites with recruitment target and number enrolled' })
  async listSites(@CurrentStudyAccess() access: StudyAccess): Promise<StudySiteDto[]> {
    const visible = await this.sites.studySites(access.studyCode, access.siteIds);
    return visible.map((r) => ({ siteCode: r.siteCode, name: r.name, country: r.country, target: r.target, enrolled: r.enrolled }));
  }

  @Get(':study/recruitment')
  @ApiOperation({ summary: 'Recruitment per site against target, with monthly curves (any study role)' })
  @Can('view_study')
  @ApiOkResponse({ description: 'Recruitment per site against target, with monthly cumulative curves; limited to the caller’s sites' })
  async recruitment(@CurrentStudyAccess() access: StudyAccess) {
    const def = this.studies.find(access.studyCode)!;
    return { study: def.code, target: def.target ?? null, ...(await this.sites.recruitment(def.code, def.timeZone, access.siteIds)) };
  }

  @Get(':study/randomisation/allocations')
  @ApiOperation({ summary: 'The allocation log (admin, statistician; not site-bound)' })
  @Can('view_allocations')
  @ApiOkResponse({ description: 'The allocation log (admin and statistician only; never coordinators)' })
  @ApiForbiddenResponse()
  async allocations(@CurrentStudyAccess() access: StudyAccess) {
    return (await this.randomisation.allocations(access.studyCode)).map((a) => ({
      label: a.label,
      site: a.siteCode,
      method: a.method,
      stratum: a.stratum,
      sequence: a.sequence,
      arm: a.arm,
      factors: a.factors,
      randomisedAt: a.randomisedAt,
    }));
  }

  @Get(':study/randomisation/verification')
  @ApiOperation({ summary: 'Regenerate every allocation from the secret seed and list mismatches (admin, statistician)' })
  @Can('view_allocations')
  @ApiOkResponse({ description: 'Every allocation regenerated from the secret seed; mismatches listed' })
  verify(@CurrentStudyAccess() access: StudyAccess) {
    return this.randomisation.verify(access.studyCode);
  }
}
