/**
 * How long a questionnaire takes, estimated from its items (docs/questionnaires.md states the rule):
 * seconds per item by type, plus a fixed minute for the welcome, the summary and sending, rounded up
 * to whole minutes. Items shown only after a given answer (showIf) count too: an upper bound.
 */
export const SECONDS_PER_ITEM = { choice: 8, multichoice: 12, integer: 10, date: 15 } as const;
export const OVERHEAD_SECONDS = 60;

export function estimateMinutes(instruments: Array<{ items: Array<{ type: keyof typeof SECONDS_PER_ITEM }> }>): number {
  const seconds = instruments.reduce((sum, i) => sum + i.items.reduce((s, item) => s + (SECONDS_PER_ITEM[item.type] ?? 10), 0), 0);
  return Math.max(1, Math.ceil((seconds + OVERHEAD_SECONDS) / 60));
}
