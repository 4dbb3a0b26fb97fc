import {
  EIMICOR,
  POTEISS,
  ProtocolError,
  ProtocolLookupError,
  STUDY_DEFINITIONS,
  StudyRegistry,
  TEIAS,
  expressionNames,
  loadStudies,
  validateStudyDefinition,
  type StudyDefinition,
} from './index';
import { CERVIRAD } from './fixtures/cervirad';

/** A private, mutable copy of a definition with one thing broken. */
function broken(study: StudyDefinition, mutate: (copy: StudyDefinition) => void): StudyDefinition {
  const copy = structuredClone(study);
  mutate(copy);
  return copy;
}

function loadError(definitions: unknown[]): ProtocolError {
  try {
    loadStudies(definitions);
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
  throw new Error('expected a ProtocolError');
}

/** The message lines for one broken study. */
function problems(definition: unknown): string[] {
  return loadError([definition]).message.split('\n');
}

const form = (study: StudyDefinition, id: string) => study.forms.find((f) => f.id === id)!;
const event = (study: StudyDefinition, id: string) => study.schedule.find((e) => e.id === id)!;

describe('loading studies', () => {
  it('loads the three studies', () => {
    const registry = loadStudies(STUDY_DEFINITIONS);
    expect(registry.codes()).toEqual(['TEIAS', 'POTEISS', 'EIMICOR']);
    expect(registry.list().map((s) => s.design)).toEqual(['rct', 'cohort', 'cohort']);
  });

  it('looks a study up whatever the case of its code', () => {
    const registry = loadStudies(STUDY_DEFINITIONS);
    expect(registry.get('teias').code).toBe('TEIAS');
    expect(registry.get(' Poteiss ').code).toBe('POTEISS');
    expect(registry.has('EiMiCoR')).toBe(true);
    expect(registry.find('nope')).toBeUndefined();
  });

  it('answers an unknown study with UNKNOWN_STUDY', () => {
    const registry = loadStudies(STUDY_DEFINITIONS);
    expect(() => registry.get('XYZ')).toThrow(ProtocolLookupError);
    expect(() => registry.get('XYZ')).toThrow(expect.objectContaining({ code: 'UNKNOWN_STUDY' }));
  });

  it('hands out frozen copies, so neither the caller nor the source can change a loaded protocol', () => {
    const source = structuredClone(TEIAS);
    const registry = new StudyRegistry([source]);
    source.title = 'changed after load';
    const teias = registry.get('TEIAS');
    expect(teias.title).toBe(TEIAS.title);
    expect(Object.isFrozen(teias.forms[0]!.fields[0])).toBe(true);
    expect(() => {
      (teias.schedule as unknown[]).push({});
    }).toThrow(TypeError);
  });

  it('keeps the shipped definitions frozen, so no test or service can change them for the next', () => {
    expect(Object.isFrozen(STUDY_DEFINITIONS)).toBe(true);
    expect(Object.isFrozen(TEIAS.forms[4]!.fields[0])).toBe(true);
    expect(() => {
      TEIAS.schedule[0]!.windowBefore = 99;
    }).toThrow(TypeError);
  });

  it('loads an empty list', () => {
    expect(loadStudies([]).list()).toEqual([]);
  });

  it('refuses two studies with the same code, whatever the case', () => {
    const lower = broken(CERVIRAD, (s) => (s.code = 'TEIAS'));
    expect(loadError([TEIAS, lower]).message).toBe('TEIAS: code: duplicate study code "TEIAS"');
  });

  it('names a definition without a code by its position', () => {
    expect(loadError([TEIAS, { title: 'x' }]).issues[0]!.study).toBe('studies[1]');
    expect(loadError([null]).message).toMatch(/^studies\[0\]: /);
  });

  it('reports every problem of every study, one per line, not just the first', () => {
    const a = broken(TEIAS, (s) => {
      s.schedule[2]!.forms = ['xyz'];
      s.schedule[3]!.instruments.push('VAS');
    });
    const b = broken(POTEISS, (s) => (form(s, 'mri').fields[0]!.id = 'Scan Date'));
    const error = loadError([a, b]);
    expect(error.issues.map((i) => i.study)).toEqual(['TEIAS', 'TEIAS', 'POTEISS']);
    expect(error.message.split('\n')).toHaveLength(3);
    expect(error.code).toBe('PROTOCOL_INVALID');
  });
});

describe('the schema: structure', () => {
  it('refuses a key that is not in the types (a typo must not drop a rule silently)', () => {
    const study = broken(TEIAS, (s) => Object.assign(form(s, 'consent').fields[0]!, { requried: true }));
    expect(problems(study)).toEqual(['TEIAS: forms[1].fields[0]: Unrecognized key: "requried"']);
  });

  it('refuses an id that is not lowercase snake_case', () => {
    const study = broken(TEIAS, (s) => (form(s, 'consent').fields[1]!.id = 'Version'));
    expect(problems(study)).toEqual([
      'TEIAS: forms[1].fields[1].id: "Version" is not a lowercase snake_case id (a-z, 0-9, single underscores, starting with a letter)',
    ]);
  });

  it('refuses a study code that would break participant labels', () => {
    expect(problems(broken(CERVIRAD, (s) => (s.code = 'CERV-RAD')))[0]).toMatch(
      /^CERV-RAD: code: "CERV-RAD" is not an upper-case study code/,
    );
  });

  it('refuses a fractional offset and a negative window', () => {
    const study = broken(TEIAS, (s) => {
      s.schedule[2]!.offsetDays = 7.5;
      s.schedule[2]!.windowBefore = -1;
    });
    expect(problems(study)).toEqual([
      'TEIAS: schedule[2].offsetDays: Invalid input: expected int, received number',
      'TEIAS: schedule[2].windowBefore: Too small: expected number to be >=0',
    ]);
  });

  it('refuses a malformed showIf', () => {
    const study = broken(TEIAS, (s) => Object.assign(form(s, 'crossover').fields[1]!.showIf!, { in: [true] }));
    expect(problems(study)).toEqual(['TEIAS: forms[6].fields[1].showIf: showIf must be {field, equals: value} or {field, in: [values]}']);
  });

  it('refuses an unknown randomisation method', () => {
    const study = broken(TEIAS, (s) => Object.assign(s.randomisation!, { method: 'coin' }));
    expect(problems(study)[0]).toMatch(/^TEIAS: randomisation\.method: Invalid discriminator value/);
  });
});

describe('the schema: references', () => {
  it('refuses a schedule event pointing at an unknown form and names the path', () => {
    const study = broken(TEIAS, (s) => (s.schedule[2]!.forms = ['xyz']));
    expect(loadError([study]).message).toBe('TEIAS: schedule[2].forms[0]: unknown form "xyz"');
  });

  it('refuses an instrument code that INSTRUMENTS.md does not define', () => {
    const study = broken(TEIAS, (s) => event(s, 'week4').instruments.push('SF36'));
    expect(problems(study)).toEqual(['TEIAS: schedule[4].instruments[7]: unknown instrument "SF36"']);
  });

  it('accepts extra instrument codes when the loader is told about them', () => {
    const study = broken(CERVIRAD, (s) => s.schedule[0]!.instruments.push('PROMIS'));
    expect(() => loadStudies([study])).toThrow(ProtocolError);
    expect(() => loadStudies([study], { instrumentCodes: ['NRS_ARM', 'NRS_NECK', 'NDI', 'GPE', 'PROMIS'] })).not.toThrow();
  });

  it('refuses a form that no event carries', () => {
    const study = broken(TEIAS, (s) => (event(s, 'unscheduled').forms = ['conmed', 'adverse_event', 'end_of_study']));
    expect(problems(study)).toEqual(['TEIAS: forms[6]: form "crossover" is on no schedule event']);
  });

  it('refuses duplicate field ids', () => {
    const study = broken(TEIAS, (s) => (form(s, 'demographics').fields[3]!.id = 'height'));
    expect(problems(study)).toContain('TEIAS: forms[2].fields[3].id: duplicate field id "height"');
  });

  it('refuses duplicate form, event, criterion and check ids', () => {
    const study = broken(TEIAS, (s) => {
      s.forms[1]!.id = 'eligibility';
      s.schedule[3]!.id = 'week1';
      s.eligibility[1]!.id = 'inc_sciatica_confirmed';
      form(s, 'injection').checks![1]!.id = 'after_enrolment';
    });
    const lines = problems(study);
    expect(lines).toContain('TEIAS: forms[1].id: duplicate form id "eligibility"');
    expect(lines).toContain('TEIAS: schedule[3].id: duplicate event id "week1"');
    expect(lines).toContain('TEIAS: eligibility[1].id: duplicate criterion id "inc_sciatica_confirmed"');
    expect(lines).toContain('TEIAS: forms[4].checks[1].id: duplicate check id "after_enrolment"');
  });

  it('refuses showIf on an unknown field', () => {
    const study = broken(TEIAS, (s) => (form(s, 'history_exam').fields[9]!.showIf = { field: 'motor_deficit', equals: true }));
    expect(problems(study)).toEqual(['TEIAS: forms[3].fields[9].showIf.field: unknown field "motor_deficit"']);
  });

  it('refuses showIf on a later field or on the field itself', () => {
    const later = broken(TEIAS, (s) => (form(s, 'history_exam').fields[7]!.showIf = { field: 'motor', equals: true }));
    expect(problems(later)).toEqual(['TEIAS: forms[3].fields[7].showIf.field: "motor" must be an earlier field of the form']);
    const self = broken(TEIAS, (s) => (form(s, 'history_exam').fields[8]!.showIf = { field: 'motor', equals: true }));
    expect(problems(self)).toEqual(['TEIAS: forms[3].fields[8].showIf.field: "motor" must be an earlier field of the form']);
  });

  it('refuses a showIf value that the field it depends on cannot take', () => {
    const study = broken(TEIAS, (s) => {
      form(s, 'demographics').fields[7]!.showIf = { field: 'work', in: [1, 9] };
      form(s, 'history_exam').fields[9]!.showIf = { field: 'motor', equals: 1 };
    });
    expect(problems(study)).toEqual([
      'TEIAS: forms[2].fields[7].showIf.in: 9 is not an option code of "work"',
      'TEIAS: forms[3].fields[9].showIf.equals: "motor" is boolean; compare with true or false',
    ]);
  });

  it('refuses showIf depending on a free-text or number field', () => {
    const study = broken(TEIAS, (s) => (form(s, 'history_exam').fields[2]!.showIf = { field: 'nrs_leg', equals: 6 }));
    expect(problems(study)).toEqual([
      'TEIAS: forms[3].fields[2].showIf.field: showIf can depend on a choice, multichoice or boolean field, not on "nrs_leg" (integer)',
    ]);
  });

  it('accepts showIf on a multichoice field when the value is one of its codes', () => {
    const ok = broken(TEIAS, (s) => (form(s, 'injection').fields[8]!.showIf = { field: 'compl_type', equals: 7 }));
    expect(() => loadStudies([ok])).not.toThrow();
    const bad = broken(TEIAS, (s) => (form(s, 'injection').fields[8]!.showIf = { field: 'compl_type', in: [7, 8] }));
    expect(problems(bad)).toEqual(['TEIAS: forms[4].fields[8].showIf.in: 8 is not an option code of "compl_type"']);
  });

  it('refuses a check or calculation that reads an unknown field, form or context', () => {
    const study = broken(TEIAS, (s) => {
      form(s, 'injection').checks![0]!.rule = 'injection_date >= enrolment.date';
      form(s, 'demographics').fields[4]!.calculated = 'weight / (height_m * height_m)';
      form(s, 'conmed').checks![0]!.rule = 'stop >= visit.date and start >= consent.when';
    });
    expect(problems(study)).toEqual([
      'TEIAS: forms[2].fields[4].calculated: unknown field "height_m"',
      'TEIAS: forms[2].fields[4].calculated: unknown field "height_m"',
      'TEIAS: forms[4].checks[0].rule: unknown field "injection_date"',
      'TEIAS: forms[5].checks[0].rule: unknown form or context "visit" in "visit.date"; use a field, <form>.<field>, enrolment.* or anchor.*',
      'TEIAS: forms[5].checks[0].rule: unknown field "when" of form "consent"',
    ]);
  });

  it('accepts a rule that reads a field of another form', () => {
    const study = broken(TEIAS, (s) => (form(s, 'injection').checks![0]!.rule = 'date >= consent.date'));
    expect(() => loadStudies([study])).not.toThrow();
  });

  it('refuses a rule that the form engine cannot parse, with its reason', () => {
    const study = broken(TEIAS, (s) => (form(s, 'conmed').checks![0]!.rule = 'stop >= start && stop != null'));
    expect(problems(study)).toEqual([
      'TEIAS: forms[5].checks[0].rule: Invalid expression "stop >= start && stop != null": "&&" is not an operator here, write "and" at position 14',
    ]);
  });

  it('refuses a form that the form engine cannot run (a rule that is not true or false)', () => {
    const study = broken(TEIAS, (s) => (form(s, 'conmed').checks![0]!.rule = 'days(start, stop)'));
    expect(problems(study)).toEqual([
      expect.stringMatching(
        /^TEIAS: forms\[5\]: form "conmed", check "stop_after_start": rule "days\(start, stop\)" must be true or false/,
      ),
    ]);
  });

  it('reads the names of an expression, skipping keywords, strings and function calls', () => {
    expect(expressionNames("(level >= 3 and drug == 1) or not x == 'a b' or days(date, anchor.date) > 2")).toEqual([
      'level',
      'drug',
      'x',
      'date',
      'anchor.date',
    ]);
  });

  it('refuses two fields that would export to the same column', () => {
    const study = broken(CERVIRAD, (s) => {
      s.forms.push({
        id: 'outcome_surgery',
        title: 'x',
        repeating: false,
        fields: [{ id: 'date', label: 'x', type: 'date', required: false }],
      });
      s.forms[1]!.fields[1]!.id = 'surgery_date';
      s.schedule[2]!.forms = ['outcome', 'outcome_surgery'];
    });
    expect(problems(study)).toEqual([
      'CERVIRAD: schedule[2].forms[1]: export column "week26_outcome_surgery_date" is produced by both week26/outcome/surgery_date and week26/outcome_surgery/date',
    ]);
  });
});

describe('the schema: fields', () => {
  it('refuses choice fields without options, with duplicate codes or duplicate labels', () => {
    const study = broken(TEIAS, (s) => {
      const fields = form(s, 'demographics').fields;
      fields[1]!.options = [{ code: 1, label: 'Female' }];
      fields[5]!.options = [
        { code: 1, label: 'Never smoked' },
        { code: 1, label: 'Former smoker' },
        { code: 3, label: 'Never smoked' },
      ];
    });
    expect(problems(study)).toEqual([
      'TEIAS: forms[2].fields[1].options: a choice field needs at least two options',
      'TEIAS: forms[2].fields[5].options[1].code: duplicate option code 1',
      'TEIAS: forms[2].fields[5].options[2].label: duplicate option label "Never smoked"',
    ]);
  });

  it('refuses a non-numeric option code', () => {
    const study = broken(TEIAS, (s) => Object.assign(form(s, 'demographics').fields[1]!.options![0]!, { code: 'F' }));
    expect(problems(study)).toEqual(['TEIAS: forms[2].fields[1].options[0].code: Invalid input: expected number, received string']);
  });

  it('refuses min above max, and a fractional bound on an integer', () => {
    const study = broken(TEIAS, (s) => {
      Object.assign(form(s, 'history_exam').fields[1]!, { min: 10, max: 0 });
      Object.assign(form(s, 'history_exam').fields[2]!, { max: 10.5 });
    });
    expect(problems(study)).toEqual([
      'TEIAS: forms[3].fields[1].max: max 0 is below min 10',
      'TEIAS: forms[3].fields[2].max: 10.5 is not an integer',
    ]);
  });

  it('refuses properties that do not fit the field type', () => {
    const study = broken(TEIAS, (s) => {
      Object.assign(form(s, 'consent').fields[0]!, { min: 0, unit: 'd' });
      Object.assign(form(s, 'history_exam').fields[1]!, {
        options: [
          { code: 0, label: 'a' },
          { code: 1, label: 'b' },
        ],
        pattern: '^x$',
      });
      delete form(s, 'demographics').fields[3]!.precision;
    });
    expect(problems(study)).toEqual([
      'TEIAS: forms[1].fields[0].min: min applies to integer and decimal fields only, not date',
      'TEIAS: forms[1].fields[0].unit: unit applies to integer and decimal fields only, not date',
      'TEIAS: forms[2].fields[3].precision: a decimal field needs a precision',
      'TEIAS: forms[3].fields[1].pattern: pattern applies to text fields only, not integer',
      'TEIAS: forms[3].fields[1].options: options applies to choice and multichoice fields only, not integer',
    ]);
  });

  it('refuses an invalid regular expression', () => {
    const study = broken(POTEISS, (s) => (form(s, 'mri').fields[1]!.pattern = '^[a-z'));
    expect(problems(study)).toEqual(['POTEISS: forms[2].fields[1].pattern: "^[a-z" is not a valid regular expression']);
  });

  it('refuses a field id that rules reserve', () => {
    const study = broken(CERVIRAD, (s) => (s.forms[0]!.fields[0]!.id = 'anchor'));
    expect(problems(study)).toEqual(['CERVIRAD: forms[0].fields[0].id: "anchor" is reserved in rules and calculations']);
  });
});

describe('the schema: design, randomisation and anchor', () => {
  it('refuses arms or randomisation in a cohort study', () => {
    const study = broken(POTEISS, (s) => {
      s.arms = structuredClone(TEIAS.arms);
      s.randomisation = structuredClone(TEIAS.randomisation);
    });
    expect(problems(study)).toEqual([
      'POTEISS: arms: a cohort study has no arms',
      'POTEISS: randomisation: a cohort study has no randomisation',
    ]);
  });

  it('refuses an rct without arms or randomisation', () => {
    const study = broken(TEIAS, (s) => {
      delete s.randomisation;
      s.arms = s.arms!.slice(0, 1);
    });
    expect(problems(study)).toEqual([
      'TEIAS: arms: an rct needs at least two arms',
      'TEIAS: randomisation: an rct needs a randomisation definition',
    ]);
  });

  it('refuses block sizes that are not multiples of the total arm ratio', () => {
    const study = broken(TEIAS, (s) => {
      s.arms![0]!.ratio = 2;
      s.randomisation = { method: 'blocks', blockSizes: [6, 4], factors: [] };
    });
    expect(problems(study)).toEqual(['TEIAS: randomisation.blockSizes[1]: block size 4 is not a multiple of the total arm ratio 3']);
  });

  it('refuses site as a declared factor, and duplicate factor options', () => {
    const study = broken(TEIAS, (s) => {
      s.randomisation!.factors.push({ id: 'site', label: 'Site', options: ['A', 'A'] });
    });
    expect(problems(study)).toEqual([
      'TEIAS: randomisation.factors[1].id: site is always a stratum; do not declare it as a factor',
      'TEIAS: randomisation.factors[1].options[1]: duplicate option "A"',
    ]);
  });

  it('refuses a form restricted to an arm the study does not have', () => {
    const study = broken(TEIAS, (s) => (form(s, 'injection').arms = ['TEII']));
    expect(problems(study)).toEqual(['TEIAS: forms[4].arms[0]: unknown arm "TEII"']);
  });

  it('refuses an anchor whose actual date is not a date field', () => {
    const study = broken(POTEISS, (s) => (s.anchor.actual = { eventId: 'baseline', formId: 'injection', fieldId: 'dose' }));
    expect(problems(study)).toEqual(['POTEISS: anchor.actual.fieldId: field "dose" is decimal, not date']);
  });

  it('refuses an anchor pointing at a missing field, a form off its event, or an unknown event', () => {
    expect(problems(broken(POTEISS, (s) => (s.anchor.actual!.fieldId = 'inj_date')))).toEqual([
      'POTEISS: anchor.actual.fieldId: unknown field "inj_date" in form "injection"',
    ]);
    expect(problems(broken(POTEISS, (s) => (s.anchor.actual!.eventId = 'week2')))).toEqual([
      'POTEISS: anchor.actual.formId: form "injection" is not on event "week2"',
    ]);
    expect(problems(broken(EIMICOR, (s) => (s.anchor.actual!.eventId = 'surgery')))).toEqual([
      'EIMICOR: anchor.actual.eventId: unknown event "surgery"',
    ]);
  });

  it('refuses a planned anchor without an actual date field or without a planned date', () => {
    const study = broken(EIMICOR, (s) => {
      delete s.anchor.actual;
      s.requiresPlannedAnchorDate = false;
    });
    expect(problems(study)).toEqual([
      'EIMICOR: requiresPlannedAnchorDate: a surgery anchor is planned at enrolment: set requiresPlannedAnchorDate',
      'EIMICOR: anchor.actual: a surgery anchor needs the form field that holds the actual date',
    ]);
  });

  it('refuses a randomisation anchor in a cohort study', () => {
    const study = broken(CERVIRAD, (s) => (s.anchor = { kind: 'randomisation' }));
    expect(problems(study)).toEqual(['CERVIRAD: anchor.kind: only an rct can be anchored on randomisation']);
  });

  it('refuses an unknown time zone', () => {
    expect(problems(broken(CERVIRAD, (s) => (s.timeZone = 'Europe/Amsterdm')))).toEqual([
      'CERVIRAD: timeZone: unknown time zone "Europe/Amsterdm"',
    ]);
  });
});

describe('the schema: schedule and cohorts', () => {
  it('refuses events out of time order', () => {
    const study = broken(TEIAS, (s) => ([s.schedule[3], s.schedule[4]] = [s.schedule[4]!, s.schedule[3]!]));
    expect(problems(study)).toEqual(['TEIAS: schedule[4].offsetDays: event "week2" comes before "week4"; list events in time order']);
  });

  it('orders events on the same day by their minutes', () => {
    const study = broken(POTEISS, (s) => ([s.schedule[0], s.schedule[1]] = [s.schedule[1]!, s.schedule[0]!]));
    expect(problems(study)).toEqual([
      'POTEISS: schedule[1].offsetDays: event "baseline" comes before "post30min"; list events in time order',
    ]);
  });

  it('refuses questionnaires or a window on an unscheduled event', () => {
    const study = broken(TEIAS, (s) => {
      event(s, 'unscheduled').instruments = ['GPE'];
      event(s, 'unscheduled').windowAfter = 200;
    });
    expect(problems(study)).toEqual([
      'TEIAS: schedule[7]: an unscheduled event has offsetDays, windowBefore and windowAfter 0',
      'TEIAS: schedule[7].instruments: an unscheduled event has no questionnaires',
    ]);
  });

  it('refuses per-cohort instruments that leave a cohort out or name an unknown one', () => {
    const study = broken(EIMICOR, (s) => {
      s.schedule[1]!.instrumentsByCohort = { lumbar: ['NRS_LEG'], thoracic: ['NRS_BACK'] };
    });
    expect(problems(study)).toEqual([
      'EIMICOR: schedule[1].instrumentsByCohort.thoracic: unknown cohort "thoracic"',
      'EIMICOR: schedule[1].instrumentsByCohort: no instruments for cohort "cervical"',
    ]);
  });

  it("refuses a cohort's instrument that the event's list leaves out", () => {
    const study = broken(EIMICOR, (s) => s.schedule[0]!.instrumentsByCohort!.lumbar!.push('GPE'));
    expect(problems(study)).toEqual([
      'EIMICOR: schedule[0].instrumentsByCohort.lumbar[4]: "GPE" is missing from the event\'s instruments (which list every cohort\'s)',
    ]);
  });

  it('refuses per-cohort instruments in a study without cohorts', () => {
    const study = broken(CERVIRAD, (s) => (s.schedule[1]!.instrumentsByCohort = { lumbar: ['NRS_ARM'] }));
    expect(problems(study)).toEqual(['CERVIRAD: schedule[1].instrumentsByCohort: the study declares no cohorts']);
  });

  it('refuses a form restricted to an unknown cohort', () => {
    const study = broken(EIMICOR, (s) => (form(s, 'surgery').cohorts = ['lumber']));
    const lines = problems(study);
    expect(lines).toContain('EIMICOR: forms[3].cohorts[0]: unknown cohort "lumber"');
  });

  it('refuses a study without an inclusion criterion', () => {
    const study = broken(CERVIRAD, (s) => (s.eligibility = s.eligibility.filter((c) => c.kind === 'exclusion')));
    expect(problems(study)).toEqual(['CERVIRAD: eligibility: at least one inclusion criterion is needed']);
  });

  it('validates without throwing when asked directly', () => {
    expect(validateStudyDefinition(TEIAS).ok).toBe(true);
    const result = validateStudyDefinition(broken(TEIAS, (s) => (s.schedule[2]!.forms = ['xyz'])));
    expect(result).toEqual({ ok: false, issues: [{ path: ['schedule', 2, 'forms', 0], message: 'unknown form "xyz"' }] });
  });
});
