import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const ANSWERS_EXAMPLE = { NRS_LEG: { nrs: 6 }, GPE: { gpe: 2 } };

export class LanguageQueryDto {
  @ApiPropertyOptional({ enum: ['nl', 'en'], default: 'en' }) @IsOptional() @IsIn(['nl', 'en']) language?: 'nl' | 'en';
}

export class PortalLanguageQueryDto {
  @ApiPropertyOptional({ enum: ['nl', 'en'], description: "Default: the participant's contact language" })
  @IsOptional()
  @IsIn(['nl', 'en'])
  language?: 'nl' | 'en';
}

export class ScoreDto {
  @ApiProperty({
    description: 'Item id → code (an absent item is missing)',
    example: { odi1: 2, odi2: 1 },
    type: 'object',
    additionalProperties: true,
  })
  @IsObject()
  answers: Record<string, number | string | number[] | null>;
}

export class ScoreResultDto {
  @ApiProperty({ type: 'object', additionalProperties: true, example: { score: 33.3, band: 'moderate' } }) scores: Record<
    string,
    number | string | boolean | null
  >;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Why each null score is null' }) reasons: Record<
    string,
    string
  >;
}

export class QuestionnaireAnswersDto {
  @ApiProperty({
    description: 'Instrument code → item id → code; `null` clears a saved item',
    example: ANSWERS_EXAMPLE,
    type: 'object',
    additionalProperties: true,
  })
  @IsObject()
  answers: Record<string, Record<string, unknown>>;
}

export class EntryDto extends QuestionnaireAnswersDto {
  @ApiProperty({ enum: ['paper', 'phone', 'clinic'], example: 'phone', description: 'How the answers were collected' })
  @IsIn(['paper', 'phone', 'clinic'])
  mode: 'paper' | 'phone' | 'clinic';
}

export class SubmissionDto {
  @ApiProperty({ description: 'Instrument code → score name → value', type: 'object', additionalProperties: true }) scores: Record<
    string,
    Record<string, unknown>
  >;
  @ApiProperty({ description: 'Instrument code → score name → why it is null', type: 'object', additionalProperties: true })
  reasons: Record<string, Record<string, string>>;
}

export class DueQueryDto {
  @ApiPropertyOptional({
    enum: ['due', 'overdue'],
    default: 'due',
    description: 'due: window open now; overdue: past the due instant, not completed',
  })
  @IsOptional()
  @IsIn(['due', 'overdue'])
  status?: 'due' | 'overdue';
}

export class TasksQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'done'] }) @IsOptional() @IsIn(['open', 'done']) status?: 'open' | 'done';
}

export class MessageDto {
  @ApiProperty({ enum: ['invitation', 'reminder', 'coordinator_task'] }) kind: string;
  @ApiProperty() number: number;
  @ApiProperty({ description: 'Planned send instant (quiet hours applied)' }) sendAt: string;
  @ApiProperty({ enum: ['pending', 'sending', 'sent', 'skipped', 'cancelled', 'failed', 'unknown'] }) state: string;
  @ApiProperty({ nullable: true, type: String }) sentAt: string | null;
  @ApiProperty({ nullable: true, enum: ['email', 'sms', 'task', 'none'] }) channel: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why it was skipped, cancelled or deferred' }) reason: string | null;
}

const MISSED_REASON_CODES = ['not_reached', 'refused', 'too_ill', 'forgot', 'technical', 'admin_error', 'other'];

