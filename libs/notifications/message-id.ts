/**
 * The Message-ID of an outbox message: derived from the outbox row id only, so every attempt at the
 * same message carries the same id and a receiving mail system can drop a copy (the one accepted risk:
 * a crash between the mail server's acceptance and the record of it resends once).
 */
export function messageIdFor(outboxMessageId: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(outboxMessageId)) throw new Error('an outbox message id is a uuid');
  return `<${outboxMessageId.toLowerCase()}@trialdata>`;
}
