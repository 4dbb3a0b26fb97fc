/**
 * Hospital Anxiety and Depression Scale (copyrighted: descriptive labels only). Codes 0–3 are the
 * scored values; the licensed form prints some items' options from 3 down to 0, which a site's
 * translation file reproduces by listing the options in printed order.
 */
import { InstrumentDefinition, ScoreResult, Scorer, ValidAnswers } from '../types';
import { roundRatioHalfUp } from '../rounding';
import { missingItems, numericAnswers } from '../validation';
import { BOTH_LANGUAGES, choiceItem, scaleOptions, text } from './build';

const TOPICS = [
  text('gespannenheid', 'tension'),
  text('plezier in dingen als vroeger', 'enjoyment of things as before'),
  text('angstig voorgevoel', 'frightened feeling of something awful'),
  text('lachen en de zonnige kant zien', 'laughing and seeing the funny side'),
  text('piekeren', 'worrying thoughts'),
  text('opgewektheid', 'cheerfulness'),
  text('ontspannen kunnen zitten', 'sitting at ease and relaxed'),
  text('trager geworden', 'feeling slowed down'),
  text('kriebels in de maag', 'butterflies in the stomach'),
  text('interesse in uiterlijk', 'interest in appearance'),
  text('rusteloosheid', 'restlessness'),
  text('met plezier uitkijken naar dingen', 'looking forward with enjoyment'),
  text('plotselinge paniek', 'sudden feelings of panic'),
  text('genieten van boek, radio of tv', 'enjoying a book, radio or TV'),
];

const OPTIONS = scaleOptions(0, 3, {
  0: text('Score 0', 'Score 0'),
  1: text('Score 1', 'Score 1'),
  2: text('Score 2', 'Score 2'),
  3: text('Score 3', 'Score 3'),
});

/** Odd items measure anxiety, even items depression. */
export const HADS_ANXIETY_ITEMS = [1, 3, 5, 7, 9, 11, 13].map((n) => `hads${n}`);
export const HADS_DEPRESSION_ITEMS = [2, 4, 6, 8, 10, 12, 14].map((n) => `hads${n}`);
const MAX_MISSING_PER_SUBSCALE = 1;

export const HADS: InstrumentDefinition = {
  code: 'HADS',
  title: text('Hospital Anxiety and Depression Scale', 'Hospital Anxiety and Depression Scale'),
  languages: BOTH_LANGUAGES,
  copyrighted: true,
  wording: 'descriptive',
  items: TOPICS.map((topic, index) => {
    const n = index + 1;
    const subscale = n % 2 === 1 ? text('angst', 'anxiety') : text('depressie', 'depression');
    return choiceItem(`hads${n}`, text(`HADS ${n} (${subscale.nl}) – ${topic.nl}`, `HADS ${n} (${subscale.en}) – ${topic.en}`), OPTIONS, {
      group: `hads${n}`,
    });
  }),
  scoring: 'hads',
  scoreNames: ['anxiety', 'depression', 'anxietyCategory', 'depressionCategory'],
};

export type HadsCategory = 'normal' | 'borderline' | 'abnormal';

/** 0–7 normal, 8–10 borderline, 11–21 abnormal. */
export function hadsCategory(score: number): HadsCategory {
  if (score <= 7) return 'normal';
  if (score <= 10) return 'borderline';
  return 'abnormal';
}

function subscale(answers: ValidAnswers, ids: string[], name: string): { value: number | null; reason?: string } {
  const missing = missingItems(answers, ids);
  if (missing.length > MAX_MISSING_PER_SUBSCALE) {
    return {
      value: null,
      reason: `${missing.length} of ${ids.length} ${name} items missing (${missing.join(', ')}); at most ${MAX_MISSING_PER_SUBSCALE} may be missing`,
    };
  }
  const sum = numericAnswers(answers, ids).reduce((a, b) => a + b, 0);
  // One missing: prorate round(sum × 7 / 6) half up; none missing this is the plain sum.
  return { value: roundRatioHalfUp(sum * ids.length, ids.length - missing.length) };
}

export const scoreHads: Scorer = (answers) => {
  const anxiety = subscale(answers, HADS_ANXIETY_ITEMS, 'anxiety');
  const depression = subscale(answers, HADS_DEPRESSION_ITEMS, 'depression');
  const result: ScoreResult = {
    scores: {
      anxiety: anxiety.value,
      depression: depression.value,
      anxietyCategory: anxiety.value === null ? null : hadsCategory(anxiety.value),
      depressionCategory: depression.value === null ? null : hadsCategory(depression.value),
    },
    reasons: {},
  };
  if (anxiety.reason) {
    result.reasons.anxiety = anxiety.reason;
    result.reasons.anxietyCategory = `no anxiety score: ${anxiety.reason}`;
  }
  if (depression.reason) {
    result.reasons.depression = depression.reason;
    result.reasons.depressionCategory = `no depression score: ${depression.reason}`;
  }
  return result;
};
