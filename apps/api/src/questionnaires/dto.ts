import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { DueRow, TaskOutcomeRow } from '@trialdata/database';
import type { OutcomeView, TaskView } from '@trialdata/questionnaires';

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
  @ApiProperty({ enum: ['invitation', 'reminder', 'coordinator_task', 'short_version'] }) kind: string;
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
  @ApiPropertyOptional({
    nullable: true,
    enum: ['full', 'short'],
    description: 'Which version completed it (`short`: the primary-outcome instruments only); null until completed',
  })
  completedBy?: 'full' | 'short' | null;
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

// ----- instruments as the API serves them (libs/instruments publicInstrument) -----

export class InstrumentOptionDto {
  @ApiProperty() code: number;
  @ApiProperty() label: string;
  @ApiPropertyOptional({ enum: [true], description: 'multichoice: cannot be combined with another option; absent otherwise' })
  exclusive?: true;
}

export class InstrumentItemShowIfDto {
  @ApiProperty({ description: 'Another item of the instrument' }) item: string;
  @ApiProperty({ description: 'The code that item must have' }) equals: number;
}

export class InstrumentItemDto {
  @ApiProperty() id: string;
  @ApiProperty() label: string;
  @ApiProperty({ enum: ['choice', 'multichoice', 'integer', 'date'] }) type: 'choice' | 'multichoice' | 'integer' | 'date';
  @ApiProperty({ type: [InstrumentOptionDto], description: 'Empty for integer and date items' }) options: InstrumentOptionDto[];
  @ApiPropertyOptional({ description: 'integer: inclusive range' }) min?: number;
  @ApiPropertyOptional() max?: number;
  @ApiPropertyOptional({ description: 'Items sharing a group are shown on one screen' }) group?: string;
  @ApiProperty({ description: 'The patient page asks for an answer before moving on' }) required: boolean;
  @ApiPropertyOptional({ type: () => InstrumentItemShowIfDto, description: 'Asked only when another item has the given code' })
  showIf?: InstrumentItemShowIfDto;
}

export class InstrumentDto {
  @ApiProperty({ example: 'NRS_LEG' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ['nl', 'en'], description: 'The language shown (the instrument’s first when it lacks the one asked for)' })
  language: 'nl' | 'en';
  @ApiPropertyOptional() instructions?: string;
  @ApiProperty({ type: [InstrumentItemDto], description: 'In the instrument’s own order' }) items: InstrumentItemDto[];
  @ApiProperty({ type: [String], description: 'The names of the scores that scoring returns, in order' }) scoreNames: string[];
  @ApiPropertyOptional({ enum: [true], description: 'Placeholder wording (descriptive labels or no licensed key); absent otherwise' })
  placeholder?: true;
}

// ----- the patient portal -----

const INSTRUMENT_ANSWERS = {
  type: 'object',
  additionalProperties: { type: 'object', additionalProperties: true },
  description: 'Instrument code → item id → answer (a code, a number, a date, codes of a multichoice)',
  example: ANSWERS_EXAMPLE,
} as const;

export class PortalContactDto {
  @ApiProperty() name: string;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() phone?: string;
  @ApiPropertyOptional({ enum: [true], description: 'The study names no team: a made-up contact the page marks as such' })
  placeholder?: true;
}

export class PortalQuestionnaireDto {
  @ApiProperty({ enum: ['nl', 'en'] }) language: 'nl' | 'en';
  @ApiProperty({ example: 'TEIAS' }) study: string;
  @ApiProperty() eventId: string;
  @ApiProperty({ description: 'When the window (and the link) closes' }) closesAt: string;
  @ApiProperty({ type: [InstrumentDto], description: 'In the time point’s wording' }) instruments: InstrumentDto[];
  @ApiProperty({ ...INSTRUMENT_ANSWERS, description: 'What the patient saved so far, to continue where they stopped' })
  answers: Record<string, Record<string, unknown>>;
  @ApiProperty() studyTitle: string;
  @ApiProperty({ example: 'Week 2', description: 'The time point’s title in the schedule' }) timePoint: string;
  @ApiProperty({ description: 'Estimated minutes to answer' }) estimatedMinutes: number;
  @ApiProperty({ type: () => PortalContactDto, description: 'The study team, also on every error page' }) contact: PortalContactDto;
  @ApiPropertyOptional({
    enum: ['full', 'short'],
    description: '`short`: the link of a short-version message, with the primary-outcome instruments only',
  })
  version?: 'full' | 'short';
}

