import {
  assertWordingReady,
  getInstrument,
  INSTRUMENTS,
  placeholderInstruments,
  PlaceholderWordingError,
  publicInstrument,
  score,
  SHIPPED_INSTRUMENTS,
  TranslationFileError,
  useSiteWording,
} from '.';

const key = { scales: [{ name: 'distraction', items: ['pci1', 'pci2'], method: 'sum' }] };

afterEach(() => {
  useSiteWording(undefined);
});

describe('useSiteWording', () => {
  it('makes the worded definitions the catalogue every default argument uses', () => {
    useSiteWording({
      instruments: {
        RMDQ: { items: { rmdq1: { label: { nl: 'Licentietekst 1', en: 'Licensed text 1' } } } },
        PCI: { scoringKey: key },
      },
    });
    expect(getInstrument('RMDQ').items[0].label.en).toBe('Licensed text 1');
    expect(INSTRUMENTS.find((d) => d.code === 'RMDQ')!.wording).toBe('site');
    expect(score('PCI', { pci1: 2, pci2: 3 }).scores).toEqual({ distraction: 5 });
    expect(publicInstrument(getInstrument('RMDQ'), 'nl').placeholder).toBeUndefined();
    expect(SHIPPED_INSTRUMENTS.find((d) => d.code === 'RMDQ')!.wording).toBe('descriptive');
  });

  it('installs nothing when the file does not fit, naming the bad instrument, item, code and language', () => {
    let error: unknown;
    try {
      useSiteWording({
        instruments: {
          ODI: { items: { odi11: { label: { en: 'x' } }, odi1: { label: { de: 'x' } } } },
          HADS: { items: { hads1: { options: [{ code: 7, label: { en: 'x' } }] } } },
          XYZ: {},
        },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TranslationFileError);
    const fields = (error as TranslationFileError).errors.map((f) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining(['instruments.ODI.items.odi11', 'instruments.ODI.items.odi1.label.de', 'instruments.XYZ']),
    );
    expect(fields.some((f) => f.startsWith('instruments.HADS.items.hads1.options'))).toBe(true);
    expect(INSTRUMENTS).toBe(SHIPPED_INSTRUMENTS);
  });

  it('goes back to the shipped catalogue without a file', () => {
    useSiteWording({ instruments: { PCI: { scoringKey: key } } });
    useSiteWording(undefined);
    expect(INSTRUMENTS).toBe(SHIPPED_INSTRUMENTS);
  });
});

describe('placeholder wording', () => {
  it('marks copyrighted instruments with descriptive labels, and the PCI without a key', () => {
    expect(placeholderInstruments(['NRS_LEG', 'GPE', 'RMDQ', 'ODI', 'EQ5D5L', 'PCI', 'HCU'])).toEqual(['RMDQ', 'ODI', 'EQ5D5L', 'PCI']);
    expect(publicInstrument(getInstrument('RMDQ'), 'en').placeholder).toBe(true);
    expect(publicInstrument(getInstrument('NRS_LEG'), 'en').placeholder).toBeUndefined();
  });

  it('keeps a study in set-up while a patient-facing instrument has placeholder wording, unless placeholders are allowed', () => {
    expect(() => assertWordingReady('TEIAS', ['NRS_LEG', 'RMDQ', 'RMDQ'], false)).toThrow(PlaceholderWordingError);
    expect(() => assertWordingReady('TEIAS', ['NRS_LEG', 'RMDQ'], false)).toThrow(
      /TEIAS cannot leave set-up: .* placeholder wording for RMDQ;/,
    );
    expect(() => assertWordingReady('TEIAS', ['NRS_LEG', 'RMDQ'], true)).not.toThrow();
    expect(() => assertWordingReady('TEIAS', ['NRS_LEG', 'GPE'], false)).not.toThrow();
    useSiteWording({ instruments: { RMDQ: { items: { rmdq1: { label: { en: 'Licensed text 1' } } } } } });
    expect(() => assertWordingReady('TEIAS', ['NRS_LEG', 'RMDQ'], false)).not.toThrow();
  });
});
