import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { MembershipDto } from '../dto';

export class InviteUserDto {
  @ApiProperty({ example: 'a.jansen@lumc.nl' }) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ example: 'Anna Jansen' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ type: [MembershipDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MembershipDto)
  memberships: MembershipDto[];
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'When the link stops working (ISO 8601 UTC)' }) expiresAt: string;
}

export class IssuedInvitationDto extends InvitationDto {
  @ApiProperty({
    example: 'https://trial.example.org/console/invite/3q2-…',
    description: 'The one-time link, shown once (only its hash is stored); it was also emailed to the user',
  })
  link: string;
  @ApiProperty({ description: 'Whether the email left through SMTP (false: SMTP_URL is unset, or sending failed; give the link yourself)' })
  emailed: boolean;
}

export class AcceptInvitationDto {
  @ApiProperty({ minLength: 12, example: 'a long passphrase of mine' }) @IsString() @MinLength(12) @MaxLength(256) password: string;
}

export class UserMembershipDto {
  @ApiProperty() study: string;
  @ApiProperty() role: string;
  @ApiProperty({ nullable: true, type: String }) siteCode: string | null;
}

export class UserInvitationStateDto {
  @ApiProperty({ enum: ['pending', 'used', 'expired', 'revoked'] }) state: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ nullable: true, type: String }) usedAt: string | null;
}

export class UserListItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty() active: boolean;
  @ApiProperty() isAdmin: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: [UserMembershipDto] }) memberships: UserMembershipDto[];
  @ApiProperty({ type: UserInvitationStateDto, nullable: true, description: 'The newest invitation; null when never invited' })
  invitation: UserInvitationStateDto | null;
}
