import { STUDY_DEFINITIONS, loadStudies } from '@trialdata/protocol';
import { benchApi, json, load, percentile, pgbenchBaseline, type Log } from './support';

const CLIENTS = 50;
const TOTAL = Number(process.env.BENCH_ENROLMENTS ?? 2000);

/**
 * Enrolment + randomisation throughput at 50 concurrent clients against the built API (its own
 * process), each task one enrolment and one randomisation of a TEIAS participant, spread over four
 * sites and both strata; next to pgbench's TPS on the same PostgreSQL in the same run.
 */
export async function run(log: Log): Promise<void> {
  const def = loadStudies(STUDY_DEFINITIONS).get('TEIAS');
  const sites = ['BA', 'BB', 'BC', 'BD'];
  const api = await benchApi('enrol', 'TEIAS', sites);
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
    log(
      `enrolment+randomisation, ${CLIENTS} clients, ${TOTAL} participants: ${(requests / seconds).toFixed(1)} requests/s (${(TOTAL / seconds).toFixed(1)} participants/s); latency per request p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
    );
  } finally {
    await api.close();
  }
  log(await pgbenchBaseline(CLIENTS));
}
