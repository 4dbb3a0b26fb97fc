import { EIMICOR, POTEISS, STUDY_DEFINITIONS, TEIAS, loadStudies, publicStudy } from './index';

const FIELD_TYPES = ['integer', 'decimal', 'text', 'date', 'choice', 'multichoice', 'boolean'];

describe('publicStudy', () => {
  it('publicStudy matches the API shape', () => {
    for (const study of loadStudies(STUDY_DEFINITIONS).list()) {
      const body = JSON.parse(JSON.stringify(publicStudy(study)));
      expect(body).toMatchObject({ code: study.code, title: study.title, design: study.design });
      expect(Array.isArray(body.instruments)).toBe(true);
      for (const c of body.eligibility) expect(Object.keys(c).sort()).toEqual(['id', 'kind', 'text']);
      for (const event of body.schedule) {
        expect(event).toEqual(
          expect.objectContaining({
            id: expect.any(String),
            offsetDays: expect.any(Number),
            windowBefore: expect.any(Number),
            windowAfter: expect.any(Number),
            forms: expect.any(Array),
            instruments: expect.any(Array),
          }),
        );
      }
      for (const form of body.forms) {
        expect(form).toEqual(
          expect.objectContaining({ id: expect.any(String), title: expect.any(String), repeating: expect.any(Boolean) }),
        );
        for (const field of form.fields) {
          expect(FIELD_TYPES).toContain(field.type);
          expect(typeof field.required).toBe('boolean');
          expect(typeof field.label).toBe('string');
          for (const option of field.options ?? []) expect(Object.keys(option).sort()).toEqual(['code', 'label']);
          if (field.showIf) expect(Object.keys(field.showIf).sort()).toEqual(field.showIf.in ? ['field', 'in'] : ['equals', 'field']);
        }
      }
    }
  });

  it('shows arms and the randomisation factors of an rct, and not its block sizes', () => {
    const body = publicStudy(TEIAS);
    expect(body.arms).toEqual([
      { code: 'TEI', title: 'Transforaminal epidural injection plus usual care', ratio: 1 },
      { code: 'UC', title: 'Usual care', ratio: 1 },
    ]);
    expect(body.randomisation).toEqual({
      method: 'blocks',
      factors: [{ id: 'symptomDuration', label: 'Symptom duration', options: ['<6w', '>=6w'] }],
    });
    expect(JSON.stringify(body)).not.toContain('blockSizes');
  });

  it('leaves out what a study does not have, rather than sending nulls', () => {
    const body = publicStudy(POTEISS) as unknown as Record<string, unknown>;
    expect(body).not.toHaveProperty('arms');
    expect(body).not.toHaveProperty('randomisation');
    const mri = publicStudy(POTEISS).forms.find((f) => f.id === 'mri')!;
    expect(Object.keys(mri)).toEqual(['id', 'title', 'repeating', 'fields']);
    expect(mri.fields[0]).toEqual({ id: 'scan_date', label: 'Date of MRI', type: 'date', required: true, missingCodes: ['unknown'] });
  });

  it('marks the arm-restricted form and carries field details', () => {
    const injection = publicStudy(TEIAS).forms.find((f) => f.id === 'injection')!;
    expect(injection.arms).toEqual(['TEI']);
    expect(injection.fields.find((f) => f.id === 'dose')).toEqual({
      id: 'dose',
      label: 'Corticosteroid dose',
      type: 'decimal',
      required: true,
      min: 0,
      max: 80,
      unit: 'mg',
      precision: 1,
      critical: true,
    });
    expect(injection.fields.find((f) => f.id === 'compl_type')!.showIf).toEqual({ field: 'compl', equals: true });
  });

  it('gives each event its mode and, for EIMICOR, the per-cohort instruments', () => {
    const body = publicStudy(POTEISS);
    expect(body.schedule.find((e) => e.id === 'post30min')).toMatchObject({ offsetMinutes: 30, mode: 'clinic' });
    expect(body.schedule.find((e) => e.id === 'week2')!.mode).toBe('remote');
    const week6 = publicStudy(EIMICOR).schedule.find((e) => e.id === 'week6')!;
    expect(week6.instrumentsByCohort).toEqual({
      lumbar: ['NRS_LEG', 'NRS_BACK', 'ODI', 'GPE', 'HCU'],
      cervical: ['NRS_ARM', 'NRS_NECK', 'NDI', 'GPE', 'HCU'],
    });
  });

  it('returns a copy: changing it leaves the loaded study alone', () => {
    const teias = loadStudies([TEIAS]).get('TEIAS');
    const body = publicStudy(teias);
    body.schedule[0]!.forms.push('x');
    body.forms[0]!.fields[0]!.label = 'changed';
    expect(teias.schedule[0]!.forms).not.toContain('x');
    expect(teias.forms[0]!.fields[0]!.label).toBe('Date of eligibility assessment');
  });
});
