import { ApiProperty, ApiPropertyOptional, type SchemaObject } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

const ID = /^[a-z][a-z0-9_]{0,63}$/;
const ID_MESSAGE = 'must be an id of the study definition (lower case, digits, _)';

export class InstanceQueryDto {
  @ApiPropertyOptional({ description: 'Instance of a repeating form (adverse events, medication); default 1', minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  instance?: number;
}

export class FormAuditQueryDto extends InstanceQueryDto {
  @ApiPropertyOptional({ description: 'Also rebuild the form, from the audit rows alone, as it stood at this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}

export class SaveFormDto {
  @ApiProperty({
    description:
      'Every value of the form (a PUT replaces them: a field left out is cleared). Missing-data codes as {"missing": "not_done"|"unknown"|"not_applicable"}',
    type: 'object',
    additionalProperties: true,
    example: { birth_year: 1980, sex: 1, height: 172, weight: 70.5, smoking: 1, work: 1, workload: 1 },
  })
  @IsObject()
  values: Record<string, unknown>;

  @ApiPropertyOptional({
    enum: ['incomplete', 'complete'],
    example: 'incomplete',
    description: 'Default: the current status (incomplete on the first save); complete enforces required fields',
  })
  @IsOptional()
  @IsIn(['incomplete', 'complete'])
  status?: 'incomplete' | 'complete';

  @ApiPropertyOptional({
    example: 'Height re-measured at the visit',
    description: 'Why a complete form changes; required then, recorded on every audit row of the change',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({
    description: 'The version last read; omit (or null) on the first save',
    nullable: true,
    type: Number,
    example: null,
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  version?: number | null;
}

export class FormViewDto {
  @ApiProperty({ enum: ['not_started', 'incomplete', 'complete'] }) status: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) values: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: Number }) version: number | null;
}

export class CheckWarningDto {
  @ApiProperty() field: string;
  @ApiProperty() check: string;
  @ApiProperty() message: string;
}

export class SavedFormDto extends FormViewDto {
  @ApiProperty({ type: [CheckWarningDto], description: 'Soft checks that failed: saved, and a query is open on each field' })
  warnings: CheckWarningDto[];
  @ApiProperty({ description: 'Protocol deviations this form instance shows (window, arm)', type: () => [FormDeviationDto] })
  deviations: FormDeviationDto[];
}

export class OpenQueryDto {
  @ApiProperty({ example: 'enrolment' }) @IsString() @Matches(ID, { message: ID_MESSAGE }) eventId: string;
  @ApiProperty({ example: 'demographics' }) @IsString() @Matches(ID, { message: ID_MESSAGE }) formId: string;
  @ApiPropertyOptional({ minimum: 1, example: 1 }) @IsOptional() @IsInt() @Min(1) @Max(10_000) instance?: number;
  @ApiProperty({ example: 'weight' }) @IsString() @Matches(ID, { message: ID_MESSAGE }) field: string;
  @ApiProperty({ example: 'Weight differs from the clinic letter (68 kg); please check' })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  text: string;
}

export class QueryTextDto {
  @ApiProperty({ example: 'Corrected from the source document' }) @IsString() @MinLength(1) @MaxLength(2000) text: string;
}

export class CloseQueryDto {
  @ApiPropertyOptional({ example: 'Resolved' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(2000) text?: string;
}

export class QueryListDto {
  @ApiPropertyOptional({ enum: ['open', 'answered', 'closed'] }) @IsOptional() @IsIn(['open', 'answered', 'closed']) status?:
    'open' | 'answered' | 'closed';
}

export class VerifyDto {
  @ApiProperty({ example: 'enrolment', description: 'The visit; alone it verifies every entered field of every form of the visit' })
  @IsString()
  @Matches(ID, { message: ID_MESSAGE })
  eventId: string;
  @ApiPropertyOptional({ example: 'demographics', description: 'One form instance of the visit' })
  @IsOptional()
  @IsString()
  @Matches(ID, { message: ID_MESSAGE })
  formId?: string;
  @ApiPropertyOptional({ minimum: 1, example: 1 }) @IsOptional() @IsInt() @Min(1) @Max(10_000) instance?: number;
  @ApiPropertyOptional({ type: [String], example: ['height', 'weight'], description: 'Only these fields of the form' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @Matches(ID, { each: true, message: ID_MESSAGE })
  fields?: string[];
}

export class SdvPlanDto {
  @ApiProperty({
    enum: ['all', 'critical', 'sample'],
    example: 'sample',
    description: 'all fields; critical fields only; every field of a sample of participants',
  })
  @IsIn(['all', 'critical', 'sample'])
  kind: 'all' | 'critical' | 'sample';
  @ApiPropertyOptional({ minimum: 1, maximum: 100, example: 20, description: 'sample: the share of participants, in percent' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  samplePercent?: number;
}

export class SignDto {
  @ApiProperty({ enum: ['form', 'visit', 'casebook'], example: 'form' }) @IsIn(['form', 'visit', 'casebook']) scope:
    'form' | 'visit' | 'casebook';
  @ApiPropertyOptional({ example: 'enrolment', description: 'form and visit: the visit' })
  @IsOptional()
  @IsString()
  @Matches(ID, { message: ID_MESSAGE })
  eventId?: string;
  @ApiPropertyOptional({ example: 'demographics', description: 'form: the form' })
  @IsOptional()
  @IsString()
  @Matches(ID, { message: ID_MESSAGE })
  formId?: string;
  @ApiPropertyOptional({ minimum: 1, example: 1 }) @IsOptional() @IsInt() @Min(1) @Max(10_000) instance?: number;
  @ApiProperty({ example: 'demo-password-2026', description: 'The signer re-enters the account password (21 CFR Part 11)' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
  @ApiPropertyOptional({
    example: 'I confirm that the data in this form are accurate',
    description: 'Meaning of the signature; a default per scope otherwise',
  })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  meaning?: string;
}

export class LockDto {
  @ApiProperty({ example: 'enrolment' }) @IsString() @Matches(ID, { message: ID_MESSAGE }) eventId: string;
  @ApiPropertyOptional({ example: 'demographics', description: 'Lock one form instance; without it the whole visit is locked' })
  @IsOptional()
  @IsString()
  @Matches(ID, { message: ID_MESSAGE })
  formId?: string;
  @ApiPropertyOptional({ minimum: 1, example: 1 }) @IsOptional() @IsInt() @Min(1) @Max(10_000) instance?: number;
  @ApiProperty({ example: 'Cleaned for the interim analysis' }) @IsString() @MinLength(3) @MaxLength(1000) reason: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'Correction requested by the monitor' }) @IsString() @MinLength(3) @MaxLength(1000) reason: string;
}

export class CasebookRequestedDto {
  @ApiProperty({ description: 'Queue job id (deterministic: casebook-<id>)' }) jobId: string;
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The participant’s casebook number' }) n: number;
}

// ----- responses -----

/**
 * Any JSON value (audit `from`/`to`, a form value): OpenAPI 3.0 has no "any" type, so the schema
 * names each JSON type; `nullable` on each lets null through.
 */
const JSON_VALUE: Pick<SchemaObject, 'anyOf'> = {
  anyOf: [
    { type: 'string', nullable: true },
    { type: 'number', nullable: true },
    { type: 'boolean', nullable: true },
    { type: 'array', items: {}, nullable: true },
    { type: 'object', additionalProperties: true, nullable: true },
  ],
};

const QUERY_STATUSES = ['open', 'answered', 'closed'] as const;
const MESSAGE_KINDS = ['open', 'answer', 'close', 'reopen'] as const;
const DEVIATION_KINDS = [
  'out_of_window',
  'missing_form',
  'treatment_in_other_arm',
  'eligibility_violation',
  'wrong_treatment',
  'other',
] as const;
const SCOPES = ['form', 'visit', 'casebook'] as const;

export class FormSummaryDto {
  @ApiProperty({ example: 'enrolment' }) eventId: string;
  @ApiProperty({ example: 'demographics' }) formId: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) instance: number;
  @ApiProperty({ enum: ['incomplete', 'complete'] }) status: 'incomplete' | 'complete';
  @ApiProperty({ type: 'integer', minimum: 1 }) version: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class FormAuditEntryDto {
  @ApiProperty({ type: 'integer', description: 'Position in the audit hash chain' }) seq: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null for system changes' }) userId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The user’s name; null for system changes' }) userName: string | null;
  @ApiProperty({ example: 'update', description: '`create` or `update` (a field’s value), `status` (the form’s status)' })
  action: string;
  @ApiProperty({ type: String, nullable: true, description: 'The field id; null for a status change' }) field: string | null;
  @ApiProperty({ ...JSON_VALUE, description: 'JSON value before' }) from: unknown;
  @ApiProperty({ ...JSON_VALUE, description: 'JSON value after' }) to: unknown;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
}

export class FormStateDto {
  @ApiProperty({ example: 'incomplete' }) status: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) values: Record<string, unknown>;
}

export class FormHistoryDto {
  @ApiProperty({ type: () => [FormAuditEntryDto], description: 'The audit rows of the form instance in chain order' })
  rows: FormAuditEntryDto[];
  @ApiPropertyOptional({
    type: () => FormStateDto,
    nullable: true,
    description: 'Only with `at`: the form rebuilt from the audit rows at that instant; null when it had not been saved yet',
  })
  stateAt?: FormStateDto | null;
}

export class QueryMessageDto {
  @ApiProperty({ enum: MESSAGE_KINDS }) kind: (typeof MESSAGE_KINDS)[number];
  @ApiProperty({ type: String, nullable: true, description: 'Null for the system (soft checks)' }) userId: string | null;
  @ApiProperty({ type: String, nullable: true }) userName: string | null;
  @ApiProperty() text: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class FormQueryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) participantId: string;
  @ApiProperty({ example: 'TEIAS-LUMC-0007' }) participantLabel: string;
  @ApiProperty({ example: 'LUMC' }) siteCode: string;
  @ApiProperty({ example: 'enrolment' }) eventId: string;
  @ApiProperty({ example: 'demographics' }) formId: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) instance: number;
  @ApiProperty({ example: 'weight' }) field: string;
  @ApiProperty({ enum: QUERY_STATUSES }) status: (typeof QUERY_STATUSES)[number];
  @ApiProperty({ type: String, nullable: true, description: 'The soft check that opened it; null for a query raised by hand' })
  checkId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who opened it; null for the system' }) openedBy: string | null;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: string | null;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Whole days since it was opened (until it was closed)' }) ageDays: number;
  @ApiProperty({ type: () => [QueryMessageDto], description: 'The thread, oldest first' }) messages: QueryMessageDto[];
}

export class SdvPlanViewDto {
  @ApiProperty({ enum: ['all', 'critical', 'sample'] }) kind: 'all' | 'critical' | 'sample';
  @ApiProperty({ type: 'integer', nullable: true, description: 'sample: the share of participants, in percent; otherwise null' })
  samplePercent: number | null;
}

export class VerifiedFieldDto {
  @ApiProperty() eventId: string;
  @ApiProperty() formId: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) instance: number;
  @ApiProperty() field: string;
}

export class VerifiedDto {
  @ApiProperty({ type: () => [VerifiedFieldDto] }) verified: VerifiedFieldDto[];
}

export class SdvFormStatusDto {
  @ApiProperty() eventId: string;
  @ApiProperty() formId: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) instance: number;
  @ApiProperty({ type: [String], description: 'Fields the plan asks to verify' }) toVerify: string[];
  @ApiProperty({ type: [String] }) verified: string[];
  @ApiProperty({ type: [String] }) remaining: string[];
}

export class SdvStatusDto {
  @ApiProperty({ type: () => SdvPlanViewDto }) plan: SdvPlanViewDto;
  @ApiProperty({ description: 'sample plan: whether this participant is in the sample' }) sampled: boolean;
  @ApiProperty({ type: () => [SdvFormStatusDto] }) forms: SdvFormStatusDto[];
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Fields still to verify, all forms' }) remaining: number;
}

export class SdvParticipantProgressDto {
  @ApiProperty({ format: 'uuid' }) participantId: string;
  @ApiProperty({ example: 'TEIAS-LUMC-0007' }) label: string;
  @ApiProperty({ example: 'LUMC' }) siteCode: string;
  @ApiProperty() sampled: boolean;
  @ApiProperty({ type: 'integer', minimum: 0 }) remaining: number;
}

export class SdvReportDto {
  @ApiProperty({ type: () => SdvPlanViewDto }) plan: SdvPlanViewDto;
  @ApiProperty({ type: () => [SdvParticipantProgressDto] }) participants: SdvParticipantProgressDto[];
  @ApiProperty({ type: 'integer', minimum: 0 }) remaining: number;
}

export class SignatureDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) participantId: string;
  @ApiProperty({ example: 'TEIAS' }) studyCode: string;
  @ApiProperty({ enum: SCOPES }) scope: (typeof SCOPES)[number];
  @ApiProperty({ type: String, nullable: true, description: 'form and visit: the visit' }) eventId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'form: the form' }) formId: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'form: the instance' }) instance: number | null;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() printedName: string;
  @ApiProperty() meaning: string;
  @ApiProperty({ format: 'date-time' }) signedAt: string;
  @ApiProperty({ enum: ['valid', 'voided'] }) status: 'valid' | 'voided';
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) voidedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who made the change that voided it' }) voidedBy: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The change that voided it' }) voidedBecause: string | null;
}

