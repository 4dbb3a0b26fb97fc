import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { AppConfig } from '@trialdata/config';

export interface ReceivedMail {
  messageId: string;
  to: string;
  subject: string;
  raw: string;
  /** The patient link's token, when the mail carries one. */
  token: string | null;
}

export interface MailServer {
  url: string;
  received: ReceivedMail[];
  /** While held, mails are read but not acknowledged (the client waits, as with a slow server). */
  hold(on: boolean): void;
  /** Forgets held mails without acknowledging them (their sender died waiting: never delivered). */
  drop(): void;
  /** Mails read but not (yet) acknowledged. */
  pending(): number;
  /** SMTP connections: opened since the start, open now, and the most open at one time. */
  connections(): { opened: number; open: number; maxOpen: number };
  close(): Promise<void>;
}

/** A real SMTP server on an ephemeral port that keeps every accepted mail. */
export async function startMailServer(): Promise<MailServer> {
  const received: ReceivedMail[] = [];
  let held = false;
  const waiting: Array<() => void> = [];
  const conn = { opened: 0, open: 0, maxOpen: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      conn.opened++;
      conn.maxOpen = Math.max(conn.maxOpen, ++conn.open);
      callback();
    },
    onClose() {
      conn.open--;
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(raw)?.[1]?.trim() ?? '';
        const unfolded = raw.replace(/=\r?\n/g, '');
        const accept = () => {
          received.push({
            messageId: header('Message-ID'),
            to: session.envelope.rcptTo.map((r) => r.address).join(','),
            subject: header('Subject'),
            raw,
            token: /\/q\/([A-Za-z0-9_-]{43})/.exec(unfolded)?.[1] ?? null,
          });
          callback();
        };
        if (held) waiting.push(accept);
        else accept();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    hold(on) {
      held = on;
      if (!on) waiting.splice(0).forEach((f) => f());
    },
    drop() {
      waiting.splice(0);
    },
    pending: () => waiting.length,
    connections: () => ({ ...conn }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ChildWorker {
  child: ChildProcess;
  output: () => string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * The real worker as a child process (the compiled `dist/apps/worker/src/main.js`; run `npm run build`
 * first) on the test's database, Redis prefix and keys, so it can be killed with SIGKILL.
 */
export async function spawnWorker(config: AppConfig, env: Record<string, string> = {}): Promise<ChildWorker> {
  const root = resolve(__dirname, '../..');
  let out = '';
  const child = spawn(process.execPath, [resolve(root, 'dist/apps/worker/src/main.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      // Under faketime (the suite's any-day check) the child shares the parent's moved clock.
      ...Object.fromEntries(
        Object.entries(process.env).filter(([k]) => k === 'LD_PRELOAD' || k.startsWith('FAKETIME')) as Array<[string, string]>,
      ),
      DATABASE_URL: config.databaseUrl,
      REDIS_URL: config.redis.url,
      REDIS_PREFIX: config.redis.prefix,
      JWT_SECRET: config.jwt.secret,
      DATA_KEY: config.dataKey.toString('base64'),
      PUBLIC_URL: config.publicUrl,
      QUIET_HOURS: config.quietHours,
      WORKER_PORT: '0',
      LOG_LEVEL: 'info',
      ...(config.smtpUrl ? { SMTP_URL: config.smtpUrl } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  // A generous deadline: under the load of `npm test` on 2 cores a cold worker can take many seconds.
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && !out.includes('worker started')) {
    if (child.exitCode !== null) throw new Error(`worker exited ${child.exitCode}: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!out.includes('worker started')) throw new Error(`worker did not start: ${out}`);
  return {
    child,
    output: () => out,
    kill: (signal) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
