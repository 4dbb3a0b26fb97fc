/** Global perceived effect, 7 points. Full wording may be shipped. */
import { InstrumentDefinition, ScoreResult, Scorer } from '../types';
import { BOTH_LANGUAGES, choiceItem, text } from './build';

export const GPE_ITEM_ID = 'gpe';
/** Codes counted as recovered: 1 completely recovered, 2 much improved. */
export const GPE_RECOVERED_CODES = [1, 2];

export const GPE: InstrumentDefinition = {
  code: 'GPE',
  title: text('Globaal ervaren effect', 'Global perceived effect'),
  languages: BOTH_LANGUAGES,
  copyrighted: false,
  wording: 'full',
  items: [
    choiceItem(
      GPE_ITEM_ID,
      text(
        'Hoe gaat het nu met uw klachten, vergeleken met vóór de behandeling?',
        'How are your symptoms now, compared with before the treatment?',
      ),
      [
        { code: 1, label: text('Volledig hersteld', 'Completely recovered') },
        { code: 2, label: text('Veel verbeterd', 'Much improved') },
        { code: 3, label: text('Een beetje verbeterd', 'Slightly improved') },
        { code: 4, label: text('Geen verandering', 'No change') },
        { code: 5, label: text('Een beetje verslechterd', 'Slightly worse') },
        { code: 6, label: text('Veel verslechterd', 'Much worse') },
        { code: 7, label: text('Slechter dan ooit', 'Worse than ever') },
      ],
      { group: 'gpe' },
    ),
  ],
  scoring: 'gpe',
  scoreNames: ['score', 'recovered'],
};

export function isRecovered(gpeCode: number): boolean {
  return GPE_RECOVERED_CODES.includes(gpeCode);
}

export const scoreGpe: Scorer = (answers): ScoreResult => {
  const value = answers[GPE_ITEM_ID];
  if (typeof value !== 'number') {
    const reason = 'the global perceived effect was not answered';
    return { scores: { score: null, recovered: null }, reasons: { score: reason, recovered: reason } };
  }
  return { scores: { score: value, recovered: isRecovered(value) }, reasons: {} };
};
