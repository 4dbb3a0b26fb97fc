import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileMailbox, mailboxFolder, mailboxUrl } from './mailbox';
import { ChannelSender } from './sender';
import { renderMessage } from './templates';

let folder: string;
beforeEach(() => {
  folder = join(mkdtempSync(join(tmpdir(), 'mailbox-')), 'a folder');
});
afterEach(() => rmSync(join(folder, '..'), { recursive: true, force: true }));

const message = (n: number) => ({
  messageId: `<00000000-0000-4000-8000-00000000000${n}@trialdata>`,
  to: `patient${n}@example.nl`,
  ...renderMessage({
    kind: 'invitation',
    number: 1,
    language: 'en',
    link: `http://localhost:3000/q/token${n}`,
    studyTitle: 'TEIAS',
    estimatedMinutes: 5,
    lastDay: '2027-03-23',
  }),
});

describe('the demo mailbox', () => {
  it('is named by a mailbox: SMTP_URL that keeps its folder, spaces and all; other URLs are not a mailbox', () => {
    const url = mailboxUrl(folder);
    expect(url).toMatch(/^mailbox:\/\/\/.*a%20folder$/);
    expect(mailboxFolder(url)).toBe(folder);
    expect(mailboxFolder('smtp://127.0.0.1:25')).toBeNull();
    expect(mailboxFolder(undefined)).toBeNull();
  });

  it('keeps email and SMS sent through a mailbox SMTP_URL, with the patient link, newest first', async () => {
    const lines: string[] = [];
    const sender = new ChannelSender({
      smtpUrl: mailboxUrl(folder),
      from: 'x <no-reply@example.org>',
      log: (m, e) => lines.push(m + JSON.stringify(e)),
    });
    expect(await sender.send({ ...message(1), channel: 'email' })).toEqual({ delivered: true, via: 'mailbox' });
    expect(await sender.send({ ...message(2), channel: 'sms', to: '+31612345678' })).toEqual({ delivered: true, via: 'mailbox' });
    const box = new FileMailbox(folder);
    const all = await box.list();
    expect(all.map((m) => m.channel).sort()).toEqual(['email', 'sms']);
    const mail = all.find((m) => m.channel === 'email')!;
    expect(mail).toMatchObject({ to: 'patient1@example.nl', subject: 'Your questionnaire for TEIAS is ready' });
    expect(mail.text).toContain('http://localhost:3000/q/token1');
    expect(await box.get(mail.id)).toEqual(mail);
    expect(await box.get('../etc/passwd')).toBeNull();
    // The log keeps ids, never the address or the link.
    expect(lines.join('\n')).not.toMatch(/patient1|31612345678|\/q\//);
  });

  it('replaces a second attempt at one message and keeps only the newest messages', async () => {
    const box = new FileMailbox(folder, 2);
    await box.capture({ ...message(1), channel: 'email' }, new Date('2026-11-27T09:00:00Z'));
    await box.capture({ ...message(1), channel: 'email' }, new Date('2026-11-27T09:01:00Z'));
    expect(await box.list()).toHaveLength(1);
    await box.capture({ ...message(2), channel: 'email' }, new Date('2026-11-27T09:02:00Z'));
    await box.capture({ ...message(3), channel: 'email' }, new Date('2026-11-27T09:03:00Z'));
    expect((await box.list()).map((m) => m.to)).toEqual(['patient3@example.nl', 'patient2@example.nl']);
    expect(readdirSync(folder).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
