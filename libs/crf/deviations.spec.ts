import { EIMICOR, POTEISS, TEIAS } from '@trialdata/protocol';
import { addWorkingDays, detectDeviations, type DeviationRecord } from './deviations';

const randomised = { id: 'p1', arm: 'TEI', cohort: null, anchorDate: '2026-11-02' };
const complete = (eventId: string, formId: string, values: Record<string, unknown> = {}): DeviationRecord => ({
  eventId,
  formId,
  instance: 1,
  status: 'complete',
  values,
  createdAt: '2026-11-02T10:00:00Z',
});
const allEnrolmentForms = ['eligibility', 'consent', 'demographics', 'history_exam'].map((f) =>
  complete('enrolment', f, { date: '2026-11-01' }),
);

describe('detectDeviations', () => {
  it('flags a form dated outside its event window', () => {
    const found = detectDeviations(
      TEIAS,
      randomised,
      [...allEnrolmentForms, complete('baseline', 'injection', { date: '2026-11-09' })],
      '2026-11-03',
    );
    expect(found).toEqual([expect.objectContaining({ kind: 'out_of_window', eventId: 'baseline', formId: 'injection' })]);
  });

  it('flags required forms missing once the window has closed, for randomised participants only', () => {
    const found = detectDeviations(TEIAS, randomised, allEnrolmentForms, '2026-11-20');
    expect(found.map((d) => `${d.kind}:${d.eventId}:${d.formId}`)).toEqual(['missing_form:baseline:injection']);
    expect(detectDeviations(TEIAS, { ...randomised, arm: null, anchorDate: null }, [], '2027-01-01')).toEqual([]);
  });

  it('does not ask the usual-care arm for the injection form, but flags an injection recorded there', () => {
    const uc = { ...randomised, arm: 'UC' };
    expect(detectDeviations(TEIAS, uc, allEnrolmentForms, '2026-11-20')).toEqual([]);
    const found = detectDeviations(
      TEIAS,
      uc,
      [...allEnrolmentForms, complete('unscheduled', 'crossover', { any: true, tei: true })],
      '2026-11-20',
    );
    expect(found).toEqual([expect.objectContaining({ kind: 'treatment_in_other_arm', formId: 'crossover' })]);
  });
});

describe('detectDeviations without false flags', () => {
  const injection = (date: string, extra: Record<string, unknown> = {}) =>
    complete('baseline', 'injection', { date, level: 5, drug: 1, dose: 40, ...extra });

  it('accepts the TEIAS injection up to 4 working days after randomisation, flags the 5th', () => {
    // Randomised Thursday 2026-11-05: Fri 6, Mon 9, Tue 10, Wed 11 are the 4 working days.
    const thursday = { ...randomised, anchorDate: '2026-11-05' };
    expect(detectDeviations(TEIAS, thursday, [...allEnrolmentForms, injection('2026-11-11')], '2026-11-12')).toEqual([]);
    const late = detectDeviations(TEIAS, thursday, [...allEnrolmentForms, injection('2026-11-12')], '2026-11-13');
    expect(late).toEqual([expect.objectContaining({ kind: 'out_of_window', formId: 'injection', grade: 'minor' })]);
    // Day 5 after a Monday randomisation is Saturday … Monday 2026-11-02 + 4 working days = Friday 11-06.
    expect(detectDeviations(TEIAS, randomised, [...allEnrolmentForms, injection('2026-11-06')], '2026-11-20')).toEqual([]);
    expect(addWorkingDays('2026-11-05', 4)).toBe('2026-11-11');
  });

  it('never calls a repeating form (POTEISS mri_reread, adverse events) missing', () => {
    const cohort = { id: 'p2', arm: null, cohort: null, anchorDate: '2026-11-02' };
    const found = detectDeviations(POTEISS, cohort, [], '2027-06-01');
    expect(found.some((d) => d.formId === 'mri_reread')).toBe(false);
    expect(found.some((d) => d.formId === 'adverse_event')).toBe(false);
    expect(found.some((d) => d.kind === 'missing_form')).toBe(true);
  });

  it('gives a date in the past (an earlier TEI) and later laboratory results their own windows', () => {
    const lumbar = { id: 'p3', arm: null, cohort: 'lumbar', anchorDate: '2026-11-02' };
    const records: DeviationRecord[] = [
      { ...complete('baseline', 'prior_tei', { given: true, date: '2026-03-10' }) },
      { ...complete('baseline', 'microbiology', {}), createdAt: '2026-11-16T10:00:00Z' },
      { ...complete('baseline', 'histology', {}), createdAt: '2026-11-18T10:00:00Z' },
      { ...complete('baseline', 'prior_tei', { given: false }), instance: 2 },
    ];
    const found = detectDeviations(EIMICOR, lumbar, records, '2026-11-20');
    expect(found.filter((d) => d.kind === 'out_of_window')).toEqual([]);
    // Results entered two months after surgery are still late.
    const tooLate = detectDeviations(
      EIMICOR,
      lumbar,
      [{ ...complete('baseline', 'histology', {}), createdAt: '2027-01-05T10:00:00Z' }],
      '2027-01-06',
    );
    expect(tooLate.filter((d) => d.kind === 'out_of_window')).toEqual([expect.objectContaining({ formId: 'histology' })]);
  });

  it('flags an eligibility violation and the wrong drug or dose as major deviations', () => {
    const ineligible = allEnrolmentForms.map((r) =>
      r.formId === 'eligibility' ? { ...r, values: { ...r.values, inc_nrs_leg_ge6: false, exc_pregnancy: false } } : r,
    );
    const found = detectDeviations(TEIAS, randomised, [...ineligible, injection('2026-11-03', { drug: 2, dose: 10 })], '2026-11-04');
    expect(found.map((d) => `${d.kind}:${d.grade}`).sort()).toEqual(['eligibility_violation:major', 'wrong_treatment:major']);
    expect(found.find((d) => d.kind === 'eligibility_violation')?.detail).toContain('inc_nrs_leg_ge6');
    const dose = detectDeviations(TEIAS, randomised, [...allEnrolmentForms, injection('2026-11-03', { dose: 80 })], '2026-11-04');
    expect(dose).toEqual([expect.objectContaining({ kind: 'wrong_treatment', detail: expect.stringContaining('dose') })]);
    // Above L3 (L2 root): dexamethasone 10 mg is right.
    const high = detectDeviations(
      TEIAS,
      randomised,
      [...allEnrolmentForms, injection('2026-11-03', { level: 2, drug: 2, dose: 10 })],
      '2026-11-04',
    );
    expect(high).toEqual([]);
  });
});
