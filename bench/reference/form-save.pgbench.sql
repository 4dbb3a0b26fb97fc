-- One audited form save as the API sends it to PostgreSQL, for pgbench (bench/forms.bench.ts): the
-- statements of PUT /participants/:id/events/unscheduled/forms/adverse_event?instance=N for a first
-- save of a TEIAS adverse event (8 fields, 9 audit rows), copied from PostgreSQL's statement log
-- (log_statement = all) at commit 8018c4f, in their order: the access guard's session and participant
-- reads, then the save's transaction (libs/crf/form-entry.service.ts). Replayed by pgbench itself, it is
-- what the statement mix costs PostgreSQL with no HTTP, Nest or Node in between: the ceiling of the
-- API's saves/s on the same server. Keep it in step with the save: a statement added or removed there
-- belongs here too (the log line to copy from: see bench/README.md, "Forms").
-- Variables: uid (a user id), study, ev, form, entity, val, data (-D); bench_pids(n, id) lists the
-- participants, as the first statement reads one (not part of a save: every replay pays it).
\set pn random(0, 199)
\set inst random(1, 2000000000)
SELECT id AS pid FROM bench_pids WHERE n = :pn \gset
SELECT u.id, u.email, u.name, u.is_admin, u.active, u.token_version, coalesce(json_agg(json_build_object('studyCode', m.study_code, 'role', m.role, 'siteId', m.site_id, 'siteCode', s.code) ORDER BY m.study_code, m.role) FILTER (WHERE m.id IS NOT NULL), '[]') AS memberships FROM users u LEFT JOIN memberships m ON m.user_id = u.id LEFT JOIN sites s ON s.id = m.site_id WHERE u.id = :uid GROUP BY u.id;
SELECT study_code, site_id FROM participants WHERE id = :pid;
BEGIN;
SELECT p.*, s.code AS site_code FROM participants p JOIN sites s ON s.id = p.site_id WHERE p.id = :pid;
SELECT status FROM studies WHERE code = :study FOR SHARE;
SELECT pg_advisory_xact_lock_shared(7420013, hashtext(:pid::text));
SELECT id, participant_id, study_code, event_id, form_id, instance, status, data, version, created_at, updated_at, updated_by FROM form_records WHERE participant_id = :pid AND event_id = :ev AND form_id = :form AND instance = :inst FOR UPDATE;
SELECT l.*, u.name AS locked_by_name FROM form_locks l LEFT JOIN users u ON u.id = l.locked_by WHERE l.participant_id = :pid AND l.event_id = :ev AND (l.form_id IS NULL OR (l.form_id = :form AND l.instance = :inst));
SELECT id, participant_id, study_code, event_id, form_id, instance, status, data, version, created_at, updated_at, updated_by FROM form_records WHERE participant_id = :pid AND instance = 1 AND form_id <> :form ORDER BY event_id, form_id, instance;
INSERT INTO form_records (participant_id, study_code, event_id, form_id, instance, status, data, version, created_by, updated_by) VALUES (:pid, :study, :ev, :form, :inst, 'complete', :data::jsonb, 1, :uid, :uid) ON CONFLICT (participant_id, event_id, form_id, instance) DO NOTHING RETURNING id, participant_id, study_code, event_id, form_id, instance, status, data, version, created_at, updated_at, updated_by;
SELECT * FROM signatures WHERE participant_id = :pid AND status = 'valid' AND (scope = 'casebook' OR (scope = 'visit' AND event_id = :ev) OR (scope = 'form' AND event_id = :ev AND form_id = :form AND instance = :inst)) ORDER BY signed_at FOR UPDATE;
INSERT INTO audit_log (user_id, action, entity, entity_id, study_code, participant_id, field, old_value, new_value, reason) SELECT v.u::uuid, v.a, v.e, v.i, v.s, v.p::uuid, v.f, v.o::jsonb, v.n::jsonb, v.r FROM (VALUES (:uid, 'status', 'form', :entity, :study, :pid, NULL, NULL, :val, NULL), (:uid, 'create', 'form', :entity, :study, :pid, 'field_1', NULL, :val, NULL), (:uid, 'create', 'form', :entity, :study, :pid, 'field_2', NULL, :val, NULL), (:uid, 'create', 'form', :entity, :study, :pid, 'field_3', NULL, :val, NULL), (:uid, 'create', 'form', :entity, :study, :pid, 'field_4', NULL, :val, NULL), (:uid, 'create', 'form', :entity, :study, :pid, 'field_5', NULL, :val, NULL), (:uid, 'create', 'form', :entity, :study, :pid, 'field_6', NULL, :val, NULL), (:uid, 'create', 'form', :entity, :study, :pid, 'field_7', NULL, :val, NULL), (:uid, 'create', 'form', :entity, :study, :pid, 'field_8', NULL, :val, NULL)) AS v(u, a, e, i, s, p, f, o, n, r);
COMMIT;
