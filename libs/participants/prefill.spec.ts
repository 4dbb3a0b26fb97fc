import { EIMICOR, POTEISS, TEIAS } from '@trialdata/protocol';
import { validateFormValues } from '@trialdata/forms';
import { enrolmentPrefill } from './prefill';

const eligibleAnswers = (def: typeof TEIAS) => Object.fromEntries(def.eligibility.map((c) => [c.id, c.kind === 'inclusion']));

describe('enrolmentPrefill', () => {
  it('maps TEIAS criteria onto the eligibility form by id, with the enrolment date, and consent date and version', () => {
    const targets = enrolmentPrefill(
      TEIAS,
      { eligibility: eligibleAnswers(TEIAS), consent: { date: '2026-11-20', version: '2.1' } },
      '2026-11-27',
    );
    expect(targets.map((t) => [t.eventId, t.form.id])).toEqual([
      ['enrolment', 'eligibility'],
      ['enrolment', 'consent'],
    ]);
    const eligibility = targets[0];
    // Every criterion has its field: the form is filled completely.
    for (const c of TEIAS.eligibility) expect(eligibility.values[c.id]).toBe(c.kind === 'inclusion');
    expect(eligibility.values.date).toBe('2026-11-27');
    expect(targets[1].values).toEqual({ date: '2026-11-20', version: '2.1' });
    for (const t of targets) {
      const r = validateFormValues(t.form, t.values, { status: 'complete', context: { enrolment: { date: '2026-11-27' } } });
      expect(r.errors).toEqual([]);
    }
  });

  it('has nothing to fill where the study has no eligibility or consent form (POTEISS, EIMICOR)', () => {
    for (const def of [POTEISS, EIMICOR])
      expect(
        enrolmentPrefill(def, { eligibility: eligibleAnswers(def), consent: { date: '2026-11-20', version: '1' } }, '2026-11-27'),
      ).toEqual([]);
  });
});
