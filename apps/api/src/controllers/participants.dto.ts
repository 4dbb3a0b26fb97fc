import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { StatusChangeDto } from '../dto';
import type { ParticipantView, ScheduleEntry } from '@trialdata/participants';
import type { ContactDetails } from '@trialdata/privacy';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class WithdrawalDto {
  @ApiPropertyOptional({ example: '2026-11-20', description: 'Day consent was withdrawn; default today (study time zone)' })
  @IsOptional()
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  date?: string;
  @ApiProperty({
    example: true,
    description: 'The team may still contact the participant (e.g. a safety call). Questionnaires stop either way.',
  })
  @IsBoolean()
  furtherContact: boolean;
  @ApiProperty({ example: false, description: 'New data may still be collected (e.g. from the medical record)' })
  @IsBoolean()
  furtherData: boolean;
  @ApiProperty({
    example: true,
    description: 'Data collected up to the withdrawal may be used; false leaves the participant out of every dataset',
  })
  @IsBoolean()
  collectedData: boolean;
}

/** The status change of the API contract, plus what a withdrawing participant allows. */
export class ParticipantStatusChangeDto extends StatusChangeDto {
  @ApiPropertyOptional({
    type: WithdrawalDto,
    description:
      'Only with status withdrawn: what the participant allows. Absent: no further contact, no further data, collected data may be used.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => WithdrawalDto)
  withdrawal?: WithdrawalDto;
}

export class TreatmentStopDto {
  @ApiProperty({ example: '2026-11-20', description: 'Day the study treatment stopped' })
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  date: string;
  @ApiProperty({ example: 'Side effects' }) @IsString() @MinLength(3) @MaxLength(1000) reason: string;
  @ApiPropertyOptional({
    example: 'Date corrected from the pharmacy record',
    description: 'Why a recorded treatment stop is changed (required then)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  correction?: string;
}

// ----- responses -----

const PARTICIPANT_STATUSES = ['screened', 'enrolled', 'randomised', 'withdrawn', 'completed', 'lost_to_follow_up'];

export class ParticipantConsentDto {
  @ApiProperty({ example: '2026-11-20' }) date: string;
  @ApiProperty({ example: '2.1' }) version: string;
}

export class ParticipantTreatmentStopDto {
  @ApiProperty({ example: '2026-11-20' }) stoppedOn: string;
  @ApiProperty() reason: string;
}

export class RecordedWithdrawalDto {
  @ApiProperty({ example: '2026-11-20', description: 'Day consent was withdrawn' }) date: string;
  @ApiProperty() furtherContact: boolean;
  @ApiProperty() furtherData: boolean;
  @ApiProperty({ description: 'Data collected up to the withdrawal may be used' }) collectedData: boolean;
}

/** A participant as the list, a status change and a treatment stop return it. */
export class ParticipantDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'TEIAS-LUMC-0007' }) label: string;
  @ApiProperty({ example: 'TEIAS' }) study: string;
  @ApiProperty({ example: 'LUMC' }) siteCode: string;
  @ApiProperty({ enum: PARTICIPANT_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String }) statusReason: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Arm code once randomised' }) arm: string | null;
  @ApiProperty({ nullable: true, type: String }) cohort: string | null;
  @ApiProperty() birthYear: number;
  @ApiProperty({ enum: ['female', 'male'] }) sex: string;
  @ApiProperty({ type: () => ParticipantConsentDto }) consent: ParticipantConsentDto;
  @ApiProperty() enrolledAt: string;
  @ApiProperty({ nullable: true, type: String }) plannedAnchorDate: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Day 0 of the schedule once known' }) anchorDate: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Local wall time (HH:MM) of the anchor, when recorded' }) anchorTime:
    string | null;
  @ApiProperty({
    type: () => ParticipantTreatmentStopDto,
    nullable: true,
    description: 'Stopped treatment, follow-up continues (not a status)',
  })
  treatment: ParticipantTreatmentStopDto | null;
  @ApiProperty({
    type: () => RecordedWithdrawalDto,
    nullable: true,
    description: 'What a participant who withdrew consent allows; null otherwise',
  })
  withdrawal: RecordedWithdrawalDto | null;
  @ApiProperty({ description: 'Contact details are on file (GET /participants/{id}/contact); always false in the list' })
  hasContact: boolean;
}

