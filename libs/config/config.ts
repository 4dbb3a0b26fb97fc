import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TranslationFileError, useSiteWording } from '@trialdata/instruments';
import { parseSafetyContacts } from './safety-contacts';

/**
 * The platform's configuration, read once from the environment at boot and validated into a typed
 * object. Nothing else in the code base reads process.env.
 */
const base64Key = z.string().refine((v) => Buffer.from(v, 'base64').length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(v), {
  message: 'must be a base64-encoded 32-byte key (e.g. `openssl rand -base64 32`)',
});

const quietHours = z.string().regex(/^(off|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/, { message: 'must be HH:MM-HH:MM or off' });

export const configSchema = z.object({
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/trialdata'),
  /**
   * The login role the API and worker use (docs/SECURITY.md, "Least privilege in PostgreSQL"):
   * `npm run migrate`, connected as owner with DATABASE_URL, creates it when missing and grants it
   * only what the app needs. Unset: everything connects with DATABASE_URL.
   */
  APP_DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().min(1).default('trialdata'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  WORKER_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  JWT_SECRET: z.string().min(16, { message: 'must be at least 16 characters' }),
  JWT_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(8 * 3600),
  DATA_KEY: base64Key,
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(12, { message: 'must be at least 12 characters' }).optional(),
  SMTP_URL: z.string().url().optional(),
  /**
   * An HTTP SMS gateway (MessageBird's REST shape, libs/notifications sms-http.ts):
   * `https://<access key>@rest.messagebird.com/messages?originator=<sender>`; unset: SMS is recorded only.
   */
  SMS_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\/[^@/\s]+@/.test(u), { message: 'must be http(s)://<access key>@host/path' })
    .optional(),
  /** The From of patient emails: `address@host` or `Name <address@host>`; unset: `trialdata <no-reply@{PUBLIC_URL's host}>`. */
  MAIL_FROM: z
    .string()
    .regex(/^(?:[^<>@\r\n]+ <[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/, {
      message: 'must be an email address, optionally as "Name <address>"',
    })
    .optional(),
  PUBLIC_URL: z.string().url().default('http://localhost:5173'),
  QUIET_HOURS: quietHours.default('21:00-08:00'),
  STORAGE_DIR: z.string().min(1).default('./storage'),
  /** A built apps/web (index.html inside) that the API serves at / (patient pages, console); unset: not served. */
  WEB_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Failed password checks per account and client address before that pair is refused for LOGIN_LOCK_MINUTES. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().positive().default(15),
  /**
   * How long a message being sent belongs to the attempt sending it; after that a retry takes it over
   * (and resends with the same Message-ID). Must exceed the mail server's worst answer time.
   */
  SENDING_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(120),
  /**
   * SMTP connections (and SMS gateway requests) one process keeps open at once; further messages wait
   * in order, at most the first half of their attempt's lease.
   */
  SEND_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(5),
  /**
   * Repeated statements as named prepared statements (libs/database/preparing-client.ts): `on`
   * (default) or `off`, for a connection pooler in transaction mode that cannot keep them.
   */
  PREPARED_STATEMENTS: z.enum(['on', 'off']).default('on'),
  /** Password checks per minute from one address, shared by every API process (in Redis). */
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /**
   * Which proxies in front of the API to believe about the client address (X-Forwarded-For), as
   * Express's `trust proxy`: `false` (default: the socket's address), `true`, a hop count, or a
   * comma-separated list of addresses/subnets (`loopback`, `10.0.0.0/8`).
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2}|[0-9a-zA-Z.:/,\s]+)$/, { message: 'must be true, false, a hop count or a list of addresses/subnets' })
    .default('false'),
  /**
   * How many processes `node dist/apps/api/src/main.js` and `…/worker/src/main.js` run (node:cluster:
   * one primary forks this many, each a full API or worker sharing the port; one dies → another is
   * forked). Default 1 (no fork). Set it to the cores the process may use.
   */
  API_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  WORKER_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  /** Unfinished casebooks, datasets and model fits one user may have at once, per kind. */
  QUEUED_PER_USER: z.coerce.number().int().positive().default(3),
  /**
   * Who a patient contacts when a link is unknown or expired (no study can be named then): the
   * platform's help desk, shown on that error page. Unset: the page says to contact the hospital's study team.
   */
  SUPPORT_CONTACT_NAME: z.string().min(1).max(200).optional(),
  SUPPORT_CONTACT_EMAIL: z.string().email().optional(),
  SUPPORT_CONTACT_PHONE: z
    .string()
    .regex(/^\+?[\d ()-]{6,30}$/, { message: 'must be a phone number (digits, spaces, + ( ) -)' })
    .optional(),
  /**
   * A JSON file with a site's licensed instrument wording and scoring keys (libs/instruments/README.md);
   * checked completely at start-up. Unset: the shipped descriptive labels, marked as placeholders.
   */
  INSTRUMENT_WORDING_FILE: z.string().min(1).optional(),
  /**
   * `true` lets a study go live with placeholder wording in a patient-facing instrument (demos and
   * tests only; patients then see a notice that the wording is a placeholder).
   */
  ALLOW_PLACEHOLDER_WORDING: z.enum(['true', 'false']).default('false'),
  /**
   * Who is emailed at once about a serious adverse event, per study: `TEIAS=a@x.nl,b@x.nl;*=c@y.nl`
   * (`*` for a study without its own entry). Unset: the task is raised, no email is sent.
   */
  SAFETY_CONTACTS: z.string().max(4000).optional(),
  /** `test` relaxes the secret-strength check (unit tests use fixed keys); nothing else reads it. */
  NODE_ENV: z.string().optional(),
});

export interface AppConfig {
  /** What the API, worker and CLI commands connect with: APP_DATABASE_URL when set, else DATABASE_URL. */
  databaseUrl: string;
  /** DATABASE_URL: the owner, for migrations. */
  ownerDatabaseUrl: string;
  /** APP_DATABASE_URL is set: the app connects as its own least-privilege role. */
  appRole: boolean;
  redis: { url: string; prefix: string };
  port: number;
  workerPort: number;
  jwt: { secret: string; ttlSeconds: number };
  dataKey: Buffer;
  admin?: { email: string; password: string };
  smtpUrl?: string;
  /** SMS_URL: the HTTP SMS gateway, access key included (never logged). */
  smsUrl?: string;
  /** The From address of patient emails (MAIL_FROM). */
  mailFrom: string;
  publicUrl: string;
  quietHours: string;
  storageDir: string;
  webDir?: string;
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  login: { maxFailures: number; lockMinutes: number; ratePerMinute: number };
  sendingLeaseSeconds: number;
  /** SEND_CONCURRENCY: SMTP connections and SMS gateway requests at once, per process. */
  sendConcurrency: number;
  /** PREPARED_STATEMENTS: repeated statements prepared per connection. */
  preparedStatements: boolean;
  /** Processes of the API and of the worker (API_PROCESSES, WORKER_PROCESSES; node:cluster). */
  processes: { api: number; worker: number };
  /** Unfinished casebooks, datasets and model fits per user and kind (QUEUED_PER_USER). */
  queuedPerUser: number;
  /** Express `trust proxy` (TRUST_PROXY). */
  trustProxy: boolean | number | string;
  /** https PUBLIC_URL: browsers are told to use https only (HSTS). */
  httpsOnly: boolean;
  /** The platform's contact for unknown links (SUPPORT_CONTACT_*); undefined when none is set. */
  supportContact?: { name: string; email?: string; phone?: string };
  /** INSTRUMENT_WORDING_FILE: the site's licensed wording, or undefined (placeholders). */
  instrumentWordingFile?: string;
  /** ALLOW_PLACEHOLDER_WORDING. */
  allowPlaceholderWording: boolean;
  /** SAFETY_CONTACTS: study code (or `*`) → addresses told of a serious adverse event at once. */
  safetyContacts: Map<string, string[]>;
}

/**
 * Shannon entropy of the characters times the length: a rough upper bound on a secret's strength
 * that catches repetitions and short alphabets (`0000…`, `secretsecret…`), not dictionary words.
 */
export function estimatedBits(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / text.length) * Math.log2(n / text.length);
  return perChar * text.length;
}

/** At least this many estimated bits in JWT_SECRET (32 random hex characters give about 125). */
export const MIN_SECRET_BITS = 96;

/** Refuses all-zero, repeated or otherwise low-entropy keys; null when the secrets look random. */
function weakSecret(jwtSecret: string, dataKey: Buffer): string | null {
  if (new Set(dataKey).size < 16)
    return 'DATA_KEY is not random (too few distinct bytes, e.g. all zeros); generate one with `openssl rand -base64 32`';
  if (estimatedBits(jwtSecret) < MIN_SECRET_BITS)
    return 'JWT_SECRET is too predictable (repeated or few distinct characters); generate one with `openssl rand -hex 32`';
  return null;
}

function trustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .join(',');
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Validates the environment; throws a ConfigError whose message is one line naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? 'environment');
    const why = issue.code === 'invalid_type' && cleaned[name] === undefined ? 'is required' : issue.message;
    throw new ConfigError(`Configuration error: ${name} ${why}`);
  }
  const c = parsed.data;
  if ((c.ADMIN_EMAIL === undefined) !== (c.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(
      `Configuration error: ${c.ADMIN_EMAIL === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD'} is required when the other is set`,
    );
  }
  if ((c.SUPPORT_CONTACT_EMAIL || c.SUPPORT_CONTACT_PHONE) && !c.SUPPORT_CONTACT_NAME) {
    throw new ConfigError(
      'Configuration error: SUPPORT_CONTACT_NAME is required when SUPPORT_CONTACT_EMAIL or SUPPORT_CONTACT_PHONE is set',
    );
  }
  if (c.SUPPORT_CONTACT_NAME && !c.SUPPORT_CONTACT_EMAIL && !c.SUPPORT_CONTACT_PHONE) {
    throw new ConfigError(
      'Configuration error: SUPPORT_CONTACT_EMAIL or SUPPORT_CONTACT_PHONE is required when SUPPORT_CONTACT_NAME is set',
    );
  }
  let safetyContacts: Map<string, string[]>;
  try {
    safetyContacts = parseSafetyContacts(c.SAFETY_CONTACTS);
  } catch (e) {
    throw new ConfigError(`Configuration error: ${(e as Error).message}`);
  }
  installWording(c.INSTRUMENT_WORDING_FILE);
  const dataKey = Buffer.from(c.DATA_KEY, 'base64');
  const weak = c.NODE_ENV === 'test' ? null : weakSecret(c.JWT_SECRET, dataKey);
  if (weak) throw new ConfigError(`Configuration error: ${weak}`);
  return {
    databaseUrl: c.APP_DATABASE_URL ?? c.DATABASE_URL,
    ownerDatabaseUrl: c.DATABASE_URL,
    appRole: c.APP_DATABASE_URL !== undefined,
    redis: { url: c.REDIS_URL, prefix: c.REDIS_PREFIX },
    port: c.PORT,
    workerPort: c.WORKER_PORT,
    jwt: { secret: c.JWT_SECRET, ttlSeconds: c.JWT_TTL_SECONDS },
    dataKey,
    admin: c.ADMIN_EMAIL && c.ADMIN_PASSWORD ? { email: c.ADMIN_EMAIL.toLowerCase(), password: c.ADMIN_PASSWORD } : undefined,
    smtpUrl: c.SMTP_URL,
    smsUrl: c.SMS_URL,
    mailFrom: c.MAIL_FROM ?? `trialdata <no-reply@${new URL(c.PUBLIC_URL).hostname}>`,
    publicUrl: c.PUBLIC_URL.replace(/\/$/, ''),
    quietHours: c.QUIET_HOURS,
    storageDir: c.STORAGE_DIR,
    webDir: c.WEB_DIR,
    logLevel: c.LOG_LEVEL,
    sendingLeaseSeconds: c.SENDING_LEASE_SECONDS,
    sendConcurrency: c.SEND_CONCURRENCY,
    preparedStatements: c.PREPARED_STATEMENTS === 'on',
    processes: { api: c.API_PROCESSES, worker: c.WORKER_PROCESSES },
    login: { maxFailures: c.LOGIN_MAX_FAILURES, lockMinutes: c.LOGIN_LOCK_MINUTES, ratePerMinute: c.LOGIN_RATE_PER_MINUTE },
    queuedPerUser: c.QUEUED_PER_USER,
    trustProxy: trustProxy(c.TRUST_PROXY),
    httpsOnly: new URL(c.PUBLIC_URL).protocol === 'https:',
    supportContact: c.SUPPORT_CONTACT_NAME
      ? {
          name: c.SUPPORT_CONTACT_NAME,
          ...(c.SUPPORT_CONTACT_EMAIL ? { email: c.SUPPORT_CONTACT_EMAIL } : {}),
          ...(c.SUPPORT_CONTACT_PHONE ? { phone: c.SUPPORT_CONTACT_PHONE } : {}),
        }
      : undefined,
    instrumentWordingFile: c.INSTRUMENT_WORDING_FILE,
    allowPlaceholderWording: c.ALLOW_PLACEHOLDER_WORDING === 'true',
    safetyContacts,
  };
}

