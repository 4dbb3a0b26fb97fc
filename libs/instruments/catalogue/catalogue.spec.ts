import { score } from '../registry';
import { Answers, InstrumentDefinition, ItemDefinition } from '../types';
import { INSTRUMENTS } from '.';

const ids = (code: string) => INSTRUMENTS.find((d) => d.code === code)!.items.map((i) => i.id);
const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

/** A valid answer for every item: the first option, the range minimum, a date. */
function fullAnswers(def: InstrumentDefinition): Answers {
  const answers: Answers = {};
  const answer = (item: ItemDefinition) => {
    if (item.type === 'choice') return item.options![item.options!.length - 1].code;
    if (item.type === 'multichoice') return [item.options![1].code];
    if (item.type === 'integer') return item.range!.min;
    return '2024-01-15';
  };
  for (const item of def.items) answers[item.id] = answer(item);
  return answers;
}

describe('the catalogue', () => {
  it('lists every instrument of INSTRUMENTS.md once', () => {
    expect(INSTRUMENTS.map((d) => d.code)).toEqual([
      'NRS_LEG',
      'NRS_BACK',
      'NRS_ARM',
      'NRS_NECK',
      'ODI',
      'NDI',
      'RMDQ',
      'ZCQ',
      'GPE',
      'EQ5D5L',
      'HADS',
      'SBI',
      'PCI',
      'HCU',
    ]);
  });

  it('keeps each instrument in its own item order', () => {
    expect(ids('ODI')).toEqual(range('odi', 10));
    expect(ids('NDI')).toEqual(range('ndi', 10));
    expect(ids('RMDQ')).toEqual(range('rmdq', 24));
    expect(ids('ZCQ')).toEqual(range('zcq', 18));
    expect(ids('HADS')).toEqual(range('hads', 14));
    expect(ids('EQ5D5L')).toEqual(['MO', 'SC', 'UA', 'PD', 'AD', 'VAS']);
    expect(ids('SBI')).toEqual(range('sbi', 4));
    expect(ids('GPE')).toEqual(['gpe']);
    expect(ids('NRS_LEG')).toEqual(['score']);
    expect(ids('HCU')).toEqual(['analgesics', 'injections', 'surgery', 'surgeryDate', 'physio', 'workAbsence']);
  });

  it('carries exactly the score names of INSTRUMENTS.md', () => {
    const names = Object.fromEntries(INSTRUMENTS.map((d) => [d.code, d.scoreNames]));
    expect(names).toEqual({
      NRS_LEG: ['score'],
      NRS_BACK: ['score'],
      NRS_ARM: ['score'],
      NRS_NECK: ['score'],
      ODI: ['score', 'band'],
      NDI: ['score'],
      RMDQ: ['score'],
      ZCQ: ['severity', 'function', 'satisfaction'],
      GPE: ['score', 'recovered'],
      EQ5D5L: ['index', 'vas', 'state'],
      HADS: ['anxiety', 'depression', 'anxietyCategory', 'depressionCategory'],
      SBI: ['score'],
      PCI: [],
      HCU: [],
    });
  });

  describe.each(INSTRUMENTS.map((d) => [d.code, d] as const))('%s', (_code, def) => {
    it('has unique item ids, nl and en labels, and either options with unique codes, a range or a date', () => {
      expect(new Set(def.items.map((i) => i.id)).size).toBe(def.items.length);
      expect(def.languages).toEqual(['nl', 'en']);
      for (const item of def.items) {
        expect(item.label.nl.length * item.label.en.length).toBeGreaterThan(0);
        if (item.type === 'choice' || item.type === 'multichoice') {
          const codes = item.options!.map((o) => o.code);
          expect(new Set(codes).size).toBe(codes.length);
          expect(codes.every(Number.isInteger)).toBe(true);
          expect(item.options!.every((o) => o.label.nl && o.label.en)).toBe(true);
        } else if (item.type === 'integer') {
          expect(item.range!.min).toBeLessThan(item.range!.max);
        }
        expect(item.group).toBeTruthy();
      }
    });

    it('scores an empty answer set with exactly its score names, each null with a reason', () => {
      const result = score(def.code, {});
      expect(Object.keys(result.scores)).toEqual(def.scoreNames);
      expect(Object.values(result.scores).every((v) => v === null)).toBe(true);
      expect(Object.keys(result.reasons)).toEqual(def.scoreNames);
    });

    it('scores a complete answer set with exactly its score names and no null', () => {
      const result = score(def.code, fullAnswers(def));
      expect(Object.keys(result.scores)).toEqual(def.scoreNames);
      expect(Object.values(result.scores)).not.toContain(null);
      expect(result.reasons).toEqual({});
    });
  });

  it('carries short descriptive labels only for the copyrighted instruments', () => {
    const copyrighted = INSTRUMENTS.filter((d) => d.copyrighted).map((d) => d.code);
    expect(copyrighted).toEqual(['ODI', 'NDI', 'RMDQ', 'EQ5D5L', 'HADS', 'PCI']);
    for (const def of INSTRUMENTS.filter((d) => d.copyrighted)) {
      expect(def.wording).toBe('descriptive');
      for (const item of def.items) {
        expect(item.label.en.length).toBeLessThanOrEqual(80);
      }
    }
    expect(INSTRUMENTS.find((d) => d.code === 'ODI')!.items[0].label.en).toBe('ODI 1 – pain intensity');
  });

  it('is frozen, so no caller can change the shipped definitions', () => {
    expect(() => {
      (INSTRUMENTS[4].items[0].label as { en: string }).en = 'changed';
    }).toThrow(TypeError);
    expect(Object.isFrozen(INSTRUMENTS)).toBe(true);
  });
});