export class MissedReasonDto {
  @ApiProperty({ enum: MISSED_REASON_CODES, example: 'not_reached' }) @IsIn(MISSED_REASON_CODES) reason:
    'not_reached' | 'refused' | 'too_ill' | 'forgot' | 'technical' | 'admin_error' | 'other';
  @ApiPropertyOptional({ maxLength: 2000, example: 'Three calls and a letter, no answer', description: 'Required for `other`' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

class CompletionCountsDto {
  @ApiProperty() scheduled: number;
  @ApiProperty() open: number;
  @ApiProperty() completed: number;
  @ApiProperty() missed: number;
  @ApiProperty({ nullable: true, type: Number, description: 'completed / (completed + missed)' }) rate: number | null;
}

class SiteCompletionDto extends CompletionCountsDto {
  @ApiProperty() siteCode: string;
}

class ArmCompletionDto extends CompletionCountsDto {
  @ApiProperty() arm: string;
}

export class CompletionDto extends CompletionCountsDto {
  @ApiProperty() eventId: string;
  @ApiProperty({ type: [SiteCompletionDto] }) bySite: SiteCompletionDto[];
  @ApiProperty({ type: [ArmCompletionDto], description: 'Randomised studies only; empty for a cohort' }) byArm: ArmCompletionDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Missed questionnaires per recorded reason; `unrecorded` for those without one',
  })
  missedReasons: Record<string, number>;
}

export class ParticipantQuestionnaireDto {
  @ApiProperty() id: string;
  @ApiProperty() eventId: string;
  @ApiProperty({ type: [String] }) instruments: string[];
  @ApiProperty({ enum: ['remote', 'clinic'] }) mode: string;
  @ApiProperty({ description: '00:00 (study time zone) of the day windowBefore days before dueAt' }) opensAt: string;
  @ApiProperty({ description: '00:00 (study time zone) of anchor date + offset days' }) dueAt: string;
  @ApiProperty({ description: '24:00 (study time zone) of the day windowAfter days after dueAt; exclusive' }) closesAt: string;
  @ApiProperty({ enum: ['upcoming', 'open', 'in_progress', 'completed', 'missed', 'cancelled'] }) status: string;
  @ApiProperty({ description: 'Not completed and its due day (study time zone) has passed; never on the due day itself' })
  overdue: boolean;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ nullable: true, enum: ['web', 'paper', 'phone', 'clinic'] }) entryMode: string | null;
  @ApiProperty({ nullable: true, enum: MISSED_REASON_CODES, description: 'Why it was missed, as the coordinator recorded it' })
  missedReason: string | null;
  @ApiProperty({ nullable: true, type: String }) missedNote: string | null;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true }) scores: Record<string, unknown> | null;
  @ApiProperty({ type: [MessageDto] }) messages: MessageDto[];
}

export class IssuedLinkDto {
  @ApiProperty({
    description: '`{PUBLIC_URL}/q/{token}`: shown once, stored only hashed; earlier links of the questionnaire no longer work',
  })
  link: string;
  @ApiProperty({ description: 'When the link stops working (the window’s close)' }) expiresAt: string;
  @ApiProperty({ description: 'How many earlier links this one voided' }) voided: number;
}

export class ResentInvitationDto {
  @ApiProperty({ description: 'The invitation’s number for this questionnaire (the first invitation is 1)' }) number: number;
  @ApiProperty({ description: 'When the worker sends it (quiet hours still apply)' }) sendAt: string;
  @ApiProperty({ description: 'False when a resent invitation was already waiting to go out: nothing more is added' }) created: boolean;
  @ApiProperty({ description: 'How many earlier links were voided' }) voided: number;
}

export class TaskOutcomeBodyDto {
  @ApiProperty({ enum: ['reached', 'no_answer', 'refused', 'rescheduled'], example: 'rescheduled' })
  @IsIn(['reached', 'no_answer', 'refused', 'rescheduled'])
  outcome: 'reached' | 'no_answer' | 'refused' | 'rescheduled';
  @ApiPropertyOptional({ maxLength: 2000, example: 'Asked to call back next week' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
  @ApiPropertyOptional({ description: 'YYYY-MM-DD; required for rescheduled, refused otherwise', example: '2026-12-01' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  date?: string;
}

export class TaskOutcomeDto {
  @ApiProperty() id: string;
  @ApiProperty() taskId: string;
  @ApiProperty({ enum: ['reached', 'no_answer', 'refused', 'rescheduled'] }) outcome: string;
  @ApiProperty() note: string;
  @ApiProperty({ nullable: true, type: String }) rescheduleDate: string | null;
  @ApiProperty() at: string;
  @ApiProperty() userId: string;
  @ApiProperty({ nullable: true, type: String }) userName: string | null;
}
