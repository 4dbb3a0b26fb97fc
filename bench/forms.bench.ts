import { STUDY_DEFINITIONS, loadStudies } from '@trialdata/protocol';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource } from '@trialdata/database';
import {
  ROOT,
  benchApi,
  goalLine,
  json,
  load,
  percentile,
  pgbenchBaseline,
  pgbenchScriptTps,
  pgbenchSimpleUpdateTps,
  sealerLoop,
  type Log,
} from './support';

const CLIENTS = 50;
const PARTICIPANTS = Number(process.env.BENCH_FORM_PARTICIPANTS ?? 200);
const TOTAL = Number(process.env.BENCH_FORM_SAVES ?? 3000);
/** API processes (the API_PROCESSES setting): default 2, both cores of the reference machine. */
const PROCESSES = Number(process.env.BENCH_API_PROCESSES ?? 2);
/** Issue 16's goal: audited saves/s at least half of pgbench -N's TPS on the same server. */
const GOAL_FRACTION = 0.5;
const PGBENCH_SECONDS = 10;

/**
 * Form saves with audit at 50 concurrent clients against the built API (its own process): each save
 * is a PUT of a TEIAS adverse event (a repeating form, 8 entered fields) as a new instance, so no two
 * clients write the same instance; every save validates the values, writes the instance and appends
 * one audit row per field plus the status row, in one transaction. Next to pgbench's TPS on the same
 * PostgreSQL in the same run.
 */
export async function run(log: Log): Promise<void> {
  const def = loadStudies(STUDY_DEFINITIONS).get('TEIAS');
  const sites = ['FA', 'FB'];
  const api = await benchApi('forms', 'TEIAS', sites, PROCESSES);
  let rate: number;
  let replay: { extended: number; prepared: number; twoCalls: number; oneCall: number };
  const token = api.token;
  try {
    const eligibility = Object.fromEntries(def.eligibility.map((c) => [c.id, c.kind === 'inclusion']));
    const ids: string[] = [];
    await load(CLIENTS, PARTICIPANTS, async (i) => {
      const e = await json(
        `${api.url}/studies/TEIAS/participants`,
        'POST',
        { siteCode: sites[i % 2], eligibility, consent: { date: '2026-11-20', version: '1.0' }, birthYear: 1980, sex: 'female' },
        token,
      );
      if (e.status !== 201) throw new Error(`enrol ${e.status} ${JSON.stringify(e.body)}`);
      ids[i] = e.body.id;
    });

    const failures = new Map<string, number>();
    // The worker's audit sealer runs beside the saves, as in production (the API seals nothing itself).
    const sealer = sealerLoop(api.databaseUrl);
    const { seconds, latencies } = await load(CLIENTS, TOTAL, async (i, timed) => {
      const participant = ids[i % PARTICIPANTS];
      const instance = Math.floor(i / PARTICIPANTS) + 1;
      const values = {
        term: `Headache ${i}`,
        onset: '2026-11-26',
        severity: 1 + (i % 3),
        related: 1 + (i % 5),
        serious: false,
        expected: 1 + (i % 2),
        action: 1,
        outcome: 2,
      };
      const r = await timed(() =>
        json(
          `${api.url}/participants/${participant}/events/unscheduled/forms/adverse_event?instance=${instance}`,
          'PUT',
          { values, status: 'complete' },
          token,
        ),
      );
      if (r.status !== 200) failures.set(String(r.status), (failures.get(String(r.status)) ?? 0) + 1);
    });
    const sealed = await sealer.stop();
    replay = await replaySaves(api.databaseUrl, ids);
    const failed = [...failures].map(([s, n]) => `${n}×${s}`).join(', ') || 'none';
    rate = (TOTAL - [...failures.values()].reduce((a, b) => a + b, 0)) / seconds;
    log(
      `form saves with audit (TEIAS adverse event, 8 fields, 9 audit rows each), API_PROCESSES=${PROCESSES}, ${CLIENTS} clients, ${TOTAL} saves: ${rate.toFixed(1)} saves/s; ` +
        `latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms; failures ${failed}; ` +
        `sealer beside it: ${sealed.rows} audit rows sealed in ${sealed.rounds} rounds (one a second)`,
    );
  } finally {
    await api.close();
  }
  log(await pgbenchBaseline(CLIENTS));
  const tps = await pgbenchSimpleUpdateTps(CLIENTS, PGBENCH_SECONDS);
  log(
    `baseline pgbench -N (simple update, scale 5, ${CLIENTS} clients, 2 threads, ${PGBENCH_SECONDS} s) on the same server: ${tps.toFixed(0)} TPS`,
  );
  log(
    `the save's statements replayed by pgbench (bench/reference/form-save.pgbench.sql, ${CLIENTS} clients, ${PGBENCH_SECONDS} s, sealer beside it), no API: ` +
      `${replay.extended.toFixed(0)} TPS as node-postgres sends them (-M extended) = ${(replay.extended / tps).toFixed(2)} of pgbench -N; ` +
      `${replay.prepared.toFixed(0)} TPS prepared (-M prepared) = ${(replay.prepared / tps).toFixed(2)}; the API reaches ${(rate / replay.extended).toFixed(2)} of the unprepared replay`,
  );
  log(
    `the save as server-side functions (bench/reference/form-save-function.sql, a prototype the API does not call), replayed the same way: ` +
      `${replay.twoCalls.toFixed(0)} TPS as three round trips (session read, context call, write call) = ${(replay.twoCalls / tps).toFixed(2)} of pgbench -N; ` +
      `${replay.oneCall.toFixed(0)} TPS as two (session read, one call) = ${(replay.oneCall / tps).toFixed(2)}`,
  );
  log(goalLine('audited form saves/s / pgbench -N TPS', rate / tps, GOAL_FRACTION, `API_PROCESSES=${PROCESSES}`));
}

