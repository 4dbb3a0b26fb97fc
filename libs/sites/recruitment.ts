export interface MonthlyCount {
  siteCode: string;
  month: string;
  enrolled: number;
  randomised: number;
}

export interface RecruitmentSite {
  siteCode: string;
  target: number | null;
  enrolled: number;
  randomised: number;
  /** Share of the target reached, 0–1 (null without a target). */
  progress: number | null;
  months: Array<{ month: string; enrolled: number; cumulative: number }>;
}

/**
 * Recruitment per site at a glance: totals against target and a cumulative curve per calendar
 * month, every site sharing the same month axis (months without enrolment included) so the curves
 * can be drawn side by side.
 */
export function recruitmentCurves(
  sites: Array<{ siteCode: string; target: number | null }>,
  counts: MonthlyCount[],
): { months: string[]; sites: RecruitmentSite[] } {
  const months = monthRange(counts.map((c) => c.month));
  return {
    months,
    sites: sites.map((site) => {
      const mine = counts.filter((c) => c.siteCode === site.siteCode);
      let cumulative = 0;
      const series = months.map((month) => {
        const enrolled = mine.find((c) => c.month === month)?.enrolled ?? 0;
        cumulative += enrolled;
        return { month, enrolled, cumulative };
      });
      const enrolled = cumulative;
      const randomised = mine.reduce((n, c) => n + c.randomised, 0);
      return {
        siteCode: site.siteCode,
        target: site.target,
        enrolled,
        randomised,
        progress: site.target ? Math.min(1, enrolled / site.target) : null,
        months: series,
      };
    }),
  };
}

/** Every YYYY-MM from the earliest to the latest given, inclusive. */
export function monthRange(values: string[]): string[] {
  if (values.length === 0) return [];
  const sorted = [...values].sort();
  const out: string[] = [];
  let [y, m] = sorted[0].split('-').map(Number);
  const last = sorted[sorted.length - 1];
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= last) return out;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
}
