import { CrfRepository, type AuditEntry, type Repositories } from '@trialdata/database';
import { diffValues, validateFormValues, type FormStatus } from '@trialdata/forms';
import type { FormDefinition, StudyDefinition } from '@trialdata/protocol';

/** Audit reason of the form values written by enrolment (no double entry). */
export const ENROLMENT_PREFILL_REASON = 'entered at enrolment';

export interface PrefillTarget {
  eventId: string;
  form: FormDefinition;
  values: Record<string, unknown>;
}

/**
 * The eligibility and consent case report forms that enrolment fills in, found by convention: a
 * scheduled, non-repeating form `eligibility` whose boolean fields are named like the study's
 * criteria (its `date` field gets the enrolment date), and a form `consent` with `date` and
 * `version`. A study without such forms (POTEISS, EIMICOR) gets nothing: the answers stay on the
 * participant record and in its audit trail.
 */
export function enrolmentPrefill(
  def: StudyDefinition,
  input: { eligibility: Record<string, boolean>; consent: { date: string; version: string } },
  enrolmentDate: string,
): PrefillTarget[] {
  const targets: PrefillTarget[] = [];
  const place = (formId: string) => {
    const form = def.forms.find((f) => f.id === formId && !f.repeating && !f.arms && !f.cohorts);
    const event = form && def.schedule.find((e) => !e.unscheduled && e.forms.includes(form.id));
    return form && event ? { form, eventId: event.id } : null;
  };
  const eligibility = place('eligibility');
  if (eligibility) {
    const values: Record<string, unknown> = {};
    for (const f of eligibility.form.fields) {
      if (f.type === 'boolean' && typeof input.eligibility[f.id] === 'boolean') values[f.id] = input.eligibility[f.id];
      else if (f.id === 'date' && f.type === 'date') values[f.id] = enrolmentDate;
    }
    // Only a form that records the criteria themselves (not a form that happens to be called so).
    if (Object.keys(values).some((k) => k in input.eligibility)) targets.push({ ...eligibility, values });
  }
  const consent = place('consent');
  if (consent) {
    const values: Record<string, unknown> = {};
    for (const f of consent.form.fields) {
      if (f.id === 'date' && f.type === 'date') values.date = input.consent.date;
      else if (f.id === 'version' && f.type === 'text') values.version = input.consent.version;
    }
    if (Object.keys(values).length) targets.push({ ...consent, values });
  }
  return targets;
}

/**
 * Writes the prefilled forms inside the enrolment transaction, validated like any save: complete when
 * every required field is answered and no check fails, otherwise incomplete (the coordinator finishes
 * it on the form). One audit row per field and one for the status, as a form save writes them.
 * A value the form refuses is left out rather than failing the enrolment.
 */
export async function savePrefill(
  tx: Repositories,
  def: StudyDefinition,
  participant: { id: string; birthYear: number; sex: string; cohort: string | null; enrolmentDate: string; consentDate?: string },
  targets: PrefillTarget[],
  userId: string,
): Promise<AuditEntry[]> {
  const crf = tx.get(CrfRepository);
  const audit: AuditEntry[] = [];
  const context = {
    enrolment: {
      date: participant.enrolmentDate,
      ...(participant.consentDate ? { consentDate: participant.consentDate } : {}),
      birthYear: participant.birthYear,
      sex: participant.sex,
      ...(participant.cohort ? { cohort: participant.cohort } : {}),
    },
  };
  for (const t of targets) {
    let status: FormStatus = 'complete';
    let result = validateFormValues(t.form, t.values, { status, context, today: participant.enrolmentDate });
    if (result.errors.length) {
      status = 'incomplete';
      const bad = new Set(result.errors.map((e) => e.field));
      const kept = Object.fromEntries(Object.entries(t.values).filter(([k]) => !bad.has(k)));
      result = validateFormValues(t.form, kept, { status, context, today: participant.enrolmentDate });
      if (result.errors.length) continue;
    }
    const values = Object.fromEntries(Object.entries(result.values).filter(([, v]) => v !== null));
    if (Object.keys(values).length === 0) continue;
    const key = { participantId: participant.id, eventId: t.eventId, formId: t.form.id, instance: 1 };
    const saved = await crf.insertRecord({ ...key, studyCode: def.code }, status, values, userId);
    if (!saved) continue;
    const base = {
      userId,
      entity: 'form',
      entityId: `${t.eventId}/${t.form.id}/1`,
      studyCode: def.code,
      participantId: participant.id,
      reason: ENROLMENT_PREFILL_REASON,
    };
    audit.push({ ...base, action: 'status', field: null, from: 'not_started', to: status });
    for (const c of diffValues(null, values, t.form)) audit.push({ ...base, action: 'create', field: c.field, from: c.from, to: c.to });
  }
  return audit;
}
