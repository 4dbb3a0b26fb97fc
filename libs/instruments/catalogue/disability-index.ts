/**
 * The rule ODI and NDI share: 10 sections coded 0–5, score = sum / (5 × answered sections) × 100,
 * rounded half up to 1 decimal; null when more than 2 sections are missing. A skipped section is
 * missing whatever the reason (ODI section 8, sex life, included).
 */
import { ItemDefinition, LocalisedText, ValidAnswers } from '../types';
import { roundRatioHalfUp } from '../rounding';
import { missingItems, numericAnswers } from '../validation';
import { choiceItem, scaleOptions, text } from './build';

export const MAX_MISSING_SECTIONS = 2;

/** Descriptive options: the licensed statements are loaded from the site's translation file. */
const SECTION_OPTIONS = scaleOptions(0, 5, {
  0: text('Uitspraak 0 (geen beperking)', 'Statement 0 (no limitation)'),
  1: text('Uitspraak 1', 'Statement 1'),
  2: text('Uitspraak 2', 'Statement 2'),
  3: text('Uitspraak 3', 'Statement 3'),
  4: text('Uitspraak 4', 'Statement 4'),
  5: text('Uitspraak 5 (meeste beperking)', 'Statement 5 (most limitation)'),
});

/** Sections 1–10 with ids `<prefix>1`..`<prefix>10`, each on its own screen. */
export function sections(prefix: string, label: string, topics: LocalisedText[], optional: number[] = []): ItemDefinition[] {
  return topics.map((topic, index) => {
    const n = index + 1;
    const id = `${prefix}${n}`;
    return choiceItem(id, text(`${label} ${n} – ${topic.nl}`, `${label} ${n} – ${topic.en}`), SECTION_OPTIONS, {
      group: id,
      required: !optional.includes(n),
    });
  });
}

export type PercentResult = { score: number; reason?: undefined } | { score: null; reason: string };

export function disabilityPercentage(answers: ValidAnswers, ids: readonly string[]): PercentResult {
  const missing = missingItems(answers, ids);
  if (missing.length > MAX_MISSING_SECTIONS) {
    return {
      score: null,
      reason: `${missing.length} of ${ids.length} sections missing (${missing.join(', ')}); at most ${MAX_MISSING_SECTIONS} may be missing`,
    };
  }
  const values = numericAnswers(answers, ids);
  const sum = values.reduce((a, b) => a + b, 0);
  // Tenths of a percent: sum / (5 × answered) × 1000 = sum × 200 / answered, an exact integer ratio.
  return { score: roundRatioHalfUp(sum * 200, values.length) / 10 };
}