export class SignatureMeaningsDto {
  @ApiProperty() form: string;
  @ApiProperty() visit: string;
  @ApiProperty() casebook: string;
}

export class SignerDto {
  @ApiProperty({ description: 'The account’s name, printed on the signature' }) printedName: string;
  @ApiProperty({ type: () => SignatureMeaningsDto, description: 'The default meaning per scope' }) meanings: SignatureMeaningsDto;
}

export class FormLockDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) participantId: string;
  @ApiProperty({ example: 'TEIAS' }) studyCode: string;
  @ApiProperty() eventId: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null: the whole visit is locked' }) formId: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) instance: number | null;
  @ApiProperty({ type: String, nullable: true }) lockedBy: string | null;
  @ApiProperty({ type: String, nullable: true }) lockedByName: string | null;
  @ApiProperty({ format: 'date-time' }) lockedAt: string;
  @ApiProperty() reason: string;
}

/** A deviation one form instance shows, as a save returns it. */
export class FormDeviationDto {
  @ApiProperty({ enum: DEVIATION_KINDS }) kind: (typeof DEVIATION_KINDS)[number];
  @ApiProperty({ enum: ['major', 'minor'] }) grade: 'major' | 'minor';
  @ApiProperty({ format: 'uuid' }) participantId: string;
  @ApiProperty() eventId: string;
  @ApiProperty() formId: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Null for a missing form' }) instance: number | null;
  @ApiProperty() detail: string;
}

