/**
 * agreement.csv, the dataset file of a study with double reading: one row per grade (and side), the
 * pairs counted and kappa, linear and quadratic weighted kappa with standard error and 95% interval,
 * computed from the same snapshot as data.csv. Numbers are written in full (JavaScript's shortest
 * round-trip form), blank when kappa is undefined.
 */
import { stringify } from 'csv-stringify/sync';
import type { StudyDefinition } from '@trialdata/protocol';
import { agreementSummary, type ReadingForm } from './agreement';
import type { KappaEstimate } from './kappa';

export const AGREEMENT_FILE = 'agreement.csv';

/** As data.csv: RFC 4180 by csv-stringify, `\n` between records. */
const CSV = { record_delimiter: '\n', quoted_match: /\r/ } as const;

const COLUMNS = [
  'grade',
  'label',
  'side',
  'side_label',
  'n',
  'observed_agreement',
  ...['kappa', 'kappa_linear', 'kappa_quadratic'].flatMap((k) => [k, `${k}_se`, `${k}_lower`, `${k}_upper`]),
  'table',
];

/** The file's text, after one pass over the snapshot's participants. */
export async function* agreementCsv(
  study: StudyDefinition,
  participants: AsyncIterable<{ forms: readonly ReadingForm[] }>,
): AsyncGenerator<string> {
  const all: Array<readonly ReadingForm[]> = [];
  for await (const p of participants) all.push(p.forms.filter((f) => f.eventId === study.doubleReading?.eventId));
  const summary = agreementSummary(study, all);
  yield stringify([COLUMNS], CSV);
  for (const row of summary.rows) {
    const cells = [
      row.grade,
      row.label,
      row.side?.code ?? '',
      row.side?.label ?? 'all',
      row.n,
      row.observedAgreement ?? '',
      ...estimate(row.unweighted),
      ...estimate(row.linear),
      ...estimate(row.quadratic),
      // The cross table, rows the first reading: "a b c d|e f g h|…" in category order.
      row.table.map((r) => r.join(' ')).join('|'),
    ];
    yield stringify([cells.map(String)], CSV);
  }
}

function estimate(e: KappaEstimate): Array<number | ''> {
  return [e.value ?? '', e.se ?? '', e.lower ?? '', e.upper ?? ''];
}
