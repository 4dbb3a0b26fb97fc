/**
 * Questionnaires: each participant's questionnaire schedule (following their anchor), the outbox of
 * invitations, reminders and coordinator tasks, patient links and answers, and coordinators' views.
 * Services take a Database and never speak SQL; the worker drives OutboxService, the API the rest.
 */
export { ScheduleService } from './schedule.service';
export type { ReplanSummary } from './schedule.service';
export { OutboxService, MAX_SEND_ATTEMPTS, DISPATCH_BATCH_SIZE } from './outbox.service';
export type { DispatchOutcome, DispatchTransport, OutboxOptions, ReconcileResult } from './outbox.service';
export { ResponsesService } from './responses.service';
export type { PortalView, QuestionnaireAnswers, SubmissionResult } from './responses.service';
export { QuestionnairesService, TASK_OUTCOMES, MISSED_REASONS } from './questionnaires.service';
export type { MissedReasonInput, TaskOutcomeInput, TaskView } from './questionnaires.service';
export { PatientLinksService } from './links.service';
export type { IssuedLink, ResentInvitation } from './links.service';
export type {
  CompletionCounts,
  CompletionView,
  MessageView,
  OutcomeView,
  QuestionnaireState,
  QuestionnaireView,
} from './questionnaires.service';
export { InstrumentsService } from './instruments.service';
export { hashToken, newToken } from './tokens';
export { STOPPED_STATUSES, questionnaireEvents } from './common';
export { estimateMinutes, SECONDS_PER_ITEM, OVERHEAD_SECONDS } from './estimate';
export type { PortalContact } from './responses.service';