/** A deviation detected from the forms and the schedule (GET /studies/{study}/deviations). */
export class DetectedDeviationDto extends FormDeviationDto {
  @ApiProperty({ example: 'TEIAS-LUMC-0007' }) label: string;
  @ApiProperty({ example: 'LUMC' }) siteCode: string;
  @ApiProperty({ enum: ['detected'], description: 'Deviations entered by hand are listed by GET /studies/{study}/deviations/recorded' })
  source: 'detected';
}

export class CasebookStatusDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The participant’s casebook number' }) n: number;
  @ApiProperty({ enum: ['building', 'ready', 'failed'] }) status: 'building' | 'ready' | 'failed';
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 }) progress: number;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Size of the PDF once ready' }) bytes: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'SHA-256 of the PDF (hex) once ready' }) sha256: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the build failed' }) error: string | null;
}

/** The detected deviations as GET /studies/{study}/deviations lists them: the service's view, marked `source: detected` (API.md). */
export function toDetectedDeviationDtos(rows: ReadonlyArray<Omit<DetectedDeviationDto, 'source'>>): DetectedDeviationDto[] {
  return rows.map((d) => ({
    kind: d.kind,
    grade: d.grade,
    participantId: d.participantId,
    label: d.label,
    siteCode: d.siteCode,
    eventId: d.eventId,
    formId: d.formId,
    instance: d.instance,
    detail: d.detail,
    source: 'detected',
  }));
}

/**
 * A form's history as GET …/forms/{formId}/audit returns it. The service's rows carry the audit
 * columns (user id, reason) beyond what its type names; the mapper names every field the DTO lists.
 */
export function toFormHistoryDto(history: {
  rows: ReadonlyArray<{
    seq: number;
    at: string;
    action: string;
    field: string | null;
    from: unknown;
    to: unknown;
    userName: string | null;
  }>;
  stateAt?: { status: string; values: Record<string, unknown> } | null;
}): FormHistoryDto {
  const rows = history.rows.map((r) => {
    const row = r as typeof r & { userId?: string | null; reason?: string | null };
    return {
      seq: row.seq,
      at: row.at,
      userId: row.userId ?? null,
      userName: row.userName,
      action: row.action,
      field: row.field,
      from: row.from ?? null,
      to: row.to ?? null,
      reason: row.reason ?? null,
    };
  });
  return history.stateAt === undefined ? { rows } : { rows, stateAt: history.stateAt };
}
