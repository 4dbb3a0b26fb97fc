import type { Answers, Instrument, Item } from './api';

/** One screen: the consecutive items of one instrument that share a group. */
export interface Page {
  instrument: Instrument;
  items: Item[];
}

export function buildPages(instruments: Instrument[]): Page[] {
  const pages: Page[] = [];
  for (const instrument of instruments) {
    let current: Page | null = null;
    for (const item of instrument.items) {
      if (!current || !item.group || current.items[0].group !== item.group) {
        current = { instrument, items: [] };
        pages.push(current);
      }
      current.items.push(item);
    }
  }
  return pages;
}

export function isVisible(item: Item, answers: Answers[string] | undefined): boolean {
  return !item.showIf || answers?.[item.showIf.item] === item.showIf.equals;
}

const missing = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Per item id, what is wrong with the page's answers (required, range, date). */
export function pageErrors(
  page: Page,
  answers: Answers,
  t: { required: string; range: (a: number, b: number) => string; date: string },
): Record<string, string> {
  const given = answers[page.instrument.code] ?? {};
  const errors: Record<string, string> = {};
  for (const item of page.items) {
    if (!isVisible(item, given)) continue;
    const v = given[item.id];
    if (missing(v)) {
      if (item.required) errors[item.id] = t.required;
      continue;
    }
    if (item.type === 'integer') {
      const min = item.min ?? Number.MIN_SAFE_INTEGER;
      const max = item.max ?? Number.MAX_SAFE_INTEGER;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) errors[item.id] = t.range(min, max);
    }
    if (item.type === 'date' && (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v))) errors[item.id] = t.date;
  }
  return errors;
}

/** The page's answers as the API takes them: hidden items cleared (null), so branching stays consistent. */
export function pagePayload(page: Page, answers: Answers): Answers {
  const given = answers[page.instrument.code] ?? {};
  const out: Record<string, Answers[string][string]> = {};
  for (const item of page.items) {
    const v = given[item.id];
    out[item.id] = isVisible(item, given) && !missing(v) ? v : null;
  }
  return { [page.instrument.code]: out };
}
