/** Small builders that keep the definition files readable. */
import { ItemDefinition, LocalisedText, ResponseOption } from '../types';

export const text = (nl: string, en: string): LocalisedText => ({ nl, en });

export const BOTH_LANGUAGES: ['nl', 'en'] = ['nl', 'en'];

/** Options from..to with a label per code; `anchors` labels some codes, the rest show the number. */
export function scaleOptions(from: number, to: number, anchors: Record<number, LocalisedText> = {}): ResponseOption[] {
  const options: ResponseOption[] = [];
  for (let code = from; code <= to; code++) {
    options.push({ code, label: anchors[code] ?? text(String(code), String(code)) });
  }
  return options;
}

/** A choice item; `required` defaults to true. */
export function choiceItem(
  id: string,
  label: LocalisedText,
  options: ResponseOption[],
  extra: Partial<Pick<ItemDefinition, 'group' | 'required' | 'showIf'>> = {},
): ItemDefinition {
  return { id, label, type: 'choice', options, required: true, ...extra };
}
