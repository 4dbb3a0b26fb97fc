import { z } from 'zod';

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
  /** Unfinished casebooks, datasets and model fits one user may have at once, per kind. */
  QUEUED_PER_USER: z.coerce.number().int().positive().default(3),
  /** `test` relaxes the secret-strength check (unit tests use fixed keys); nothing else reads it. */
  NODE_ENV: z.string().optional(),
});

export interface AppConfig {
  databaseUrl: string;
  redis: { url: string; prefix: string };
  port: number;
  workerPort: number;
  jwt: { secret: string; ttlSeconds: number };
  dataKey: Buffer;
  admin?: { email: string; password: string };
  smtpUrl?: string;
  /** The From address of patient emails (MAIL_FROM). */
  mailFrom: string;
  publicUrl: string;
  quietHours: string;
  storageDir: string;
  webDir?: string;
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  login: { maxFailures: number; lockMinutes: number; ratePerMinute: number };
  sendingLeaseSeconds: number;
  /** Unfinished casebooks, datasets and model fits per user and kind (QUEUED_PER_USER). */
  queuedPerUser: number;
  /** Express `trust proxy` (TRUST_PROXY). */
  trustProxy: boolean | number | string;
  /** https PUBLIC_URL: browsers are told to use https only (HSTS). */
  httpsOnly: boolean;
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
  const dataKey = Buffer.from(c.DATA_KEY, 'base64');
  const weak = c.NODE_ENV === 'test' ? null : weakSecret(c.JWT_SECRET, dataKey);
  if (weak) throw new ConfigError(`Configuration error: ${weak}`);
  return {
    databaseUrl: c.DATABASE_URL,
    redis: { url: c.REDIS_URL, prefix: c.REDIS_PREFIX },
    port: c.PORT,
    workerPort: c.WORKER_PORT,
    jwt: { secret: c.JWT_SECRET, ttlSeconds: c.JWT_TTL_SECONDS },
    dataKey,
    admin: c.ADMIN_EMAIL && c.ADMIN_PASSWORD ? { email: c.ADMIN_EMAIL.toLowerCase(), password: c.ADMIN_PASSWORD } : undefined,
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM ?? `trialdata <no-reply@${new URL(c.PUBLIC_URL).hostname}>`,
    publicUrl: c.PUBLIC_URL.replace(/\/$/, ''),
    quietHours: c.QUIET_HOURS,
    storageDir: c.STORAGE_DIR,
    webDir: c.WEB_DIR,
    logLevel: c.LOG_LEVEL,
    sendingLeaseSeconds: c.SENDING_LEASE_SECONDS,
    login: { maxFailures: c.LOGIN_MAX_FAILURES, lockMinutes: c.LOGIN_LOCK_MINUTES, ratePerMinute: c.LOGIN_RATE_PER_MINUTE },
    queuedPerUser: c.QUEUED_PER_USER,
    trustProxy: trustProxy(c.TRUST_PROXY),
    httpsOnly: new URL(c.PUBLIC_URL).protocol === 'https:',
  };
}

/** For commands that need only the database (migrate, audit verify): no secrets required. */
export function loadDatabaseUrl(env: Record<string, string | undefined> = process.env): string {
  const parsed = configSchema.shape.DATABASE_URL.safeParse(env.DATABASE_URL || undefined);
  if (!parsed.success) throw new ConfigError(`Configuration error: DATABASE_URL ${parsed.error.issues[0].message}`);
  return parsed.data;
}
