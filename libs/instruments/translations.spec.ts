import { applyScoringKey, applyTranslations, getInstrument, INSTRUMENTS, publicInstrument, score, TranslationFileError } from '.';

function fileErrors(action: () => unknown) {
  try {
    action();
  } catch (error) {
    if (error instanceof TranslationFileError) return error.errors;
    throw error;
  }
  throw new Error('expected a TranslationFileError');
}

const hadsOptions = [3, 2, 1, 0].map((code) => ({ code, label: { nl: `NL optie ${code}`, en: `EN option ${code}` } }));

describe('applyTranslations', () => {
  it('applies licensed wording to a copy, leaving the shipped definitions unchanged', () => {
    const defs = applyTranslations(INSTRUMENTS, {
      source: 'Licence 2024-17, Leiden',
      instruments: {
        ODI: {
          instructions: { nl: 'Kruis per onderdeel één uitspraak aan.', en: 'Tick one statement in each section.' },
          items: {
            odi1: {
              label: { nl: 'Pijnintensiteit', en: 'Pain intensity' },
              options: [0, 1, 2, 3, 4, 5].map((code) => ({ code, label: { nl: `Uitspraak ${code}`, en: `Statement text ${code}` } })),
            },
          },
        },
      },
    });
    const odi = getInstrument('ODI', defs);
    expect(odi.wording).toBe('site');
    expect(odi.items[0].label).toEqual({ nl: 'Pijnintensiteit', en: 'Pain intensity' });
    expect(odi.items[0].options![5].label.en).toBe('Statement text 5');
    expect(odi.items[1].label.en).toBe('ODI 2 – personal care');
    expect(publicInstrument(odi, 'en').instructions).toBe('Tick one statement in each section.');
    expect(getInstrument('ODI').items[0].label.en).toBe('ODI 1 – pain intensity');
    expect(getInstrument('ODI').wording).toBe('descriptive');
    expect(getInstrument('NRS_LEG', defs)).toEqual(getInstrument('NRS_LEG'));
  });

  it('shows options in the order the file lists them, without changing their codes or the scores', () => {
    const defs = applyTranslations(INSTRUMENTS, JSON.stringify({ instruments: { HADS: { items: { hads1: { options: hadsOptions } } } } }));
    const item = publicInstrument(getInstrument('HADS', defs), 'nl').items[0];
    expect(item.options).toEqual([
      { code: 3, label: 'NL optie 3' },
      { code: 2, label: 'NL optie 2' },
      { code: 1, label: 'NL optie 1' },
      { code: 0, label: 'NL optie 0' },
    ]);
    const answers = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`hads${i + 1}`, 1]));
    expect(score('HADS', answers, defs)).toEqual(score('HADS', answers));
  });

  it('merges a file that words one language only', () => {
    const defs = applyTranslations(INSTRUMENTS, { instruments: { RMDQ: { items: { rmdq1: { label: { nl: 'Ik blijf thuis' } } } } } });
    expect(getInstrument('RMDQ', defs).items[0].label).toEqual({ nl: 'Ik blijf thuis', en: 'RMDQ 1 – staying at home' });
  });

  it('reports every problem of a bad file at once, with a path to each', () => {
    const errors = fileErrors(() =>
      applyTranslations(INSTRUMENTS, {
        instrumnets: {},
        instruments: {
          SF36: {},
          ODI: {
            items: {
              odi11: { label: { en: 'x' } },
              odi1: {
                label: { de: 'Schmerz', en: '' },
                options: [
                  { code: 0, label: { en: 'a' } },
                  { code: 9, label: { en: 'b' } },
                ],
              },
            },
            wording: 'x',
          },
        },
      }),
    );
    expect(errors.map((e) => e.field)).toEqual([
      'instrumnets',
      'instruments.SF36',
      'instruments.ODI.wording',
      'instruments.ODI.items.odi11',
      'instruments.ODI.items.odi1.label.de',
      'instruments.ODI.items.odi1.label.en',
      'instruments.ODI.items.odi1.options[1].code',
      'instruments.ODI.items.odi1.options',
    ]);
  });

  it('refuses options that repeat a code or word items without options', () => {
    const repeated = [0, 0, 1, 2, 3].map((code) => ({ code, label: { en: `o${code}` } }));
    expect(
      fileErrors(() => applyTranslations(INSTRUMENTS, { instruments: { HADS: { items: { hads1: { options: repeated } } } } }))[0],
    ).toEqual({ field: 'instruments.HADS.items.hads1.options[1].code', message: 'lists code 0 twice' });
    expect(
      fileErrors(() => applyTranslations(INSTRUMENTS, { instruments: { EQ5D5L: { items: { VAS: { options: [] } } } } }))[0].field,
    ).toBe('instruments.EQ5D5L.items.VAS.options');
  });

  it('refuses text that is not JSON or not an object', () => {
    expect(fileErrors(() => applyTranslations(INSTRUMENTS, '{ nope'))[0].field).toBe('(file)');
    expect(fileErrors(() => applyTranslations(INSTRUMENTS, [])[0])[0].field).toBe('(file)');
    expect(fileErrors(() => applyTranslations(INSTRUMENTS, {}))[0].field).toBe('instruments');
  });

  it('returns frozen definitions', () => {
    const defs = applyTranslations(INSTRUMENTS, { instruments: {} });
    expect(Object.isFrozen(getInstrument('ODI', defs).items[0])).toBe(true);
  });
});

describe('scoring keys', () => {
  it('are accepted only by instruments scored with a licensed key', () => {
    expect(fileErrors(() => applyTranslations(INSTRUMENTS, { instruments: { ODI: { scoringKey: { scales: [] } } } }))).toEqual([
      { field: 'instruments.ODI.scoringKey', message: 'ODI is scored by the platform and takes no scoring key' },
    ]);
  });

  it('are checked for unknown items, repeated items and names, methods and limits', () => {
    const errors = fileErrors(() =>
      applyScoringKey(getInstrument('PCI'), {
        scales: [
          { name: 'a', items: ['pci1', 'pci99', 'pci1'], method: 'median' },
          { name: 'a', items: ['pci2'], method: 'sum' },
          { name: '2b', items: ['pci3', 'pci4'], method: 'sum', maxMissing: 2, decimals: 1, extra: true },
        ],
      }),
    );
    expect(errors.map((e) => e.field)).toEqual([
      'scoringKey.scales[0].items[1]',
      'scoringKey.scales[0].items[2]',
      'scoringKey.scales[0].method',
      'scoringKey.scales[1].name',
      'scoringKey.scales[2].extra',
      'scoringKey.scales[2].name',
      'scoringKey.scales[2].maxMissing',
      'scoringKey.scales[2].decimals',
    ]);
    expect(fileErrors(() => applyScoringKey(getInstrument('PCI'), { scales: [] }))).toHaveLength(1);
  });

  it('make the scale names the score names', () => {
    const pci = applyScoringKey(getInstrument('PCI'), { scales: [{ name: 'retreating', items: ['pci1'], method: 'sum' }] });
    expect(pci.scoreNames).toEqual(['retreating']);
    expect(publicInstrument(pci, 'en').scoreNames).toEqual(['retreating']);
  });
});
