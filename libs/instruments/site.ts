/**
 * A site's licensed wording as the catalogue of the running process, and what counts as placeholder
 * wording. The configuration (INSTRUMENT_WORDING_FILE, libs/config) reads the file and installs it once
 * at start-up, in the API, the worker and the CLI alike, so the patient page, scoring, datasets and the
 * casebook all see the same definitions.
 */
import { INSTRUMENTS, SHIPPED_INSTRUMENTS, installCatalogue } from './catalogue';
import { applyTranslations } from './translations';
import { InstrumentDefinition } from './types';

/**
 * Installs the shipped catalogue with `file` (a parsed or textual translation file) applied, or the
 * shipped catalogue alone when `file` is undefined. Checked completely before anything is installed.
 *
 * @throws TranslationFileError naming every unknown instrument, item, option code or language
 */
export function useSiteWording(file: unknown): readonly InstrumentDefinition[] {
  const definitions = file === undefined ? SHIPPED_INSTRUMENTS : applyTranslations(SHIPPED_INSTRUMENTS, file);
  installCatalogue(definitions);
  return definitions;
}

/**
 * Placeholder wording: a copyrighted instrument still carrying the shipped descriptive labels, or one
 * scored by a licensed key (the PCI) that no key has been loaded for.
 */
export function isPlaceholder(def: InstrumentDefinition): boolean {
  return def.wording === 'descriptive' || (def.scoring === 'licensedKey' && !def.scoringKey);
}

/** The codes among `codes` whose wording is a placeholder, in the order given (unknown codes are ignored). */
export function placeholderInstruments(codes: readonly string[], instruments: readonly InstrumentDefinition[] = INSTRUMENTS): string[] {
  return codes.filter((code) => {
    const def = instruments.find((candidate) => candidate.code === code);
    return def !== undefined && isPlaceholder(def);
  });
}

/** A study that would go live with placeholder wording in front of its patients. */
export class PlaceholderWordingError extends Error {
  readonly code = 'INSTRUMENT_WORDING_PLACEHOLDER';
  constructor(
    readonly study: string,
    readonly instruments: string[],
  ) {
    super(
      `${study} cannot leave set-up: its patient questionnaires use placeholder wording for ${instruments.join(', ')}; ` +
        'load the licensed wording with INSTRUMENT_WORDING_FILE (or set ALLOW_PLACEHOLDER_WORDING=true for a demo or a test)',
    );
    this.name = 'PlaceholderWordingError';
  }
}

/**
 * The check before a study leaves set-up: every instrument its patients answer must carry real
 * wording, unless placeholders are explicitly allowed (ALLOW_PLACEHOLDER_WORDING, demos and tests).
 *
 * @param patientInstruments the instrument codes of the study's patient-facing questionnaires
 * @throws PlaceholderWordingError naming each instrument with placeholder wording
 */
export function assertWordingReady(
  study: string,
  patientInstruments: readonly string[],
  allowPlaceholder: boolean,
  instruments: readonly InstrumentDefinition[] = INSTRUMENTS,
): void {
  if (allowPlaceholder) return;
  const placeholders = placeholderInstruments([...new Set(patientInstruments)], instruments);
  if (placeholders.length > 0) throw new PlaceholderWordingError(study, placeholders);
}
