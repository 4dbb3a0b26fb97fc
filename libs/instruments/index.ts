/**
 * Patient-reported instruments: definitions as data, validation of answers, scoring exactly as
 * docs/INSTRUMENTS.md describes it, and the outcomes derived from scores. Pure: no Nest,
 * no TypeORM, no I/O (the configuration reads a site's wording file and installs it: site.ts). This file is the library's only door.
 */
export { INSTRUMENTS, SHIPPED_INSTRUMENTS } from './catalogue';
export { assertWordingReady, isPlaceholder, placeholderInstruments, PlaceholderWordingError, useSiteWording } from './site';
export { getInstrument, listInstruments, score, scoreDefinition } from './registry';
export { publicInstrument } from './public';
export type { PublicInstrument, PublicItem, PublicOption } from './public';
export { deriveOutcomes } from './outcomes';
export type { DerivedOutcomes, OutcomeInput, OutcomeName } from './outcomes';
export { applyTranslations, applyScoringKey } from './translations';
export { validateAnswers } from './validation';
export { InstrumentError, InstrumentInputError, UnknownInstrumentError, TranslationFileError } from './errors';
export type { FieldError } from './errors';
export type {
  Answers,
  AnswerValue,
  InstrumentDefinition,
  ItemDefinition,
  ItemType,
  Language,
  LocalisedText,
  ResponseOption,
  ScaleDefinition,
  ScoreResult,
  ScoreValue,
  ScoringKey,
  ScoringMethod,
  ValidAnswers,
  WordingSource,
} from './types';
