import { INSTRUMENTS, SCORERS } from './catalogue';
import { UnknownInstrumentError } from './errors';
import { Answers, InstrumentDefinition, ScoreResult } from './types';
import { validateAnswers } from './validation';

/**
 * Every function takes the definitions to use as an optional last argument: the shipped `INSTRUMENTS`
 * by default, or the copy a site made with `applyTranslations` (its wording and scoring key).
 */

export function listInstruments(instruments: readonly InstrumentDefinition[] = INSTRUMENTS): InstrumentDefinition[] {
  return [...instruments];
}

/** @throws UnknownInstrumentError */
export function getInstrument(code: string, instruments: readonly InstrumentDefinition[] = INSTRUMENTS): InstrumentDefinition {
  const def = instruments.find((candidate) => candidate.code === code);
  if (!def) throw new UnknownInstrumentError(code);
  return def;
}

/**
 * Validates and scores one instrument's answers. `scores` carries exactly the definition's
 * `scoreNames`; a score that cannot be computed is null and `reasons` says why.
 *
 * @throws UnknownInstrumentError for an unknown code
 * @throws InstrumentInputError for an unknown item or an answer the item does not accept
 */
export function score(code: string, answers: Answers, instruments: readonly InstrumentDefinition[] = INSTRUMENTS): ScoreResult {
  return scoreDefinition(getInstrument(code, instruments), answers);
}

export function scoreDefinition(def: InstrumentDefinition, answers: Answers): ScoreResult {
  const raw = SCORERS[def.scoring](validateAnswers(def, answers), def);
  return inScoreNameOrder(def, raw);
}

/** Puts scores and reasons in the order of `scoreNames`, and insists on exactly those names. */
function inScoreNameOrder(def: InstrumentDefinition, raw: ScoreResult): ScoreResult {
  const produced = Object.keys(raw.scores);
  if (produced.length !== def.scoreNames.length || !def.scoreNames.every((name) => Object.hasOwn(raw.scores, name))) {
    // A bug in a scorer, never bad input: the API should answer 500, not 400.
    throw new Error(`${def.code} scorer produced [${produced.join(', ')}], expected [${def.scoreNames.join(', ')}]`);
  }
  const result: ScoreResult = { scores: {}, reasons: {} };
  for (const name of def.scoreNames) {
    result.scores[name] = raw.scores[name];
    if (raw.scores[name] === null) result.reasons[name] = raw.reasons[name] ?? 'could not be computed';
  }
  return result;
}
