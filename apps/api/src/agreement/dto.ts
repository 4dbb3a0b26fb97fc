import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';

export class SaveReadingDto {
  @ApiProperty({
    description:
      'The grades of the reading (a PUT replaces them). Not the reader id nor what is read (level, side): the server sets them. ' +
      'Missing-data codes as {"missing": "not_done"}',
    type: 'object',
    additionalProperties: true,
    example: { root_comp: 2, miskin_cc: 1, miskin_lr: 2, foraminal: 0, modic: 0 },
  })
  @IsObject()
  values: Record<string, unknown>;

  @ApiPropertyOptional({
    enum: ['incomplete', 'complete'],
    example: 'complete',
    description: 'Default: the current status (incomplete on the first save)',
  })
  @IsOptional()
  @IsIn(['incomplete', 'complete'])
  status?: 'incomplete' | 'complete';

  @ApiPropertyOptional({
    example: 'Foraminal grade re-read on the sagittal series',
    description: 'Why a complete reading changes; required then',
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
  @Max(2 ** 31 - 1)
  version?: number | null;
}

class SubjectValueDto {
  @ApiProperty({ example: 'level' }) field: string;
  @ApiProperty({ example: 'Level' }) label: string;
  @ApiProperty({ example: 4, description: 'The option code of the first reading' }) code: number;
  @ApiProperty({ example: 'L4–L5' }) text: string;
}

class OwnReadingDto {
  @ApiProperty() instance: number;
  @ApiProperty({ enum: ['incomplete', 'complete'] }) status: string;
  @ApiProperty() version: number;
}

export class ReadingTaskDto {
  @ApiProperty({ format: 'uuid' }) participantId: string;
  @ApiProperty({ example: 'POTEISS-LUMC-0001' }) label: string;
  @ApiProperty({ type: [SubjectValueDto], description: 'What to grade (level, side), from the first reading; never its grades' })
  subject: SubjectValueDto[];
  @ApiProperty({ type: OwnReadingDto, nullable: true, description: 'The caller’s own reading, once started' })
  reading: OwnReadingDto | null;
}

export class BlindedReadingDto extends ReadingTaskDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The caller’s own grades; {} before the first save' })
  values: Record<string, unknown>;
  @ApiProperty({ type: [String], example: ['root_comp', 'miskin_cc', 'miskin_lr', 'foraminal', 'modic'] }) fields: string[];
}

class KappaEstimateDto {
  @ApiProperty({ nullable: true, type: Number, description: 'Null when undefined (no pairs, or one grade used by both readers)' })
  value: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Asymptotic standard error (Fleiss, Cohen & Everitt 1969; vcd::Kappa ASE)' })
  se: number | null;
  @ApiProperty({ nullable: true, type: Number, description: '95% interval: value − 1.96 · se' }) lower: number | null;
  @ApiProperty({ nullable: true, type: Number, description: '95% interval: value + 1.96 · se' }) upper: number | null;
}

class SideDto {
  @ApiProperty({ example: 1 }) code: number;
  @ApiProperty({ example: 'Left' }) label: string;
}

class AgreementRowDto {
  @ApiProperty({ example: 'miskin_cc' }) grade: string;
  @ApiProperty({ example: 'Central canal stenosis (Miskin grade)' }) label: string;
  @ApiProperty({ type: SideDto, nullable: true, description: 'Null: every pair; otherwise the pairs graded on this side' })
  side: SideDto | null;
  @ApiProperty({ type: [Number], example: [0, 1, 2, 3] }) categories: number[];
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'integer' } },
    description: 'Counts: rows the first reading’s grade, columns the second’s',
  })
  table: number[][];
  @ApiProperty({ description: 'Pairs counted' }) n: number;
  @ApiProperty({ nullable: true, type: Number }) observedAgreement: number | null;
  @ApiProperty({ type: KappaEstimateDto, description: 'Cohen’s kappa' }) unweighted: KappaEstimateDto;
  @ApiProperty({ type: KappaEstimateDto, description: 'Linear weights 1 − |i − j| / 3 (vcd "Equal-Spacing")' }) linear: KappaEstimateDto;
  @ApiProperty({ type: KappaEstimateDto, description: 'Quadratic weights 1 − (i − j)² / 9 (vcd "Fleiss-Cohen")' })
  quadratic: KappaEstimateDto;
}

export class AgreementDto {
  @ApiProperty({ example: 'POTEISS' }) study: string;
  @ApiProperty({ description: 'Participants with a complete first reading' }) firstReadings: number;
  @ApiProperty({ description: 'Of those, with a complete further reading by another reader of the same level and side' }) pairs: number;
  @ApiProperty({ description: 'Complete further readings entered blind by a reader (the others came through the CRF)' })
  blindedReadings: number;
  @ApiProperty({ type: [AgreementRowDto] }) rows: AgreementRowDto[];
}
