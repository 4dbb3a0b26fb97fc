/**
 * Numeric rating scales for pain in the past week (0–10). Full wording may be shipped. The `now`
 * variant asks for pain at this moment: the POTEISS measurement 30 minutes after the injection
 * (registration NCT04540068) measures the injection's immediate effect, not the past week.
 */
import { InstrumentDefinition, LocalisedText, ScoreResult, Scorer } from '../types';
import { BOTH_LANGUAGES, choiceItem, scaleOptions, text } from './build';

/** The one item of every NRS is called `score`, so the answer and the score share a name. */
export const NRS_ITEM_ID = 'score';

function nrs(code: string, region: LocalisedText, question: LocalisedText): InstrumentDefinition {
  const now = text(
    `Hoeveel pijn heeft u op dit moment in uw ${region.nl}? (0 = geen pijn, 10 = ergst denkbare pijn)`,
    `How much pain do you have in your ${region.en} right now? (0 = no pain, 10 = worst pain imaginable)`,
  );
  return {
    code,
    title: text(`Pijnscore ${region.nl} (NRS)`, `Numeric rating scale, ${region.en} pain`),
    languages: BOTH_LANGUAGES,
    copyrighted: false,
    wording: 'full',
    items: [
      choiceItem(
        NRS_ITEM_ID,
        question,
        scaleOptions(0, 10, {
          0: text('0 – geen pijn', '0 – no pain'),
          10: text('10 – ergst denkbare pijn', '10 – worst pain imaginable'),
        }),
        { group: 'nrs' },
      ),
    ],
    scoring: 'nrs',
    scoreNames: ['score'],
    variants: {
      now: { title: text(`Pijnscore ${region.nl} nu (NRS)`, `Numeric rating scale, ${region.en} pain now`), items: { [NRS_ITEM_ID]: now } },
    },
  };
}

export const NRS_LEG = nrs(
  'NRS_LEG',
  text('been', 'leg'),
  text(
    'Hoeveel pijn had u gemiddeld in de afgelopen week in uw been? (0 = geen pijn, 10 = ergst denkbare pijn)',
    'How much pain did you have in your leg on average in the past week? (0 = no pain, 10 = worst pain imaginable)',
  ),
);
export const NRS_BACK = nrs(
  'NRS_BACK',
  text('rug', 'back'),
  text(
    'Hoeveel pijn had u gemiddeld in de afgelopen week in uw rug? (0 = geen pijn, 10 = ergst denkbare pijn)',
    'How much pain did you have in your back on average in the past week? (0 = no pain, 10 = worst pain imaginable)',
  ),
);
export const NRS_ARM = nrs(
  'NRS_ARM',
  text('arm', 'arm'),
  text(
    'Hoeveel pijn had u gemiddeld in de afgelopen week in uw arm? (0 = geen pijn, 10 = ergst denkbare pijn)',
    'How much pain did you have in your arm on average in the past week? (0 = no pain, 10 = worst pain imaginable)',
  ),
);
export const NRS_NECK = nrs(
  'NRS_NECK',
  text('nek', 'neck'),
  text(
    'Hoeveel pijn had u gemiddeld in de afgelopen week in uw nek? (0 = geen pijn, 10 = ergst denkbare pijn)',
    'How much pain did you have in your neck on average in the past week? (0 = no pain, 10 = worst pain imaginable)',
  ),
);

export const scoreNrs: Scorer = (answers): ScoreResult => {
  const value = answers[NRS_ITEM_ID];
  return typeof value === 'number'
    ? { scores: { score: value }, reasons: {} }
    : { scores: { score: null }, reasons: { score: 'the pain score was not answered' } };
};
