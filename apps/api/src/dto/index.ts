import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ROLES, type Role } from '@trialdata/accounts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A TEIAS patient who meets every criterion of GET /studies/TEIAS/eligibility (the demo's first study). */
const TEIAS_ELIGIBLE = {
  inc_sciatica_confirmed: true,
  inc_nrs_leg_ge6: true,
  inc_duration_3_8w: true,
  inc_age_18_55: true,
  inc_consent: true,
  exc_tei_contraindication: false,
  exc_scoliosis: false,
  exc_tei_6m: false,
  exc_surgery_same_level: false,
  exc_surgery_other_1y: false,
  exc_pregnancy: false,
};

/** A TEIAS enrolment that the demo accepts (POST /studies/TEIAS/participants). */
export const TEIAS_ENROLMENT = {
  siteCode: 'LUMC',
  eligibility: TEIAS_ELIGIBLE,
  consent: { date: '2026-11-20', version: '2.1' },
  birthYear: 1980,
  sex: 'female',
  contact: { email: 'participant@example.org', phone: '+31612345678', language: 'nl' },
  prefillForms: true,
};

export class LoginDto {
  @ApiProperty({ example: 'coordinator.lumc@demo.trialdata.org' }) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ example: 'demo-password-2026', description: 'The demo’s password (`npm run demo`)' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

export class TokenDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn: number;
}

export class CreateSiteDto {
  @ApiProperty({ example: 'LUMC', description: '2–12 capital letters or digits; part of participant labels' })
  @IsString()
  @Matches(/^[A-Z0-9]{2,12}$/, { message: 'must be 2–12 capital letters or digits' })
  code: string;
  @ApiProperty({ example: 'Leiden University Medical Center' }) @IsString() @MinLength(2) @MaxLength(200) name: string;
  @ApiProperty({ example: 'NL', description: 'ISO 3166-1 alpha-2' })
  @IsString()
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as NL' })
  country: string;
}

export class SiteDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() country: string;
}

export class AddStudySiteDto {
  @ApiProperty({ example: 'LUMC' })
  @IsString()
  @Matches(/^[A-Z0-9]{2,12}$/, { message: 'must be 2–12 capital letters or digits' })
  siteCode: string;
  @ApiPropertyOptional({ example: 40, description: 'Recruitment target for this site' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  target?: number;
}

export class StudySiteDto {
  @ApiProperty() siteCode: string;
  @ApiProperty() name: string;
  @ApiProperty() country: string;
  @ApiProperty({ nullable: true, type: Number }) target: number | null;
  @ApiProperty() enrolled: number;
}

export class MembershipDto {
  @ApiProperty({ example: 'TEIAS' }) @IsString() @MaxLength(40) study: string;
  @ApiProperty({ enum: ROLES, example: 'coordinator' }) @IsIn(ROLES as unknown as string[]) role: Role;
  @ApiPropertyOptional({ example: 'LUMC', description: 'Binds the member to one site' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z0-9]{2,12}$/, { message: 'must be 2–12 capital letters or digits' })
  siteCode?: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'j.devries@lumc.nl' }) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ minLength: 12, example: 'a long passphrase of theirs' }) @IsString() @MinLength(12) @MaxLength(256) password: string;
  @ApiProperty({ example: 'Jan de Vries' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ type: [MembershipDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MembershipDto)
  memberships: MembershipDto[];
}

export class IdDto {
  @ApiProperty() id: string;
}

export class ConsentDto {
  @ApiProperty({ example: '2026-11-20' }) @IsString() @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) date: string;
  @ApiProperty({ example: '2.1' }) @IsString() @MinLength(1) @MaxLength(40) version: string;
}

export class ContactDto {
  @ApiPropertyOptional({ example: 'participant@example.org' }) @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @ApiPropertyOptional({ example: '+31612345678' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'must be a phone number' })
  phone?: string;
  @ApiProperty({ enum: ['nl', 'en'], example: 'nl' }) @IsIn(['nl', 'en']) language: 'nl' | 'en';
}

export class EnrolDto {
  @ApiProperty({ example: 'LUMC' }) @IsString() @MaxLength(12) siteCode: string;
  @ApiProperty({
    description: 'Every criterion of GET /studies/{study}/eligibility, answered true or false',
    example: TEIAS_ELIGIBLE,
    type: 'object',
    additionalProperties: { type: 'boolean' },
  })
  @IsObject()
  eligibility: Record<string, boolean>;
  @ApiProperty({ type: ConsentDto }) @ValidateNested() @Type(() => ConsentDto) consent: ConsentDto;
  @ApiProperty({ example: 1980 }) @IsInt() @Min(1900) @Max(2100) birthYear: number;
  @ApiProperty({ enum: ['female', 'male'], example: 'female' }) @IsIn(['female', 'male']) sex: 'female' | 'male';
  @ApiPropertyOptional({ type: ContactDto }) @IsOptional() @ValidateNested() @Type(() => ContactDto) contact?: ContactDto;
  @ApiPropertyOptional({ enum: ['lumbar', 'cervical'], example: 'lumbar', description: 'EIMICOR only' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  cohort?: string;
  @ApiPropertyOptional({ example: '2026-12-01', description: 'POTEISS planned injection date, EIMICOR planned surgery date' })
  @IsOptional()
  @IsString()
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  plannedAnchorDate?: string;
  @ApiPropertyOptional({
    description:
      'Also save the eligibility answers and the consent date and version into the study’s eligibility and consent forms (audited, same transaction), where the schedule has them; the console sends true',
    default: false,
    example: true,
  })
  @IsOptional()
  @IsBoolean()
  prefillForms?: boolean;
}

export class EnrolledDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'TEIAS-LUMC-0007' }) label: string;
  @ApiProperty({ example: 'enrolled' }) status: string;
}

export class RandomiseDto {
  @ApiProperty({
    description: 'One option per randomisation factor (site is implied)',
    example: { symptomDuration: '<6w' },
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  @IsObject()
  factors: Record<string, string>;
}

export class RandomisationDto {
  @ApiProperty({ example: 'TEI' }) arm: string;
  @ApiPropertyOptional({ description: 'Position in the stratum (1-based); left out for site-bound staff (allocation concealment)' })
  sequence?: number;
  @ApiProperty({ example: 'LUMC|symptomDuration=<6w' }) stratum: string;
  @ApiProperty() randomisedAt: string;
}

export class StatusChangeDto {
  @ApiProperty({ enum: ['withdrawn', 'completed', 'lost_to_follow_up', 'enrolled', 'randomised'], example: 'withdrawn' })
  @IsIn(['withdrawn', 'completed', 'lost_to_follow_up', 'enrolled', 'randomised'])
  status: 'withdrawn' | 'completed' | 'lost_to_follow_up' | 'enrolled' | 'randomised';
  @ApiProperty({ example: 'Patient withdrew consent by phone' }) @IsString() @MinLength(3) @MaxLength(1000) reason: string;
}

export class AuditRowDto {
  @ApiProperty() at: string;
  @ApiProperty({ nullable: true, type: String }) userId: string | null;
  @ApiProperty() action: string;
  @ApiProperty() entity: string;
  @ApiProperty({ nullable: true, type: String }) field: string | null;
  @ApiProperty({ nullable: true, description: 'JSON value before' }) from: unknown;
  @ApiProperty({ nullable: true, description: 'JSON value after' }) to: unknown;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
}

export class BooleanFlag {
  @ApiProperty({ example: true }) @IsBoolean() value: boolean;
}
