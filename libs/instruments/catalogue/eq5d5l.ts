/**
 * EQ-5D-5L with the Dutch value set (Versteegh et al., Value Health 2016) and the EQ VAS
 * (copyrighted: descriptive labels only).
 */
import { InstrumentDefinition, ScoreResult, Scorer } from '../types';
import { BOTH_LANGUAGES, choiceItem, text } from './build';

export const EQ5D_DIMENSIONS = ['MO', 'SC', 'UA', 'PD', 'AD'] as const;
export type Eq5dDimension = (typeof EQ5D_DIMENSIONS)[number];

/** Decrements in thousandths for levels 2, 3, 4, 5 (level 1 = 0), exactly as INSTRUMENTS.md gives them. */
const DECREMENTS: Record<Eq5dDimension, [number, number, number, number]> = {
  MO: [35, 57, 166, 203],
  SC: [38, 61, 168, 168],
  UA: [39, 87, 192, 192],
  PD: [66, 92, 360, 415],
  AD: [70, 145, 356, 421],
};
/** Subtracted from every state other than 11111, in thousandths. */
const CONSTANT = 47;

const LEVELS = [
  { code: 1, label: text('1 – geen problemen', '1 – no problems') },
  { code: 2, label: text('2 – lichte problemen', '2 – slight problems') },
  { code: 3, label: text('3 – matige problemen', '3 – moderate problems') },
  { code: 4, label: text('4 – ernstige problemen', '4 – severe problems') },
  { code: 5, label: text('5 – extreme problemen / niet in staat', '5 – extreme problems / unable') },
];

const NAMES: Record<Eq5dDimension, ReturnType<typeof text>> = {
  MO: text('mobiliteit', 'mobility'),
  SC: text('zelfzorg', 'self-care'),
  UA: text('dagelijkse activiteiten', 'usual activities'),
  PD: text('pijn/ongemak', 'pain/discomfort'),
  AD: text('angst/somberheid', 'anxiety/depression'),
};

export const EQ5D5L: InstrumentDefinition = {
  code: 'EQ5D5L',
  title: text('EQ-5D-5L', 'EQ-5D-5L'),
  languages: BOTH_LANGUAGES,
  copyrighted: true,
  wording: 'descriptive',
  items: [
    ...EQ5D_DIMENSIONS.map((dim) =>
      choiceItem(dim, text(`EQ-5D-5L ${dim} – ${NAMES[dim].nl}`, `EQ-5D-5L ${dim} – ${NAMES[dim].en}`), LEVELS, {
        group: dim,
      }),
    ),
    {
      id: 'VAS',
      label: text(
        'EQ VAS – gezondheid vandaag (0 = slechtst denkbaar, 100 = best denkbaar)',
        'EQ VAS – health today (0 = worst imaginable, 100 = best imaginable)',
      ),
      type: 'integer',
      range: { min: 0, max: 100 },
      group: 'VAS',
      required: true,
    },
  ],
  scoring: 'eq5d5l',
  scoreNames: ['index', 'vas', 'state'],
};

/** The Dutch index of a complete state such as [2, 1, 3, 4, 1], exact to 3 decimals. */
export function dutchIndex(levels: readonly number[]): number {
  if (levels.every((level) => level === 1)) return 1;
  const decrement = EQ5D_DIMENSIONS.reduce((sum, dim, i) => sum + (levels[i] === 1 ? 0 : DECREMENTS[dim][levels[i] - 2]), 0);
  return (1000 - CONSTANT - decrement) / 1000;
}

/** Index and state need all five dimensions; the VAS stands on its own (a missing VAS keeps the index). */
export const scoreEq5d5l: Scorer = (answers) => {
  const reasons: ScoreResult['reasons'] = {};
  const missing = EQ5D_DIMENSIONS.filter((dim) => answers[dim] === undefined);
  const levels = missing.length === 0 ? EQ5D_DIMENSIONS.map((dim) => answers[dim] as number) : null;
  if (!levels) {
    const reason = `dimension${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing; every dimension is needed`;
    reasons.index = reason;
    reasons.state = reason;
  }
  const vas = typeof answers.VAS === 'number' ? answers.VAS : null;
  if (vas === null) reasons.vas = 'the EQ VAS was not answered';
  return {
    scores: { index: levels ? dutchIndex(levels) : null, vas, state: levels ? levels.join('') : null },
    reasons,
  };
};
