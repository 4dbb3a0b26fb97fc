import type { Answers, Instrument, Item } from './api';

/** One screen: the consecutive items of one instrument that share a group, at most MAX_ITEMS of them. */
export interface Page {
  instrument: Instrument;
  items: Item[];
  /** Which part of a long group this is (1-based), and of how many; 1 of 1 for most pages. */
  part: number;
  parts: number;
}

/** A long checklist (RMDQ, 24 items) is split into pages of at most this many items. */
export const MAX_ITEMS = 8;

export function buildPages(instruments: Instrument[]): Page[] {
  const pages: Page[] = [];
  for (const instrument of instruments) {
    const groups: Item[][] = [];
    for (const item of instrument.items) {
      const last = groups[groups.length - 1];
      if (!last || !item.group || last[0].group !== item.group) groups.push([item]);
      else last.push(item);
    }
    for (const group of groups) {
      const parts = Math.ceil(group.length / MAX_ITEMS);
      // Even parts: 24 items make 3 pages of 8, 10 items 2 pages of 5.
      const size = Math.ceil(group.length / parts);
      for (let p = 0; p < parts; p++) pages.push({ instrument, items: group.slice(p * size, (p + 1) * size), part: p + 1, parts });
    }
  }
  return pages;
}

/** Is every visible item of the page answered? */
export function pageAnswered(page: Page, answers: Answers): boolean {
  const given = answers[page.instrument.code] ?? {};
  return page.items.every((item) => !isVisible(item, given) || !missing(given[item.id]));
}

/** The answers to save while the patient answers: valid ones as given, hidden or emptied ones cleared, invalid ones left out. */
export function savePayload(pages: Page[], answers: Answers, codes: Iterable<string>): Answers {
  const out: Answers = {};
  for (const code of codes) {
    const given = answers[code] ?? {};
    const items: Record<string, Answers[string][string]> = {};
    for (const page of pages.filter((p) => p.instrument.code === code)) {
      const invalid = pageErrors(page, answers, { required: '', range: () => 'range', date: 'date' });
      for (const item of page.items) {
        const v = given[item.id];
        if (!isVisible(item, given) || missing(v)) items[item.id] = null;
        else if (!invalid[item.id]) items[item.id] = v;
      }
    }
    out[code] = items;
  }
  return out;
}

export function isVisible(item: Item, answers: Answers[string] | undefined): boolean {
  return !item.showIf || answers?.[item.showIf.item] === item.showIf.equals;
}

export const missing = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

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
