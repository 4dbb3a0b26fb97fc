/**
 * Notifications: what a patient message says (NL/EN templates), its deterministic Message-ID, and
 * how it leaves (SMTP via nodemailer; SMS behind an adapter: an HTTP gateway (SMS_URL, MessageBird's
 * REST shape) or, by default, one that only records; in the demo, a
 * mailbox folder that the console shows). The questionnaires capability decides what to send and
 * when; this library only renders and delivers.
 */
export { messageIdFor } from './message-id';
export { renderMessage } from './templates';
export type { RenderedMessage, TemplateInput, TemplateKind } from './templates';
export { ChannelSender, RecordingSmsAdapter } from './sender';
export { SendGate, SendQueueTimeout } from './send-gate';
export { HttpSmsAdapter, SmsPermanentError, SmsTemporaryError, isPermanentSendError, redactNumbers, smsAdapterFor } from './sms-http';
export type { RecordedSms, SenderOptions } from './sender';
export type { Channel, Language, MessageSender, OutgoingMessage, SendOptions, SendResult, SmsAdapter } from './types';
export { FileMailbox, mailboxFolder, mailboxUrl } from './mailbox';
export type { CapturedMessage } from './mailbox';
export { BullDispatchQueue } from './dispatch-queue';
export type { DispatchJob, DispatchJobState } from './dispatch-queue';
