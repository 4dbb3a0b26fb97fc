/**
 * The shape of a study definition. A study is data: everything the platform needs to know about
 * TEIAS, POTEISS or EIMICOR (or a fourth study) is one object of type StudyDefinition, validated by
 * the schema in schema.ts when it is loaded. The public API (`GET /studies/{study}`) exposes these
 * shapes almost verbatim, so field names follow docs/API.md.
 */

import type { ChoiceOption, FieldDefinition, FieldType, FormCheck, FormDefinition, ShowIf } from '@trialdata/forms';

/** The form-definition shapes belong to libs/forms (which validates values against them); a study holds them. */
export type { ChoiceOption, FieldDefinition, FieldType, FormCheck, FormDefinition, ShowIf };

export type StudyDesign = 'rct' | 'cohort';
export type Language = 'nl' | 'en';

/** What day 0 of the schedule is. `planned` anchors are replaced by the actual date from a CRF. */
export interface AnchorDefinition {
  /** randomisation: the randomisation date; injection / surgery: a planned date, then the actual one. */
  kind: 'randomisation' | 'injection' | 'surgery' | 'enrolment';
  /**
   * For planned anchors: the form and field that hold the actual date once it is known, and the text
   * field (HH:MM, study time zone) with its time of day, from which `offsetMinutes` events are timed.
   */
  actual?: { eventId: string; formId: string; fieldId: string; timeFieldId?: string };
}

/** A date (and optional HH:MM time) recorded on a CRF, against which a questionnaire's timing is checked. */
export interface RecordedMoment {
  eventId: string;
  formId: string;
  fieldId: string;
  timeFieldId?: string;
}

export interface Arm {
  code: string;
  title: string;
  /** Allocation ratio weight (1:1 → both 1). */
  ratio: number;
}

export interface RandomisationFactor {
  id: string;
  label: string;
  options: string[];
}

export type RandomisationDefinition =
  | {
      method: 'blocks';
      /** Block sizes are multiples of the sum of arm ratios; one is drawn at random per block. */
      blockSizes: number[];
      /** Factors other than site; site is always a stratum. */
      factors: RandomisationFactor[];
    }
  | {
      method: 'minimisation';
      factors: RandomisationFactor[];
      /** Probability of assigning the arm that minimises imbalance (e.g. 0.8). */
      probability: number;
      /** Weight of the site factor relative to the others (1 = equal). */
      siteWeight?: number;
    };

export interface EligibilityCriterion {
  id: string;
  kind: 'inclusion' | 'exclusion';
  text: string;
}

export interface ScheduleEvent {
  id: string;
  title: string;
  /** Days from the anchor (day 0). May be negative. Fractions are not allowed; see offsetMinutes. */
  offsetDays: number;
  /** Optional extra minutes after the anchor instant (POTEISS "30 minutes after injection"). */
  offsetMinutes?: number;
  windowBefore: number;
  windowAfter: number;
  forms: string[];
  /** Instrument codes given to the patient at this time point. */
  instruments: string[];
  /** Per-cohort instruments (EIMICOR): replaces `instruments` for that cohort. */
  instrumentsByCohort?: Record<string, string[]>;
  /** Where the patient fills in the questionnaire: at home via a link (default) or at the clinic. */
  mode?: 'remote' | 'clinic';
  /**
   * A wording variant of the instruments at this time point (libs/instruments `variants`): `now` asks
   * for pain at this moment instead of in the past week (POTEISS 30 minutes after injection).
   */
  wording?: 'now';
  /** Answers must be given before this moment once it is recorded (baseline before the injection). */
  answerBefore?: RecordedMoment;
  /** Answers cannot be given before this moment, nor before it is recorded (30 minutes after injection). */
  answerAfter?: RecordedMoment;
  /**
   * Not a time point but a home for forms completed whenever needed (adverse events, concomitant
   * medication, study end): no window, no questionnaires, never due or missed. Offset and windows are 0.
   */
  unscheduled?: boolean;
}

export interface ReminderPolicy {
  /** Days after the window opens on which reminders are sent. */
  reminderDays: number[];
  /** Days before the window closes when a coordinator task is raised if still open. */
  coordinatorTaskDaysBeforeClose: number;
  /**
   * In a long window, keep reminding at most this many days apart after the last of `reminderDays`,
   * until the window closes (EIMICOR's 29-day windows would otherwise go 22 days without a message).
   * Absent: only `reminderDays`.
   */
  maxGapDays?: number;
}

export interface StudyDefinition {
  code: string;
  title: string;
  registration?: string;
  design: StudyDesign;
  timeZone: string;
  languages: Language[];
  anchor: AnchorDefinition;
  arms?: Arm[];
  randomisation?: RandomisationDefinition;
  /** Cohort attribute chosen at enrolment (EIMICOR lumbar / cervical). */
  cohorts?: string[];
  /** Is a planned anchor date required at enrolment (POTEISS, EIMICOR). */
  requiresPlannedAnchorDate: boolean;
  ageRange?: { min: number; max?: number };
  eligibility: EligibilityCriterion[];
  schedule: ScheduleEvent[];
  forms: FormDefinition[];
  reminders: ReminderPolicy;
  /** Recruitment target for the whole study (sites carry their own). */
  target?: number;
  /** The study team as patients see it (welcome and error pages of the questionnaire). */
  contact?: StudyContact;
  /** Blinded double reading for inter-reader agreement (POTEISS MRI). */
  doubleReading?: DoubleReadingDefinition;
  /** The short, primary-outcome-only questionnaire offered to non-responders (issue 13 item 6). */
  shortVersion?: ShortVersionDefinition;
}

/**
 * A short version of a time point's questionnaire: only the primary-outcome instruments, offered as its
 * own message with its own link to a participant who has not answered the full questionnaire
 * `offerDaysBeforeClose` days before its window closes (after the last reminder). Submitting either
 * completes the time point; scoring and datasets say which (`completedBy: full | short`).
 */
export interface ShortVersionDefinition {
  /** Instrument codes, each given at every one of `events`. */
  instruments: string[];
  /** The remote time points where it is offered. */
  events: string[];
  /** Days before the window closes when it is offered (0: on the last day). */
  offerDaysBeforeClose: number;
}

/**
 * Double reading of an imaging form, for inter-reader agreement (POTEISS Miskin grading): the first
 * reading is one form instance, further readings a repeating form with the same fields. A `reader`
 * member enters a further reading blind to the first (libs/agreement); kappa compares the grades.
 */
export interface DoubleReadingDefinition {
  eventId: string;
  firstFormId: string;
  furtherFormId: string;
  /** The text field holding the reader id, on both forms. */
  readerFieldId: string;
  /** What was read (level, side): shown to the blinded reader, copied from the first reading. */
  subjectFieldIds: string[];
  /** Ordinal choice fields compared between readers: one agreement row each. */
  gradeFieldIds: string[];
  /** The side field (a subject field), and the grades that belong to a side: also one row per side. */
  side?: { fieldId: string; gradeFieldIds: string[] };
}

/** How a patient reaches the study team. */
export interface StudyContact {
  name: string;
  email?: string;
  phone?: string;
}
