import { ModelInputError } from './errors';
import { kaplanMeier, kaplanMeierAt, type KaplanMeierConfType } from './km';
import intervals from './reference/km/reference.json';
import { expectClose, kmReferences } from './reference/cox/reference';

describe.each(kmReferences().map((r) => [r.name, r] as const))('Kaplan-Meier agrees with R survfit: %s', (_name, ref) => {
  const km = kaplanMeier(ref.data.time, ref.data.event, { conf: 0.95 });

  it('has one step per distinct time with the risk set, events and censorings', () => {
    expect(km.steps.map((s) => s.time)).toEqual(ref.steps.time);
    expect(km.steps.map((s) => s.nRisk)).toEqual(ref.steps.nRisk);
    expect(km.steps.map((s) => s.nEvent)).toEqual(ref.steps.nEvent);
    expect(km.steps.map((s) => s.nCensor)).toEqual(ref.steps.nCensor);
  });

  it('matches survival, Greenwood standard error and the log-scale interval', () => {
    km.steps.forEach((s, i) => {
      expectClose(s.survival, ref.steps.survival[i], 1e-6, `survival ${i}`);
      expectClose(s.stdErr, ref.steps.stdErr[i], 1e-6, `std.err ${i}`);
      expectClose(s.lower, ref.steps.lower[i], 1e-6, `lower ${i}`);
      expectClose(s.upper, ref.steps.upper[i], 1e-6, `upper ${i}`);
    });
  });

  it('matches the median and its confidence limits', () => {
    expect(km.median).toEqual(ref.median);
  });
});

describe('Kaplan-Meier edge cases', () => {
  it('averages the two times when survival sits at exactly 0.5 on a flat step', () => {
    const km = kaplanMeier([1, 2, 3, 4, 5, 6], [1, 1, 1, 0, 1, 1]);
    expect(km.median.estimate).toBe(4);
  });

  it('has no median when survival never reaches 0.5', () => {
    const km = kaplanMeier([1, 2, 3, 4], [1, 0, 0, 0]);
    expect(km.median.estimate).toBeNull();
  });

  it('reports no standard error or interval once survival reaches 0', () => {
    const km = kaplanMeier([1, 2], [1, 1]);
    expect(km.steps[1].survival).toBe(0);
    expect(km.steps[1].stdErr).toBeNull();
    expect(km.steps[1].lower).toBeNull();
  });

  it('refuses an event code other than 0 or 1', () => {
    expect(() => kaplanMeier([1, 2], [1, 2 as 1])).toThrow(ModelInputError);
  });
});

interface IntervalExample {
  name: string;
  confType: KaplanMeierConfType;
  time: number[];
  event: (0 | 1)[];
  steps: Record<'time' | 'nRisk' | 'survival', number[]> & Record<'stdErr' | 'lower' | 'upper', (number | null)[]>;
  median: { estimate: number | null; lower: number | null; upper: number | null };
  at: Record<'time' | 'nRisk' | 'survival', number[]> & Record<'lower' | 'upper', (number | null)[]>;
}

describe.each((intervals.examples as unknown as IntervalExample[]).map((e) => [`${e.name}, conf.type ${e.confType}`, e] as const))(
  'Kaplan-Meier intervals, medians and numbers at risk agree with R survfit on unseen data: %s',
  (_name, ref) => {
    const km = kaplanMeier(ref.time, ref.event, { confType: ref.confType });

    it('matches the curve and its limits at every step', () => {
      expect(km.confType).toBe(ref.confType);
      expect(km.steps.map((s) => s.time)).toEqual(ref.steps.time);
      expect(km.steps.map((s) => s.nRisk)).toEqual(ref.steps.nRisk);
      km.steps.forEach((s, i) => {
        expectClose(s.survival, ref.steps.survival[i], 1e-6, `survival ${i}`);
        expectClose(s.lower, ref.steps.lower[i], 1e-6, `lower ${i}`);
        expectClose(s.upper, ref.steps.upper[i], 1e-6, `upper ${i}`);
      });
    });

    it('matches quantile(fit, 0.5): the median and its limits', () => {
      expect(km.median).toEqual(ref.median);
    });

    it('matches summary(fit, times, extend = TRUE): number at risk, survival and limits', () => {
      const at = kaplanMeierAt(km, ref.at.time);
      expect(at.map((a) => a.nRisk)).toEqual(ref.at.nRisk);
      at.forEach((a, i) => {
        expectClose(a.survival, ref.at.survival[i], 1e-6, `survival at ${a.time}`);
        expectClose(a.lower, ref.at.lower[i], 1e-6, `lower at ${a.time}`);
        expectClose(a.upper, ref.at.upper[i], 1e-6, `upper at ${a.time}`);
      });
    });
  },
);
