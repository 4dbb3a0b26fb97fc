import { DateTime } from 'luxon';

/**
 * SAE reporting deadlines (CCMO, "Melden van SAE's", WMO research): a serious adverse event that is
 * fatal or life-threatening is reported to the accredited ethics committee within 7 days of the
 * sponsor (here: the investigator) learning of it, any other SAE within 15 days.
 */
export const FATAL_OR_LIFE_THREATENING_DAYS = 7;
export const OTHER_SAE_DAYS = 15;

/** Seriousness criteria codes of the `adverse_event` form (`sae_crit`): 1 death, 2 life-threatening. */
const URGENT_CRITERIA = [1, 2];
/** Outcome code 5 = fatal. */
const FATAL_OUTCOME = 5;

export type SafetyReportState = 'due' | 'overdue' | 'reported' | 'reported_late';

export interface SaeDeadline {
  /** fatal_or_life_threatening (7 days) or other (15 days). */
  category: 'fatal_or_life_threatening' | 'other';
  days: number;
  /** The day counting starts: the date learned, else the onset, else the day the form was saved. */
  learned: string;
  /** The last day the report to the ethics committee is on time (study zone). */
  deadline: string;
  reportedToSponsor: string | null;
  reportedToEthics: string | null;
  state: SafetyReportState;
}

const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** The deadline and state of one SAE from the adverse-event form's values; `today` is a study-zone date. */
export function saeDeadline(values: Record<string, unknown>, savedOn: string, today: string): SaeDeadline {
  const criteria = Array.isArray(values.sae_crit) ? (values.sae_crit as unknown[]) : [];
  const urgent = criteria.some((c) => URGENT_CRITERIA.includes(Number(c))) || values.outcome === FATAL_OUTCOME;
  const days = urgent ? FATAL_OR_LIFE_THREATENING_DAYS : OTHER_SAE_DAYS;
  const learned = isDate(values.learned) ? values.learned : isDate(values.onset) ? values.onset : savedOn;
  const deadline = DateTime.fromISO(learned, { zone: 'utc' }).plus({ days }).toISODate() as string;
  const ethics = isDate(values.ec_reported) ? values.ec_reported : null;
  const state: SafetyReportState = ethics ? (ethics <= deadline ? 'reported' : 'reported_late') : today > deadline ? 'overdue' : 'due';
  return {
    category: urgent ? 'fatal_or_life_threatening' : 'other',
    days,
    learned,
    deadline,
    reportedToSponsor: isDate(values.sae_reported) ? values.sae_reported : null,
    reportedToEthics: ethics,
    state,
  };
}
