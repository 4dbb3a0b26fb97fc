import { calibrationText } from './calibration-report';
import type { ModelResult } from './fit';

/**
 * The result as a statistician reads it in a terminal: laid out like R's print(coxph) and
 * summary(glm), with the validation table of rms::validate. Same numbers as the JSON, rounded for
 * reading (4 significant digits; p-values below 1e-4 shown as "<1e-04" as R's format.pval does).
 */

function num(x: number, digits = 4): string {
  if (x === 0) return '0';
  if (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-4) return x.toExponential(digits - 1);
  return Number(x.toPrecision(digits)).toString();
}

function pval(p: number): string {
  return p < 1e-4 ? '<1e-04' : num(p, 3);
}

/** Right-aligned columns under a header; the first column left-aligned. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  return [line(header), ...rows.map(line)];
}

export function formatText(result: ModelResult): string {
  const lines: string[] = [];
  const ratio = result.model === 'cox' ? 'HR' : 'OR';
  const title =
    result.model === 'cox'
      ? `Cox proportional hazards model (ties: ${result.ties})`
      : `Logistic regression (${result.method === 'firth' ? "Firth's penalised likelihood" : 'maximum likelihood'})`;
  lines.push(title, `n = ${result.n}, events = ${result.events}`, '');
  lines.push(
    ...table(
      ['term', 'estimate', 'se', 'z', 'p', ratio, `${ratio} 95% CI`],
      result.coefficients.map((c) => [
        c.term,
        num(c.estimate),
        num(c.se),
        num(c.z, 3),
        pval(c.p),
        num(c.ratio),
        `${num(c.ratioLower)} to ${num(c.ratioUpper)}`,
      ]),
    ),
  );
  if (result.method === 'firth') {
    lines.push('95% CI: profile penalised likelihood; p: penalised likelihood ratio (logistf defaults)');
    if (result.flic) lines.push(`FLIC intercept (used for predictions): ${num(result.flic.intercept)}`);
  }
  lines.push('');
  lines.push(`log-likelihood: null ${num(result.logLik.null, 6)}, model ${num(result.logLik.model, 6)}`);
  const t = result.tests;
  lines.push(
    ...table(
      ['test', 'statistic', 'df', 'p'],
      [
        ['likelihood ratio', num(t.lr.statistic), String(t.lr.df), pval(t.lr.p)],
        ['Wald', num(t.wald.statistic), String(t.wald.df), pval(t.wald.p)],
        ['score', num(t.score.statistic), String(t.score.df), pval(t.score.p)],
      ],
    ),
  );
  lines.push(`concordance (C): ${num(result.concordance.estimate)} (se ${num(result.concordance.se)})`);
  lines.push(`iterations: ${result.iterations}, converged: ${result.converged ? 'yes' : 'NO'}`);

  if (result.anova) {
    lines.push('', 'Wald statistics (rms::anova)');
    lines.push(
      ...table(
        ['predictor', 'chisq', 'df', 'p'],
        result.anova.map((a) => [a.term, num(a.chisq), String(a.df), pval(a.p)]),
      ),
    );
  }
  if (result.phTest) {
    lines.push('', 'Proportional hazards (cox.zph, KM transform)');
    lines.push(
      ...table(
        ['term', 'chisq', 'df', 'p'],
        [
          ...result.phTest.terms.map((z) => [z.term, num(z.chisq), String(z.df), pval(z.p)]),
          ['GLOBAL', num(result.phTest.global.chisq), String(result.phTest.global.df), pval(result.phTest.global.p)],
        ],
      ),
    );
  }
  if (result.baselineSurvival) {
    lines.push('', 'Survival at the covariate means');
    const stratified = result.baselineSurvival.some((b) => b.stratum !== undefined);
    lines.push(
      ...table(
        stratified ? ['stratum', 'time', 'survival'] : ['time', 'survival'],
        result.baselineSurvival.map((b) => (stratified ? [b.stratum ?? '', num(b.time), num(b.survival)] : [num(b.time), num(b.survival)])),
      ),
    );
  }
  if (result.kaplanMeier) {
    const k = result.kaplanMeier;
    const m = k.median;
    const show = (x: number | undefined) => (x === undefined ? 'NA' : num(x));
    lines.push(
      '',
      `Kaplan-Meier (${k.confType} ${Math.round(k.conf * 100)}% intervals): median ${show(m.estimate)} (${show(m.lower)} to ${show(m.upper)}), last follow-up ${num(k.lastFollowUp)}`,
    );
    if (k.atTimes)
      lines.push(
        ...table(
          ['time', 'at risk', 'survival', 'lower', 'upper'],
          k.atTimes.map((a) => [num(a.time), String(a.nRisk), num(a.survival), show(a.lower), show(a.upper)]),
        ),
      );
  }
  if (result.validation) {
    const v = result.validation;
    lines.push('', `Bootstrap validation (B = ${v.B}, seed ${v.seed}${v.failed ? `, ${v.failed} failed` : ''})`);
    lines.push(
      ...table(
        ['index', 'apparent', 'optimism', 'corrected'],
        v.indexes.map((ix) => [ix.name, num(ix.apparent), num(ix.optimism), num(ix.corrected)]),
      ),
    );
  }
  if (result.shrinkage) {
    const sh = result.shrinkage;
    lines.push(
      '',
      `Presented model: shrunk (coefficients times ${sh.source === 'given' ? 'the given factor' : 'the bootstrap calibration slope'} ${num(sh.factor)}${sh.B ? `, B = ${sh.B}` : ''}${sh.intercept !== undefined ? '; intercept re-estimated' : '; baseline hazard re-estimated'})`,
    );
    lines.push(
      ...table(
        ['term', 'shrunk estimate'],
        sh.coefficients.map((c) => [c.term, num(c.estimate)]),
      ),
    );
  } else {
    lines.push('', 'Presented model: as fitted (no shrinkage)');
  }
  if (result.sampleSize) {
    const s = result.sampleSize;
    lines.push('', `Sample size (Riley et al. 2020; ${s.parameters} parameters, Cox-Snell R2 ${num(s.rsquared, 3)} ${s.rsquaredSource})`);
    lines.push(
      ...table(
        ['criterion', 'n required'],
        s.criteria.map((c) => [`${c.criterion}. ${c.description}`, String(c.n)]),
      ),
    );
    lines.push(
      `required ${s.required} (${s.requiredEvents} events); available ${s.available} (${s.availableEvents} events): ${s.sufficient ? 'sufficient' : 'TOO SMALL'}`,
    );
  }
  lines.push(...calibrationText(result));
  if (result.warnings.length > 0) {
    lines.push('', 'Warnings:', ...result.warnings.map((w) => `- ${w}`));
  }
  return lines.join('\n') + '\n';
}
