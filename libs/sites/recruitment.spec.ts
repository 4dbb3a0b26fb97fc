import { monthRange, recruitmentCurves } from './recruitment';

describe('recruitment curves', () => {
  it('fills the months between the first and last enrolment, across a year end', () => {
    expect(monthRange(['2026-11', '2027-02', '2026-12'])).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthRange([])).toEqual([]);
  });

  it('gives every site the same month axis, cumulative counts and progress against target', () => {
    const r = recruitmentCurves(
      [
        { siteCode: 'A', target: 10 },
        { siteCode: 'B', target: null },
      ],
      [
        { siteCode: 'A', month: '2026-10', enrolled: 2, randomised: 2 },
        { siteCode: 'A', month: '2026-12', enrolled: 3, randomised: 1 },
        { siteCode: 'B', month: '2026-11', enrolled: 4, randomised: 0 },
      ],
    );
    expect(r.months).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(r.sites[0]).toMatchObject({ siteCode: 'A', enrolled: 5, randomised: 3, progress: 0.5 });
    expect(r.sites[0].months.map((m) => m.cumulative)).toEqual([2, 2, 5]);
    expect(r.sites[1]).toMatchObject({ enrolled: 4, progress: null });
    expect(r.sites[1].months.map((m) => m.enrolled)).toEqual([0, 4, 0]);
  });
});
