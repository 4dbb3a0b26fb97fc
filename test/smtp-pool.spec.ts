/**
 * The SMTP side of ChannelSender against a real SMTP server (smtp-server): a batch's emails share
 * SEND_CONCURRENCY pooled connections instead of opening one each, every email arrives once, and an
 * email still waiting for a connection when its time to begin runs out is refused and never reaches
 * the server (so it cannot be sent after its attempt's lease, beside a retry).
 */
import { ChannelSender, SendQueueTimeout, renderMessage } from '@trialdata/notifications';
import { waitFor } from './support/wait';
import { startMailServer, type MailServer } from './support/worker-process';

let mail: MailServer;
let sender: ChannelSender | undefined;

beforeEach(async () => {
  mail = await startMailServer();
});
afterEach(async () => {
  await sender?.close();
  sender = undefined;
  mail.hold(false);
  await mail.close();
});

const rendered = renderMessage({
  kind: 'invitation',
  number: 1,
  language: 'en',
  link: 'https://trial.example.org/q/abc',
  studyTitle: 'TEIAS',
  estimatedMinutes: 7,
  lastDay: '2027-03-23',
});
const email = (i: number) => ({
  ...rendered,
  messageId: `<00000000-0000-4000-8000-${String(i).padStart(12, '0')}@trialdata>`,
  channel: 'email' as const,
  to: `patient${i}@example.nl`,
});

it('sends a batch of 40 over at most SEND_CONCURRENCY pooled connections, each email once', async () => {
  sender = new ChannelSender({ smtpUrl: mail.url, from: 'trialdata <no-reply@example.org>', concurrency: 3, log: () => undefined });
  const results = await Promise.all(Array.from({ length: 40 }, (_, i) => sender!.send(email(i))));
  expect(results.every((r) => r.delivered && r.via === 'smtp')).toBe(true);
  expect(mail.received.map((m) => m.messageId).sort()).toEqual(Array.from({ length: 40 }, (_, i) => email(i).messageId).sort());
  const c = mail.connections();
  // Unpooled, each of the 40 would have had its own connection, all open at once.
  expect(c.maxOpen).toBeLessThanOrEqual(3);
  expect(c.opened).toBeLessThanOrEqual(3);
  expect(c.opened).toBeGreaterThanOrEqual(1);
});

it('refuses an email that waited longer than its maxWaitMs for a connection, without sending it', async () => {
  sender = new ChannelSender({ smtpUrl: mail.url, from: 'trialdata <no-reply@example.org>', concurrency: 1, log: () => undefined });
  mail.hold(true);
  const first = sender.send(email(1));
  await waitFor('the first email at the server', () => mail.pending() === 1);
  // The one connection is busy with the first (the server has not answered): the second waits.
  const second = sender.send(email(2), { maxWaitMs: 200 });
  const refused = await second.then(
    () => null,
    (e: unknown) => e,
  );
  expect(refused).toBeInstanceOf(SendQueueTimeout);
  expect(String((refused as Error).message)).not.toContain('patient2@example.nl');
  mail.hold(false);
  await expect(first).resolves.toMatchObject({ delivered: true });
  // A third, after the connection came free, goes out; the refused second never reached the server.
  await expect(sender.send(email(3), { maxWaitMs: 5_000 })).resolves.toMatchObject({ delivered: true });
  expect(mail.received.map((m) => m.messageId)).toEqual([email(1).messageId, email(3).messageId]);
});
