import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { ensureDatabase } from '@trialdata/database';
import { STUDY_DEFINITIONS, loadStudies } from '@trialdata/protocol';
import { benchApi, dropDatabase, json, load, percentile, pgbenchBaseline, scratchDatabaseUrl, type Log } from './support';

const CLIENTS = 50;
const PARTICIPANTS = Number(process.env.BENCH_FORM_PARTICIPANTS ?? 200);
const TOTAL = Number(process.env.BENCH_FORM_SAVES ?? 3000);

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
  const api = await benchApi('forms', 'TEIAS', sites);
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
    const failed = [...failures].map(([s, n]) => `${n}×${s}`).join(', ') || 'none';
    log(
      `form saves with audit (TEIAS adverse event, 8 fields, 9 audit rows each), ${CLIENTS} clients, ${TOTAL} saves: ${(TOTAL / seconds).toFixed(1)} saves/s; ` +
        `latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms; failures ${failed}`,
    );
  } finally {
    await api.close();
  }
  log(await pgbenchBaseline(CLIENTS));
  log(await pgbenchSimpleUpdate(CLIENTS));
}

/**
 * pgbench -N ("simple update": no updates of the 5 branch and 50 teller rows, so no hot-row queue) on
 * a scratch database: the baseline a form save, which writes its own rows, compares with best.
 */
async function pgbenchSimpleUpdate(clients: number, seconds = 10): Promise<string> {
  const bin = ['/usr/lib/postgresql/15/bin/pgbench', '/usr/bin/pgbench'].find((p) => existsSync(p)) ?? 'pgbench';
  const run = promisify(execFile);
  const url = scratchDatabaseUrl('pgbench_n');
  await ensureDatabase(url);
  try {
    await run(bin, ['-i', '-q', '-s', '5', url], { maxBuffer: 1 << 24 });
    const { stdout } = await run(bin, ['-N', '-c', String(clients), '-j', '2', '-T', String(seconds), '-n', url], { maxBuffer: 1 << 24 });
    const tps = /tps = ([\d.]+)/.exec(stdout)?.[1];
    if (!tps) throw new Error(`pgbench printed no TPS:\n${stdout}`);
    return `baseline pgbench -N (simple update, scale 5, ${clients} clients, 2 threads, ${seconds} s) on the same server: ${Number(tps).toFixed(0)} TPS`;
  } finally {
    await dropDatabase(url);
  }
}
