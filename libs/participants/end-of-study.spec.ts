import { STUDY_DEFINITIONS } from '@trialdata/protocol';
import { END_OF_STUDY_FORM, STUDY_ENDS, studyEndOf } from './end-of-study';
import { PARTICIPANT_STATUSES } from './status';

describe('end-of-study form and participant status', () => {
  it('maps every study end of the three studies to statuses that exist, with the same codes and labels', () => {
    for (const study of STUDY_DEFINITIONS) {
      const form = study.forms.find((f) => f.id === END_OF_STUDY_FORM.formId);
      expect(form, study.code).toBeDefined();
      const status = form!.fields.find((f) => f.id === END_OF_STUDY_FORM.statusField)!;
      expect(status.options!.map((o) => [o.code, o.label])).toEqual(Object.entries(STUDY_ENDS).map(([c, e]) => [Number(c), e.label]));
      expect(form!.fields.find((f) => f.id === END_OF_STUDY_FORM.keepDataField)?.showIf).toEqual({ field: 'status', equals: 2 });
    }
    for (const end of Object.values(STUDY_ENDS)) for (const s of end.statuses) expect(PARTICIPANT_STATUSES).toContain(s);
  });

  it('reads the study end from the form values', () => {
    expect(studyEndOf({ status: 2 })).toMatchObject({ statuses: ['withdrawn'], consentWithdrawn: true });
    expect(studyEndOf({ status: 3 })).toMatchObject({ statuses: ['withdrawn'], consentWithdrawn: false });
    expect(studyEndOf({})).toBeNull();
    expect(studyEndOf({ status: 9 })).toBeNull();
  });
});
