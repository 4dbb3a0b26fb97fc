import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Channel } from './types';

/** One message kept by the demo mailbox instead of being sent. */
export interface CapturedMessage {
  /** 24 hex characters derived from the Message-ID: a second attempt at one message replaces the first. */
  id: string;
  messageId: string;
  channel: Channel;
  to: string;
  /** Empty for an SMS. */
  subject: string;
  /** The plain-text body (the SMS text for an SMS). */
  text: string;
  /** When it was captured (ISO 8601 UTC, the machine's clock: for ordering and display only). */
  capturedAt: string;
}

const SCHEME = 'mailbox:';

/**
 * `SMTP_URL` for the demo mailbox: `mailbox:///absolute/folder`. The demo sets it when SMTP_URL is
 * unset, so that the API and the worker (separate processes) capture into one folder that the API
 * lists at /mailbox; nothing leaves the machine.
 */
export function mailboxUrl(folder: string): string {
  return SCHEME + pathToFileURL(folder).href.slice('file:'.length);
}

/** The folder of a `mailbox:` SMTP_URL; null for any other URL (real SMTP, or none). */
export function mailboxFolder(smtpUrl: string | undefined): string | null {
  if (!smtpUrl || !smtpUrl.toLowerCase().startsWith(SCHEME)) return null;
  return fileURLToPath('file:' + smtpUrl.slice(SCHEME.length));
}

const ID = /^[0-9a-f]{24}$/;

/**
 * The demo mailbox: one JSON file per message in a folder, written atomically (temporary file, then
 * rename), so the worker can write while the API reads. It keeps the newest `capacity` messages.
 * A captured message holds a live patient link: only the demo turns it on (see mailboxUrl).
 */
export class FileMailbox {
  constructor(
    readonly folder: string,
    private readonly capacity = 500,
  ) {}

  static idFor(messageId: string): string {
    return createHash('sha256').update(messageId).digest('hex').slice(0, 24);
  }

  async capture(message: Omit<CapturedMessage, 'id' | 'capturedAt'>, at = new Date()): Promise<CapturedMessage> {
    const kept: CapturedMessage = { id: FileMailbox.idFor(message.messageId), capturedAt: at.toISOString(), ...message };
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    const file = join(this.folder, `${kept.id}.json`);
    const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, JSON.stringify(kept), { mode: 0o600 });
    await rename(temporary, file);
    await this.prune();
    return kept;
  }

  /** Newest first. */
  async list(): Promise<CapturedMessage[]> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch {
      return [];
    }
    const all = await Promise.all(names.filter((n) => ID.test(n.replace(/\.json$/, '')) && n.endsWith('.json')).map((n) => this.read(n)));
    return all
      .filter((m): m is CapturedMessage => m !== null)
      .sort((a, b) => b.capturedAt.localeCompare(a.capturedAt) || a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<CapturedMessage | null> {
    return ID.test(id) ? this.read(`${id}.json`) : null;
  }

  private async read(name: string): Promise<CapturedMessage | null> {
    try {
      return JSON.parse(await readFile(join(this.folder, name), 'utf8')) as CapturedMessage;
    } catch {
      return null; // removed by a prune in between, or not ours
    }
  }

  private async prune(): Promise<void> {
    const all = await this.list();
    await Promise.all(all.slice(this.capacity).map((m) => rm(join(this.folder, `${m.id}.json`), { force: true })));
  }
}
