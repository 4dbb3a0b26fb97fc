import { ApiProperty } from '@nestjs/swagger';

export class MailboxMessageDto {
  @ApiProperty({ example: '5f0c2a9e81d4b7c3a6e1f209', description: 'From the Message-ID: a resent message replaces its first copy' })
  id: string;
  @ApiProperty({ enum: ['email', 'sms'] }) channel: 'email' | 'sms';
  @ApiProperty({ example: 'patient@example.nl', description: 'The address or phone number it was sent to' }) to: string;
  @ApiProperty({ example: 'Your questionnaire for TEIAS is ready', description: 'Empty for an SMS' }) subject: string;
  @ApiProperty({ description: 'When the demo kept it (ISO 8601 UTC)' }) capturedAt: string;
  @ApiProperty({ description: 'The plain-text body (the SMS text for an SMS), with the patient link' }) text: string;
  @ApiProperty({
    type: [String],
    example: ['http://localhost:3000/q/3q2…'],
    description: 'The http(s) links in the body, in order (a patient link opens the questionnaire)',
  })
  links: string[];
}
