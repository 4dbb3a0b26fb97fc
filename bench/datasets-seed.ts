/**
 * Seeds a migrated scratch database for the datasets benchmark with what the platform itself would
 * have written for a study whose every participant has every CRF form filled in, set-wise in SQL:
 *
 * - a `studies` row (the definition itself is data, passed to the build as `studies.find`), two sites
 *   taking part, four data-entry users;
 * - `participants` as enrolment inserts them (label `<STUDY>-<SITE>-NNNN`, status enrolled, anchor on
 *   the enrolment date), with the enrolment audit row (`enrol`, entity participant, `to` = what
 *   ParticipantsService.enrol records);
 * - one `form_records` row per participant and form (instance 1, complete, version 1, every field
 *   valued: values as libs/forms stores them, blank fields absent, `{missing: code}` for a
 *   missing-data code), with the audit rows a first save writes (FormEntryService.save: one `status`
 *   row not_started → complete, then one `create` row per field in form order, `from` JSON null);
 * - the audit rows numbered from the trail's own sequence in time order, with the insert-time digest
 *   the `audit_log_chain` trigger computes, and sealed (chain position, prev_hash, hash) as the
 *   worker's sealer (`audit_seal()`) would have done long before an export; hashed in Node with the
 *   verifier's row hash (libs/database/audit-chain.ts) and inserted with the triggers off, because the
 *   trigger and audit_seal() cost about 75 µs + 190 µs a row (3.1 million rows: some 14 minutes).
 */
import { Client } from 'pg';
import { GENESIS_HASH, auditRowHash } from '@trialdata/database';
import type { StudyDefinition } from '@trialdata/protocol';

const AUDIT_BATCH = 50_000;

export interface SeedResult {
  participants: number;
  formRecords: number;
  auditRows: number;
  /** Seconds per step: participants, values, form_records, audit rows, sealing, analyze. */
  steps: Array<{ step: string; seconds: number }>;
  seconds: number;
}

export const SEED_SITES = ['LUMC', 'HMC'] as const;

