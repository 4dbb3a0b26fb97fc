import { ApiProperty } from '@nestjs/swagger';
import type { RecordedDeviation, SafetyReport } from '@trialdata/safety';

const DEVIATION_KINDS = ['out_of_window', 'missing_form', 'treatment_in_other_arm', 'eligibility_violation', 'wrong_treatment', 'other'];

export class SafetyTaskStateDto {
  @ApiProperty({ enum: ['open', 'done'] }) status: 'open' | 'done';
  @ApiProperty({ nullable: true, type: String }) doneAt: string | null;
}

export class SafetyEmailStateDto {
  @ApiProperty({
    enum: ['pending', 'sending', 'sent', 'failed', 'skipped'],
    description: 'The alert to the safety contacts; skipped when the study has none',
  })
  state: string;
  @ApiProperty({ nullable: true, type: String }) sentAt: string | null;
}

export class SafetyReportDto {
  @ApiProperty() id: string;
  @ApiProperty() participantId: string;
  @ApiProperty({ example: 'TEIAS-LUMC-0007' }) participantLabel: string;
  @ApiProperty() siteId: string;
  @ApiProperty() eventId: string;
  @ApiProperty({ description: 'Instance of the adverse-event form' }) instance: number;
  @ApiProperty({ description: 'The event’s term as entered; empty when none' }) term: string;
  @ApiProperty({ nullable: true, type: String }) onset: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: () => SafetyTaskStateDto }) task: SafetyTaskStateDto;
  @ApiProperty({ type: () => SafetyEmailStateDto }) email: SafetyEmailStateDto;
  @ApiProperty({ enum: ['fatal_or_life_threatening', 'other'], description: '7 or 15 days to report (CCMO)' }) category: string;
  @ApiProperty({ example: 7 }) days: number;
  @ApiProperty({ description: 'The day counting starts: date learned, else onset, else the day the form was saved' }) learned: string;
  @ApiProperty({ description: 'The last day the report to the ethics committee is on time' }) deadline: string;
  @ApiProperty({ nullable: true, type: String }) reportedToSponsor: string | null;
  @ApiProperty({ nullable: true, type: String }) reportedToEthics: string | null;
  @ApiProperty({ enum: ['due', 'overdue', 'reported', 'reported_late'] }) state: string;
}

export class RecordedDeviationDto {
  @ApiProperty() id: string;
  @ApiProperty() participantId: string;
  @ApiProperty({ example: 'TEIAS-LUMC-0007' }) participantLabel: string;
  @ApiProperty({ enum: DEVIATION_KINDS }) kind: string;
  @ApiProperty({ enum: ['major', 'minor'] }) grade: string;
  @ApiProperty({ nullable: true, type: String }) eventId: string | null;
  @ApiProperty({ nullable: true, type: String }) formId: string | null;
  @ApiProperty() description: string;
  @ApiProperty({ nullable: true, type: String, description: 'YYYY-MM-DD' }) occurredOn: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ description: 'The user who recorded it' }) createdBy: string;
}

export function safetyReportDto(r: SafetyReport): SafetyReportDto {
  return {
    id: r.id,
    participantId: r.participantId,
    participantLabel: r.participantLabel,
    siteId: r.siteId,
    eventId: r.eventId,
    instance: r.instance,
    term: r.term,
    onset: r.onset,
    createdAt: r.createdAt,
    task: { status: r.task.status, doneAt: r.task.doneAt },
    email: { state: r.email.state, sentAt: r.email.sentAt },
    category: r.category,
    days: r.days,
    learned: r.learned,
    deadline: r.deadline,
    reportedToSponsor: r.reportedToSponsor,
    reportedToEthics: r.reportedToEthics,
    state: r.state,
  };
}

export function recordedDeviationDto(d: RecordedDeviation): RecordedDeviationDto {
  return {
    id: d.id,
    participantId: d.participantId,
    participantLabel: d.participantLabel,
    kind: d.kind,
    grade: d.grade,
    eventId: d.eventId,
    formId: d.formId,
    description: d.description,
    occurredOn: d.occurredOn,
    createdAt: d.createdAt,
    createdBy: d.createdBy,
  };
}
