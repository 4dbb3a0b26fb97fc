/** Roland-Morris Disability Questionnaire, 24 items (copyrighted: descriptive labels only). */
import { InstrumentDefinition, ScoreResult, Scorer } from '../types';
import { roundRatioHalfUp } from '../rounding';
import { missingItems, numericAnswers } from '../validation';
import { BOTH_LANGUAGES, choiceItem, text } from './build';

const TOPICS = [
  text('thuisblijven', 'staying at home'),
  text('vaak van houding veranderen', 'changing position often'),
  text('langzamer lopen', 'walking more slowly'),
  text('huishoudelijk werk', 'household jobs'),
  text('trapleuning gebruiken', 'using the handrail on stairs'),
  text('vaker gaan liggen', 'lying down to rest more often'),
  text('steun nodig bij opstaan uit een stoel', 'holding on to get out of a chair'),
  text('anderen dingen laten doen', 'getting others to do things'),
  text('langzamer aankleden', 'dressing more slowly'),
  text('kort staan', 'standing only briefly'),
  text('bukken of knielen vermijden', 'avoiding bending or kneeling'),
  text('moeite met opstaan uit een stoel', 'difficulty getting out of a chair'),
  text('bijna altijd pijn', 'pain almost all the time'),
  text('omdraaien in bed', 'turning over in bed'),
  text('eetlust', 'appetite'),
  text('sokken aantrekken', 'putting on socks'),
  text('korte afstanden lopen', 'walking only short distances'),
  text('slechter slapen', 'sleeping less well'),
  text('hulp bij aankleden', 'dressing with help'),
  text('grootste deel van de dag zitten', 'sitting most of the day'),
  text('zwaar werk vermijden', 'avoiding heavy jobs'),
  text('prikkelbaarheid', 'irritability'),
  text('langzamer traplopen', 'climbing stairs more slowly'),
  text('grootste deel van de tijd in bed', 'staying in bed most of the time'),
];

const YES_NO = [
  { code: 1, label: text('Ja, dit geldt voor mij', 'Yes, this applies to me') },
  { code: 0, label: text('Nee', 'No') },
];

export const RMDQ_MAX_MISSING = 2;

export const RMDQ: InstrumentDefinition = {
  code: 'RMDQ',
  title: text('Roland-Morris Disability Questionnaire', 'Roland-Morris Disability Questionnaire'),
  languages: BOTH_LANGUAGES,
  copyrighted: true,
  wording: 'descriptive',
  items: TOPICS.map((topic, index) =>
    choiceItem(`rmdq${index + 1}`, text(`RMDQ ${index + 1} – ${topic.nl}`, `RMDQ ${index + 1} – ${topic.en}`), YES_NO, {
      group: 'rmdq',
    }),
  ),
  scoring: 'rmdq',
  scoreNames: ['score'],
};

/** Count of yes (0–24); 1–2 missing: round(count × 24 / answered) half up; more: null. */
export const scoreRmdq: Scorer = (answers, def): ScoreResult => {
  const ids = def.items.map((i) => i.id);
  const missing = missingItems(answers, ids);
  if (missing.length > RMDQ_MAX_MISSING) {
    return {
      scores: { score: null },
      reasons: {
        score: `${missing.length} of ${ids.length} items missing (${missing.join(', ')}); at most ${RMDQ_MAX_MISSING} may be missing`,
      },
    };
  }
  const values = numericAnswers(answers, ids);
  const yes = values.reduce((a, b) => a + b, 0);
  return { scores: { score: roundRatioHalfUp(yes * ids.length, values.length) }, reasons: {} };
};
