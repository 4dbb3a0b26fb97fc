/** Questions the rest of the platform asks of one (valid) study definition. */
import { ProtocolLookupError } from './errors';
import type { FormDefinition, ScheduleEvent, StudyDefinition } from './types';

/** Who is asking: a participant's arm (once randomised) and cohort (EIMICOR). */
export interface ParticipantContext {
  arm?: string | null;
  cohort?: string | null;
}

export function findEvent(study: StudyDefinition, eventId: string): ScheduleEvent | undefined {
  return study.schedule.find((e) => e.id === eventId);
}

export function getEvent(study: StudyDefinition, eventId: string): ScheduleEvent {
  const event = findEvent(study, eventId);
  if (event === undefined) {
    throw new ProtocolLookupError('UNKNOWN_EVENT', `${study.code} has no event ${JSON.stringify(eventId)}`);
  }
  return event;
}

export function findForm(study: StudyDefinition, formId: string): FormDefinition | undefined {
  return study.forms.find((f) => f.id === formId);
}

export function getForm(study: StudyDefinition, formId: string): FormDefinition {
  const form = findForm(study, formId);
  if (form === undefined) {
    throw new ProtocolLookupError('UNKNOWN_FORM', `${study.code} has no form ${JSON.stringify(formId)}`);
  }
  return form;
}

/**
 * Whether a participant may have this form. A form restricted to arms needs the participant's arm to
 * be one of them, so a participant not yet randomised gets none of them; likewise for cohorts.
 */
export function formApplies(form: FormDefinition, participant: ParticipantContext = {}): boolean {
  if (form.arms !== undefined && !(participant.arm != null && form.arms.includes(participant.arm))) return false;
  if (form.cohorts !== undefined && !(participant.cohort != null && form.cohorts.includes(participant.cohort))) {
    return false;
  }
  return true;
}

function assertKnown(study: StudyDefinition, participant: ParticipantContext): void {
  const { arm, cohort } = participant;
  if (arm != null && !(study.arms ?? []).some((a) => a.code === arm)) {
    throw new ProtocolLookupError('UNKNOWN_ARM', `${study.code} has no arm ${JSON.stringify(arm)}`);
  }
  if (cohort != null && !(study.cohorts ?? []).includes(cohort)) {
    throw new ProtocolLookupError('UNKNOWN_COHORT', `${study.code} has no cohort ${JSON.stringify(cohort)}`);
  }
}

/**
 * The forms of an event that apply to this participant, in the event's order. Without an arm, forms
 * restricted to arms are left out (the participant is not randomised); the same holds for cohorts.
 * For every form of the event regardless of participant, read `getEvent(study, id).forms`.
 */
export function formsForEvent(study: StudyDefinition, eventId: string, participant: ParticipantContext = {}): FormDefinition[] {
  assertKnown(study, participant);
  return getEvent(study, eventId)
    .forms.map((formId) => getForm(study, formId))
    .filter((form) => formApplies(form, participant));
}

/**
 * The instrument codes given at an event. With a cohort, that cohort's list when the event has one;
 * without, the event's `instruments` (for EIMICOR: every cohort's instruments together).
 */
export function instrumentsForEvent(study: StudyDefinition, eventId: string, cohort?: string | null): string[] {
  assertKnown(study, { cohort });
  const event = getEvent(study, eventId);
  const byCohort = cohort != null ? event.instrumentsByCohort?.[cohort] : undefined;
  return [...(byCohort ?? event.instruments)];
}

/** Every instrument code the study uses, in order of first appearance in the schedule. */
export function studyInstruments(study: StudyDefinition): string[] {
  const codes = new Set<string>();
  for (const event of study.schedule) {
    for (const code of event.instruments) codes.add(code);
    for (const list of Object.values(event.instrumentsByCohort ?? {})) for (const code of list) codes.add(code);
  }
  return [...codes];
}

export interface EligibilityResult {
  eligible: boolean;
  /** Inclusion criteria answered false and exclusion criteria answered true. */
  failed: string[];
  /** Criteria without a boolean answer. */
  missing: string[];
  /** Answers naming no criterion of the study. */
  unknown: string[];
}

/**
 * Applies the enrolment answers (`{<criterionId>: boolean}`, true = the criterion holds): eligible when
 * every inclusion holds, no exclusion holds, and nothing is missing or unknown.
 */
export function checkEligibility(study: StudyDefinition, answers: Readonly<Record<string, unknown>>): EligibilityResult {
  const failed: string[] = [];
  const missing: string[] = [];
  for (const criterion of study.eligibility) {
    const answer = answers[criterion.id];
    if (typeof answer !== 'boolean') missing.push(criterion.id);
    else if (answer !== (criterion.kind === 'inclusion')) failed.push(criterion.id);
  }
  const known = new Set(study.eligibility.map((c) => c.id));
  const unknown = Object.keys(answers).filter((id) => !known.has(id));
  return { eligible: failed.length === 0 && missing.length === 0 && unknown.length === 0, failed, missing, unknown };
}
