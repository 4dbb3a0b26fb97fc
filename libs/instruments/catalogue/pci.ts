/**
 * Pain Coping Inventory (copyrighted; structure and scales come from the licensed manual). Shipped
 * as a placeholder: 33 items coded 1–4 with descriptive labels. Without a scoring key the scores
 * object is empty and only the raw answers are kept; a site loads the key with its translation file
 * (see ../translations.ts), after which the scales of the key are the score names.
 */
import { InstrumentDefinition, ScaleDefinition, ScoreResult, Scorer, ValidAnswers } from '../types';
import { roundHalfUp, roundRatioHalfUp } from '../rounding';
import { missingItems, numericAnswers } from '../validation';
import { BOTH_LANGUAGES, choiceItem, scaleOptions, text } from './build';

export const PCI_ITEM_COUNT = 33;

const OPTIONS = scaleOptions(1, 4, {
  1: text('1 – zelden of nooit', '1 – rarely or never'),
  2: text('2 – soms', '2 – sometimes'),
  3: text('3 – vaak', '3 – often'),
  4: text('4 – zeer vaak', '4 – very often'),
});

export const PCI: InstrumentDefinition = {
  code: 'PCI',
  title: text('Pijn Coping Inventarisatielijst', 'Pain Coping Inventory'),
  languages: BOTH_LANGUAGES,
  copyrighted: true,
  wording: 'descriptive',
  items: Array.from({ length: PCI_ITEM_COUNT }, (_, index) =>
    choiceItem(`pci${index + 1}`, text(`PCI ${index + 1}`, `PCI ${index + 1}`), OPTIONS, { group: 'pci' }),
  ),
  scoring: 'licensedKey',
  scoreNames: [],
};

/** Scales of the loaded key; no key: `{ scores: {}, reasons: {} }`. */
export const scoreWithLicensedKey: Scorer = (answers, def) => {
  const result: ScoreResult = { scores: {}, reasons: {} };
  for (const scale of def.scoringKey?.scales ?? []) {
    const { value, reason } = scaleScore(answers, scale);
    result.scores[scale.name] = value;
    if (reason) result.reasons[scale.name] = reason;
  }
  return result;
};

function scaleScore(answers: ValidAnswers, scale: ScaleDefinition): { value: number | null; reason?: string } {
  const maxMissing = scale.maxMissing ?? 0;
  const missing = missingItems(answers, scale.items);
  if (missing.length > maxMissing) {
    return {
      value: null,
      reason: `${missing.length} of ${scale.items.length} items missing (${missing.join(', ')}); at most ${maxMissing} may be missing`,
    };
  }
  const values = numericAnswers(answers, scale.items);
  const sum = values.reduce((a, b) => a + b, 0);
  if (scale.method === 'sum') return { value: roundRatioHalfUp(sum * scale.items.length, values.length) };
  const mean = sum / values.length;
  return { value: scale.decimals === undefined ? mean : roundHalfUp(mean, scale.decimals) };
}
