/**
 * Inter-reader agreement of a study's double reading (StudyDefinition.doubleReading): which readings
 * pair up, and kappa per grade and, for side-bound grades, per side. Pure: the service and the
 * dataset writer hand it the saved form instances.
 */
import type { DoubleReadingDefinition, FieldDefinition, StudyDefinition } from '@trialdata/protocol';
import { crossTable, kappa, type KappaResult } from './kappa';

/** One saved form instance, as the form store and the dataset snapshot both have it. */
export interface ReadingForm {
  eventId: string;
  formId: string;
  instance: number;
  status: string;
  values: Record<string, unknown>;
}

/** The first reading of one participant and the further reading it is compared with. */
export interface ReadingPair {
  first: Record<string, unknown>;
  second: Record<string, unknown>;
  secondInstance: number;
}

/** One agreement row: a grade over all pairs (`side` null) or over the pairs graded on one side. */
export interface AgreementRow extends KappaResult {
  grade: string;
  label: string;
  /** The side's code and label, or null for every pair. */
  side: { code: number; label: string } | null;
  /** The grade's codes, in the table's row and column order. */
  categories: number[];
  /** Counts: rows the first reading's grade, columns the second's. */
  table: number[][];
}

export interface AgreementSummary {
  /** Participants with a complete first reading. */
  firstReadings: number;
  /** Of those, participants with a complete further reading by another reader of the same level and side. */
  pairs: number;
  rows: AgreementRow[];
}

/**
 * The pair of one participant: the complete first reading and the lowest-numbered complete further
 * reading by another reader whose subject (level, side) is the same. Null when there is none.
 */
export function readingPair(reading: DoubleReadingDefinition, forms: readonly ReadingForm[]): ReadingPair | null {
  const at = forms.filter((f) => f.eventId === reading.eventId && f.status === 'complete');
  const first = at.find((f) => f.formId === reading.firstFormId && f.instance === 1);
  if (!first) return null;
  const reader = first.values[reading.readerFieldId];
  const second = at
    .filter((f) => f.formId === reading.furtherFormId)
    .sort((a, b) => a.instance - b.instance)
    .find(
      (f) => f.values[reading.readerFieldId] !== reader && reading.subjectFieldIds.every((id) => sameValue(f.values[id], first.values[id])),
    );
  return second ? { first: first.values, second: second.values, secondInstance: second.instance } : null;
}

/** Kappa per grade (and per side for side-bound grades) over the participants' saved forms. */
export function agreementSummary(study: StudyDefinition, participants: Iterable<readonly ReadingForm[]>): AgreementSummary {
  const reading = study.doubleReading;
  if (!reading) throw new Error(`${study.code} has no double reading`);
  const form = study.forms.find((f) => f.id === reading.firstFormId)!;
  const field = (id: string) => form.fields.find((f) => f.id === id) as FieldDefinition;
  let firstReadings = 0;
  const pairs: ReadingPair[] = [];
  for (const forms of participants) {
    if (forms.some((f) => f.eventId === reading.eventId && f.formId === reading.firstFormId && f.instance === 1 && f.status === 'complete'))
      firstReadings++;
    const pair = readingPair(reading, forms);
    if (pair) pairs.push(pair);
  }
  const rows: AgreementRow[] = [];
  for (const grade of reading.gradeFieldIds) {
    const def = field(grade);
    rows.push(row(def, null, pairs));
    if (reading.side?.gradeFieldIds.includes(grade)) {
      const sideField = field(reading.side.fieldId);
      for (const option of sideField.options ?? []) {
        const onSide = pairs.filter((p) => p.first[sideField.id] === option.code);
        rows.push(row(def, { code: option.code, label: option.label }, onSide));
      }
    }
  }
  return { firstReadings, pairs: pairs.length, rows };
}

function row(field: FieldDefinition, side: AgreementRow['side'], pairs: readonly ReadingPair[]): AgreementRow {
  const categories = (field.options ?? []).map((o) => o.code);
  // A missing-data code (`not_done`) on either reading leaves the pair out of this grade only.
  const graded = pairs
    .map((p) => [p.first[field.id], p.second[field.id]] as const)
    .filter((g): g is readonly [number, number] => categories.includes(g[0] as number) && categories.includes(g[1] as number));
  const table = crossTable(graded, categories);
  return { grade: field.id, label: field.label, side, categories, table, ...kappa(table) };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
