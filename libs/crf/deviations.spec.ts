import { TEIAS } from '../protocol';
import { detectDeviations, type DeviationRecord } from './deviations';

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
