/**
 * A fourth study is one definition file. CERVIRAD (fixtures/cervirad.ts) is made up for this spec and
 * goes through the very loader the platform uses; nothing else in the library knows about it.
 */
import { CERVIRAD } from './fixtures/cervirad';
import { STUDY_DEFINITIONS, formsForEvent, instrumentsForEvent, loadStudies, publicStudy } from './index';

describe('a fourth study', () => {
  it('loads a fourth study from one definition', () => {
    const studies = loadStudies([...STUDY_DEFINITIONS, CERVIRAD]);
    expect(studies.codes()).toEqual(['TEIAS', 'POTEISS', 'EIMICOR', 'CERVIRAD']);
    const cervirad = studies.get('cervirad');
    expect(cervirad.title).toBe('Cervical radiculopathy natural course cohort');
  });

  it('is served by the same helpers as the other three', () => {
    const cervirad = loadStudies([CERVIRAD]).get('CERVIRAD');
    expect(formsForEvent(cervirad, 'baseline').map((f) => f.id)).toEqual(['intake']);
    expect(instrumentsForEvent(cervirad, 'week6')).toEqual(['NRS_ARM', 'NRS_NECK', 'NDI', 'GPE']);
    const body = publicStudy(cervirad);
    expect(body.schedule.map((e) => e.id)).toEqual(['baseline', 'week6', 'week26']);
    expect(body.instruments).toEqual(['NRS_ARM', 'NRS_NECK', 'NDI', 'GPE']);
    expect(body).not.toHaveProperty('randomisation');
  });

  it('is not served unless studies/index.ts lists it', () => {
    expect(loadStudies(STUDY_DEFINITIONS).has('CERVIRAD')).toBe(false);
  });
});
