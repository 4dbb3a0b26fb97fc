import type { StudyDefinition } from '@trialdata/protocol';

/**
 * A test-only randomised study allocated by Pocock–Simon minimisation (TEIAS uses blocks), served
 * next to the real three to prove the minimisation path end to end.
 */
export const MINIRCT: StudyDefinition = {
  code: 'MINIRCT',
  title: 'Minimisation test trial',
  design: 'rct',
  timeZone: 'Europe/Amsterdam',
  languages: ['nl', 'en'],
  anchor: { kind: 'randomisation' },
  arms: [
    { code: 'A', title: 'Arm A', ratio: 1 },
    { code: 'B', title: 'Arm B', ratio: 1 },
  ],
  randomisation: {
    method: 'minimisation',
    probability: 0.8,
    factors: [
      { id: 'sex', label: 'Sex', options: ['female', 'male'] },
      { id: 'age', label: 'Age group', options: ['<50', '>=50'] },
    ],
  },
  requiresPlannedAnchorDate: false,
  eligibility: [{ id: 'inc_consent', kind: 'inclusion', text: 'Signed informed consent' }],
  schedule: [{ id: 'baseline', title: 'Baseline', offsetDays: 0, windowBefore: 0, windowAfter: 3, forms: [], instruments: ['NRS_LEG'] }],
  forms: [],
  reminders: { reminderDays: [2], coordinatorTaskDaysBeforeClose: 1 },
};
