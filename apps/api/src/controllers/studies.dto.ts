import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PublicStudy } from '@trialdata/protocol';

/**
 * Response shapes of the studies routes (GET /studies, /studies/{study} and what hangs off it). The
 * study definition is documented as a DTO tree: every key `publicStudy` (libs/protocol/public.ts)
 * writes, and optional where `compact` leaves an unset key out.
 */

const STUDY_STATUSES = ['setup', 'recruiting', 'closed', 'locked'];
const DESIGNS = ['rct', 'cohort'];
/** A value compared by `showIf` / carried through as-is: a choice code, a boolean, a text. */
const ANY_JSON = [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: {} }, { type: 'object' }];

export class StudyListItemDto {
  @ApiProperty({ example: 'TEIAS' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: DESIGNS }) design: 'rct' | 'cohort';
  @ApiProperty({ enum: STUDY_STATUSES, description: '`setup` until the study has its row' }) status: string;
  @ApiProperty({ nullable: true, type: String, description: 'Trial registration, e.g. a registry number' }) registration: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Recruitment target for the whole study' }) target: number | null;
}

export class StudyAnchorActualDto {
  @ApiProperty() eventId: string;
  @ApiProperty() formId: string;
  @ApiProperty() fieldId: string;
  @ApiPropertyOptional({ description: 'Text field (HH:MM, study time zone) with the time of day' }) timeFieldId?: string;
}

export class StudyAnchorDto {
  @ApiProperty({ enum: ['randomisation', 'injection', 'surgery', 'enrolment'], description: 'What day 0 of the schedule is' })
  kind: string;
  @ApiPropertyOptional({
    type: () => StudyAnchorActualDto,
    description: 'Planned anchors: the form field that holds the actual date once known',
  })
  actual?: StudyAnchorActualDto;
}

export class StudyAgeRangeDto {
  @ApiProperty() min: number;
  @ApiPropertyOptional() max?: number;
}

export class StudyArmDto {
  @ApiProperty({ example: 'TEI' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Allocation ratio weight (1:1 → both 1)' }) ratio: number;
}

export class RandomisationFactorDto {
  @ApiProperty() id: string;
  @ApiProperty() label: string;
  @ApiProperty({ type: [String] }) options: string[];
}

export class StudyRandomisationDto {
  @ApiProperty({ enum: ['blocks', 'minimisation'] }) method: string;
  @ApiProperty({
    type: [RandomisationFactorDto],
    description: 'Factors other than site (always a stratum); block sizes and probabilities stay on the server',
  })
  factors: RandomisationFactorDto[];
}

export class EligibilityCriterionDto {
  @ApiProperty({ example: 'inc_consent' }) id: string;
  @ApiProperty({ enum: ['inclusion', 'exclusion'] }) kind: 'inclusion' | 'exclusion';
  @ApiProperty() text: string;
}

export class StudyEventDto {
  @ApiProperty({ example: 'week2' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Days from the anchor (day 0); may be negative' }) offsetDays: number;
  @ApiPropertyOptional({ description: 'Extra minutes after the anchor instant' }) offsetMinutes?: number;
  @ApiProperty() windowBefore: number;
  @ApiProperty() windowAfter: number;
  @ApiProperty({ enum: ['remote', 'clinic'] }) mode: 'remote' | 'clinic';
  @ApiPropertyOptional({ description: 'A home for forms completed whenever needed: no window, never due' }) unscheduled?: boolean;
  @ApiProperty({ type: [String] }) forms: string[];
  @ApiProperty({ type: [String], description: 'Instrument codes given to the patient at this time point' }) instruments: string[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    description: 'Per cohort: replaces `instruments`',
  })
  instrumentsByCohort?: Record<string, string[]>;
}

export class StudyFieldOptionDto {
  @ApiProperty() code: number;
  @ApiProperty() label: string;
}

export class StudyFieldShowIfDto {
  @ApiProperty({ description: 'An earlier choice, multichoice or boolean field of the same form' }) field: string;
  @ApiPropertyOptional({ oneOf: ANY_JSON, description: 'Shown when the field has this value (or, multichoice, includes it)' })
  equals?: unknown;
  @ApiPropertyOptional({ type: 'array', items: {}, description: 'Shown when the field has one of these values' }) in?: unknown[];
}

export class StudyFormFieldDto {
  @ApiProperty() id: string;
  @ApiProperty() label: string;
  @ApiProperty({ enum: ['integer', 'decimal', 'text', 'date', 'choice', 'multichoice', 'boolean'] }) type: string;
  @ApiProperty() required: boolean;
  @ApiPropertyOptional({ description: 'integer / decimal: inclusive lower bound' }) min?: number;
  @ApiPropertyOptional({ description: 'integer / decimal: inclusive upper bound' }) max?: number;
  @ApiPropertyOptional({ description: 'decimal: unit shown beside the field' }) unit?: string;
  @ApiPropertyOptional({ description: 'decimal: decimals kept' }) precision?: number;
  @ApiPropertyOptional({ description: 'text: a regular expression the whole value must match' }) pattern?: string;
  @ApiPropertyOptional() maxLength?: number;
  @ApiPropertyOptional({ type: [StudyFieldOptionDto] }) options?: StudyFieldOptionDto[];
  @ApiPropertyOptional({ type: () => StudyFieldShowIfDto }) showIf?: StudyFieldShowIfDto;
  @ApiPropertyOptional({ description: 'Verified under a "critical fields only" SDV plan' }) critical?: boolean;
  @ApiPropertyOptional({ description: 'An expression over other fields of the same form' }) calculated?: string;
  @ApiPropertyOptional({ type: [String], enum: ['not_done', 'unknown', 'not_applicable'], description: 'Missing-data codes allowed' })
  missingCodes?: string[];
}

export class StudyFormCheckDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['hard', 'soft'], description: 'hard blocks the save; soft saves and opens a query' }) severity: string;
  @ApiProperty() message: string;
  @ApiProperty({ description: 'An expression over the form’s fields and `enrolment.*` / `anchor.*`' }) rule: string;
}

