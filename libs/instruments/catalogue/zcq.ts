/**
 * Zurich Claudication Questionnaire. Items zcq1–zcq7 symptom severity (zcq7, balance, coded 1/3/5),
 * zcq8–zcq12 physical function, zcq13–zcq18 satisfaction (asked after treatment only, so the items
 * are not required and the satisfaction score is null at baseline).
 *
 * The wording is not shipped: it is not on the list of instruments that may carry full wording, so it
 * is treated like the copyrighted ones (descriptive labels, wording from a site translation file).
 */
import { InstrumentDefinition, LocalisedText, ResponseOption, Scorer, ScoreResult, ValidAnswers } from '../types';
import { missingItems, numericAnswers } from '../validation';
import { BOTH_LANGUAGES, choiceItem, scaleOptions, text } from './build';

const SEVERITY_OPTIONS = scaleOptions(1, 5, {
  1: text('1 (geen/minst)', '1 (none/least)'),
  5: text('5 (ernstigst)', '5 (most severe)'),
});
const BALANCE_OPTIONS: ResponseOption[] = [
  { code: 1, label: text('1 – geen evenwichtsproblemen', '1 – no problems with balance') },
  { code: 3, label: text('3 – soms evenwichtsproblemen', '3 – balance sometimes off') },
  { code: 5, label: text('5 – vaak evenwichtsproblemen', '5 – balance often off') },
];
const FUNCTION_OPTIONS = scaleOptions(1, 4, {
  1: text('1 (best)', '1 (best)'),
  4: text('4 (slechtst)', '4 (worst)'),
});
const SATISFACTION_OPTIONS = scaleOptions(1, 4, {
  1: text('1 – zeer tevreden', '1 – very satisfied'),
  2: text('2 – enigszins tevreden', '2 – somewhat satisfied'),
  3: text('3 – enigszins ontevreden', '3 – somewhat dissatisfied'),
  4: text('4 – zeer ontevreden', '4 – very dissatisfied'),
});

const SEVERITY_TOPICS = [
  text('pijn in het algemeen', 'pain overall'),
  text('hoe vaak pijn', 'frequency of pain'),
  text('pijn in rug of billen', 'back or buttock pain'),
  text('pijn in benen of voeten', 'leg or foot pain'),
  text('doof gevoel of tintelingen', 'numbness or tingling'),
  text('zwakte in benen of voeten', 'weakness in legs or feet'),
  text('evenwichtsproblemen', 'problems with balance'),
];
const FUNCTION_TOPICS = [
  text('loopafstand', 'walking distance'),
  text('wandelen voor plezier', 'walks for pleasure'),
  text('boodschappen doen', 'shopping'),
  text('door het huis lopen', 'walking around the home'),
  text('van slaapkamer naar badkamer lopen', 'walking from bedroom to bathroom'),
];
const SATISFACTION_TOPICS = [
  text('resultaat in het algemeen', 'overall result'),
  text('pijnverlichting', 'pain relief'),
  text('loopvermogen', 'ability to walk'),
  text('huishouden, tuin of werk', 'housework, yard work or job'),
  text('kracht in benen en voeten', 'strength in legs and feet'),
  text('evenwicht', 'balance'),
];

interface Subscale {
  name: 'severity' | 'function' | 'satisfaction';
  ids: string[];
  maxMissing: number;
}

const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `zcq${from + i}`);

export const ZCQ_SUBSCALES: Subscale[] = [
  { name: 'severity', ids: ids(1, 7), maxMissing: 2 },
  { name: 'function', ids: ids(8, 12), maxMissing: 1 },
  { name: 'satisfaction', ids: ids(13, 18), maxMissing: 1 },
];

function label(n: number, scale: LocalisedText, topic: LocalisedText): LocalisedText {
  return text(`ZCQ ${n} (${scale.nl}) – ${topic.nl}`, `ZCQ ${n} (${scale.en}) – ${topic.en}`);
}

const SEVERITY = text('ernst symptomen', 'symptom severity');
const FUNCTION = text('fysiek functioneren', 'physical function');
const SATISFACTION = text('tevredenheid', 'satisfaction');

export const ZCQ: InstrumentDefinition = {
  code: 'ZCQ',
  title: text('Zurich Claudication Questionnaire', 'Zurich Claudication Questionnaire'),
  languages: BOTH_LANGUAGES,
  copyrighted: false,
  wording: 'descriptive',
  items: [
    ...SEVERITY_TOPICS.map((topic, i) =>
      choiceItem(`zcq${i + 1}`, label(i + 1, SEVERITY, topic), i === 6 ? BALANCE_OPTIONS : SEVERITY_OPTIONS, {
        group: 'severity',
      }),
    ),
    ...FUNCTION_TOPICS.map((topic, i) => choiceItem(`zcq${i + 8}`, label(i + 8, FUNCTION, topic), FUNCTION_OPTIONS, { group: 'function' })),
    ...SATISFACTION_TOPICS.map((topic, i) =>
      choiceItem(`zcq${i + 13}`, label(i + 13, SATISFACTION, topic), SATISFACTION_OPTIONS, {
        group: 'satisfaction',
        required: false,
      }),
    ),
  ],
  scoring: 'zcq',
  scoreNames: ['severity', 'function', 'satisfaction'],
};

/** Each subscale = mean of its answered items (not rounded); null beyond its missing-item limit. */
export const scoreZcq: Scorer = (answers) => {
  const result: ScoreResult = { scores: {}, reasons: {} };
  for (const subscale of ZCQ_SUBSCALES) {
    const { value, reason } = subscaleMean(answers, subscale);
    result.scores[subscale.name] = value;
    if (reason) result.reasons[subscale.name] = reason;
  }
  return result;
};

function subscaleMean(answers: ValidAnswers, { name, ids, maxMissing }: Subscale): { value: number | null; reason?: string } {
  const missing = missingItems(answers, ids);
  if (missing.length > maxMissing) {
    const why = `${missing.length} of ${ids.length} ${name} items missing (${missing.join(', ')}); at most ${maxMissing} may be missing`;
    return { value: null, reason: name === 'satisfaction' ? `${why} (satisfaction is asked after treatment only)` : why };
  }
  const values = numericAnswers(answers, ids);
  return { value: values.reduce((a, b) => a + b, 0) / values.length };
}
