import { DateTime } from 'luxon';
import type { StudyDefinition } from '@trialdata/protocol';

/** Statuses in which a participant receives no more messages. */
export const STOPPED_STATUSES = new Set(['withdrawn', 'completed', 'lost_to_follow_up']);

export interface StudyLookup {
  find(code: string): StudyDefinition | undefined;
}

export type Clock = () => Date;

/** The local calendar day (study zone) on which a window ends: closesAt is exclusive (00:00 of the next day). */
export function lastLocalDay(closesAt: string, timeZone: string): string {
  return DateTime.fromMillis(Date.parse(closesAt) - 1, { zone: timeZone }).toISODate() as string;
}

/** The questionnaire time points of a schedule: scheduled events that give the patient instruments. */
export function questionnaireEvents(def: StudyDefinition, cohort: string | null) {
  return def.schedule.filter((e) => !e.unscheduled && ((cohort && e.instrumentsByCohort?.[cohort]) || e.instruments).length > 0);
}