export class StudyFormDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() repeating: boolean;
  @ApiPropertyOptional({ type: [String], description: 'Only participants in these arms have this form' }) arms?: string[];
  @ApiPropertyOptional({ type: [String], description: 'Only participants of these cohorts' }) cohorts?: string[];
  @ApiProperty({ type: [StudyFormFieldDto] }) fields: StudyFormFieldDto[];
  @ApiPropertyOptional({ type: [StudyFormCheckDto] }) checks?: StudyFormCheckDto[];
}

/** GET /studies/{study}: the public study definition (libs/protocol publicStudy) and the study's status. */
export class StudyDetailDto {
  @ApiProperty({ example: 'TEIAS' }) code: string;
  @ApiProperty() title: string;
  @ApiPropertyOptional() registration?: string;
  @ApiProperty({ enum: DESIGNS }) design: 'rct' | 'cohort';
  @ApiProperty({ example: 'Europe/Amsterdam' }) timeZone: string;
  @ApiProperty({ type: [String], enum: ['nl', 'en'] }) languages: string[];
  @ApiProperty({ type: () => StudyAnchorDto }) anchor: StudyAnchorDto;
  @ApiProperty({ description: 'Enrolment takes a planned anchor date' }) requiresPlannedAnchorDate: boolean;
  @ApiPropertyOptional({ type: () => StudyAgeRangeDto }) ageRange?: StudyAgeRangeDto;
  @ApiPropertyOptional() target?: number;
  @ApiPropertyOptional({ type: [String] }) cohorts?: string[];
  @ApiPropertyOptional({ type: [StudyArmDto] }) arms?: StudyArmDto[];
  @ApiPropertyOptional({ type: () => StudyRandomisationDto }) randomisation?: StudyRandomisationDto;
  @ApiProperty({ type: [EligibilityCriterionDto] }) eligibility: EligibilityCriterionDto[];
  @ApiProperty({ type: [StudyEventDto] }) schedule: StudyEventDto[];
  @ApiProperty({ type: [StudyFormDto] }) forms: StudyFormDto[];
  @ApiProperty({ type: [String], description: 'Every instrument code the schedule uses (GET /instruments/{code})' }) instruments: string[];
  @ApiProperty({ enum: STUDY_STATUSES }) status: string;
}

/** The public definition is already the view (publicStudy picks every key); the status is added. */
export function studyDetail(study: PublicStudy, status: string): StudyDetailDto {
  return { ...study, status };
}

export class RecruitmentMonthDto {
  @ApiProperty({ example: '2026-11' }) month: string;
  @ApiProperty() enrolled: number;
  @ApiProperty() cumulative: number;
}

export class RecruitmentSiteDto {
  @ApiProperty() siteCode: string;
  @ApiProperty({ nullable: true, type: Number }) target: number | null;
  @ApiProperty() enrolled: number;
  @ApiProperty() randomised: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Share of the target reached, 0–1 (null without a target)' })
  progress: number | null;
  @ApiProperty({ type: [RecruitmentMonthDto], description: 'One entry per month of `months`' }) months: RecruitmentMonthDto[];
}

export class RecruitmentDto {
  @ApiProperty() study: string;
  @ApiProperty({ nullable: true, type: Number }) target: number | null;
  @ApiProperty({ type: [String], description: 'Every month (YYYY-MM) from the first enrolment to the last; shared by every site' })
  months: string[];
  @ApiProperty({ type: [RecruitmentSiteDto] }) sites: RecruitmentSiteDto[];
}

export class AllocationDto {
  @ApiProperty({ example: 'TEIAS-LUMC-0007' }) label: string;
  @ApiProperty() site: string;
  @ApiProperty({ enum: ['blocks', 'minimisation'] }) method: string;
  @ApiProperty({ example: 'LUMC|symptomDuration=<6w', description: '`*` under minimisation' }) stratum: string;
  @ApiProperty({ description: 'Position in the stratum (1-based)' }) sequence: number;
  @ApiProperty() arm: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Factor id → option' }) factors: Record<
    string,
    string
  >;
  @ApiProperty() randomisedAt: string;
}

export class AllocationMismatchDto {
  @ApiProperty({ description: '`?` when no allocation holds the position' }) label: string;
  @ApiProperty() stratum: string;
  @ApiProperty() sequence: number;
  @ApiProperty({
    description: 'Blocks: wrong_arm, duplicate_sequence, missing_sequence or invalid_sequence; minimisation: "expected X, recorded Y"',
  })
  problem: string;
}

export class AllocationVerificationDto {
  @ApiProperty({ description: 'Allocations regenerated' }) checked: number;
  @ApiProperty({ type: [AllocationMismatchDto] }) mismatches: AllocationMismatchDto[];
}

export class StudyGoLiveDto {
  @ApiProperty({ example: 'TEIAS' }) study: string;
  @ApiProperty({ enum: ['recruiting'] }) status: 'recruiting';
}
