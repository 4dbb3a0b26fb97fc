-- A save as two round trips (a prototype for measurement, bench/reference/form-save-function.sql): the
-- access guard's session read, then the whole transaction in one call. The bound of the server-side
-- route: nothing is validated between the reads and the writes. Variables as form-save-two-calls.pgbench.sql.
\set pn random(0, 199)
\set inst random(1, 2000000000)
SELECT id AS pid FROM bench_pids WHERE n = :pn \gset
SELECT u.id, u.email, u.name, u.is_admin, u.active, u.token_version, coalesce(json_agg(json_build_object('studyCode', m.study_code, 'role', m.role, 'siteId', m.site_id, 'siteCode', s.code) ORDER BY m.study_code, m.role) FILTER (WHERE m.id IS NOT NULL), '[]') AS memberships FROM users u LEFT JOIN memberships m ON m.user_id = u.id LEFT JOIN sites s ON s.id = m.site_id WHERE u.id = :uid GROUP BY u.id;
SELECT bench_form_save(:pid, :study, :ev, :form, :inst, :data::jsonb, :uid, :entity, :audit::jsonb);
