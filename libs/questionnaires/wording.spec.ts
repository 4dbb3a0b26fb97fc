import { InstrumentsService } from './instruments.service';

describe('wording variants of a time point', () => {
  const instruments = new InstrumentsService();

  it('asks for pain now at a `now` time point, in both languages, with the same codes', () => {
    const usual = instruments.get('NRS_LEG', 'nl');
    const now = instruments.get('NRS_LEG', 'nl', 'now');
    expect(usual.items[0].label).toMatch(/afgelopen week/);
    expect(now.items[0].label).toMatch(/op dit moment/);
    expect(now.items[0].label).not.toMatch(/afgelopen week/);
    expect(instruments.get('NRS_BACK', 'en', 'now').items[0].label).toMatch(/right now/);
    expect(now.items[0].options).toEqual(usual.items[0].options);
    expect(now.scoreNames).toEqual(usual.scoreNames);
  });

  it('leaves an instrument without that variant as it is', () => {
    expect(instruments.get('ODI', 'en', 'now')).toEqual(instruments.get('ODI', 'en'));
  });
});
