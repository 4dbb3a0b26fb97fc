import { getInstrument, score } from '../registry';
import { applyScoringKey, applyTranslations } from '../translations';
import { INSTRUMENTS } from '.';
import { inputErrors, numbered } from './test-support';

describe('PCI', () => {
  it('ships 33 placeholder items coded 1–4 and no score names', () => {
    const pci = getInstrument('PCI');
    expect(pci.items.map((i) => i.id)).toEqual(Array.from({ length: 33 }, (_, i) => `pci${i + 1}`));
    expect(pci.items.every((i) => i.options?.map((o) => o.code).join() === '1,2,3,4')).toBe(true);
    expect(pci.scoreNames).toEqual([]);
  });

  it('returns empty scores until a licensed key is loaded, but still validates the answers', () => {
    expect(score('PCI', numbered('pci', Array(33).fill(2)))).toEqual({ scores: {}, reasons: {} });
    expect(inputErrors(() => score('PCI', { pci1: 5 }))).toEqual([{ field: 'pci1', message: 'must be one of 1, 2, 3, 4' }]);
  });

  it('scores the scales of a loaded key by sum or mean', () => {
    const defs = applyTranslations(INSTRUMENTS, {
      instruments: {
        PCI: {
          scoringKey: {
            scales: [
              { name: 'distraction', items: ['pci1', 'pci2', 'pci3'], method: 'sum' },
              { name: 'worrying', items: ['pci4', 'pci5', 'pci6', 'pci7'], method: 'mean', decimals: 1 },
              { name: 'resting', items: ['pci8', 'pci9', 'pci10'], method: 'mean' },
            ],
          },
        },
      },
    });
    expect(getInstrument('PCI', defs).scoreNames).toEqual(['distraction', 'worrying', 'resting']);
    // worrying: (2+2+2+3) / 4 = 2.25 → 2.3 (half up at the first decimal); resting: 5 / 3 unrounded
    const answers = { pci1: 1, pci2: 2, pci3: 4, pci4: 2, pci5: 2, pci6: 2, pci7: 3, pci8: 1, pci9: 2, pci10: 2 };
    expect(score('PCI', answers, defs)).toEqual({ scores: { distraction: 7, worrying: 2.3, resting: 5 / 3 }, reasons: {} });
    // the shipped definitions are untouched
    expect(score('PCI', answers)).toEqual({ scores: {}, reasons: {} });
  });

  it('nulls a scale beyond its allowed missing items and prorates a sum within them', () => {
    const pci = applyScoringKey(getInstrument('PCI'), {
      scales: [
        { name: 'strict', items: ['pci1', 'pci2'], method: 'sum' },
        { name: 'lenient', items: ['pci3', 'pci4', 'pci5', 'pci6'], method: 'sum', maxMissing: 1 },
      ],
    });
    // lenient: 3 answered, sum 7: round(7 × 4 / 3 = 9.33) = 9
    const result = score('PCI', { pci1: 1, pci3: 2, pci4: 2, pci5: 3 }, [pci]);
    expect(result.scores).toEqual({ strict: null, lenient: 9 });
    expect(result.reasons).toEqual({ strict: '1 of 2 items missing (pci2); at most 0 may be missing' });
  });
});
