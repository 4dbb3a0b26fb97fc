/**
 * The lock checklist: what is still open in a study before its database is locked. Each item is a
 * small function that runs when the tables it reads exist (the capabilities that own them may come
 * later); an item whose tables are missing is reported as unavailable, never as clear.
 */
import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { detectDeviations } from '@trialdata/crf';
import type { ChecklistDetail, DatasetsRepository } from '@trialdata/database';
import type { StudyDefinition } from '@trialdata/protocol';
import { overdueSafetyReports } from '@trialdata/safety';

export interface ChecklistItem {
  id: string;
  title: string;
  /** How many open things (participants, forms, fields …) the item found. */
  count: number;
  /** The first few, by participant label. */
  details: ChecklistDetail[];
}

export interface ChecklistResult {
  /** Items with something open (count > 0). */
  open: ChecklistItem[];
  /** Every item that ran, open or clear. */
  checked: ChecklistItem[];
  /** Items that could not run because their tables do not exist. */
  unavailable: Array<{ id: string; title: string; missingTables: string[] }>;
}

interface Check {
  id: string;
  title: string;
  requires: string[];
  applies?: (study: StudyDefinition) => boolean;
  run: (
    repo: DatasetsRepository,
    study: StudyDefinition,
    now: Date,
    limit: number,
  ) => Promise<{ count: number; details: ChecklistDetail[] }>;
}

const PAGE = 500;

/**
 * Required forms never started: for each participant whose forms are due (not screened or withdrawn;
 * randomised in an rct, anchored in a cohort study), every form of a scheduled event whose window
 * closed before today (study time zone) that applies to the participant's arm and cohort and has no
 * saved instance at all. The expected forms come from libs/crf's deviation detection (`missing_form`);
 * forms saved but not complete are the `incomplete_forms` item. Pages of 500 participants by label.
 */
export async function neverStartedForms(
  repo: DatasetsRepository,
  study: StudyDefinition,
  now: Date,
  limit: number,
): Promise<{ count: number; details: ChecklistDetail[] }> {
  const today = DateTime.fromJSDate(now, { zone: study.timeZone }).toISODate() as string;
  let count = 0;
  const details: ChecklistDetail[] = [];
  let after = '';
  for (;;) {
    const page = await repo.dueParticipantsPage(study.code, after, PAGE);
    if (!page.length) break;
    const records = await repo.formKeysFor(page.map((p) => p.id));
    const byParticipant = new Map<string, typeof records>();
    for (const r of records) {
      if (!byParticipant.has(r.participantId)) byParticipant.set(r.participantId, []);
      byParticipant.get(r.participantId)!.push(r);
    }
    for (const p of page) {
      const saved = byParticipant.get(p.id) ?? [];
      const missing = detectDeviations(
        study,
        { id: p.id, arm: p.arm, cohort: p.cohort, anchorDate: p.anchorDate },
        saved.map((r) => ({ ...r, values: {} })),
        today,
      ).filter((d) => d.kind === 'missing_form' && !saved.some((r) => r.eventId === d.eventId && r.formId === d.formId));
      count += missing.length;
      for (const d of missing) if (details.length < limit) details.push({ participant: p.label, where: `${d.eventId}/${d.formId}` });
    }
    after = page[page.length - 1].label;
  }
  return { count, details };
}

const criticalFields = (study: StudyDefinition) =>
  study.forms.flatMap((f) => f.fields.filter((x) => x.critical).map((x) => ({ formId: f.id, fieldId: x.id })));

export const CHECKS: readonly Check[] = [
  {
    id: 'open_queries',
    title: 'Open data queries (open or answered, not closed)',
    requires: ['form_queries'],
    run: (r, s, _n, l) => r.openQueries(s.code, l),
  },
  {
    id: 'incomplete_forms',
    title: 'Forms saved but not complete',
    requires: ['form_records'],
    run: (r, s, _n, l) => r.incompleteForms(s.code, l),
  },
  {
    id: 'never_started_forms',
    title: 'Required forms never started in events whose window has closed',
    requires: ['form_records'],
    run: neverStartedForms,
  },
  {
    id: 'unsigned_casebooks',
    title: 'Casebooks without a valid investigator signature',
    requires: ['form_records', 'signatures'],
    run: (r, s, _n, l) => r.unsignedCasebooks(s.code, l),
  },
  {
    id: 'unverified_critical_fields',
    title: 'Critical fields whose current value is not source-verified',
    requires: ['form_records', 'sdv_verifications'],
    run: (r, s, _n, l) => r.unverifiedCriticalFields(s.code, criticalFields(s), l),
  },
  {
    id: 'open_questionnaires',
    title: 'Questionnaires whose window is still open',
    requires: ['questionnaires'],
    run: (r, s, n, l) => r.openQuestionnaires(s.code, n, l),
  },
  {
    id: 'unrandomised_participants',
    title: 'Participants enrolled but not randomised',
    requires: [],
    applies: (s) => s.design === 'rct',
    run: (r, s, _n, l) => r.unrandomisedParticipants(s.code, l),
  },
  {
    // Issue 13: an SAE not reported to the ethics committee by its CCMO deadline (7/15 days) blocks the lock.
    id: 'overdue_safety_reports',
    title: 'Serious adverse events not reported to the ethics committee by their deadline',
    requires: ['safety_reports', 'form_records'],
    // The repository keeps its entity manager private; the query is read-only.
    run: (r, s, n, l) => overdueSafetyReports((sql, params) => (r as unknown as { m: EntityManager }).m.query(sql, params), s, n, l),
  },
];

const DETAIL_LIMIT = 20;

export async function runChecklist(repo: DatasetsRepository, study: StudyDefinition, now: Date): Promise<ChecklistResult> {
  const result: ChecklistResult = { open: [], checked: [], unavailable: [] };
  for (const check of CHECKS) {
    if (check.applies && !check.applies(study)) continue;
    const missing: string[] = [];
    for (const table of check.requires) if (!(await repo.tableExists(table))) missing.push(table);
    if (missing.length) {
      result.unavailable.push({ id: check.id, title: check.title, missingTables: missing });
      continue;
    }
    const { count, details } = await check.run(repo, study, now, DETAIL_LIMIT);
    const item = { id: check.id, title: check.title, count, details };
    result.checked.push(item);
    if (count > 0) result.open.push(item);
  }
  return result;
}
