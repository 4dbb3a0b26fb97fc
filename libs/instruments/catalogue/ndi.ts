/** Neck Disability Index (copyrighted: descriptive labels only). Scored like the ODI, as a percentage. */
import { InstrumentDefinition, ScoreResult, Scorer } from '../types';
import { BOTH_LANGUAGES, text } from './build';
import { disabilityPercentage, sections } from './disability-index';

export const NDI: InstrumentDefinition = {
  code: 'NDI',
  title: text('Neck Disability Index', 'Neck Disability Index'),
  languages: BOTH_LANGUAGES,
  copyrighted: true,
  wording: 'descriptive',
  items: sections(
    'ndi',
    'NDI',
    [
      text('pijnintensiteit', 'pain intensity'),
      text('persoonlijke verzorging', 'personal care'),
      text('tillen', 'lifting'),
      text('lezen', 'reading'),
      text('hoofdpijn', 'headaches'),
      text('concentratie', 'concentration'),
      text('werk', 'work'),
      text('autorijden (mag worden overgeslagen)', 'driving (may be skipped)'),
      text('slapen', 'sleeping'),
      text('ontspanning', 'recreation'),
    ],
    [8],
  ),
  scoring: 'ndi',
  scoreNames: ['score'],
};

export const scoreNdi: Scorer = (answers, def): ScoreResult => {
  const result = disabilityPercentage(
    answers,
    def.items.map((i) => i.id),
  );
  return result.score === null
    ? { scores: { score: null }, reasons: { score: result.reason } }
    : { scores: { score: result.score }, reasons: {} };
};