/**
 * The save's SQL without the API: pgbench replays bench/reference/form-save.pgbench.sql (the statements
 * one save sends, copied from PostgreSQL's statement log) on the bench's database, its participants
 * and admin, the sealer running as in the API run. What it reaches is the ceiling of the API's
 * saves/s on this server for the statements a save sends now.
 */
async function replaySaves(
  databaseUrl: string,
  participantIds: string[],
): Promise<{ extended: number; prepared: number; twoCalls: number; oneCall: number }> {
  const ds = createDataSource(databaseUrl, { poolSize: 1 });
  await ds.initialize();
  let userId: string;
  try {
    await ds.query('CREATE TABLE bench_pids (n int PRIMARY KEY, id uuid NOT NULL)');
    await ds.query('INSERT INTO bench_pids SELECT n - 1, id FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)', [participantIds]);
    [{ id: userId }] = await ds.query(`SELECT id FROM users WHERE email = 'bench-admin@trialdata.org'`);
    // The server-side prototype (measured below, never called by the API).
    await ds.query(readFileSync(join(ROOT, 'bench/reference/form-save-function.sql'), 'utf8'));
  } finally {
    await ds.destroy();
  }
  const file = join(ROOT, 'bench/reference/form-save.pgbench.sql');
  const fields = ['term', 'onset', 'severity', 'related', 'serious', 'expected', 'action', 'outcome'];
  const variables = {
    uid: userId,
    study: 'TEIAS',
    ev: 'unscheduled',
    form: 'adverse_event',
    entity: 'unscheduled/adverse_event/replay',
    val: '"Headache"',
    data: JSON.stringify({
      term: 'Headache',
      onset: '2026-11-26',
      severity: 1,
      related: 1,
      serious: false,
      expected: 1,
      action: 1,
      outcome: 2,
    }),
    audit: JSON.stringify([
      { action: 'status', field: null, from: 'not_started', to: 'complete' },
      ...fields.map((field) => ({ action: 'create', field, from: null, to: 'Headache' })),
    ]),
  };
  const result = { extended: 0, prepared: 0, twoCalls: 0, oneCall: 0 };
  const runs = [
    ['extended', file, 'extended'],
    ['prepared', file, 'prepared'],
    ['twoCalls', join(ROOT, 'bench/reference/form-save-two-calls.pgbench.sql'), 'extended'],
    ['oneCall', join(ROOT, 'bench/reference/form-save-one-call.pgbench.sql'), 'extended'],
  ] as const;
  for (const [key, script, mode] of runs) {
    const sealer = sealerLoop(databaseUrl);
    try {
      result[key] = await pgbenchScriptTps(databaseUrl, script, CLIENTS, PGBENCH_SECONDS, mode, variables);
    } finally {
      await sealer.stop();
    }
  }
  return result;
}
