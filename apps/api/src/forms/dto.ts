import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  @ApiProperty({ description: 'Protocol deviations this form instance shows (window, arm)', type: 'array', items: { type: 'object' } })
  deviations: unknown[];
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
