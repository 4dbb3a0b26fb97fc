-- A prototype, for measurement only (bench/forms.bench.ts creates it in the bench's scratch database;
-- no migration carries it and the API never calls it): the statements of one save's transaction
-- (bench/reference/form-save.pgbench.sql, BEGIN to COMMIT) as two server-side functions, so that a
-- save costs the API three round trips instead of thirteen. bench_form_context takes the locks and
-- returns what the API validates against (participant, study status, the record, its locks, the
-- participant's other records); bench_form_write writes the record, voids covering signatures and
-- appends the audit rows. Called as separate statements they are separate transactions: a real save
-- built this way would call the write with the record version it validated against and let it refuse
-- on a mismatch (optimistic concurrency), as the API's update already does. bench_form_save is the
-- two in one call (one transaction), the bound of the route with no validation in between.

CREATE OR REPLACE FUNCTION bench_form_context(p_pid uuid, p_study text, p_ev text, p_form text, p_inst int)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  part jsonb;
  study_status text;
  rec jsonb;
  locks jsonb;
  others jsonb;
BEGIN
  SELECT to_jsonb(p) || jsonb_build_object('site_code', s.code) INTO part
    FROM participants p JOIN sites s ON s.id = p.site_id WHERE p.id = p_pid;
  SELECT status INTO study_status FROM studies WHERE code = p_study FOR SHARE;
  PERFORM pg_advisory_xact_lock_shared(7420013, hashtext(p_pid::text));
  SELECT to_jsonb(r) INTO rec FROM (
    SELECT id, participant_id, study_code, event_id, form_id, instance, status, data, version, created_at, updated_at, updated_by
    FROM form_records WHERE participant_id = p_pid AND event_id = p_ev AND form_id = p_form AND instance = p_inst FOR UPDATE) r;
  SELECT coalesce(jsonb_agg(to_jsonb(l) || jsonb_build_object('locked_by_name', u.name)), '[]') INTO locks
    FROM form_locks l LEFT JOIN users u ON u.id = l.locked_by
    WHERE l.participant_id = p_pid AND l.event_id = p_ev AND (l.form_id IS NULL OR (l.form_id = p_form AND l.instance = p_inst));
  SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY r.event_id, r.form_id, r.instance), '[]') INTO others FROM (
    SELECT id, event_id, form_id, instance, status, data, version, updated_at FROM form_records WHERE participant_id = p_pid AND instance = 1 AND form_id <> p_form) r;
  RETURN jsonb_build_object('participant', part, 'studyStatus', study_status, 'record', rec, 'locks', locks, 'others', others);
END $$;

CREATE OR REPLACE FUNCTION bench_form_write(p_pid uuid, p_study text, p_ev text, p_form text, p_inst int, p_data jsonb,
                                            p_uid uuid, p_entity text, p_audit jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  saved jsonb;
  voided int;
BEGIN
  PERFORM 1 FROM studies WHERE code = p_study AND status <> 'locked' FOR SHARE;
  PERFORM pg_advisory_xact_lock_shared(7420013, hashtext(p_pid::text));
  INSERT INTO form_records (participant_id, study_code, event_id, form_id, instance, status, data, version, created_by, updated_by)
    VALUES (p_pid, p_study, p_ev, p_form, p_inst, 'complete', p_data, 1, p_uid, p_uid)
    ON CONFLICT (participant_id, event_id, form_id, instance) DO NOTHING
    RETURNING to_jsonb(form_records) INTO saved;
  IF saved IS NULL THEN RAISE EXCEPTION 'saved by someone else meanwhile' USING ERRCODE = '40001'; END IF;
  WITH s AS (SELECT id FROM signatures WHERE participant_id = p_pid AND status = 'valid'
               AND (scope = 'casebook' OR (scope = 'visit' AND event_id = p_ev)
                    OR (scope = 'form' AND event_id = p_ev AND form_id = p_form AND instance = p_inst)) FOR UPDATE)
  SELECT count(*) INTO voided FROM s;
  INSERT INTO audit_log (user_id, action, entity, entity_id, study_code, participant_id, field, old_value, new_value, reason)
    SELECT p_uid, a->>'action', 'form', p_entity, p_study, p_pid, a->>'field', a->'from', a->'to', NULL
    FROM jsonb_array_elements(p_audit) AS a;
  RETURN saved;
END $$;

CREATE OR REPLACE FUNCTION bench_form_save(p_pid uuid, p_study text, p_ev text, p_form text, p_inst int, p_data jsonb,
                                           p_uid uuid, p_entity text, p_audit jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bench_form_context(p_pid, p_study, p_ev, p_form, p_inst);
  RETURN bench_form_write(p_pid, p_study, p_ev, p_form, p_inst, p_data, p_uid, p_entity, p_audit);
END $$;
