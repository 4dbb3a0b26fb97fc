import { NotFoundError, RuleViolationError, ValidationError } from '@trialdata/common';
import type { Database, FormKey, ParticipantRow, Repositories } from '@trialdata/database';
import { findEvent, findForm, formApplies, type FormDefinition, type ScheduleEvent, type StudyDefinition } from '@trialdata/protocol';

/** What the capability needs from outside: the database, the studies, and a clock. */
export interface StudyCatalogue {
  find(code: string): StudyDefinition | undefined;
}

export interface CrfDeps {
  db: Database;
  studies: StudyCatalogue;
  clock: () => Date;
}

/** One addressed form instance of one participant, resolved against the study definition. */
export interface FormTarget {
  participant: ParticipantRow;
  study: StudyDefinition;
  event: ScheduleEvent;
  form: FormDefinition;
  instance: number;
  key: FormKey;
  /** The audit entity id of the instance: `<eventId>/<formId>/<instance>` (with the participant id, unique). */
  entityId: string;
}

export function formEntityId(eventId: string, formId: string, instance: number): string {
  return `${eventId}/${formId}/${instance}`;
}

export async function loadParticipant(
  repos: Repositories,
  participantId: string,
  studies: StudyCatalogue,
): Promise<{ participant: ParticipantRow; study: StudyDefinition }> {
  const participant = await repos.participants.findById(participantId);
  if (!participant) throw new NotFoundError('Participant not found');
  const study = studies.find(participant.studyCode);
  if (!study) throw new NotFoundError(`Study ${participant.studyCode} does not exist`);
  return { participant, study };
}

/**
 * Resolves `events/{eventId}/forms/{formId}?instance=N`. An unknown event or form, and a form that
 * the event does not hold, are 404 (the resource does not exist); a form restricted to other arms or
 * cohorts is 422 (it exists, a rule of the study refuses it for this participant); an instance other
 * than 1 of a form that does not repeat is 400.
 */
export function resolveTarget(
  study: StudyDefinition,
  participant: ParticipantRow,
  eventId: string,
  formId: string,
  instance: number,
): FormTarget {
  const event = findEvent(study, eventId);
  if (!event) throw new NotFoundError(`${study.code} has no event "${eventId}"`);
  const form = findForm(study, formId);
  if (!form) throw new NotFoundError(`${study.code} has no form "${formId}"`);
  if (!event.forms.includes(form.id))
    throw new NotFoundError(
      `Form "${formId}" is not part of event "${eventId}" in ${study.code}; it belongs to ${eventsOf(study, formId)}`,
    );
  if (!formApplies(form, { arm: participant.arm, cohort: participant.cohort })) {
    const who = form.arms
      ? `arm${form.arms.length > 1 ? 's' : ''} ${form.arms.join(', ')}`
      : `cohort${(form.cohorts ?? []).length > 1 ? 's' : ''} ${(form.cohorts ?? []).join(', ')}`;
    const is = form.arms
      ? participant.arm
        ? `is in arm ${participant.arm}`
        : 'is not randomised'
      : `is in cohort ${participant.cohort ?? 'none'}`;
    throw new RuleViolationError(`Form "${formId}" is for ${who} only; ${participant.label} ${is}`, [
      { field: 'formId', message: `only for ${who}` },
    ]);
  }
  if (!Number.isInteger(instance) || instance < 1)
    throw new ValidationError('Invalid instance', [{ field: 'instance', message: 'must be a whole number from 1' }]);
  if (!form.repeating && instance !== 1) {
    throw new ValidationError(`Form "${formId}" does not repeat; it has instance 1 only`, [
      { field: 'instance', message: 'the form does not repeat; only 1' },
    ]);
  }
  return {
    participant,
    study,
    event,
    form,
    instance,
    key: { participantId: participant.id, eventId: event.id, formId: form.id, instance },
    entityId: formEntityId(event.id, form.id, instance),
  };
}

function eventsOf(study: StudyDefinition, formId: string): string {
  const events = study.schedule.filter((e) => e.forms.includes(formId)).map((e) => e.id);
  return events.length ? `event ${events.join(', ')}` : 'no event';
}
