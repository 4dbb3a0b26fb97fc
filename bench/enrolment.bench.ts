import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { STUDY_DEFINITIONS, loadStudies } from '@trialdata/protocol';
import { dropDatabase, ensureDatabase } from '@trialdata/database';
import { benchApi, json, load, percentile, scratchDatabaseUrl, type Log } from './support';

const CLIENTS = 50;
const TOTAL = Number(process.env.BENCH_ENROLMENTS ?? 2000);
/** API processes (the API_PROCESSES setting): default 2, both cores of the reference machine. */
const PROCESSES = Number(process.env.BENCH_API_PROCESSES ?? 2);
/**
 * The goal for requests/s (each request, an enrolment or a randomisation, is one business transaction)
 * as a fraction of pgbench -N (simple-update) TPS on the same server, 50 clients.
 */
const GOAL_FRACTION = Number(process.env.BENCH_ENROLMENT_GOAL ?? 0.25);
const PGBENCH_SECONDS = 10;

/**
 * Enrolment + randomisation throughput at 50 concurrent clients against the built API (its own
 * process), each task one enrolment and one randomisation of a TEIAS participant, spread over four
 * sites and both strata; next to pgbench's TPS on the same PostgreSQL in the same run.
 */
export async function run(log: Log): Promise<void> {
  const def = loadStudies(STUDY_DEFINITIONS).get('TEIAS');
  const sites = ['BA', 'BB', 'BC', 'BD'];
  // benchApi's API process takes its environment from this one: API_PROCESSES forks that many (node:cluster).
  const previous = process.env.API_PROCESSES;
  process.env.API_PROCESSES = String(PROCESSES);
  let api: Awaited<ReturnType<typeof benchApi>>;
  try {
    api = await benchApi('enrol', 'TEIAS', sites);
  } finally {
    if (previous === undefined) delete process.env.API_PROCESSES;
    else process.env.API_PROCESSES = previous;
  }
  // The primary forks the processes one after the other; the first answers /health before the last listens.
  if (PROCESSES > 1) await new Promise((r) => setTimeout(r, 5_000));
  let rate: number;
  const token = api.token;
  try {
    const eligibility = Object.fromEntries(def.eligibility.map((c) => [c.id, c.kind === 'inclusion']));
    const factor = def.randomisation!.factors[0];
    const failures: string[] = [];
    const { seconds, latencies, requests } = await load(CLIENTS, TOTAL, async (i, timed) => {
      const e = await timed(() =>
        json(
          `${api.url}/studies/TEIAS/participants`,
          'POST',
          {
            siteCode: sites[i % 4],
            eligibility,
            consent: { date: '2026-11-20', version: '1.0' },
            birthYear: 1980,
            sex: i % 2 ? 'male' : 'female',
          },
          token,
        ),
      );
      if (e.status !== 201) return void failures.push(`enrol ${e.status}`);
      const r = await timed(() =>
        json(
          `${api.url}/participants/${e.body.id}/randomisation`,
          'POST',
          { factors: { [factor.id]: factor.options[i % factor.options.length] } },
          token,
        ),
      );
      if (r.status !== 201) failures.push(`randomise ${r.status}`);
    });
    if (failures.length) throw new Error(`${failures.length} requests failed, e.g. ${failures.slice(0, 3).join(', ')}`);
    rate = requests / seconds;
    log(
      `enrolment+randomisation, API_PROCESSES=${PROCESSES}, ${CLIENTS} clients, ${TOTAL} participants: ${(requests / seconds).toFixed(1)} requests/s (${(TOTAL / seconds).toFixed(1)} participants/s); latency per request p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
    );
  } finally {
    await api.close();
  }
  const tps = await pgbenchSimpleUpdate(CLIENTS, PGBENCH_SECONDS);
  log(
    `baseline pgbench -N (simple-update, scale 5, ${CLIENTS} clients, 2 threads, ${PGBENCH_SECONDS} s) on the same server: ${tps.toFixed(0)} TPS`,
  );
  const fraction = rate / tps;
  log(
    `enrolment+randomisation requests/s / pgbench -N TPS = ${fraction.toFixed(2)} (goal ≥ ${GOAL_FRACTION}), API_PROCESSES=${PROCESSES}: goal ${fraction >= GOAL_FRACTION ? 'met' : 'NOT met'}`,
  );
}

/** pgbench -N (TPC-B-like without the branch and teller updates) TPS on a scratch database of the same server. */
async function pgbenchSimpleUpdate(clients: number, seconds: number): Promise<number> {
  const run = promisify(execFile);
  const bin = ['/usr/lib/postgresql/15/bin/pgbench', '/usr/bin/pgbench'].find((p) => existsSync(p)) ?? 'pgbench';
  const scratch = scratchDatabaseUrl('pgbench');
  await ensureDatabase(scratch);
  try {
    await run(bin, ['-i', '-q', '-s', '5', scratch], { maxBuffer: 1 << 24 });
    const { stdout } = await run(bin, ['-N', '-c', String(clients), '-j', '2', '-T', String(seconds), '-n', scratch], {
      maxBuffer: 1 << 24,
    });
    const m = /tps = ([\d.]+)/.exec(stdout);
    if (!m) throw new Error(`pgbench printed no TPS:\n${stdout}`);
    return Number(m[1]);
  } finally {
    await dropDatabase(scratch);
  }
}