/**
 * Reads the site's licensed wording (INSTRUMENT_WORDING_FILE), checks it against the definitions and
 * makes it the process's catalogue; without the variable, the shipped placeholders. A bad file stops
 * start-up with a message naming each bad instrument, item id, option code or language.
 */
function installWording(path: string | undefined): void {
  let text: string | undefined;
  if (path !== undefined) {
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new ConfigError(`Configuration error: INSTRUMENT_WORDING_FILE cannot be read (${(e as Error).message})`);
    }
  }
  try {
    useSiteWording(text);
  } catch (e) {
    if (!(e instanceof TranslationFileError)) throw e;
    const shown = e.errors.slice(0, 10).map((f) => `${f.field} ${f.message}`);
    const more = e.errors.length > 10 ? `; and ${e.errors.length - 10} more` : '';
    throw new ConfigError(`Configuration error: INSTRUMENT_WORDING_FILE ${path} does not fit the instruments: ${shown.join('; ')}${more}`);
  }
}

/** For commands that need only the database (migrate, audit verify): no secrets required. */
export function loadDatabaseUrl(env: Record<string, string | undefined> = process.env): string {
  const parsed = configSchema.shape.DATABASE_URL.safeParse(env.DATABASE_URL || undefined);
  if (!parsed.success) throw new ConfigError(`Configuration error: DATABASE_URL ${parsed.error.issues[0].message}`);
  return parsed.data;
}

/** For `migrate`: the app's login role to create and grant (APP_DATABASE_URL), or undefined. */
export function loadAppDatabaseUrl(env: Record<string, string | undefined> = process.env): string | undefined {
  const parsed = configSchema.shape.APP_DATABASE_URL.safeParse(env.APP_DATABASE_URL || undefined);
  if (!parsed.success) throw new ConfigError(`Configuration error: APP_DATABASE_URL ${parsed.error.issues[0].message}`);
  return parsed.data;
}

/** For `audit verify`: where heads are published (STORAGE_DIR) and, when set, DATA_KEY to check their signatures. */
export function loadAuditSettings(env: Record<string, string | undefined> = process.env): { storageDir: string; dataKey?: Buffer } {
  const storageDir = configSchema.shape.STORAGE_DIR.parse(env.STORAGE_DIR || undefined);
  if (!env.DATA_KEY) return { storageDir };
  const key = base64Key.safeParse(env.DATA_KEY);
  if (!key.success) throw new ConfigError(`Configuration error: DATA_KEY ${key.error.issues[0].message}`);
  return { storageDir, dataKey: Buffer.from(env.DATA_KEY, 'base64') };
}
