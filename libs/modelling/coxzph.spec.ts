import { fitCox } from './cox';
import { coxZph } from './coxzph';
import { coxReferences, expectClose } from './reference/cox/reference';

describe.each(coxReferences().map((r) => [r.name, r] as const))('cox.zph agrees with R (transform "km"): %s', (_name, ref) => {
  it('matches each term and the global test', () => {
    const data = { time: ref.data.time, event: ref.data.event, X: ref.data.X, strata: ref.data.strata ?? undefined };
    const fit = fitCox({ ...data, names: ref.data.names, ties: ref.ties });
    const zph = coxZph(fit, data, { transform: 'km' });
    expect(zph.terms.map((t) => t.term)).toEqual(ref.phTest.terms.map((t) => t.term));
    zph.terms.forEach((t, k) => {
      expectClose(t.chisq, ref.phTest.terms[k].chisq, 1e-4, `${t.term} chisq`);
      expect(t.df).toBe(ref.phTest.terms[k].df);
      expectClose(t.p, ref.phTest.terms[k].p, 1e-4, `${t.term} p`);
    });
    expectClose(zph.global.chisq, ref.phTest.global.chisq, 1e-4, 'global chisq');
    expect(zph.global.df).toBe(ref.phTest.global.df);
    expectClose(zph.global.p, ref.phTest.global.p, 1e-4, 'global p');
  });
});

describe('cox.zph on a model with an aliased covariate', () => {
  it('tests only the estimable terms', () => {
    const ref = coxReferences().find((r) => r.name === 'lung-efron');
    if (!ref) throw new Error('reference missing');
    const X = ref.data.X.map((row) => [...row, 2 * row[0]]);
    const data = { time: ref.data.time, event: ref.data.event, X };
    const fit = fitCox({ ...data, names: [...ref.data.names, 'age2'] });
    const zph = coxZph(fit, data);
    expect(zph.terms.map((t) => t.term)).toEqual(['age', 'sex', 'ph.ecog']);
    expectClose(zph.global.chisq, ref.phTest.global.chisq, 1e-4, 'global chisq');
  });
});
