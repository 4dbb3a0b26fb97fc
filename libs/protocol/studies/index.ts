/**
 * The studies this platform serves. Adding a study: write its definition file beside these, import
 * it below and add it to the list; nothing else changes (the loader validates it like the others).
 */
import { deepFreeze } from '../registry';
import type { StudyDefinition } from '../types';
import { EIMICOR } from './eimicor';
import { POTEISS } from './poteiss';
import { TEIAS } from './teias';

export const STUDY_DEFINITIONS: readonly StudyDefinition[] = deepFreeze([TEIAS, POTEISS, EIMICOR]);

export { EIMICOR, POTEISS, TEIAS };
