import { NotFoundError, ValidationError } from '@trialdata/common';
import {
  InstrumentInputError,
  UnknownInstrumentError,
  getInstrument,
  listInstruments,
  publicInstrument,
  scoreDefinition,
  validateAnswers,
  type Answers,
  type InstrumentDefinition,
  type Language,
  type PublicInstrument,
  type ScoreResult,
  type ValidAnswers,
} from '@trialdata/instruments';

/** A time point's wording of its instruments (`wording` in a study's schedule). */
export type WordingVariant = keyof NonNullable<InstrumentDefinition['variants']>;

/**
 * The instruments as the API serves them: definitions in one language and scoring, with the pure
 * library's errors turned into the platform's domain errors (400 with one entry per item, 404).
 */
export class InstrumentsService {
  constructor(private readonly definitions: readonly InstrumentDefinition[] = listInstruments()) {}

  list(language: Language): PublicInstrument[] {
    return this.definitions.map((d) => publicInstrument(d, d.languages.includes(language) ? language : d.languages[0]));
  }

  /**
   * One instrument in one language; with `wording`, the time point's variant of its texts (an
   * instrument without that variant keeps its own wording: the variant only exists where it matters).
   */
  get(code: string, language: Language, wording?: WordingVariant): PublicInstrument {
    const def = this.definition(code, 'path');
    const lang = def.languages.includes(language) ? language : def.languages[0];
    const shown = publicInstrument(def, lang);
    const variant = wording ? def.variants?.[wording] : undefined;
    if (!variant) return shown;
    return {
      ...shown,
      title: variant.title?.[lang] ?? shown.title,
      items: shown.items.map((item) => ({ ...item, label: variant.items[item.id]?.[lang] ?? item.label })),
    };
  }

  score(code: string, answers: Answers): ScoreResult {
    return this.guard(() => scoreDefinition(this.definition(code, 'path'), answers), code);
  }

  /** @param where `path`: an unknown code is 404; `body`: it is bad input, 400. */
  definition(code: string, where: 'path' | 'body'): InstrumentDefinition {
    try {
      return getInstrument(code, this.definitions);
    } catch (e) {
      if (e instanceof UnknownInstrumentError) {
        if (where === 'path') throw new NotFoundError(`Unknown instrument ${code}`);
        throw new ValidationError(`Unknown instrument ${code}`, [{ field: code, message: 'is not an instrument' }]);
      }
      throw e;
    }
  }

  private guard<T>(fn: () => T, code: string, prefix = false): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof InstrumentInputError) {
        throw new ValidationError(
          e.message,
          e.errors.map((f) => ({ field: prefix ? `${code}.${f.field}` : f.field, message: f.message })),
        );
      }
      throw e;
    }
  }

  /** As validate/scoreAnswers, but naming fields `<CODE>.<itemId>` for bodies that carry several instruments. */
  validateIn(code: string, answers: unknown): ValidAnswers {
    return this.guard(() => validateAnswers(this.definition(code, 'body'), answers), code, true);
  }

  scoreIn(code: string, answers: Answers): ScoreResult {
    return this.guard(() => scoreDefinition(this.definition(code, 'body'), answers), code, true);
  }
}
