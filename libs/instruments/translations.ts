/**
 * Loading a site's licensed wording (and, for the Pain Coping Inventory, its scoring key) onto the
 * definitions. The file format is documented in README.md. Everything is checked before anything is
 * applied, and every problem is reported at once: a site learns of a typo at start-up, not when a
 * patient opens a questionnaire.
 */
import { FieldError, TranslationFileError } from './errors';
import { deepFreeze } from './freeze';
import { InstrumentDefinition, ItemDefinition, Language, LocalisedText, ResponseOption, ScaleDefinition, ScoringKey } from './types';

const ROOT_KEYS = ['format', 'version', 'source', 'instruments'];
const INSTRUMENT_KEYS = ['title', 'instructions', 'items', 'scoringKey'];
const ITEM_KEYS = ['label', 'options'];
const SCALE_KEYS = ['name', 'items', 'method', 'maxMissing', 'decimals'];

/**
 * Returns copies of `defs` with the file's wording and scoring keys applied; `defs` is not changed.
 * `file` is the parsed JSON, or its text.
 *
 * @throws TranslationFileError listing every problem (unknown instrument, item or code, bad key, ...)
 */
export function applyTranslations(defs: readonly InstrumentDefinition[], file: unknown): InstrumentDefinition[] {
  const errors: FieldError[] = [];
  const root = parseRoot(file, errors);
  const result = defs.map((def) => structuredClone(def) as InstrumentDefinition);
  if (root) {
    for (const [code, entry] of Object.entries(root)) {
      const def = result.find((candidate) => candidate.code === code);
      if (!def) errors.push({ field: `instruments.${code}`, message: 'is not a known instrument code' });
      else applyInstrument(def, entry, `instruments.${code}`, errors);
    }
  }
  if (errors.length > 0) throw new TranslationFileError(errors);
  return deepFreeze(result);
}

/**
 * Returns a copy of a `licensedKey` definition (PCI) scored by `key`: its scales become the score names.
 *
 * @throws TranslationFileError when the key names unknown items or is malformed
 */
export function applyScoringKey(def: InstrumentDefinition, key: unknown): InstrumentDefinition {
  const errors: FieldError[] = [];
  const copy = structuredClone(def) as InstrumentDefinition;
  setScoringKey(copy, key, 'scoringKey', errors);
  if (errors.length > 0) throw new TranslationFileError(errors);
  return deepFreeze(copy);
}

function parseRoot(file: unknown, errors: FieldError[]): Record<string, unknown> | undefined {
  let parsed = file;
  if (typeof file === 'string') {
    try {
      parsed = JSON.parse(file);
    } catch (error) {
      errors.push({ field: '(file)', message: `is not valid JSON: ${(error as Error).message}` });
      return undefined;
    }
  }
  if (!isObject(parsed)) {
    errors.push({ field: '(file)', message: 'must be a JSON object with an "instruments" object' });
    return undefined;
  }
  checkKeys(parsed, ROOT_KEYS, '', errors);
  if (!isObject(parsed.instruments)) {
    errors.push({ field: 'instruments', message: 'must be an object of instrument code to wording' });
    return undefined;
  }
  return parsed.instruments;
}

