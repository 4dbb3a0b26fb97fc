import { messageIdFor } from './message-id';
import { RecordingSmsAdapter, ChannelSender } from './sender';
import { renderMessage } from './templates';

const input = { kind: 'invitation' as const, number: 1, link: 'https://trial.example.org/q/abc', studyTitle: 'TEIAS', lastDay: '2027-03-23' };

describe('patient messages', () => {
  it('are written in Dutch and in English, with the link and the last day', () => {
    const nl = renderMessage({ ...input, language: 'nl' });
    expect(nl.subject).toBe('Uw vragenlijst voor TEIAS staat klaar');
    expect(nl.text).toContain('tot en met 23 maart 2027');
    expect(nl.text).toContain(input.link);
    const en = renderMessage({ ...input, language: 'en', kind: 'reminder', number: 2 });
    expect(en.subject).toBe('Reminder: your questionnaire for TEIAS');
    expect(en.html).toContain(`<a href="${input.link}">`);
    expect(en.sms).toContain('until 23 March 2027');
  });

  it('carry a Message-ID derived from the outbox id only', () => {
    expect(messageIdFor('6F9619FF-8B86-D011-B42D-00C04FC964FF')).toBe('<6f9619ff-8b86-d011-b42d-00c04fc964ff@trialdata>');
    expect(() => messageIdFor('x')).toThrow();
  });

  it('are recorded, not sent, without SMTP_URL or an SMS provider, and the log never sees the address', async () => {
    const lines: string[] = [];
    const sms = new RecordingSmsAdapter();
    const sender = new ChannelSender({ from: 'trialdata <no-reply@example.org>', sms, log: (m, extra) => lines.push(m + JSON.stringify(extra)) });
    const msg = { messageId: '<x@trialdata>', to: 'patient@example.nl', ...renderMessage({ ...input, language: 'en' }) };
    expect(await sender.send({ ...msg, channel: 'email' })).toEqual({ delivered: false, via: 'recorded' });
    expect(await sender.send({ ...msg, channel: 'sms', to: '+31612345678' })).toEqual({ delivered: false, via: 'recording' });
    expect(sms.sent).toHaveLength(1);
    expect(lines.join('\n')).not.toMatch(/patient@example\.nl|31612345678/);
  });
});
