import { randomBytes } from 'node:crypto';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { DateTime } from 'luxon';
import { outboxFromContext } from '../apps/worker/src/handlers/notifications';
import { startWorker } from '../apps/worker/src/worker';
import { loadConfig } from '@trialdata/config';
import { Database, QuestionnairesRepository, createDataSource, type NewMessage, type NewQuestionnaire } from '@trialdata/database';
import { ContactCipher } from '@trialdata/privacy';
import { STUDY_DEFINITIONS, loadStudies } from '@trialdata/protocol';
import { questionnaireEvents } from '@trialdata/questionnaires';
import { parseQuietHours, planMessages, timePoints } from '@trialdata/scheduling';
import { REDIS, dropDatabase, migratedDatabase, type Log } from './support';

/**
 * Notifications at scale: schedules N questionnaire time points (TEIAS, 6 per synthetic participant,
 * with every invitation, reminder and coordinator task in the outbox: about 3.5 messages per time
 * point) by bulk inserts through QuestionnairesRepository, then plays one morning: at 08:00
 * Amsterdam every message planned for that instant is due at once. Reported: scheduling rate, the
 * outbox's enqueue rate (reconciliation → BullMQ), dispatch rate (job → re-check → render → record;
 * SMTP_URL unset, so mails are recorded, not sent) and lag behind the due instant; beside raw BullMQ
 * add and no-op process throughput for as many jobs, measured in the same run.
 *
 * BENCH_NOTIFICATIONS_N sets N (default 1,000,000; about 6–8 minutes on 2 cores, mostly the ~3.5
 * million outbox inserts). Anchors spread over a year, so roughly 1/365 of the messages fall on the
 * measured morning.
 */
const N = Number(process.env.BENCH_NOTIFICATIONS_N ?? 1_000_000);
const CONCURRENCY = Number(process.env.BENCH_NOTIFICATIONS_CONCURRENCY ?? 16);
const ZONE = 'Europe/Amsterdam';
/** The measured morning: 08:00 local on this day. */
const MORNING = DateTime.fromISO('2027-06-15T08:00:00', { zone: ZONE });