function applyInstrument(def: InstrumentDefinition, entry: unknown, path: string, errors: FieldError[]): void {
  if (!isObject(entry)) {
    errors.push({ field: path, message: 'must be an object' });
    return;
  }
  checkKeys(entry, INSTRUMENT_KEYS, path, errors);
  let wordingChanged = false;
  if (entry.title !== undefined) {
    def.title = mergeText(def.title, entry.title, def.languages, `${path}.title`, errors);
    wordingChanged = true;
  }
  if (entry.instructions !== undefined) {
    const empty: LocalisedText = { nl: '', en: '' };
    def.instructions = mergeText(def.instructions ?? empty, entry.instructions, def.languages, `${path}.instructions`, errors);
    wordingChanged = true;
  }
  if (entry.items !== undefined) {
    if (!isObject(entry.items)) errors.push({ field: `${path}.items`, message: 'must be an object of item id to wording' });
    else {
      for (const [id, itemEntry] of Object.entries(entry.items)) {
        const item = def.items.find((candidate) => candidate.id === id);
        if (!item) errors.push({ field: `${path}.items.${id}`, message: `is not an item of ${def.code}` });
        else applyItem(item, itemEntry, def.languages, `${path}.items.${id}`, errors);
      }
      wordingChanged = true;
    }
  }
  if (entry.scoringKey !== undefined) setScoringKey(def, entry.scoringKey, `${path}.scoringKey`, errors);
  if (wordingChanged) def.wording = 'site';
}

function applyItem(item: ItemDefinition, entry: unknown, languages: Language[], path: string, errors: FieldError[]): void {
  if (!isObject(entry)) {
    errors.push({ field: path, message: 'must be an object with label and/or options' });
    return;
  }
  checkKeys(entry, ITEM_KEYS, path, errors);
  if (entry.label !== undefined) item.label = mergeText(item.label, entry.label, languages, `${path}.label`, errors);
  if (entry.options !== undefined) item.options = mergeOptions(item, entry.options, languages, `${path}.options`, errors);
}

/** Options are listed in the order they are shown, and must name each of the item's codes once. */
function mergeOptions(
  item: ItemDefinition,
  entry: unknown,
  languages: Language[],
  path: string,
  errors: FieldError[],
): ResponseOption[] | undefined {
  const current = item.options ?? [];
  if (current.length === 0) {
    errors.push({ field: path, message: `item ${item.id} has no response options to word` });
    return item.options;
  }
  if (!Array.isArray(entry)) {
    errors.push({ field: path, message: 'must be an array of {code, label} in the order shown' });
    return item.options;
  }
  const merged: ResponseOption[] = [];
  entry.forEach((optionEntry: unknown, index) => {
    const at = `${path}[${index}]`;
    if (!isObject(optionEntry)) {
      errors.push({ field: at, message: 'must be an object {code, label}' });
      return;
    }
    checkKeys(optionEntry, ['code', 'label'], at, errors);
    const option = current.find((candidate) => candidate.code === optionEntry.code);
    if (!option) {
      errors.push({ field: `${at}.code`, message: `must be one of ${current.map((o) => o.code).join(', ')}` });
      return;
    }
    if (merged.some((done) => done.code === option.code)) {
      errors.push({ field: `${at}.code`, message: `lists code ${option.code} twice` });
      return;
    }
    merged.push({ ...option, label: mergeText(option.label, optionEntry.label, languages, `${at}.label`, errors) });
  });
  const absent = current.filter((option) => !merged.some((done) => done.code === option.code));
  if (absent.length > 0) {
    errors.push({ field: path, message: `must list every code; missing ${absent.map((o) => o.code).join(', ')}` });
  }
  return merged;
}

function mergeText(current: LocalisedText, entry: unknown, languages: Language[], path: string, errors: FieldError[]): LocalisedText {
  if (!isObject(entry)) {
    errors.push({ field: path, message: `must be an object of language (${languages.join(', ')}) to text` });
    return current;
  }
  const merged = { ...current };
  for (const [language, value] of Object.entries(entry)) {
    if (!(languages as string[]).includes(language)) {
      errors.push({ field: `${path}.${language}`, message: `is not a language of this instrument (${languages.join(', ')})` });
    } else if (typeof value !== 'string' || value.trim() === '') {
      errors.push({ field: `${path}.${language}`, message: 'must be a non-empty string' });
    } else {
      merged[language as Language] = value;
    }
  }
  return merged;
}

