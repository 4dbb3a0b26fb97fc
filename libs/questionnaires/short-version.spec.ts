import { POTEISS, TEIAS } from '@trialdata/protocol';
import { parseQuietHours, timePoints } from '@trialdata/scheduling';
import { shortInstruments, shortVersionMessages } from './short-version';

const quiet = parseQuietHours('21:00-08:00');
const points = (def: typeof TEIAS, anchorDate: string) =>
  timePoints({ anchorDate, events: def.schedule.filter((e) => !e.unscheduled), timeZone: def.timeZone });

describe('short version planning', () => {
  it('TEIAS: one offer at week 2, at 08:00 on the last day of the window', () => {
    // Randomised 9 March 2027: week 2 window 21–25 March (CET, UTC+1).
    expect(shortVersionMessages(TEIAS, points(TEIAS, '2027-03-09'), quiet)).toEqual([
      { key: 'week2:short_version:1', eventId: 'week2', kind: 'short_version', number: 1, sendAt: '2027-03-25T07:00:00.000Z' },
    ]);
  });

  it('POTEISS: one offer at week 6, three days before the window closes, in summer time', () => {
    // Injection 1 June 2027: week 6 due 13 July, window 6–20 July (CEST, UTC+2); offer 18 July 08:00.
    expect(shortVersionMessages(POTEISS, points(POTEISS, '2027-06-01'), quiet)).toEqual([
      { key: 'week6:short_version:1', eventId: 'week6', kind: 'short_version', number: 1, sendAt: '2027-07-18T06:00:00.000Z' },
    ]);
  });

  it('no offer where the study has no short version, or when quiet hours push it to the close', () => {
    expect(shortVersionMessages({ ...TEIAS, shortVersion: undefined }, points(TEIAS, '2027-03-09'), quiet)).toEqual([]);
    // Offered 0 days before the close: 24:00 moves to 08:00 the next day, after the close.
    const atClose = { ...TEIAS, shortVersion: { ...TEIAS.shortVersion!, offerDaysBeforeClose: 0 } };
    expect(shortVersionMessages(atClose, points(TEIAS, '2027-03-09'), quiet)).toEqual([]);
  });

  it('gives the short-version instruments only at its time points', () => {
    expect(shortInstruments(TEIAS, 'week2', ['NRS_LEG', 'NRS_BACK', 'GPE', 'RMDQ'])).toEqual(['NRS_LEG']);
    expect(shortInstruments(TEIAS, 'week4', ['NRS_LEG', 'NRS_BACK'])).toEqual([]);
    expect(shortInstruments(undefined, 'week2', ['NRS_LEG'])).toEqual([]);
  });
});