/** Seeds `count` participants of `study` (every form of every event, every field valued) into `url`. */
export async function seedDatasetStudy(url: string, study: StudyDefinition, count: number): Promise<SeedResult> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const steps: SeedResult['steps'] = [];
  const started = performance.now();
  const step = async (name: string, fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    steps.push({ step: name, seconds: (performance.now() - t) / 1000 });
  };
  // The fields in export order: event, form (as scheduled), field (as defined).
  const fields: Array<{
    eventId: string;
    formId: string;
    formOrd: number;
    k: number;
    fieldId: string;
    type: string;
    missing: string | null;
  }> = [];
  let formOrd = 0;
  for (const event of study.schedule) {
    for (const formId of event.forms) {
      const form = study.forms.find((f) => f.id === formId)!;
      if (form.repeating || form.arms || form.cohorts) throw new Error('the seed fills single-instance forms of every participant only');
      formOrd++;
      form.fields.forEach((f, k) => {
        if (f.calculated || f.showIf) throw new Error('the seed fills plain fields only');
        if ((f.type === 'choice' || f.type === 'multichoice') && f.options?.map((o) => o.code).join() !== '1,2,3,4,5')
          throw new Error('the seed knows option codes 1-5 only');
        fields.push({ eventId: event.id, formId, formOrd, k, fieldId: f.id, type: f.type, missing: f.missingCodes?.[0] ?? null });
      });
    }
  }
  try {
    await client.query(`SELECT setseed(0.42)`);
    await step('study, sites, users', async () => {
      await client.query(`INSERT INTO studies (code, randomisation_seed) VALUES ($1, 'bench-seed')`, [study.code]);
      await client.query(`INSERT INTO sites (code, name, country) SELECT c, 'Bench ' || c, 'NL' FROM unnest($1::text[]) c`, [SEED_SITES]);
      await client.query(`INSERT INTO study_sites (study_code, site_id) SELECT $1, id FROM sites`, [study.code]);
      await client.query(
        `INSERT INTO users (email, name, password_hash) SELECT 'bench-entry-' || n || '@trialdata.org', 'Bench entry ' || n, 'x'
         FROM generate_series(1, 4) n`,
      );
    });
    await step('participants', async () => {
      await client.query('BEGIN');
      // i odd: LUMC, even: HMC; numbers per site 1, 2, 3 …; one enrolment every 20 minutes from 2026-01-05.
      await client.query(
        `CREATE TEMP TABLE bench_people AS
         SELECT i, s.id AS site_id, s.code AS site, (i + 1) / 2 AS number,
                $1 || '-' || s.code || '-' || lpad(((i + 1) / 2)::text, 4, '0') AS label,
                timestamptz '2026-01-05 08:00:00+00' + i * interval '20 minutes' AS enrolled_at,
                (SELECT id FROM users ORDER BY email OFFSET (i % 4) LIMIT 1) AS user_id,
                1940 + (i * 7919) % 60 AS birth_year, CASE WHEN i % 3 = 0 THEN 'male' ELSE 'female' END AS sex
         FROM generate_series(1, $2::int) i JOIN sites s ON s.code = CASE WHEN i % 2 = 1 THEN 'LUMC' ELSE 'HMC' END`,
        [study.code, count],
      );
      await client.query(
        `INSERT INTO participants (study_code, site_id, label, number, status, birth_year, sex, consent_date, consent_version,
                                   eligibility, anchor_date, enrolled_at, enrolled_by)
         SELECT $1, site_id, label, number, 'enrolled', birth_year, sex, (enrolled_at AT TIME ZONE $2)::date, '1.0', '{}'::jsonb,
                (enrolled_at AT TIME ZONE $2)::date, enrolled_at, user_id
         FROM bench_people ORDER BY i`,
        [study.code, study.timeZone],
      );
      await client.query(
        `INSERT INTO label_counters (study_code, site_id, last) SELECT $1, site_id, max(number) FROM bench_people GROUP BY site_id`,
        [study.code],
      );
      await client.query('COMMIT');
    });
    await step('field values (temp table)', async () => {
      await client.query(
        `CREATE TEMP TABLE bench_fields AS
         SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[])
           AS f(event_id, form_id, form_ord, k, field_id, type, missing)`,
        [
          fields.map((f) => f.eventId),
          fields.map((f) => f.formId),
          fields.map((f) => f.formOrd),
          fields.map((f) => f.k),
          fields.map((f) => f.fieldId),
          fields.map((f) => f.type),
          fields.map((f) => f.missing),
        ],
      );
      // One value per participant and field, typed as validateFormValues leaves it (the ranges of benchStudy()).
      await client.query(
        `CREATE TEMP TABLE bench_values AS
         SELECT p.id AS participant_id, b.i, b.user_id, b.enrolled_at, f.event_id, f.form_id, f.form_ord, f.k, f.field_id,
           CASE
             WHEN f.missing IS NOT NULL AND r < 0.03 THEN jsonb_build_object('missing', f.missing)
             WHEN f.type = 'integer' THEN to_jsonb(floor(r * 1001)::int)
             WHEN f.type = 'decimal' THEN to_jsonb(round((r * 250)::numeric, 1))
             WHEN f.type = 'text' THEN to_jsonb('text ' || floor(r * 1000)::int || CASE WHEN r < 0.01 THEN ', "quoted"' ELSE '' END)
             WHEN f.type = 'date' THEN to_jsonb(to_char(date '2026-01-01' + floor(r * 365)::int, 'YYYY-MM-DD'))
             WHEN f.type = 'choice' THEN to_jsonb(1 + floor(r * 5)::int)
             WHEN f.type = 'boolean' THEN to_jsonb(r < 0.5)
             WHEN f.type = 'multichoice' THEN (SELECT jsonb_agg(c ORDER BY c) FROM generate_series(1, 5) c
                                               WHERE ((1 + floor(r * 31)::int) >> (c - 1)) & 1 = 1)
           END AS value
         FROM bench_people b JOIN participants p ON p.label = b.label CROSS JOIN bench_fields f CROSS JOIN LATERAL (SELECT random() AS r) x`,
      );
    });
    await step('form_records', async () => {
      await client.query(
        `INSERT INTO form_records (participant_id, study_code, event_id, form_id, instance, status, data, version,
                                   created_at, created_by, updated_at, updated_by)
         SELECT participant_id, $1, event_id, form_id, 1, 'complete', jsonb_object_agg(field_id, value ORDER BY k), 1,
                min(enrolled_at) + (min(form_ord) * interval '7 days'), min(user_id::text)::uuid,
                min(enrolled_at) + (min(form_ord) * interval '7 days'), min(user_id::text)::uuid
         FROM bench_values GROUP BY participant_id, event_id, form_id ORDER BY min(i), min(form_ord)`,
        [study.code],
      );
    });
    await step('audit rows (staged in seq order)', async () => {
      // What ParticipantsService.enrol appends (at the enrolment), then what FormEntryService.save appends
      // for a first save of a complete form (at the save, 7 days per form after enrolment): status first,
      // then one row per field; numbered from the trail's own sequence in time order.
      await client.query(
        `CREATE TEMP TABLE bench_audit AS
         SELECT nextval('audit_log_seq_seq') AS seq, * FROM (
           SELECT b.enrolled_at AS at, b.user_id, 'enrol' AS action, 'participant' AS entity, p.id::text AS entity_id, $1 AS study_code,
                  p.id AS participant_id, NULL AS field, NULL::jsonb AS old_value,
                  jsonb_build_object('label', p.label, 'site', b.site, 'status', 'enrolled', 'cohort', NULL, 'birthYear', p.birth_year,
                    'sex', p.sex, 'consent', jsonb_build_object('date', p.consent_date, 'version', p.consent_version),
                    'eligibility', p.eligibility, 'plannedAnchorDate', NULL) AS new_value, NULL AS reason
           FROM bench_people b JOIN participants p ON p.label = b.label
           UNION ALL
           SELECT DISTINCT ON (participant_id, event_id, form_id) enrolled_at + form_ord * interval '7 days' + interval '1 microsecond',
                  user_id, 'status', 'form', event_id || '/' || form_id || '/1', $1, participant_id, NULL, '"not_started"'::jsonb,
                  '"complete"'::jsonb, NULL
           FROM bench_values
           UNION ALL
           SELECT enrolled_at + form_ord * interval '7 days' + (k + 2) * interval '1 microsecond', user_id, 'create', 'form',
                  event_id || '/' || form_id || '/1', $1, participant_id, field_id, 'null'::jsonb, value, NULL
           FROM bench_values
           ORDER BY 1, 7
         ) r`,
        [study.code],
      );
      await client.query('ALTER TABLE bench_audit ADD PRIMARY KEY (seq)');
    });
    await step('audit rows (chained in Node, inserted sealed)', async () => {
      // The sealer's work (audit_seal), done here: chain position = insertion number (one writer, in
      // order), prev_hash/hash by the verifier's own row hash (libs/database/audit-chain.ts), and the
      // insert-time digest the trigger would have computed. Inserted with the triggers off
      // (session_replication_role = replica: superuser, scratch database), so the values stay as computed.
      const [tail] = (await client.query(`SELECT pos::text AS pos, hash FROM audit_log WHERE pos IS NOT NULL ORDER BY pos DESC LIMIT 1`))
        .rows;
      let pos = BigInt(tail?.pos ?? 0);
      let prev: string = tail?.hash ?? GENESIS_HASH;
      await client.query(`SET session_replication_role = replica`);
      let after = '0';
      for (;;) {
        const { rows } = await client.query(
          `SELECT seq::text AS seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, user_id::text AS user_id, action,
                  entity, entity_id, study_code, participant_id::text AS participant_id, field, old_value::text AS old_value,
                  new_value::text AS new_value, reason
           FROM bench_audit b WHERE b.seq > $1 ORDER BY b.seq LIMIT ${AUDIT_BATCH}`,
          [after],
        );
        if (!rows.length) break;
        const seqs: string[] = [];
        const digests: string[] = [];
        const positions: string[] = [];
        const prevs: string[] = [];
        const hashes: string[] = [];
        for (const r of rows) {
          pos += 1n;
          const hash = auditRowHash(prev, { ...r, seq: String(pos) });
          seqs.push(r.seq);
          digests.push(auditRowHash('', r));
          positions.push(String(pos));
          prevs.push(prev);
          hashes.push(hash);
          prev = hash;
        }
        await client.query(
          `INSERT INTO audit_log (seq, at, user_id, action, entity, entity_id, study_code, participant_id, field, old_value, new_value, reason,
                                  xid, digest, pos, prev_hash, hash)
           SELECT b.seq, b.at, b.user_id, b.action, b.entity, b.entity_id, b.study_code, b.participant_id, b.field, b.old_value, b.new_value,
                  b.reason, pg_current_xact_id(), c.digest, c.pos, c.prev_hash, c.hash
           FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[]) AS c(seq, digest, pos, prev_hash, hash)
           JOIN bench_audit b ON b.seq = c.seq ORDER BY b.seq`,
          [seqs, digests, positions, prevs, hashes],
        );
        after = rows[rows.length - 1].seq;
      }
      await client.query(`SET session_replication_role = DEFAULT`);
    });
    await step('analyze', async () => {
      await client.query('DROP TABLE bench_audit, bench_values, bench_fields, bench_people');
      await client.query('ANALYZE');
    });
    const [{ forms, audit, people }] = (
      await client.query(
        `SELECT (SELECT count(*) FROM form_records)::int AS forms, (SELECT count(*) FROM audit_log)::int AS audit,
                (SELECT count(*) FROM participants)::int AS people`,
      )
    ).rows;
    return { participants: people, formRecords: forms, auditRows: audit, steps, seconds: (performance.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}
