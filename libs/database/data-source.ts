import { Client, types } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';
import { PreparedTexts, preparingClient } from './preparing-client';

// Calendar dates stay 'YYYY-MM-DD' strings: a JS Date would shift them by the process time zone.
types.setTypeParser(types.builtins.DATE, (value: string) => value);

/**
 * `prepare`: run repeated parameterised statements as named prepared statements (preparing-client.ts;
 * PREPARED_STATEMENTS, on for the API and the worker). Off for anything that may sit behind a pooler
 * in transaction mode, which cannot keep a connection's prepared statements.
 */
export function createDataSource(url: string, options: { poolSize?: number; prepare?: boolean } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: options.poolSize ?? 20, ...(options.prepare ? { Client: preparingClient(new PreparedTexts()) } : {}) },
  });
}

/** Creates the database named in the URL when it does not exist (connecting to `postgres`). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name "${name}" must be letters, digits and _`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } finally {
    await client.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name "${name}" must be letters, digits and _`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * Creates the database if needed and applies pending migrations, connected as the owner; with
 * `appUrl` (APP_DATABASE_URL), then creates the app's login role when missing and grants it what
 * the app needs (grantAppRole). Returns the names of the migrations applied.
 */
export async function migrate(url: string, options: { appUrl?: string } = {}): Promise<string[]> {
  await ensureDatabase(url);
  const ds = createDataSource(url, { poolSize: 2 });
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    if (options.appUrl) await grantAppRole(ds, url, options.appUrl);
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/** Role names we create and quote ourselves: plain identifiers only. */
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The app's login role (docs/SECURITY.md, "Least privilege in PostgreSQL"): created when missing
 * (LOGIN, no superuser, no CREATEDB/CREATEROLE/REPLICATION/BYPASSRLS), never the owner of anything.
 * It may read and write the tables, and only append to the audit trail; it cannot disable triggers
 * (that takes ownership), set session_replication_role (superuser only), or change any function.
 * Grants are re-applied on every migrate, so tables added by later migrations are covered.
 */
export async function grantAppRole(ds: DataSource, ownerUrl: string, appUrl: string): Promise<void> {
  const app = new URL(appUrl);
  const role = decodeURIComponent(app.username);
  const password = decodeURIComponent(app.password);
  const database = decodeURIComponent(new URL(ownerUrl).pathname.replace(/^\//, ''));
  if (!ROLE_NAME.test(role)) throw new Error(`APP_DATABASE_URL: the role name "${role}" must be lower-case letters, digits and _`);
  if (decodeURIComponent(app.pathname.replace(/^\//, '')) !== database)
    throw new Error(`APP_DATABASE_URL must name the same database as DATABASE_URL (${database})`);
  const [{ owner }] = await ds.query('SELECT current_user AS owner');
  if (role === owner) throw new Error('APP_DATABASE_URL must name another role than DATABASE_URL (the owner)');
  const [found] = await ds.query('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1', [role]);
  if (!found) {
    if (!password) throw new Error('APP_DATABASE_URL needs a password to create its role');
    const [{ sql }] = await ds.query(
      `SELECT format('CREATE ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT', $1::text, $2::text) AS sql`,
      [role, password],
    );
    await ds.query(sql);
  } else {
    if (found.rolsuper || found.rolbypassrls)
      throw new Error(`APP_DATABASE_URL's role ${role} is a superuser or bypasses RLS: use a plain login role`);
    const [{ member }] = await ds.query(`SELECT pg_has_role($1, current_user, 'MEMBER') AS member`, [role]);
    if (member) throw new Error(`APP_DATABASE_URL's role ${role} is a member of the owner ${owner}: it would own the tables`);
  }
  const q = `"${role}"`;
  await ds.query(`
    GRANT CONNECT ON DATABASE "${database}" TO ${q};
    GRANT USAGE ON SCHEMA public TO ${q};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${q};
    GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${q};
    REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM ${q};
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON migrations FROM ${q};
  `);
}

/**
 * A warning for the start of the API and worker when they connect as a superuser (no
 * APP_DATABASE_URL, and DATABASE_URL is one): such a connection can switch the audit trail's
 * guards off. Null when the connection is a plain role.
 */
export async function superuserWarning(ds: DataSource): Promise<string | null> {
  const [row] = await ds.query('SELECT current_user AS role, rolsuper FROM pg_roles WHERE rolname = current_user');
  if (!row?.rolsuper) return null;
  return (
    `connected to PostgreSQL as ${row.role}, a superuser, which can disable the audit trail's triggers: ` +
    'set APP_DATABASE_URL (a login role that npm run migrate creates) for the API and worker'
  );
}
