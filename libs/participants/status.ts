/**
 * Participant status and the transitions a coordinator may make by hand. Randomisation is the only
 * way into `randomised`; enrolment the only way into `enrolled`.
 */
export const PARTICIPANT_STATUSES = ['screened', 'enrolled', 'randomised', 'withdrawn', 'completed', 'lost_to_follow_up'] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

export const MANUAL_STATUSES = ['withdrawn', 'completed', 'lost_to_follow_up', 'enrolled', 'randomised'] as const;

const ALLOWED: Record<ParticipantStatus, ParticipantStatus[]> = {
  screened: ['enrolled', 'withdrawn'],
  enrolled: ['withdrawn', 'completed', 'lost_to_follow_up'],
  randomised: ['withdrawn', 'completed', 'lost_to_follow_up'],
  // A participant found again after being lost returns to where they were (see `resumeStatus`).
  lost_to_follow_up: ['enrolled', 'randomised', 'withdrawn', 'completed'],
  withdrawn: [],
  completed: [],
};

/** Why a transition is refused, or null when it is allowed. */
export function transitionRefusal(from: ParticipantStatus, to: ParticipantStatus, context: { randomised: boolean }): string | null {
  if (from === to) return `participant is already ${to}`;
  if (!ALLOWED[from].includes(to)) {
    return ALLOWED[from].length
      ? `cannot go from ${from} to ${to}; allowed: ${ALLOWED[from].join(', ')}`
      : `${from} is final; no further status change is allowed`;
  }
  if (from === 'lost_to_follow_up' && to === 'randomised' && !context.randomised) return 'participant was never randomised';
  if (from === 'lost_to_follow_up' && to === 'enrolled' && context.randomised) return 'a randomised participant returns to randomised';
  return null;
}
