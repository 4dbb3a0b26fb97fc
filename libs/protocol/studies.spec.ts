/** What STUDIES.md asks of the three definitions, checked against the data. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTRUMENTS } from '@trialdata/instruments';
import { EIMICOR, INSTRUMENT_CODES, POTEISS, STUDY_DEFINITIONS, TEIAS, type StudyDefinition } from './index';

const window = (study: StudyDefinition) =>
  study.schedule.map((e) => [e.id, e.offsetDays, e.windowBefore, e.windowAfter, ...(e.offsetMinutes ? [e.offsetMinutes] : [])]);
const form = (study: StudyDefinition, id: string) => study.forms.find((f) => f.id === id)!;
const field = (study: StudyDefinition, formId: string, id: string) => form(study, formId).fields.find((f) => f.id === id)!;

describe('every study', () => {
  it.each(STUDY_DEFINITIONS.map((s) => [s.code, s] as const))(
    '%s runs in Amsterdam time, in Dutch and English, with the reminder defaults',
    (_, study) => {
      expect(study.timeZone).toBe('Europe/Amsterdam');
      expect(study.languages).toEqual(['nl', 'en']);
      expect(study.reminders).toMatchObject({ reminderDays: [2, 5], coordinatorTaskDaysBeforeClose: 2 });
      // A window longer than three weeks gets weekly reminders after day 5 (EIMICOR's ±14 days).
      const longest = Math.max(...study.schedule.map((e) => e.windowBefore + e.windowAfter));
      expect(study.reminders.maxGapDays).toBe(longest > 21 ? 7 : undefined);
    },
  );

  it.each(STUDY_DEFINITIONS.map((s) => [s.code, s] as const))('%s asks for global perceived effect only after treatment', (_, study) => {
    for (const event of study.schedule) {
      const all = [...event.instruments, ...Object.values(event.instrumentsByCohort ?? {}).flat()];
      if (event.offsetDays <= 0) expect(all).not.toContain('GPE');
    }
  });

  it.each(STUDY_DEFINITIONS.map((s) => [s.code, s] as const))(
    '%s keeps questionnaires on scheduled events and clinician forms apart',
    (_, study) => {
      const unscheduled = study.schedule.filter((e) => e.unscheduled);
      expect(unscheduled.map((e) => e.id)).toEqual(['unscheduled']);
      expect(unscheduled[0]!.instruments).toEqual([]);
      expect(study.forms.map((f) => f.id)).toContain('end_of_study');
    },
  );

  it('names exactly the instruments that libs/instruments defines', () => {
    expect(INSTRUMENTS.map((i) => i.code).sort()).toEqual([...INSTRUMENT_CODES].sort());
  });

  it('lists every definition file of studies/ in studies/index.ts, one import per study', () => {
    const dir = join(__dirname, 'studies');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.spec.ts'));
    const index = readFileSync(join(dir, 'index.ts'), 'utf8');
    for (const file of files) expect(index).toContain(`from './${file.replace(/\.ts$/, '')}'`);
    expect(STUDY_DEFINITIONS).toHaveLength(files.length);
  });
});

describe('TEIAS', () => {
  it('randomises 1:1 to TEI or usual care in blocks of 4 and 6, stratified by symptom duration', () => {
    expect(TEIAS.design).toBe('rct');
    expect(TEIAS.arms!.map((a) => [a.code, a.ratio])).toEqual([
      ['TEI', 1],
      ['UC', 1],
    ]);
    expect(TEIAS.randomisation).toEqual({
      method: 'blocks',
      blockSizes: [4, 6],
      factors: [{ id: 'symptomDuration', label: 'Symptom duration', options: ['<6w', '>=6w'] }],
    });
    expect(TEIAS.anchor).toEqual({ kind: 'randomisation' });
    expect(TEIAS.requiresPlannedAnchorDate).toBe(false);
  });

  it('has the registry time points with the platform windows', () => {
    expect(window(TEIAS)).toEqual([
      ['enrolment', 0, 7, 0],
      ['baseline', 0, 0, 2],
      ['week1', 7, 2, 2],
      ['week2', 14, 2, 2],
      ['week4', 28, 4, 4],
      ['week10', 70, 7, 7],
      ['week21', 147, 7, 7],
      ['unscheduled', 0, 0, 0],
    ]);
  });

  it('measures the primary outcome, NRS leg pain, at week 2', () => {
    expect(TEIAS.schedule.find((e) => e.id === 'week2')!.instruments).toContain('NRS_LEG');
  });

  it('has the eligibility criteria of the protocol, mirrored one to one by the eligibility form', () => {
    expect(TEIAS.eligibility.map((c) => c.id)).toEqual([
      'inc_sciatica_confirmed',
      'inc_nrs_leg_ge6',
      'inc_duration_3_8w',
      'inc_age_18_55',
      'inc_consent',
      'exc_tei_contraindication',
      'exc_scoliosis',
      'exc_tei_6m',
      'exc_surgery_same_level',
      'exc_surgery_other_1y',
      'exc_pregnancy',
    ]);
    const booleans = form(TEIAS, 'eligibility').fields.filter((f) => f.type === 'boolean');
    expect(booleans.map((f) => f.id)).toEqual(TEIAS.eligibility.map((c) => c.id));
    expect(TEIAS.ageRange).toEqual({ min: 18, max: 55 });
  });

  it('has the clinician forms of the CRF list, the injection for the TEI arm only', () => {
    expect(TEIAS.forms.map((f) => f.id)).toEqual([
      'eligibility',
      'consent',
      'demographics',
      'history_exam',
      'injection',
      'conmed',
      'crossover',
      'adverse_event',
      'end_of_study',
    ]);
    expect(form(TEIAS, 'injection').arms).toEqual(['TEI']);
    expect(TEIAS.forms.filter((f) => f.repeating).map((f) => f.id)).toEqual(['conmed', 'adverse_event']);
  });

  it('branches SAE details on seriousness and marks them critical', () => {
    expect(field(TEIAS, 'adverse_event', 'sae_crit')).toMatchObject({ showIf: { field: 'serious', equals: true }, critical: true });
    expect(field(TEIAS, 'injection', 'compl_type').showIf).toEqual({ field: 'compl', equals: true });
  });

  it('checks the injection date against enrolment and BMI softly', () => {
    expect(form(TEIAS, 'injection').checks).toContainEqual(
      expect.objectContaining({ severity: 'hard', rule: 'date >= enrolment.consentDate' }),
    );
    expect(form(TEIAS, 'demographics').checks).toContainEqual(
      expect.objectContaining({ severity: 'soft', rule: 'bmi >= 15 and bmi <= 50' }),
    );
    expect(field(TEIAS, 'demographics', 'bmi')).toMatchObject({ type: 'decimal', unit: 'kg/m²', precision: 1 });
  });
});

describe('POTEISS', () => {
  it('is a cohort of 388 anchored on the injection, planned then actual', () => {
    expect(POTEISS).toMatchObject({ design: 'cohort', target: 388, requiresPlannedAnchorDate: true });
    expect(POTEISS.anchor).toEqual({
      kind: 'injection',
      actual: { eventId: 'baseline', formId: 'injection', fieldId: 'date', timeFieldId: 'time' },
    });
    expect(POTEISS.arms).toBeUndefined();
  });

  it('has the registry time points, with NRS 30 minutes after injection at the clinic', () => {
    expect(window(POTEISS)).toEqual([
      ['baseline', 0, 14, 0],
      ['post30min', 0, 0, 0, 30],
      ['day4', 4, 1, 1],
      ['week2', 14, 3, 3],
      ['week6', 42, 7, 7],
      ['unscheduled', 0, 0, 0],
    ]);
    const post = POTEISS.schedule[1]!;
    expect(post).toMatchObject({ mode: 'clinic', instruments: ['NRS_LEG', 'NRS_BACK'] });
  });

  it('grades the MRI with structured scales and keeps the reader', () => {
    const codes = (id: string) => field(POTEISS, 'mri', id).options!.map((o) => o.code);
    expect(codes('miskin_cc')).toEqual([0, 1, 2, 3]);
    expect(codes('miskin_lr')).toEqual([0, 1, 2, 3]);
    expect(codes('foraminal')).toEqual([0, 1, 2, 3]);
    expect(codes('modic')).toEqual([0, 1, 2, 3]);
    expect(codes('root_comp')).toEqual([0, 1, 2, 3]);
    expect(field(POTEISS, 'mri', 'reader')).toMatchObject({ type: 'text', required: true });
    expect(form(POTEISS, 'mri_reread').repeating).toBe(true);
  });

  it('records follow-up events with dates for the time-to-event model', () => {
    expect(form(POTEISS, 'follow_up').fields.map((f) => [f.id, f.type])).toEqual([
      ['repeat_inj', 'boolean'],
      ['repeat_date', 'date'],
      ['surgery', 'boolean'],
      ['surgery_date', 'date'],
      ['last_contact', 'date'],
    ]);
  });
});

describe('EIMICOR', () => {
  it('is a lumbar and cervical cohort of 18–75-year-olds anchored on surgery', () => {
    expect(EIMICOR).toMatchObject({
      design: 'cohort',
      cohorts: ['lumbar', 'cervical'],
      ageRange: { min: 18, max: 75 },
      requiresPlannedAnchorDate: true,
    });
    expect(EIMICOR.anchor).toEqual({ kind: 'surgery', actual: { eventId: 'baseline', formId: 'surgery', fieldId: 'date' } });
  });

  it('has the protocol time points with the platform windows', () => {
    expect(window(EIMICOR)).toEqual([
      ['baseline', 0, 28, 0],
      ['week6', 42, 7, 7],
      ['week16', 112, 14, 14],
      ['week26', 182, 14, 14],
      ['week52', 364, 14, 14],
      ['unscheduled', 0, 0, 0],
    ]);
  });

  it('chooses the questionnaires by cohort', () => {
    const [baseline, week6] = EIMICOR.schedule;
    expect(baseline!.instrumentsByCohort).toEqual({
      lumbar: ['NRS_LEG', 'NRS_BACK', 'ODI', 'HCU'],
      cervical: ['NRS_ARM', 'NRS_NECK', 'NDI', 'HCU'],
    });
    expect(week6!.instrumentsByCohort).toEqual({
      lumbar: ['NRS_LEG', 'NRS_BACK', 'ODI', 'GPE', 'HCU'],
      cervical: ['NRS_ARM', 'NRS_NECK', 'NDI', 'GPE', 'HCU'],
    });
  });

  it('has the lab and imaging forms of the protocol', () => {
    expect(EIMICOR.forms.map((f) => f.id)).toEqual([
      'prior_tei',
      'mri_modic',
      'serology',
      'surgery',
      'microbiology',
      'histology',
      'adverse_event',
      'end_of_study',
    ]);
    expect(field(EIMICOR, 'histology', 'cd68').options!.map((o) => o.label)).toEqual([
      'Mild (<10/cm²)',
      'Moderate (10–100/cm²)',
      'Considerable (>100/cm²)',
    ]);
    expect(field(EIMICOR, 'prior_tei', 'date').showIf).toEqual({ field: 'given', equals: true });
    expect(field(EIMICOR, 'serology', 'crp')).toMatchObject({ type: 'decimal', unit: 'mg/L' });
  });
});