export class ScheduleEntryDto {
  @ApiProperty() eventId: string;
  @ApiProperty() title: string;
  @ApiProperty() offsetDays: number;
  @ApiProperty() windowBefore: number;
  @ApiProperty() windowAfter: number;
  @ApiProperty({ type: [String] }) forms: string[];
  @ApiProperty({ type: [String], description: 'The participant’s cohort’s instruments where the event has them' }) instruments: string[];
  @ApiProperty({ nullable: true, type: String, description: 'Null until the anchor is known' }) dueAt: string | null;
  @ApiProperty({ nullable: true, type: String }) opensAt: string | null;
  @ApiProperty({ nullable: true, type: String }) closesAt: string | null;
  @ApiProperty({ enum: ['awaiting_anchor', 'upcoming', 'open', 'closed'] }) state: string;
}

export class ParticipantDetailDto extends ParticipantDto {
  @ApiProperty({ type: [ScheduleEntryDto], description: 'Scheduled time points (not the unscheduled event) with windows and states' })
  schedule: ScheduleEntryDto[];
}

export class ParticipantContactDto {
  @ApiPropertyOptional({ example: 'participant@example.org' }) email?: string;
  @ApiPropertyOptional({ example: '+31612345678' }) phone?: string;
  @ApiPropertyOptional({ enum: ['nl', 'en'], description: 'Absent (an empty object) when no contact details are on file' })
  language?: 'nl' | 'en';
}

export class ScreeningSiteDto {
  @ApiProperty() siteCode: string;
  @ApiProperty() screened: number;
  @ApiProperty() eligible: number;
  @ApiProperty() enrolled: number;
}

export class ScreeningDto {
  @ApiProperty({ type: [ScreeningSiteDto] }) sites: ScreeningSiteDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Criterion id (or birthYear) → how often it failed',
  })
  failures: Record<string, number>;
}

// ----- mappers: the documented views, field by field -----

export function participantDto(v: ParticipantView): ParticipantDto {
  return {
    id: v.id,
    label: v.label,
    study: v.study,
    siteCode: v.siteCode,
    status: v.status,
    statusReason: v.statusReason,
    arm: v.arm,
    cohort: v.cohort,
    birthYear: v.birthYear,
    sex: v.sex,
    consent: { date: v.consent.date, version: v.consent.version },
    enrolledAt: v.enrolledAt,
    plannedAnchorDate: v.plannedAnchorDate,
    anchorDate: v.anchorDate,
    anchorTime: v.anchorTime,
    treatment: v.treatment && { stoppedOn: v.treatment.stoppedOn, reason: v.treatment.reason },
    withdrawal: v.withdrawal && {
      date: v.withdrawal.date,
      furtherContact: v.withdrawal.furtherContact,
      furtherData: v.withdrawal.furtherData,
      collectedData: v.withdrawal.collectedData,
    },
    hasContact: v.hasContact,
  };
}

export function participantDetailDto(v: ParticipantView & { schedule: ScheduleEntry[] }): ParticipantDetailDto {
  return {
    ...participantDto(v),
    schedule: v.schedule.map((e) => ({
      eventId: e.eventId,
      title: e.title,
      offsetDays: e.offsetDays,
      windowBefore: e.windowBefore,
      windowAfter: e.windowAfter,
      forms: e.forms,
      instruments: e.instruments,
      dueAt: e.dueAt,
      opensAt: e.opensAt,
      closesAt: e.closesAt,
      state: e.state,
    })),
  };
}

/** Only the documented keys of the decrypted contact, each when present; `{}` without contact details. */
export function contactDto(c: ContactDetails | null): ParticipantContactDto {
  if (!c) return {};
  return {
    ...(c.email !== undefined ? { email: c.email } : {}),
    ...(c.phone !== undefined ? { phone: c.phone } : {}),
    ...(c.language !== undefined ? { language: c.language } : {}),
  };
}
