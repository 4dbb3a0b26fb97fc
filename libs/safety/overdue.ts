import { DateTime } from 'luxon';
import type { StudyDefinition } from '@trialdata/protocol';
import { saeDeadline } from './deadlines';

export type Query = (sql: string, params: unknown[]) => Promise<any[]>;

/**
 * SAEs of a study whose report to the ethics committee is past its deadline (study zone), by
 * participant label: the lock checklist's `overdue_safety_reports` item.
 */
export async function overdueSafetyReports(
  query: Query,
  study: StudyDefinition,
  now: Date,
  limit: number,
): Promise<{ count: number; details: Array<{ participant: string; where: string }> }> {
  const today = DateTime.fromJSDate(now).setZone(study.timeZone).toISODate() as string;
  const rows = await query(
    `SELECT p.label, f.event_id, f.instance, f.data, s.created_at
       FROM safety_reports s JOIN form_records f ON f.id = s.form_record_id JOIN participants p ON p.id = s.participant_id
      WHERE s.study_code = $1 ORDER BY p.label, f.instance`,
    [study.code],
  );
  const details: Array<{ participant: string; where: string }> = [];
  let count = 0;
  for (const r of rows) {
    const savedOn = DateTime.fromJSDate(new Date(r.created_at)).setZone(study.timeZone).toISODate() as string;
    const d = saeDeadline(r.data ?? {}, savedOn, today);
    if (d.state !== 'overdue') continue;
    count += 1;
    if (details.length < limit)
      details.push({ participant: r.label, where: `${r.event_id}/adverse_event#${r.instance} due ${d.deadline}` });
  }
  return { count, details };
}
