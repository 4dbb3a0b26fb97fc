import { randomBytes } from 'node:crypto';
import type { SecretBox } from '@trialdata/privacy';

/**
 * A study's randomisation seed is sealed under DATA_KEY in the database, so that database or backup
 * access alone does not reveal upcoming allocations; the study code is bound in.
 */
export function newSealedSeed(box: SecretBox, studyCode: string): string {
  return box.seal(`randomisation-seed:${studyCode}`, randomBytes(32).toString('base64'));
}

export function openSeed(box: SecretBox, studyCode: string, sealed: string): string {
  return box.open(`randomisation-seed:${studyCode}`, sealed);
}
