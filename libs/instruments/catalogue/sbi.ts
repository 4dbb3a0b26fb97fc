/** Sciatica Bothersomeness Index: 4 items coded 0–6, sum 0–24. Full wording may be shipped. */
import { InstrumentDefinition, ScoreResult, Scorer } from '../types';
import { missingItems, numericAnswers } from '../validation';
import { BOTH_LANGUAGES, choiceItem, scaleOptions, text } from './build';

const OPTIONS = scaleOptions(0, 6, {
  0: text('0 – helemaal niet hinderlijk', '0 – not at all bothersome'),
  6: text('6 – extreem hinderlijk', '6 – extremely bothersome'),
});

export const SBI: InstrumentDefinition = {
  code: 'SBI',
  title: text('Sciatica Bothersomeness Index', 'Sciatica Bothersomeness Index'),
  languages: BOTH_LANGUAGES,
  copyrighted: false,
  wording: 'full',
  instructions: text(
    'Hoe hinderlijk waren de volgende klachten in de afgelopen week?',
    'How bothersome have the following symptoms been during the past week?',
  ),
  items: [
    choiceItem('sbi1', text('Pijn in het been', 'Leg pain'), OPTIONS, { group: 'sbi' }),
    choiceItem(
      'sbi2',
      text('Doof gevoel of tintelingen in het been, de voet of de lies', 'Numbness or tingling in the leg, foot or groin'),
      OPTIONS,
      { group: 'sbi' },
    ),
    choiceItem('sbi3', text('Zwakte in het been of de voet', 'Weakness in the leg or foot'), OPTIONS, { group: 'sbi' }),
    choiceItem('sbi4', text('Rug- of beenpijn tijdens het zitten', 'Back or leg pain when sitting'), OPTIONS, {
      group: 'sbi',
    }),
  ],
  scoring: 'sbi',
  scoreNames: ['score'],
};

/** Sum 0–24; null if any item is missing (no proration). */
export const scoreSbi: Scorer = (answers, def): ScoreResult => {
  const ids = def.items.map((i) => i.id);
  const missing = missingItems(answers, ids);
  if (missing.length > 0) {
    return {
      scores: { score: null },
      reasons: { score: `${missing.length} of ${ids.length} items missing (${missing.join(', ')}); every item is needed` },
    };
  }
  return { scores: { score: numericAnswers(answers, ids).reduce((a, b) => a + b, 0) }, reasons: {} };
};
