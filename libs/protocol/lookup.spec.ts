import {
  EIMICOR,
  POTEISS,
  ProtocolLookupError,
  STUDY_DEFINITIONS,
  TEIAS,
  checkEligibility,
  formsForEvent,
  instrumentsForEvent,
  loadStudies,
  studyInstruments,
} from './index';

const studies = loadStudies(STUDY_DEFINITIONS);
const teias = studies.get('TEIAS');
const poteiss = studies.get('POTEISS');
const eimicor = studies.get('EIMICOR');
const ids = (forms: Array<{ id: string }>) => forms.map((f) => f.id);

describe('formsForEvent', () => {
  it('gives the TEI arm its injection form and the usual-care arm none', () => {
    expect(ids(formsForEvent(teias, 'baseline', { arm: 'TEI' }))).toEqual(['injection']);
    expect(ids(formsForEvent(teias, 'baseline', { arm: 'UC' }))).toEqual([]);
  });

  it('leaves arm-restricted forms out until the participant is randomised', () => {
    expect(ids(formsForEvent(teias, 'baseline'))).toEqual([]);
    expect(ids(formsForEvent(teias, 'baseline', { arm: null }))).toEqual([]);
  });

  it('keeps the event order of the forms', () => {
    expect(ids(formsForEvent(teias, 'enrolment'))).toEqual(['eligibility', 'consent', 'demographics', 'history_exam']);
    expect(ids(formsForEvent(teias, 'unscheduled', { arm: 'UC' }))).toEqual(['conmed', 'crossover', 'adverse_event', 'end_of_study']);
  });

  it('refuses an unknown event, arm or cohort', () => {
    expect(() => formsForEvent(teias, 'week3')).toThrow(expect.objectContaining({ code: 'UNKNOWN_EVENT' }));
    expect(() => formsForEvent(teias, 'baseline', { arm: 'PLACEBO' })).toThrow(expect.objectContaining({ code: 'UNKNOWN_ARM' }));
    expect(() => formsForEvent(eimicor, 'baseline', { cohort: 'thoracic' })).toThrow(ProtocolLookupError);
  });
});

describe('instrumentsForEvent', () => {
  it('gives TEIAS the questionnaires of STUDIES.md at each time point', () => {
    expect(instrumentsForEvent(teias, 'baseline')).toEqual(['NRS_LEG', 'NRS_BACK', 'RMDQ', 'ODI', 'EQ5D5L', 'SBI']);
    expect(instrumentsForEvent(teias, 'week2')).toEqual(['NRS_LEG', 'NRS_BACK', 'GPE', 'RMDQ']);
    expect(instrumentsForEvent(teias, 'week21')).toEqual(['NRS_LEG', 'NRS_BACK', 'RMDQ', 'ODI', 'GPE', 'EQ5D5L', 'HCU']);
  });

  it("gives an EIMICOR participant their cohort's instruments", () => {
    expect(instrumentsForEvent(eimicor, 'baseline', 'lumbar')).toEqual(['NRS_LEG', 'NRS_BACK', 'ODI', 'HCU']);
    expect(instrumentsForEvent(eimicor, 'week6', 'cervical')).toEqual(['NRS_ARM', 'NRS_NECK', 'NDI', 'GPE', 'HCU']);
  });

  it('without a cohort, lists every cohort’s instruments', () => {
    expect(instrumentsForEvent(eimicor, 'week52')).toEqual(['NRS_LEG', 'NRS_BACK', 'NRS_ARM', 'NRS_NECK', 'ODI', 'NDI', 'GPE', 'HCU']);
  });

  it('returns a copy the caller may change', () => {
    const list = instrumentsForEvent(poteiss, 'post30min');
    list.push('ODI');
    expect(instrumentsForEvent(poteiss, 'post30min')).toEqual(['NRS_LEG', 'NRS_BACK']);
  });

  it('refuses a cohort the study does not have', () => {
    expect(() => instrumentsForEvent(teias, 'week2', 'lumbar')).toThrow(expect.objectContaining({ code: 'UNKNOWN_COHORT' }));
  });
});

describe('studyInstruments', () => {
  it('lists every instrument a study uses once, in schedule order', () => {
    expect(studyInstruments(TEIAS)).toEqual(['NRS_LEG', 'NRS_BACK', 'RMDQ', 'ODI', 'EQ5D5L', 'SBI', 'GPE', 'HCU']);
    expect(studyInstruments(POTEISS)).toEqual(['NRS_LEG', 'NRS_BACK', 'ODI', 'HADS', 'EQ5D5L', 'PCI', 'HCU', 'GPE']);
    expect(studyInstruments(EIMICOR)).toEqual(['NRS_LEG', 'NRS_BACK', 'NRS_ARM', 'NRS_NECK', 'ODI', 'NDI', 'HCU', 'GPE']);
  });
});

describe('checkEligibility', () => {
  const everyoneEligible = Object.fromEntries(teias.eligibility.map((c) => [c.id, c.kind === 'inclusion']));

  it('accepts a participant meeting every inclusion and no exclusion', () => {
    expect(checkEligibility(teias, everyoneEligible)).toEqual({ eligible: true, failed: [], missing: [], unknown: [] });
  });

  it('names the failed inclusion and the applying exclusion', () => {
    const answers = { ...everyoneEligible, inc_nrs_leg_ge6: false, exc_pregnancy: true };
    expect(checkEligibility(teias, answers)).toMatchObject({ eligible: false, failed: ['inc_nrs_leg_ge6', 'exc_pregnancy'] });
  });

  it('counts unanswered and unknown criteria against eligibility', () => {
    const { inc_consent: _omitted, ...rest } = everyoneEligible;
    void _omitted;
    expect(checkEligibility(teias, { ...rest, inc_mood: true })).toEqual({
      eligible: false,
      failed: [],
      missing: ['inc_consent'],
      unknown: ['inc_mood'],
    });
  });
});
