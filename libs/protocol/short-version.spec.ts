/** The short version (issue 13 item 6) as study data: the primary outcome of STUDIES.md, checked at load. */
import { POTEISS, TEIAS, crossCheckStudy, studyDefinitionSchema, type StudyDefinition } from './index';

describe('short version', () => {
  it('offers the primary outcome alone: NRS leg pain at TEIAS week 2 and POTEISS week 6', () => {
    expect(TEIAS.shortVersion).toEqual({ instruments: ['NRS_LEG'], events: ['week2'], offerDaysBeforeClose: 1 });
    expect(POTEISS.shortVersion).toEqual({ instruments: ['NRS_LEG'], events: ['week6'], offerDaysBeforeClose: 3 });
    expect(crossCheckStudy(TEIAS)).toEqual([]);
    expect(crossCheckStudy(POTEISS)).toEqual([]);
  });

  it('refuses an event that is not a remote time point, an instrument the event does not give, and an offer longer than the window', () => {
    const bad: StudyDefinition = {
      ...TEIAS,
      shortVersion: { instruments: ['NRS_LEG', 'ODI'], events: ['week2', 'unscheduled'], offerDaysBeforeClose: 6 },
    };
    const messages = crossCheckStudy(bad).map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'shortVersion.events.0: time point "week2" does not give ODI',
        'shortVersion.offerDaysBeforeClose: longer than the window of "week2" (4 days)',
        'shortVersion.events.1: "unscheduled" is not a remote questionnaire time point',
      ]),
    );
    expect(
      studyDefinitionSchema.safeParse({ ...TEIAS, shortVersion: { instruments: [], events: ['week2'], offerDaysBeforeClose: 1 } }).success,
    ).toBe(false);
  });
});