function setScoringKey(def: InstrumentDefinition, entry: unknown, path: string, errors: FieldError[]): void {
  if (def.scoring !== 'licensedKey') {
    errors.push({ field: path, message: `${def.code} is scored by the platform and takes no scoring key` });
    return;
  }
  if (!isObject(entry) || !Array.isArray(entry.scales) || entry.scales.length === 0) {
    errors.push({ field: path, message: 'must be an object with a non-empty "scales" array' });
    return;
  }
  checkKeys(entry, ['scales'], path, errors);
  const before = errors.length;
  const ids = new Set(def.items.map((item) => item.id));
  const scales: ScaleDefinition[] = [];
  const names: unknown[] = [];
  (entry.scales as unknown[]).forEach((scaleEntry, index) => {
    const scale = checkScale(scaleEntry, ids, `${path}.scales[${index}]`, errors);
    const name = isObject(scaleEntry) ? scaleEntry.name : undefined;
    if (typeof name === 'string' && names.includes(name)) {
      errors.push({ field: `${path}.scales[${index}].name`, message: `repeats the scale name ${name}` });
    }
    names.push(name);
    if (scale) scales.push(scale);
  });
  if (errors.length > before) return;
  const key: ScoringKey = { scales };
  def.scoringKey = key;
  def.scoreNames = scales.map((scale) => scale.name);
}

function checkScale(entry: unknown, ids: Set<string>, path: string, errors: FieldError[]): ScaleDefinition | undefined {
  if (!isObject(entry)) {
    errors.push({ field: path, message: 'must be an object {name, items, method, maxMissing?, decimals?}' });
    return undefined;
  }
  const before = errors.length;
  checkKeys(entry, SCALE_KEYS, path, errors);
  const { name, items, method, maxMissing, decimals } = entry;
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
    errors.push({ field: `${path}.name`, message: 'must be an identifier (letters, digits, _; starting with a letter)' });
  }
  if (!Array.isArray(items) || items.length === 0) {
    errors.push({ field: `${path}.items`, message: 'must be a non-empty array of item ids' });
  } else {
    items.forEach((id: unknown, index) => {
      if (typeof id !== 'string' || !ids.has(id))
        errors.push({ field: `${path}.items[${index}]`, message: 'is not an item of the instrument' });
      else if (items.indexOf(id) !== index) errors.push({ field: `${path}.items[${index}]`, message: `repeats ${id}` });
    });
  }
  if (method !== 'sum' && method !== 'mean') errors.push({ field: `${path}.method`, message: 'must be "sum" or "mean"' });
  const itemCount = Array.isArray(items) ? items.length : 0;
  if (maxMissing !== undefined && !(Number.isInteger(maxMissing) && (maxMissing as number) >= 0 && (maxMissing as number) < itemCount)) {
    errors.push({ field: `${path}.maxMissing`, message: `must be a whole number from 0 to ${Math.max(itemCount - 1, 0)}` });
  }
  if (decimals !== undefined && !(Number.isInteger(decimals) && (decimals as number) >= 0 && (decimals as number) <= 6)) {
    errors.push({ field: `${path}.decimals`, message: 'must be a whole number from 0 to 6' });
  }
  if (decimals !== undefined && method === 'sum') {
    errors.push({ field: `${path}.decimals`, message: 'applies to a mean only (a sum is a whole number)' });
  }
  if (errors.length > before) return undefined;
  return {
    name: name as string,
    items: [...(items as string[])],
    method: method as 'sum' | 'mean',
    ...(maxMissing !== undefined ? { maxMissing: maxMissing as number } : {}),
    ...(decimals !== undefined ? { decimals: decimals as number } : {}),
  };
}

function checkKeys(entry: Record<string, unknown>, allowed: string[], path: string, errors: FieldError[]): void {
  for (const key of Object.keys(entry)) {
    if (!allowed.includes(key)) {
      errors.push({ field: path ? `${path}.${key}` : key, message: `is not a recognised key (${allowed.join(', ')})` });
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
