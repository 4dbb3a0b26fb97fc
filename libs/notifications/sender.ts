import nodemailer, { type Transporter } from 'nodemailer';
import { FileMailbox, mailboxFolder } from './mailbox';
import { SendGate } from './send-gate';
import { smsAdapterFor } from './sms-http';
import type { MessageSender, OutgoingMessage, SendOptions, SendResult, SmsAdapter } from './types';

/** SEND_CONCURRENCY's default: SMTP connections (and SMS gateway requests) one sender keeps open at once. */
export const DEFAULT_SEND_CONCURRENCY = 5;

/** What the recording SMS adapter keeps of one message: no phone number, no text (it holds a live link). */
export interface RecordedSms {
  messageId: string;
  channel: 'sms';
  /** Characters of the text that would have been sent. */
  length: number;
}

/**
 * The default SMS adapter: records that a message would have been sent (message id, channel and
 * length only: never the phone number or the text, whose link opens the patient's questionnaire),
 * the last `capacity` messages only, so a long-running worker does not grow.
 */
export class RecordingSmsAdapter implements SmsAdapter {
  readonly name = 'recording';
  readonly sent: RecordedSms[] = [];
  constructor(private readonly capacity = 1000) {}
  async send(message: { messageId: string; to: string; text: string }): Promise<{ delivered: boolean }> {
    this.sent.push({ messageId: message.messageId, channel: 'sms', length: message.text.length });
    if (this.sent.length > this.capacity) this.sent.splice(0, this.sent.length - this.capacity);
    return { delivered: false };
  }
}

export interface SenderOptions {
  /**
   * `smtp://host:port` or `smtps://user:pass@host`; `mailbox:///folder` (the demo): email and SMS are
   * kept in that folder for the console's mailbox; unset: email is recorded and logged, not sent.
   */
  smtpUrl?: string;
  /** The From address. */
  from: string;
  sms?: SmsAdapter;
  /**
   * SMS_URL: an HTTP SMS gateway (`https://<access key>@host/path?originator=…`, libs/notifications
   * sms-http.ts), used when `sms` is not given; unset: SMS is recorded only.
   */
  smsUrl?: string;
  /**
   * SEND_CONCURRENCY: at most this many SMTP connections (a pooled transport, each carrying up to 100
   * messages before it is replaced) and this many SMS gateway requests at once; further sends wait in
   * order, and one still waiting after its `maxWaitMs` is refused unsent. Default 5.
   */
  concurrency?: number;
  /** Logs never receive an address, a phone number or a body: only ids and outcomes. */
  log: (msg: string, extra?: object) => void;
}

/**
 * Email over SMTP (nodemailer) and SMS through an adapter. The Message-ID is set by the caller and
 * is the same on every attempt at one outbox message.
 */
export class ChannelSender implements MessageSender {
  private readonly transport: Transporter | null;
  private readonly sms: SmsAdapter;
  private readonly mailbox: FileMailbox | null;
  /** An SMS provider was configured (else, in the demo, SMS goes to the mailbox). */
  private readonly smsProvider: boolean;
  /** One gate per channel that leaves the machine: the pooled SMTP transport's and the SMS provider's. */
  private readonly smtpGate: SendGate;
  private readonly smsGate: SendGate;

  constructor(private readonly options: SenderOptions) {
    const folder = mailboxFolder(options.smtpUrl);
    this.mailbox = folder === null ? null : new FileMailbox(folder);
    const concurrency = options.concurrency ?? DEFAULT_SEND_CONCURRENCY;
    this.smtpGate = new SendGate(concurrency);
    this.smsGate = new SendGate(concurrency);
    // Pooled: a batch's emails share `concurrency` connections instead of opening one each. The gate
    // hands the pool no more than it has connections, so a message never waits inside nodemailer, where
    // its time to begin could not be bounded. (The options go beside the URL, in one object: a second
    // argument to createTransport would be message defaults, not transport settings.)
    this.transport =
      options.smtpUrl && !this.mailbox
        ? nodemailer.createTransport({
            url: options.smtpUrl,
            pool: true,
            maxConnections: concurrency,
            maxMessages: 100,
            connectionTimeout: 15_000,
            greetingTimeout: 15_000,
            socketTimeout: 30_000,
          } as never)
        : null;
    const provider = options.sms ?? smsAdapterFor(options.smsUrl);
    this.smsProvider = provider !== undefined;
    this.sms = provider ?? new RecordingSmsAdapter();
  }

  /** Sends one message; over SMTP or an SMS gateway it waits for a free slot for at most `options.maxWaitMs`. */
  async send(message: OutgoingMessage, options: SendOptions = {}): Promise<SendResult> {
    if (this.mailbox && (message.channel === 'email' || !this.smsProvider)) {
      const { messageId, channel, to } = message;
      const sms = channel === 'sms';
      await this.mailbox.capture({ messageId, channel, to, subject: sms ? '' : message.subject, text: sms ? message.sms : message.text });
      this.options.log(`${channel} kept in the demo mailbox`, { messageId });
      return { delivered: true, via: 'mailbox' };
    }
    if (message.channel === 'sms') {
      const send = () => this.sms.send({ messageId: message.messageId, to: message.to, text: message.sms });
      const result = this.smsProvider ? await this.smsGate.run(send, options.maxWaitMs) : await send();
      const { delivered } = result;
      if (!delivered)
        this.options.log('sms recorded, not sent', { messageId: message.messageId, adapter: this.sms.name, length: message.sms.length });
      else if (result.id)
        this.options.log('sms accepted by the gateway', { messageId: message.messageId, adapter: this.sms.name, gatewayId: result.id });
      return { delivered, via: this.sms.name };
    }
    if (!this.transport) {
      this.options.log('email recorded, not sent (SMTP_URL is unset)', { messageId: message.messageId, subject: message.subject });
      return { delivered: false, via: 'recorded' };
    }
    const transport = this.transport;
    await this.smtpGate.run(
      () =>
        transport.sendMail({
          from: this.options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: message.messageId,
        }),
      options.maxWaitMs,
    );
    return { delivered: true, via: 'smtp' };
  }

  async close(): Promise<void> {
    this.transport?.close();
  }
}
