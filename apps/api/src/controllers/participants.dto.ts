import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { StatusChangeDto } from '../dto';

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
