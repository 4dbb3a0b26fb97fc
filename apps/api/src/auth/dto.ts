import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { MembershipDto } from '../dto';

/** PATCH /users/{id}: every field optional; `memberships` replaces them all. */
export class UpdateUserDto {
  @ApiPropertyOptional({
    example: false,
    description: 'false deactivates: login is refused and every token ends at once; users are never deleted',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ example: 'Jan de Vries' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;

  @ApiPropertyOptional({ type: [MembershipDto], description: 'Replaces every membership; the user’s tokens end' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MembershipDto)
  memberships?: MembershipDto[];

  @ApiPropertyOptional({
    minLength: 12,
    example: 'a new long passphrase',
    description: 'A password reset by the administrator; the user’s tokens end',
  })
  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  password?: string;
}

export class MeMembershipDto {
  @ApiProperty() study: string;
  @ApiProperty() role: string;
  @ApiProperty({ nullable: true, type: String, description: 'The site the membership is bound to; null: every site' }) siteCode:
    string | null;
}

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty() active: boolean;
  @ApiProperty() isAdmin: boolean;
  @ApiProperty({ type: [MeMembershipDto] }) memberships: MeMembershipDto[];
}

export class MeDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty() isAdmin: boolean;
  @ApiProperty({ type: [MeMembershipDto] }) memberships: MeMembershipDto[];
  @ApiProperty({
    description: 'Per study, the actions the user may take there (see PERMISSIONS in apps/api/src/auth/permissions.ts)',
    example: { TEIAS: ['view_participants', 'enrol'] },
  })
  permissions: Record<string, string[]>;
}

export class ChangePasswordDto {
  @ApiProperty({ example: 'demo-password-2026' }) @IsString() @MinLength(1) @MaxLength(256) currentPassword: string;
  @ApiProperty({ minLength: 12, example: 'my own long passphrase' }) @IsString() @MinLength(12) @MaxLength(256) newPassword: string;
}
