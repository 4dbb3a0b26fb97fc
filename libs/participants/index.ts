export { ParticipantsService } from './participants.service';
export type { EnrolmentInput, ParticipantView, ScheduleEntry, StudyCatalogue } from './participants.service';
export { RandomisationService } from './randomisation.service';
export type { RandomisationResult } from './randomisation.service';
export { PARTICIPANT_STATUSES, MANUAL_STATUSES, transitionRefusal } from './status';
export type { ParticipantStatus } from './status';
export { ParticipantEvents } from './events';
export type { ParticipantListener } from './events';
export { newSealedSeed, openSeed } from './seeds';
