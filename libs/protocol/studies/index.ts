/**
 * The studies this platform serves. Adding a study: write its definition file beside these and add
 * one line below; nothing else changes (the loader validates it like the others).
 */
import type { StudyDefinition } from '../types';
import { EIMICOR } from './eimicor';
import { POTEISS } from './poteiss';
import { TEIAS } from './teias';

export const STUDY_DEFINITIONS: readonly StudyDefinition[] = Object.freeze([TEIAS, POTEISS, EIMICOR]);

export { EIMICOR, POTEISS, TEIAS };
