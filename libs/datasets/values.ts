/**
 * From a participant record to cell values, and from values to text. Formatting is fixed (no
 * locale, no clock), so the same data always give the same bytes.
 */
import { deriveOutcomes, score } from '@trialdata/instruments';
import type { DerivedOutcomeName, ParticipantRecord, QuestionnaireRecord, Variable, VariableType } from './model';

type ScoreMap = Record<string, number | string | boolean | null>;

/** A missing-data code as libs/forms stores it: `{ missing: "unknown" }`. */
export function missingCode(value: unknown): string | null {
  if (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as { missing?: unknown }).missing === 'string'
  ) {
    return (value as { missing: string }).missing;
  }
  return null;
}

/** A number in its shortest round-trip form, never in exponent notation, never `-0`. */
export function formatNumber(n: number, precision?: number): string {
  if (!Number.isFinite(n)) return '';
  if (precision !== undefined) {
    const fixed = n.toFixed(precision);
    return /^-0(\.0*)?$/.test(fixed) ? fixed.slice(1) : fixed;
  }
  if (Object.is(n, -0)) return '0';
  const s = String(n);
  if (!s.includes('e')) return s;
  // Exponent form for very small or large numbers: expand it exactly.
  const fixed = Math.abs(n) < 1 ? n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '') : BigInt(Math.round(n)).toString();
  return fixed;
}

/** One value as text in the given type; '' for missing (null, a missing-data code, the wrong shape). */
export function formatScalar(type: VariableType, value: unknown, precision?: number): string {
  if (value === null || value === undefined || missingCode(value) !== null) return '';
  switch (type) {
    case 'integer':
    case 'decimal':
      return typeof value === 'number' ? formatNumber(value, type === 'decimal' ? precision : undefined) : '';
    case 'choice':
      return typeof value === 'number' ? formatNumber(value) : typeof value === 'string' ? value : '';
    case 'boolean':
      return value === true ? '1' : value === false ? '0' : '';
    case 'multichoice':
      return Array.isArray(value) ? value.map((v) => String(v)).join(' ') : '';
    case 'date':
    case 'text':
      return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
  }
}

/** The 0/1 cell of one multichoice option: '' when the field has no answer at all. */
export function formatOption(value: unknown, code: number): string {
  if (!Array.isArray(value)) return '';
  return value.includes(code) ? '1' : '0';
}

/**
 * `<event>/<form or instrument>` of a variable's source, made once per source: data.csv looks up
 * every cell by it, and a key built per cell is a new string to hash each time.
 */
const sourceKeys = new WeakMap<object, string>();
function sourceKey(source: object, eventId: string, id: string): string {
  let key = sourceKeys.get(source);
  if (key === undefined) {
    key = `${eventId}/${id}`;
    sourceKeys.set(source, key);
  }
  return key;
}

/**
 * Looks up the raw value of each (non-repeating) variable of one participant: CRF values,
 * questionnaire answers, scores (stored, or scored now from the answers) and derived outcomes.
 */
export class ParticipantValues {
  private readonly forms = new Map<string, Record<string, unknown>>();
  private readonly questionnaires = new Map<string, QuestionnaireRecord>();
  private readonly scores = new Map<string, ScoreMap>();
  private readonly derived = new Map<string, ReturnType<typeof deriveOutcomes> | null>();

  constructor(
    readonly record: ParticipantRecord,
    private readonly baselineEvent: string | null,
  ) {
    for (const f of record.forms) if (f.instance === 1) this.forms.set(`${f.eventId}/${f.formId}`, f.values);
    for (const q of record.questionnaires) this.questionnaires.set(`${q.eventId}/${q.instrument}`, q);
  }

  value(v: Variable): unknown {
    const s = v.source;
    switch (s.kind) {
      case 'participant':
        return this.participant(s.key);
      case 'form':
        return this.forms.get(sourceKey(s, s.eventId, s.formId))?.[s.fieldId] ?? null;
      case 'missing':
        return missingCode(this.forms.get(sourceKey(s, s.eventId, s.formId))?.[s.fieldId] ?? null);
      case 'item':
        return this.questionnaires.get(sourceKey(s, s.eventId, s.instrument))?.answers[s.itemId] ?? null;
      case 'score':
        return this.scoresOf(s.eventId, s.instrument)?.[s.score] ?? null;
      case 'derived':
        return this.derivedValue(s.eventId, s.outcome);
    }
  }

  private participant(key: Extract<Variable['source'], { kind: 'participant' }>['key']): unknown {
    const p = this.record;
    switch (key) {
      case 'participant':
        return p.label;
      case 'site':
        return p.site;
      case 'status':
        return p.status;
      case 'arm':
        return p.arm;
      case 'cohort':
        return p.cohort;
      case 'sex':
        return p.sex;
      case 'birth_year':
        return p.birthYear;
      case 'consent_date':
        return p.consentDate;
      case 'consent_version':
        return p.consentVersion;
      case 'enrolment_date':
        return p.enrolmentDate;
      case 'randomisation_date':
        return p.randomisationDate;
      case 'anchor_date':
        return p.anchorDate;
    }
  }

  scoresOf(eventId: string, instrument: string): ScoreMap | null {
    const key = `${eventId}/${instrument}`;
    if (this.scores.has(key)) return this.scores.get(key)!;
    const q = this.questionnaires.get(key);
    const result = q ? questionnaireScores(q) : null;
    this.scores.set(key, result as ScoreMap);
    return result;
  }

  private nrsLeg(eventId: string): number | null {
    const v = this.scoresOf(eventId, 'NRS_LEG')?.score;
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 10 ? v : null;
  }

  private derivedValue(eventId: string, outcome: DerivedOutcomeName): unknown {
    if (!this.derived.has(eventId)) {
      const gpe = this.scoresOf(eventId, 'GPE')?.score;
      try {
        this.derived.set(
          eventId,
          deriveOutcomes({
            baselineNrsLeg: this.baselineEvent ? this.nrsLeg(this.baselineEvent) : null,
            followUpNrsLeg: this.nrsLeg(eventId),
            gpeCode: typeof gpe === 'number' && Number.isInteger(gpe) && gpe >= 1 && gpe <= 7 ? gpe : null,
          }),
        );
      } catch {
        this.derived.set(eventId, null);
      }
    }
    const d = this.derived.get(eventId);
    if (!d) return null;
    switch (outcome) {
      case 'nrs_leg_change':
        return d.nrsLegChange;
      case 'nrs_leg_pct_change':
        return d.nrsLegPercentChange;
      case 'responder50':
        return d.responder50;
      case 'recovered':
        return d.recovered;
    }
  }
}

/** The stored scores, or the answers scored now (a questionnaire without answers scores nothing). */
export function questionnaireScores(q: QuestionnaireRecord): ScoreMap | null {
  if (q.scores && Object.keys(q.scores).length > 0) return q.scores;
  if (Object.keys(q.answers).length === 0) return null;
  try {
    return score(q.instrument, q.answers as Record<string, number | string | number[] | null>).scores;
  } catch {
    return null;
  }
}
