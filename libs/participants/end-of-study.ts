import type { ParticipantStatus } from './status';

/**
 * The end-of-study form and the participant status agree. The form leads and the status follows
 * (the behaviour of Castor EDC's study-end form driving the record status): completing the form sets
 * the matching status in the same transaction, audited with the form as its reason; a form whose
 * study end cannot be reached from the current status (a completed participant "withdrew consent")
 * is refused, and so is a status change that contradicts a complete end-of-study form.
 *
 * The three studies share the form's shape (libs/protocol/studies/*.ts, `end_of_study`): `status`
 * codes 1–5 below, `date`, and `keep_data` (whether data collected so far may be used, asked only
 * when consent was withdrawn). A study without an `end_of_study` form is not checked.
 */
export const END_OF_STUDY_FORM = { formId: 'end_of_study', statusField: 'status', dateField: 'date', keepDataField: 'keep_data' } as const;

export interface StudyEnd {
  label: string;
  /** Participant statuses that agree with this study end; the first is the one the form sets. */
  statuses: ParticipantStatus[];
  consentWithdrawn: boolean;
}

export const STUDY_ENDS: Record<number, StudyEnd> = {
  1: { label: 'Completed follow-up', statuses: ['completed'], consentWithdrawn: false },
  2: { label: 'Withdrew consent', statuses: ['withdrawn'], consentWithdrawn: true },
  3: { label: 'Withdrawn by the investigator', statuses: ['withdrawn'], consentWithdrawn: false },
  4: { label: 'Lost to follow-up', statuses: ['lost_to_follow_up'], consentWithdrawn: false },
  // Follow-up ended by death: recorded as completed (the participant did not leave the study).
  5: { label: 'Died', statuses: ['completed', 'withdrawn'], consentWithdrawn: false },
};

export function studyEndOf(values: Record<string, unknown>): StudyEnd | null {
  const code = values[END_OF_STUDY_FORM.statusField];
  return typeof code === 'number' ? (STUDY_ENDS[code] ?? null) : null;
}
