export type Language = 'nl' | 'en';
export type Channel = 'email' | 'sms';

/** One message to one patient, addressed and rendered; the sender only delivers. */
export interface OutgoingMessage {
  /** `<outbox-id@trialdata>`; the same on every attempt. */
  messageId: string;
  channel: Channel;
  /** Email address or phone number. Never logged. */
  to: string;
  subject: string;
  text: string;
  html: string;
  sms: string;
}

export interface SendResult {
  /** false: recorded only (no SMTP_URL, or the recording SMS adapter). */
  delivered: boolean;
  /** What handled it, for the log: `smtp`, `recorded`, an SMS provider name. Never an address. */
  via: string;
}

/** How one send may be held back. */
export interface SendOptions {
  /**
   * The longest the send may wait for a free connection before it begins (wall milliseconds); past it
   * the send is refused unsent (SendQueueTimeout). Unset: it waits as long as it takes.
   */
  maxWaitMs?: number;
}

/** The one interface the dispatcher sends through. */
export interface MessageSender {
  send(message: OutgoingMessage, options?: SendOptions): Promise<SendResult>;
  close(): Promise<void>;
}

/** An SMS provider. A site plugs its provider in here; the default only records. */
export interface SmsAdapter {
  readonly name: string;
  /** `id`: the gateway's message id, when it gave one (logged; never the number). */
  send(message: { messageId: string; to: string; text: string }): Promise<{ delivered: boolean; id?: string }>;
}
