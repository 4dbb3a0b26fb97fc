import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
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
import type { AppConfig } from '@trialdata/config';
import { Database } from '@trialdata/database';
import { RandomisationService } from '@trialdata/participants';
import { publicStudy } from '@trialdata/protocol';
import { SitesService } from '@trialdata/sites';
import { goLive } from '@trialdata/studies';
import { Authenticated, Can, CurrentActor, CurrentStudyAccess } from '../auth/access';
import { AddStudySiteDto, StudySiteDto } from '../dto';
import { ConfigToken, StudyRegistryToken, type StudyRegistryLike } from '../tokens';
import {
  AllocationDto,
  AllocationVerificationDto,
  EligibilityCriterionDto,
  RecruitmentDto,
  StudyDetailDto,
  StudyGoLiveDto,
  StudyListItemDto,
  studyDetail,
} from './studies.dto';

@ApiTags('studies')
@ApiBearerAuth()
@Controller('studies')
export class StudiesController {
  constructor(
    @Inject(StudyRegistryToken) private readonly studies: StudyRegistryLike,
    private readonly db: Database,
    private readonly sites: SitesService,
    private readonly randomisation: RandomisationService,
    @Inject(ConfigToken) private readonly config: AppConfig,
  ) {}

  @Post(':study/go-live')
  @ApiOperation({ summary: 'Take the study out of set-up: setup → recruiting (study admin, not site-bound)' })
  @HttpCode(200)
  @Can('go_live')
  @ApiOkResponse({ type: StudyGoLiveDto, description: 'The study is recruiting; audited (go_live)' })
  @ApiConflictResponse({
    description:
      'The study is not in set-up, or a patient-facing instrument has placeholder wording (rule INSTRUMENT_WORDING_PLACEHOLDER, `instruments` names them; ALLOW_PLACEHOLDER_WORDING=true allows it)',
  })
  goLive(@CurrentStudyAccess() access: StudyAccess, @CurrentActor() actor: Actor): Promise<StudyGoLiveDto> {
    const def = this.studies.find(access.studyCode)!;
    return goLive(this.db, def, { allowPlaceholder: this.config.allowPlaceholderWording, userId: actor.userId });
  }

  @Get()
  @ApiOperation({ summary: 'List the studies (any signed-in user)' })
  @Authenticated()
  @ApiOkResponse({ type: [StudyListItemDto] })
  async list(): Promise<StudyListItemDto[]> {
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
  @ApiOperation({ summary: 'The study definition and status (any study role, readers included)' })
  @Can('view_definition')
  @ApiOkResponse({
    type: StudyDetailDto,
    description: 'The study definition: arms, randomisation, schedule, forms, instruments, eligibility',
  })
  @ApiNotFoundResponse()
  async get(@CurrentStudyAccess() access: StudyAccess): Promise<StudyDetailDto> {
    const def = this.studies.find(access.studyCode)!;
    const row = await this.db.repos.studies.find(def.code);
    return studyDetail(publicStudy(def), row?.status ?? 'setup');
  }

  @Get(':study/eligibility')
  @ApiOperation({ summary: 'The eligibility criteria (any study role, readers included)' })
  @Can('view_definition')
  @ApiOkResponse({ type: [EligibilityCriterionDto] })
  eligibility(@CurrentStudyAccess() access: StudyAccess): EligibilityCriterionDto[] {
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
  @ApiOkResponse({
    type: RecruitmentDto,
    description: 'Recruitment per site against target, with monthly cumulative curves; limited to the caller’s sites',
  })
  async recruitment(@CurrentStudyAccess() access: StudyAccess): Promise<RecruitmentDto> {
    const def = this.studies.find(access.studyCode)!;
    const { months, sites } = await this.sites.recruitment(def.code, def.timeZone, access.siteIds);
    return {
      study: def.code,
      target: def.target ?? null,
      months,
      sites: sites.map((s) => ({
        siteCode: s.siteCode,
        target: s.target,
        enrolled: s.enrolled,
        randomised: s.randomised,
        progress: s.progress,
        months: s.months.map((m) => ({ month: m.month, enrolled: m.enrolled, cumulative: m.cumulative })),
      })),
    };
  }

  @Get(':study/randomisation/allocations')
  @ApiOperation({ summary: 'The allocation log (admin, statistician; not site-bound)' })
  @Can('view_allocations')
  @ApiOkResponse({ type: [AllocationDto], description: 'The allocation log (admin and statistician only; never coordinators)' })
  @ApiForbiddenResponse()
  async allocations(@CurrentStudyAccess() access: StudyAccess): Promise<AllocationDto[]> {
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
  @ApiOkResponse({ type: AllocationVerificationDto, description: 'Every allocation regenerated from the secret seed; mismatches listed' })
  async verify(@CurrentStudyAccess() access: StudyAccess): Promise<AllocationVerificationDto> {
    const r = await this.randomisation.verify(access.studyCode);
    return {
      checked: r.checked,
      mismatches: r.mismatches.map((m) => ({ label: m.label, stratum: m.stratum, sequence: m.sequence, problem: m.problem })),
    };
  }
}
