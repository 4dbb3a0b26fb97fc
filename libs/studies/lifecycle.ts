import { ConflictError } from '@trialdata/common';
import type { Database } from '@trialdata/database';
import { PlaceholderWordingError, assertWordingReady } from '@trialdata/instruments';
import { studyInstruments, type StudyDefinition } from '@trialdata/protocol';

/** The rule name a refused go-live carries (`rule` in the problem+json body). */
export const WORDING_RULE = 'INSTRUMENT_WORDING_PLACEHOLDER';

/** Every instrument a patient of the study answers: the schedule's (every cohort's) and the short version's. */
export function patientInstruments(study: StudyDefinition): string[] {
  return [...new Set([...studyInstruments(study), ...(study.shortVersion?.instruments ?? [])])];
}

/**
 * A study leaves set-up: `setup` → `recruiting`, audited (`go_live`, from/to), in one transaction that
 * holds the study row FOR UPDATE. Refused (409) when the study is not in set-up, and when a patient-facing
 * instrument still carries placeholder wording (`rule: INSTRUMENT_WORDING_PLACEHOLDER`, `instruments`
 * naming each one) unless `allowPlaceholder` (ALLOW_PLACEHOLDER_WORDING, demos and tests).
 */
export async function goLive(
  db: Database,
  study: StudyDefinition,
  options: { allowPlaceholder: boolean; userId: string; reason?: string | null },
): Promise<{ study: string; status: 'recruiting' }> {
  return db.transaction(async (tx) => {
    const rows: Array<{ status: string }> = await tx.manager.query('SELECT status FROM studies WHERE code = $1 FOR UPDATE', [study.code]);
    const status = rows[0]?.status ?? null;
    if (status !== 'setup') {
      throw new ConflictError(`${study.code} is ${status ?? 'not set up'}; only a study in set-up can go live`, undefined, {
        study: study.code,
        studyStatus: status,
      });
    }
    try {
      assertWordingReady(study.code, patientInstruments(study), options.allowPlaceholder);
    } catch (e) {
      if (!(e instanceof PlaceholderWordingError)) throw e;
      throw new ConflictError(
        e.message,
        e.instruments.map((code) => ({ field: `instruments.${code}`, message: 'placeholder wording (not the licensed text)' })),
        { rule: WORDING_RULE, study: study.code, instruments: e.instruments },
      );
    }
    await tx.manager.query(`UPDATE studies SET status = 'recruiting' WHERE code = $1`, [study.code]);
    await tx.audit.append([
      {
        userId: options.userId,
        action: 'go_live',
        entity: 'study',
        entityId: study.code,
        studyCode: study.code,
        field: 'status',
        from: 'setup',
        to: 'recruiting',
        reason: options.reason?.trim() || null,
      },
    ]);
    return { study: study.code, status: 'recruiting' as const };
  });
}
