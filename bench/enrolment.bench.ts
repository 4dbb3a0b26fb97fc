import { STUDY_DEFINITIONS, loadStudies } from '@trialdata/protocol';
import { benchApi, goalLine, json, load, percentile, pgbenchSimpleUpdateTps, type Log } from './support';

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
  const api = await benchApi('enrol', 'TEIAS', sites, PROCESSES);
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
  const tps = await pgbenchSimpleUpdateTps(CLIENTS, PGBENCH_SECONDS);
  log(
    `baseline pgbench -N (simple-update, scale 5, ${CLIENTS} clients, 2 threads, ${PGBENCH_SECONDS} s) on the same server: ${tps.toFixed(0)} TPS`,
  );
  log(goalLine('enrolment+randomisation requests/s / pgbench -N TPS', rate / tps, GOAL_FRACTION, `API_PROCESSES=${PROCESSES}`));
}
