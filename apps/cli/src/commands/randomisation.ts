import { randomBytes } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import type { AppConfig } from '@trialdata/config';
import { Database, createDataSource } from '@trialdata/database';
import { SecretBox } from '@trialdata/privacy';
import { RandomisationService } from '@trialdata/participants';
import type { StudyRegistry } from '@trialdata/protocol';
import { formatSimulation, simulate } from '@trialdata/randomisation';

/**
 * `trial randomisation simulate --study TEIAS --n 10000 [--sites 4] [--seed S]`: arm balance overall,
 * per stratum and per factor level. Uses a throw-away seed unless one is given, never the study's
 * secret one (the simulation draws from the same lists the live allocation would).
 */
export function randomisationSimulate(
  studies: StudyRegistry,
  args: { study: string; n: number; sites: number; seed?: string; json?: boolean },
  out: (s: string) => void,
): number {
  const def = studies.find(args.study);
  if (!def) throw new Error(`unknown study ${args.study}; known: ${studies.codes().join(', ')}`);
  if (!def.randomisation || !def.arms) throw new Error(`${def.code} is not randomised`);
  const sites = Array.from({ length: args.sites }, (_, i) => `SITE${i + 1}`);
  const report = simulate({
    definition: def.randomisation,
    arms: def.arms,
    sites,
    n: args.n,
    seed: args.seed ?? randomBytes(16).toString('hex'),
    studyCode: def.code,
  });
  out(args.json ? JSON.stringify(report, null, 2) : formatSimulation(report));
  return 0;
}

/** `trial randomisation export --study TEIAS`: the allocation log as CSV (admin/statistician use). */
export async function randomisationExport(
  config: AppConfig,
  studies: StudyRegistry,
  study: string,
  out: (s: string) => void,
): Promise<number> {
  const db = new Database(await createDataSource(config.databaseUrl, { poolSize: 2 }).initialize());
  try {
    const rows = await new RandomisationService(db, studies, () => new Date(), new SecretBox(config.dataKey)).allocations(study);
    out(
      stringify(
        rows.map((r) => ({
          label: r.label,
          site: r.siteCode,
          method: r.method,
          stratum: r.stratum,
          sequence: r.sequence,
          arm: r.arm,
          factors: JSON.stringify(r.factors),
          randomised_at: r.randomisedAt,
        })),
        { header: true },
      ).trimEnd(),
    );
    return 0;
  } finally {
    await db.dataSource.destroy();
  }
}

/** `trial randomisation verify --study TEIAS`: regenerates every allocation from the secret seed (needs DATA_KEY). */
export async function randomisationVerify(
  config: AppConfig,
  studies: StudyRegistry,
  study: string,
  out: (s: string) => void,
): Promise<number> {
  const db = new Database(await createDataSource(config.databaseUrl, { poolSize: 2 }).initialize());
  try {
    const { checked, mismatches } = await new RandomisationService(db, studies, () => new Date(), new SecretBox(config.dataKey)).verify(
      study,
    );
    if (mismatches.length === 0) {
      out(`${checked} allocations checked: every one matches the list regenerated from the seed`);
      return 0;
    }
    out(`${mismatches.length} of ${checked} allocations do NOT match:`);
    for (const m of mismatches) out(`  ${m.label} ${m.stratum} #${m.sequence}: ${m.problem}`);
    return 1;
  } finally {
    await db.dataSource.destroy();
  }
}
