/** The API shape of a definition in one language (`GET /instruments`, `GET /portal/{token}`). */
import { InstrumentInputError } from './errors';
import { isPlaceholder } from './site';
import { InstrumentDefinition, ItemType, Language } from './types';

export interface PublicOption {
  code: number;
  label: string;
  exclusive?: true;
}

export interface PublicItem {
  id: string;
  label: string;
  type: ItemType;
  /** Empty for integer and date items. */
  options: PublicOption[];
  min?: number;
  max?: number;
  group?: string;
  required: boolean;
  showIf?: { item: string; equals: number };
}

export interface PublicInstrument {
  code: string;
  title: string;
  language: Language;
  instructions?: string;
  items: PublicItem[];
  scoreNames: string[];
  /** Present when the wording is a placeholder (descriptive labels, or no licensed scoring key): the patient page says so. */
  placeholder?: true;
}

/** @throws InstrumentInputError when the instrument is not available in `language` */
export function publicInstrument(def: InstrumentDefinition, language: Language): PublicInstrument {
  if (!def.languages.includes(language)) {
    throw new InstrumentInputError([{ field: 'language', message: `must be one of ${def.languages.join(', ')}` }], def.code);
  }
  return {
    code: def.code,
    title: def.title[language],
    language,
    ...(def.instructions ? { instructions: def.instructions[language] } : {}),
    items: def.items.map((item) => ({
      id: item.id,
      label: item.label[language],
      type: item.type,
      options: (item.options ?? []).map((option) => ({
        code: option.code,
        label: option.label[language],
        ...(option.exclusive ? { exclusive: true as const } : {}),
      })),
      ...(item.range ? { min: item.range.min, max: item.range.max } : {}),
      ...(item.group ? { group: item.group } : {}),
      required: item.required ?? false,
      ...(item.showIf ? { showIf: { ...item.showIf } } : {}),
    })),
    scoreNames: [...def.scoreNames],
    ...(isPlaceholder(def) ? { placeholder: true as const } : {}),
  };
}
