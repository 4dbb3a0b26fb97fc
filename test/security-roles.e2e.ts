/**
 * Least privilege in PostgreSQL (issue 15 item 2, docs/SECURITY.md): `migrate`, as owner, creates the
 * app's login role from APP_DATABASE_URL; the API and worker connect as it and work normally, while
 * the role can neither switch the audit guards off nor rewrite the trail. The role is this test's
 * own (roles are cluster-wide) and is dropped at the end.
 */
import { Client } from 'pg';
import { auditVerify } from '../apps/cli/src/commands/audit';
import { publishAuditHead } from '../apps/worker/src/handlers/maintenance';
import type { WorkerProcess } from '../apps/worker/src/worker';
import { migrate, superuserWarning } from '@trialdata/database';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { openDatabase, startApi, type TestApi } from './support/harness';
import { startTestWorker } from './support/worker';

let api: TestApi;
let world: World;
let worker: WorkerProcess;
let app: Client;

beforeAll(async () => {
  api = await startApi({ appRole: true });
  world = await setUpWorld(api);
  worker = await startTestWorker(api);
  app = new Client({ connectionString: api.appDatabaseUrl });
  await app.connect();
}, 120_000);

afterAll(async () => {
  await app?.end();
  await worker?.close();
  await api?.close();
});

const role = () => decodeURIComponent(new URL(api.appDatabaseUrl!).username);

describe('the app role', () => {
  it('is a plain login role, created by migrate from APP_DATABASE_URL, which the API and worker use', async () => {
    const owner = await openDatabase(api.databaseUrl);
    const [r] = await owner.dataSource.query(
      'SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = $1',
      [role()],
    );
    expect(r).toEqual({
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolreplication: false,
      rolbypassrls: false,
      rolcanlogin: true,
    });
    // Nothing in the database belongs to it.
    const [{ n }] = await owner.dataSource.query(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_roles o ON o.oid = c.relowner WHERE o.rolname = $1`,
      [role()],
    );
    expect(n).toBe(0);
    expect(await superuserWarning(owner.dataSource)).toMatch(/superuser.*APP_DATABASE_URL/);
    await owner.dataSource.destroy();

    expect(api.config.databaseUrl).toBe(api.appDatabaseUrl);
    const [{ user }] = await api.db.dataSource.query('SELECT current_user AS user');
    expect(user).toBe(role());
    const [{ user: workerUser }] = await worker.context.db.dataSource.query('SELECT current_user AS user');
    expect(workerUser).toBe(role());
    expect(await superuserWarning(api.db.dataSource)).toBeNull();
  });

  it('serves requests that write: enrol, randomise, audit', async () => {
    const token = world.tokens['coordinator.LUMC'];
    const teias = api.studies.get('TEIAS');
    const factor = teias.randomisation!.factors[0];
    const created = await api.request('POST', '/studies/TEIAS/participants', { token, body: enrolment(teias, 'LUMC') });
    expect(created.status).toBe(201);
    const randomised = await api.request('POST', `/participants/${created.body.id}/randomisation`, {
      token,
      body: { factors: { [factor.id]: factor.options[0] } },
    });
    expect(randomised.status).toBe(201);
    const audit = await api.request('GET', `/participants/${created.body.id}/audit`, { token });
    expect(audit.body).toContainEqual(expect.objectContaining({ action: 'randomise', field: 'arm', to: randomised.body.arm }));
    // The worker, as the same role, publishes the head; the owner's full check agrees.
    expect(await publishAuditHead(worker.context)).toMatchObject({ outcome: 'published' });
    const lines: string[] = [];
    expect(
      await auditVerify(api.databaseUrl, (l) => lines.push(l), undefined, {
        storageDir: api.config.storageDir,
        dataKey: api.config.dataKey,
      }),
    ).toBe(0);
  });

  it('cannot disable triggers, set session_replication_role, or change the audit trail or its functions', async () => {
    await expect(app.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only')).rejects.toThrow(/must be owner/);
    await expect(app.query('ALTER TABLE audit_log DISABLE TRIGGER ALL')).rejects.toThrow(/must be owner/);
    await expect(app.query('SET session_replication_role = replica')).rejects.toThrow(/permission denied/);
    await expect(app.query(`UPDATE audit_log SET reason = 'x' WHERE seq = 1`)).rejects.toThrow(/permission denied for table audit_log/);
    await expect(app.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/permission denied for table audit_log/);
    await expect(app.query('TRUNCATE audit_log')).rejects.toThrow(/permission denied for table audit_log/);
    await expect(
      app.query(`CREATE OR REPLACE FUNCTION audit_row_hash(prev_hash text, seq bigint, at timestamptz, user_id uuid, action text,
          entity text, entity_id text, study_code text, participant_id uuid, field text,
          old_value jsonb, new_value jsonb, reason text) RETURNS text LANGUAGE sql AS $$ SELECT '' $$`),
    ).rejects.toThrow(/must be owner|permission denied/);
    await expect(
      app.query(
        'ALTER FUNCTION audit_row_hash(text, bigint, timestamptz, uuid, text, text, text, text, uuid, text, jsonb, jsonb, text) RENAME TO gone',
      ),
    ).rejects.toThrow(/must be owner|permission denied/);
    await expect(app.query('ALTER FUNCTION audit_log_chain() OWNER TO CURRENT_USER')).rejects.toThrow(/must be owner/);
    await expect(app.query('DROP TRIGGER audit_log_chain ON audit_log')).rejects.toThrow(/must be owner/);
    await expect(app.query('CREATE FUNCTION public.look_alike() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$')).rejects.toThrow(
      /permission denied for schema public/,
    );
    await expect(app.query('CREATE ROLE someone_else')).rejects.toThrow(/permission denied/);
  });

  it('appends to the trail, and a temporary look-alike table cannot steer the chain', async () => {
    const [{ max }] = (await app.query('SELECT max(seq)::int AS max FROM audit_log')).rows;
    await app.query('BEGIN');
    await app.query(`CREATE TEMP TABLE audit_log (seq bigint, hash text) ON COMMIT DROP`);
    await app.query(`INSERT INTO audit_log VALUES (999999, repeat('f', 64))`);
    await app.query(`INSERT INTO public.audit_log (action, entity, entity_id, prev_hash, hash) VALUES ('probe', 'test', 'temp', '', '')`);
    await app.query('COMMIT');
    const [row] = (await app.query(`SELECT seq::int AS seq, prev_hash FROM public.audit_log WHERE entity_id = 'temp'`)).rows;
    expect(row.seq).toBe(max + 1);
    expect(row.prev_hash).not.toBe('f'.repeat(64));
    expect(await auditVerify(api.databaseUrl, () => undefined)).toBe(0);
  });

  it('migrate again keeps the role and its grants; it refuses the owner or a superuser as the app role', async () => {
    await migrate(api.databaseUrl, { appUrl: api.appDatabaseUrl });
    expect((await app.query('SELECT count(*)::int AS n FROM participants')).rows[0].n).toBeGreaterThan(0);
    const owner = new URL(api.databaseUrl);
    await expect(migrate(api.databaseUrl, { appUrl: owner.toString() })).rejects.toThrow(/another role than DATABASE_URL/);
  });
});