export class SavedAnswersDto {
  @ApiProperty({ ...INSTRUMENT_ANSWERS, description: 'All answers saved so far' }) answers: Record<string, Record<string, unknown>>;
}

// ----- coordinator views -----

export class OutcomeReasonsDto {
  @ApiPropertyOptional() nrsLegChange?: string;
  @ApiPropertyOptional() nrsLegPercentChange?: string;
  @ApiPropertyOptional() responder50?: string;
  @ApiPropertyOptional() recovered?: string;
}

export class ParticipantOutcomeDto {
  @ApiProperty() eventId: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Follow-up minus baseline NRS leg pain; negative is improvement' })
  nrsLegChange: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Percentage change from baseline, 1 decimal' })
  nrsLegPercentChange: number | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Leg pain fell by at least 50%' }) responder50: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'GPE completely recovered or much improved' }) recovered: boolean | null;
  @ApiProperty({ type: () => OutcomeReasonsDto, description: 'Why each null outcome is null' }) reasons: OutcomeReasonsDto;
}

export class DueQuestionnaireDto {
  @ApiProperty() questionnaireId: string;
  @ApiProperty() participantId: string;
  @ApiProperty({ example: 'TEIAS-LUMC-0007' }) label: string;
  @ApiProperty() siteCode: string;
  @ApiProperty() eventId: string;
  @ApiProperty() opensAt: string;
  @ApiProperty() dueAt: string;
  @ApiProperty() closesAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'When the patient first opened it' }) startedAt: string | null;
}

export class CoordinatorTaskDto {
  @ApiProperty() id: string;
  @ApiProperty() questionnaireId: string;
  @ApiProperty() participantId: string;
  @ApiProperty({ example: 'TEIAS-LUMC-0007' }) label: string;
  @ApiProperty() siteCode: string;
  @ApiProperty() eventId: string;
  @ApiProperty({ description: 'When the questionnaire’s window closes' }) closesAt: string;
  @ApiProperty({ enum: ['open', 'done'] }) status: 'open' | 'done';
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) doneAt: string | null;
  @ApiProperty({ type: [TaskOutcomeDto], description: 'Contact attempts, oldest first' }) outcomes: TaskOutcomeDto[];
}

// ----- mappers: the documented views, field by field -----

export function taskOutcomeDto(o: TaskOutcomeRow): TaskOutcomeDto {
  return {
    id: o.id,
    taskId: o.taskId,
    outcome: o.outcome,
    note: o.note,
    rescheduleDate: o.rescheduleDate,
    at: o.at,
    userId: o.userId,
    userName: o.userName,
  };
}

export function coordinatorTaskDto(t: TaskView): CoordinatorTaskDto {
  return {
    id: t.id,
    questionnaireId: t.questionnaireId,
    participantId: t.participantId,
    label: t.label,
    siteCode: t.siteCode,
    eventId: t.eventId,
    closesAt: t.closesAt,
    status: t.status,
    createdAt: t.createdAt,
    doneAt: t.doneAt,
    outcomes: t.outcomes.map(taskOutcomeDto),
  };
}

export function dueQuestionnaireDto(r: DueRow): DueQuestionnaireDto {
  return {
    questionnaireId: r.questionnaireId,
    participantId: r.participantId,
    label: r.label,
    siteCode: r.siteCode,
    eventId: r.eventId,
    opensAt: r.opensAt,
    dueAt: r.dueAt,
    closesAt: r.closesAt,
    startedAt: r.startedAt,
  };
}

export function participantOutcomeDto(o: OutcomeView): ParticipantOutcomeDto {
  return {
    eventId: o.eventId,
    nrsLegChange: o.nrsLegChange,
    nrsLegPercentChange: o.nrsLegPercentChange,
    responder50: o.responder50,
    recovered: o.recovered,
    reasons: { ...o.reasons },
  };
}