const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en')}/s`;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export async function run(log: Log): Promise<void> {
  const databaseUrl = await migratedDatabase('notifications');
  const prefix = `trialdata_bench_${randomBytes(3).toString('hex')}`;
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    REDIS_URL: REDIS,
    REDIS_PREFIX: prefix,
    JWT_SECRET: randomBytes(24).toString('hex'),
    DATA_KEY: randomBytes(32).toString('base64'),
    WORKER_PORT: '0',
    LOG_LEVEL: 'silent',
  });
  const studies = loadStudies(STUDY_DEFINITIONS);
  const def = studies.get('TEIAS');
  const db = new Database(await createDataSource(databaseUrl, { poolSize: 4 }).initialize());
  const cipher = new ContactCipher(config.dataKey);
  try {
    // ── synthetic participants (fixtures, not domain code: plain SQL here) ──
    const participants = Math.ceil(N / questionnaireEvents(def, null).length);
    await db.repos.studies.ensure(['TEIAS'], () => randomBytes(32).toString('base64'));
    const [{ id: siteId }] = await db.dataSource.query(
      `INSERT INTO sites (code, name, country) VALUES ('BENCH', 'Bench', 'NL') RETURNING id`,
    );
    await db.dataSource.query(`INSERT INTO study_sites (study_code, site_id) VALUES ('TEIAS', $1)`, [siteId]);
    const firstAnchor = MORNING.minus({ days: 182 }).toISODate()!;
    let t = Date.now();
    await db.dataSource.query(
      `INSERT INTO participants (study_code, site_id, label, number, status, birth_year, sex, consent_date, consent_version, eligibility, anchor_date, arm)
       SELECT 'TEIAS', $1, 'TEIAS-BENCH-' || lpad(i::text, 7, '0'), i, 'randomised', 1980, 'female', $2::date, '1.0', '{}', $2::date + (i % 365), 'UC'
       FROM generate_series(1, $3) AS i`,
      [siteId, firstAnchor, participants],
    );
    log(`synthetic participants: ${participants.toLocaleString('en')} in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    // ── schedule N time points and their messages through the repository, in batches ──
    const quiet = parseQuietHours(config.quietHours);
    const events = questionnaireEvents(def, null);
    const due = MORNING.toUTC().toISO()!;
    const dueMs = Date.parse(due);
    // The plan is a pure function of the anchor date (~4 ms per participant in libs/scheduling, luxon
    // zone arithmetic), so it is computed once per distinct date; what is measured is the storage.
    const planCache = new Map<string, { tps: ReturnType<typeof timePoints>; plan: ReturnType<typeof planMessages> }>();
    const planFor = (anchorDate: string) => {
      let hit = planCache.get(anchorDate);
      if (!hit) {
        const tps = timePoints({ anchorDate, events, timeZone: ZONE });
        hit = { tps, plan: planMessages({ timePoints: tps, reminders: def.reminders, quietHours: quiet, timeZone: ZONE }) };
        planCache.set(anchorDate, hit);
      }
      return hit;
    };
    let points = 0;
    let messages = 0;
    let dueCount = 0;
    t = Date.now();
    for (let offset = 0; offset < participants; offset += 2000) {
      const batch: Array<{ id: string; anchor_date: string }> = await db.dataSource.query(
        `SELECT id, anchor_date FROM participants WHERE number > $1 AND number <= $2 ORDER BY number`,
        [offset, offset + 2000],
      );
      const contacts = batch.map((p) => [p.id, cipher.encrypt(p.id, { email: `p${p.id.slice(0, 8)}@example.org`, language: 'nl' })]);
      await db.transaction(async (tx) => {
        await tx.manager.query(
          `INSERT INTO participant_contacts (participant_id, language, ciphertext) SELECT unnest($1::uuid[]), 'nl', unnest($2::text[])`,
          [contacts.map((c) => c[0]), contacts.map((c) => c[1])],
        );
        const repo = tx.get(QuestionnairesRepository);
        const rows: NewQuestionnaire[] = [];
        const plans: Array<{ participantId: string; plan: ReturnType<typeof planMessages> }> = [];
        for (const p of batch) {
          const { tps, plan } = planFor(p.anchor_date);
          for (const tp of tps)
            rows.push({
              participantId: p.id,
              studyCode: 'TEIAS',
              siteId,
              eventId: tp.eventId,
              instruments: tp.instruments,
              mode: tp.mode,
              opensAt: tp.opensAt,
              dueAt: tp.dueAt,
              closesAt: tp.closesAt,
            });
          plans.push({ participantId: p.id, plan });
        }
        const ids = await repo.insertQuestionnaires(rows);
        const idOf = new Map(rows.map((r, i) => [`${r.participantId}:${r.eventId}`, ids[i]]));
        const outbox: NewMessage[] = [];
        for (const { participantId, plan } of plans) {
          for (const m of plan) {
            const at = Date.parse(m.sendAt);
            // Before the measured morning: history. At it: due. After: the future.
            const state = at < dueMs ? 'skipped' : 'pending';
            if (at === dueMs) dueCount++;
            outbox.push({
              questionnaireId: idOf.get(`${participantId}:${m.eventId}`)!,
              participantId,
              studyCode: 'TEIAS',
              kind: m.kind,
              number: m.number,
              sendAt: m.sendAt,
              state,
              reason: state === 'skipped' ? 'bench: before the measured morning' : null,
            });
          }
        }
        await repo.insertMessages(outbox);
        points += rows.length;
        messages += outbox.length;
      });
    }
    const scheduleMs = Date.now() - t;
    log(
      `scheduled ${points.toLocaleString('en')} time points and ${messages.toLocaleString('en')} outbox messages in ${(scheduleMs / 1000).toFixed(1)} s: ${rate(points, scheduleMs)} time points, ${rate(messages, scheduleMs)} messages`,
    );
    log(`due at ${MORNING.toFormat('yyyy-MM-dd HH:mm')} ${ZONE}: ${dueCount.toLocaleString('en')} messages`);
    await db.dataSource.query('ANALYZE');

    // ── the morning: reconciliation enqueues, workers dispatch; the clock runs from 08:00 ──
    const startedAt = Date.now();
    const clock = () => new Date(dueMs + (Date.now() - startedAt));
    const worker = await startWorker(config, studies, () => undefined, { clock, schedulers: false, concurrency: CONCURRENCY });
    try {
      const outbox = outboxFromContext(worker.context);
      t = Date.now();
      const reconciled = await outbox.reconcile();
      const enqueueMs = Date.now() - t;
      log(
        `enqueue (reconciliation → BullMQ): ${reconciled.added.toLocaleString('en')} jobs in ${enqueueMs} ms = ${rate(reconciled.added, enqueueMs)}`,
      );
      for (;;) {
        const [{ n }] = await db.dataSource.query(
          `SELECT count(*)::int AS n FROM outbox_messages WHERE send_at = $1 AND state IN ('pending','sending')`,
          [due],
        );
        if (n === 0) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const dispatchMs = Date.now() - t;
      const rows: Array<{ lag: number; kind: string; state: string }> = await db.dataSource.query(
        `SELECT extract(epoch FROM (sent_at - send_at)) * 1000 AS lag, kind, state FROM outbox_messages WHERE send_at = $1`,
        [due],
      );
      const lags = rows
        .filter((r) => r.state === 'sent')
        .map((r) => Number(r.lag))
        .sort((a, b) => a - b);
      const states = rows.reduce<Record<string, number>>((acc, r) => ((acc[r.state] = (acc[r.state] ?? 0) + 1), acc), {});
      log(
        `dispatch (re-check, token, render, record; ${CONCURRENCY} concurrent): ${rows.length.toLocaleString('en')} messages in ${(dispatchMs / 1000).toFixed(1)} s = ${rate(rows.length, dispatchMs)} (${Object.entries(
          states,
        )
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})`,
      );
      log(
        `lag behind due time: p50 ${Math.round(pct(lags, 50))} ms, p95 ${Math.round(pct(lags, 95))} ms, max ${Math.round(lags[lags.length - 1] ?? NaN)} ms`,
      );
    } finally {
      await worker.close();
    }

    // ── baseline: raw BullMQ, as many no-op jobs, same Redis, same concurrency ──
    const jobs = Math.max(dueCount, 1000);
    const connection = { url: REDIS, maxRetriesPerRequest: null } as ConnectionOptions;
    const raw = new Queue('bench-raw', { connection, prefix });
    t = Date.now();
    for (let i = 0; i < jobs; i += 1000)
      await raw.addBulk(
        Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({ name: 'noop', data: { i: i + k }, opts: { jobId: `raw-${i + k}` } })),
      );
    const addMs = Date.now() - t;
    let processed = 0;
    t = Date.now();
    const done = new Promise<void>((resolve) => {
      const w = new Worker(
        'bench-raw',
        async () => {
          if (++processed === jobs) setImmediate(() => void w.close().then(resolve));
        },
        { connection, prefix, concurrency: CONCURRENCY },
      );
    });
    await done;
    const processMs = Date.now() - t;
    log(
      `baseline raw BullMQ: add ${rate(jobs, addMs)}, process (no-op, ${CONCURRENCY} concurrent) ${rate(jobs, processMs)} for ${jobs.toLocaleString('en')} jobs`,
    );
    await raw.obliterate({ force: true });
    await raw.close();
  } finally {
    await db.dataSource.destroy();
    await dropDatabase(databaseUrl);
    const { default: Redis } = await import('ioredis');
    const redis = new Redis(REDIS);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
}
