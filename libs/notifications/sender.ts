import nodemailer, { type Transporter } from 'nodemailer';
import { FileMailbox, mailboxFolder } from './mailbox';
import { smsAdapterFor } from './sms-http';
import type { MessageSender, OutgoingMessage, SendResult, SmsAdapter } from './types';

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

  constructor(private readonly options: SenderOptions) {
    const folder = mailboxFolder(options.smtpUrl);
    this.mailbox = folder === null ? null : new FileMailbox(folder);
    this.transport =
      options.smtpUrl && !this.mailbox
        ? nodemailer.createTransport(options.smtpUrl, {
            connectionTimeout: 15_000,
            greetingTimeout: 15_000,
            socketTimeout: 30_000,
          } as never)
        : null;
    const provider = options.sms ?? smsAdapterFor(options.smsUrl);
    this.smsProvider = provider !== undefined;
    this.sms = provider ?? new RecordingSmsAdapter();
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    if (this.mailbox && (message.channel === 'email' || !this.smsProvider)) {
      const { messageId, channel, to } = message;
      const sms = channel === 'sms';
      await this.mailbox.capture({ messageId, channel, to, subject: sms ? '' : message.subject, text: sms ? message.sms : message.text });
      this.options.log(`${channel} kept in the demo mailbox`, { messageId });
      return { delivered: true, via: 'mailbox' };
    }
    if (message.channel === 'sms') {
      const result = await this.sms.send({ messageId: message.messageId, to: message.to, text: message.sms });
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
    await this.transport.sendMail({
      from: this.options.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: message.messageId,
    });
    return { delivered: true, via: 'smtp' };
  }

  async close(): Promise<void> {
    this.transport?.close();
  }
}
