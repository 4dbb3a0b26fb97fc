import type { RandomisationFactor } from '@trialdata/protocol';
import { RandomisationInputError } from './errors';

/** The factor id under which minimisation counts the site; a study may not define a factor of that id. */
export const SITE_FACTOR = 'site';

/**
 * The stable key of a stratum: the site code, then `id=option` for each factor in the order of the
 * study definition (not of the object passed in), joined by "|". Example: `LUMC|symptomDuration=<6w`.
 * The key is part of the HMAC label of every block, so its format must never change for a running study.
 */
export function stratumKey(
  siteCode: string,
  factors: Readonly<Record<string, string>>,
  factorDefs: readonly RandomisationFactor[],
): string {
  const levels = participantLevels(siteCode, factors, factorDefs);
  return [siteCode, ...factorDefs.map((def) => `${def.id}=${levels[def.id]}`)].join('|');
}

/**
 * Validates a participant's factor levels against the definition and returns them with the site
 * included under SITE_FACTOR, the shape minimise() takes.
 */
export function participantLevels(
  siteCode: string,
  factors: Readonly<Record<string, string>>,
  factorDefs: readonly RandomisationFactor[],
): Record<string, string> {
  if (typeof siteCode !== 'string' || siteCode.length === 0) throw new RandomisationInputError('The site code is empty.');
  if (siteCode.includes('|')) throw new RandomisationInputError(`Site code "${siteCode}" must not contain "|".`);

  const known = new Set(factorDefs.map((def) => def.id));
  for (const id of Object.keys(factors)) {
    if (!known.has(id)) {
      const expected = factorDefs.length === 0 ? 'none' : factorDefs.map((def) => def.id).join(', ');
      throw new RandomisationInputError(`Unknown randomisation factor "${id}"; this study's factors are: ${expected}.`);
    }
  }

  const levels: Record<string, string> = { [SITE_FACTOR]: siteCode };
  for (const def of factorDefs) {
    if (def.id === SITE_FACTOR)
      throw new RandomisationInputError(`A factor may not be called "${SITE_FACTOR}"; the site is always a factor.`);
    const allowed = def.options.map((option) => `"${option}"`).join(', ');
    const value = Object.prototype.hasOwnProperty.call(factors, def.id) ? factors[def.id] : undefined;
    if (value === undefined || value === null || value === '') {
      throw new RandomisationInputError(`Factor "${def.id}" (${def.label}) is missing; allowed options: ${allowed}.`);
    }
    if (!def.options.includes(value)) {
      throw new RandomisationInputError(
        `Factor "${def.id}" (${def.label}) has unknown option "${String(value)}"; allowed options: ${allowed}.`,
      );
    }
    levels[def.id] = value;
  }
  return levels;
}
