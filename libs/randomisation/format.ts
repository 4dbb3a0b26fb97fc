import type { ArmTally, SimulationReport } from './simulate';

/** The simulation as a plain-text table for the CLI. */
export function formatSimulation(report: SimulationReport): string {
  const armCodes = report.arms.map((arm) => arm.code);
  const header = ['', ...armCodes, 'total', 'imbalance'];
  const row = (label: string, tally: ArmTally): string[] => [
    label,
    ...armCodes.map((code) => String(tally.counts[code] ?? 0)),
    String(tally.total),
    formatNumber(tally.imbalance),
  ];

  const ratio = report.arms.map((arm) => arm.ratio).join(':');
  const lines: string[] = [
    `Randomisation simulation — study ${report.studyCode}, method ${report.method}, n = ${report.n}, arms ${armCodes.join('/')} ${ratio}`,
    'Imbalance = largest minus smallest of count/ratio over the arms.',
    '',
    ...table([header, row('overall', report.overall)]),
    '',
    `Per stratum (max imbalance ${formatNumber(report.maxStratumImbalance)}${
      report.maxBlockSize === undefined ? '' : `; bound for 1:1 blocks: ${formatNumber(report.maxBlockSize / 2)}`
    })`,
    ...table([header, ...report.strata.map((tally) => row(tally.stratum, tally))]),
    '',
    `Per factor level (max imbalance ${formatNumber(report.maxFactorLevelImbalance)})`,
    ...table([header, ...report.factorLevels.map((tally) => row(`${tally.factor}=${tally.level}`, tally))]),
  ];
  if (report.preferenceFollowedRate !== undefined) {
    lines.push('', `Least-imbalance arm taken for ${(report.preferenceFollowedRate * 100).toFixed(1)}% of participants.`);
  }
  return lines.join('\n');
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  return rows.map((cells) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ')
      .trimEnd(),
  );
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
