import { getInstrument, listInstruments, score, UnknownInstrumentError, InstrumentInputError, INSTRUMENTS } from '.';

describe('the registry', () => {
  it('finds an instrument by its exact code', () => {
    expect(getInstrument('EQ5D5L').code).toBe('EQ5D5L');
  });

  it('refuses an unknown instrument code, for lookup and for scoring', () => {
    expect(() => getInstrument('eq5d5l')).toThrow(UnknownInstrumentError);
    expect(() => score('SF36', {})).toThrow(UnknownInstrumentError);
    try {
      getInstrument('SF36');
    } catch (error) {
      expect(error).toMatchObject({ code: 'UNKNOWN_INSTRUMENT', instrumentCode: 'SF36' });
    }
  });

  it('lists the instruments in catalogue order as a fresh array', () => {
    const list = listInstruments();
    expect(list.map((d) => d.code)).toEqual(INSTRUMENTS.map((d) => d.code));
    expect(list).not.toBe(INSTRUMENTS);
  });

  it('reports input errors with a code the API maps to 400, and the field list', () => {
    try {
      score('ODI', { odi1: 7, nonsense: 1 });
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(InstrumentInputError);
      expect(error).toMatchObject({
        code: 'INSTRUMENT_INPUT_INVALID',
        instrumentCode: 'ODI',
        errors: [
          { field: 'odi1', message: 'must be one of 0, 1, 2, 3, 4, 5' },
          { field: 'nonsense', message: 'is not an item of ODI' },
        ],
      });
    }
  });
});
