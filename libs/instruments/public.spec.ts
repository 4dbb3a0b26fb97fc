import { getInstrument, InstrumentInputError, publicInstrument } from '.';
import { Language } from './types';

describe('publicInstrument', () => {
  it('gives the API shape {code, items: [{id, label, options: [{code, label}]}]} in one language', () => {
    const gpe = publicInstrument(getInstrument('GPE'), 'en');
    expect(gpe).toMatchObject({ code: 'GPE', title: 'Global perceived effect', language: 'en', scoreNames: ['score', 'recovered'] });
    expect(gpe.items).toHaveLength(1);
    expect(gpe.items[0]).toMatchObject({ id: 'gpe', type: 'choice', required: true, group: 'gpe' });
    expect(gpe.items[0].options[0]).toEqual({ code: 1, label: 'Completely recovered' });
    expect(publicInstrument(getInstrument('GPE'), 'nl').items[0].options[6]).toEqual({ code: 7, label: 'Slechter dan ooit' });
  });

  it('gives numeric items an empty option list with min and max', () => {
    const vas = publicInstrument(getInstrument('EQ5D5L'), 'nl').items.find((i) => i.id === 'VAS')!;
    expect(vas).toMatchObject({ type: 'integer', options: [], min: 0, max: 100 });
  });

  it('carries conditions, exclusive options, optional items and instructions', () => {
    const hcu = publicInstrument(getInstrument('HCU'), 'en');
    expect(hcu.instructions).toMatch(/care you have used/);
    expect(hcu.items.find((i) => i.id === 'surgeryDate')).toMatchObject({ type: 'date', showIf: { item: 'surgery', equals: 1 } });
    expect(hcu.items[0].options[0]).toEqual({ code: 0, label: 'None', exclusive: true });
    expect(hcu.items.find((i) => i.id === 'workAbsence')!.required).toBe(false);
    expect(publicInstrument(getInstrument('ODI'), 'en').items[7]).toMatchObject({ id: 'odi8', required: false });
  });

  it('refuses a language the instrument does not have', () => {
    expect(() => publicInstrument(getInstrument('ODI'), 'de' as Language)).toThrow(InstrumentInputError);
  });

  it('returns plain data that JSON keeps unchanged', () => {
    const odi = publicInstrument(getInstrument('ODI'), 'en');
    expect(JSON.parse(JSON.stringify(odi))).toEqual(odi);
  });
});
