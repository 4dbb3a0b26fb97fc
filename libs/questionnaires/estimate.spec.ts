import { INSTRUMENTS } from '@trialdata/instruments';
import { estimateMinutes, OVERHEAD_SECONDS, SECONDS_PER_ITEM } from './estimate';

const of = (...codes: string[]) => codes.map((c) => INSTRUMENTS.find((i) => i.code === c)!);

describe('estimateMinutes', () => {
  it('adds seconds per item type and a fixed minute, rounded up to whole minutes', () => {
    expect(SECONDS_PER_ITEM).toEqual({ choice: 8, multichoice: 12, integer: 10, date: 15 });
    expect(OVERHEAD_SECONDS).toBe(60);
    expect(estimateMinutes([])).toBe(1);
    expect(estimateMinutes([{ items: [{ type: 'choice' }] }])).toBe(2); // 68 s
    expect(estimateMinutes([{ items: Array.from({ length: 15 }, () => ({ type: 'choice' as const })) }])).toBe(3); // 180 s
    expect(estimateMinutes([{ items: [{ type: 'date' }, { type: 'integer' }, { type: 'multichoice' }] }])).toBe(2); // 97 s
  });

  it('gives TEIAS week 2 (two NRS, GPE, RMDQ) about 5 minutes', () => {
    // 1 + 1 + 1 + 24 choice items = 216 s, + 60 s = 276 s: 5 minutes.
    expect(estimateMinutes(of('NRS_LEG', 'NRS_BACK', 'GPE', 'RMDQ'))).toBe(5);
  });
});
