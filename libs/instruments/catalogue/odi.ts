/** Oswestry Disability Index 2.1a (copyrighted: descriptive labels only). */
import { InstrumentDefinition, ScoreResult, Scorer } from '../types';
import { BOTH_LANGUAGES, text } from './build';
import { disabilityPercentage, sections } from './disability-index';

export const ODI: InstrumentDefinition = {
  code: 'ODI',
  title: text('Oswestry Disability Index 2.1a', 'Oswestry Disability Index 2.1a'),
  languages: BOTH_LANGUAGES,
  copyrighted: true,
  wording: 'descriptive',
  items: sections(
    'odi',
    'ODI',
    [
      text('pijnintensiteit', 'pain intensity'),
      text('persoonlijke verzorging', 'personal care'),
      text('tillen', 'lifting'),
      text('lopen', 'walking'),
      text('zitten', 'sitting'),
      text('staan', 'standing'),
      text('slapen', 'sleeping'),
      text('seksleven (mag worden overgeslagen)', 'sex life (may be skipped)'),
      text('sociaal leven', 'social life'),
      text('reizen', 'travelling'),
    ],
    [8],
  ),
  scoring: 'odi',
  scoreNames: ['score', 'band'],
};

export type OdiBand = 'minimal' | 'moderate' | 'severe' | 'crippled' | 'bed-bound';

/** Bands of the (rounded) percentage: ≤ 20 minimal, ≤ 40 moderate, ≤ 60 severe, ≤ 80 crippled, above bed-bound. */
export function odiBand(score: number): OdiBand {
  if (score <= 20) return 'minimal';
  if (score <= 40) return 'moderate';
  if (score <= 60) return 'severe';
  if (score <= 80) return 'crippled';
  return 'bed-bound';
}

export const scoreOdi: Scorer = (answers, def): ScoreResult => {
  const result = disabilityPercentage(
    answers,
    def.items.map((i) => i.id),
  );
  if (result.score === null) {
    return {
      scores: { score: null, band: null },
      reasons: { score: result.reason, band: `no score: ${result.reason}` },
    };
  }
  return { scores: { score: result.score, band: odiBand(result.score) }, reasons: {} };
};
