import { messageIdFor } from './message-id';
import { RecordingSmsAdapter, ChannelSender } from './sender';
import { renderMessage } from './templates';

const input = {
  kind: 'invitation' as const,
  number: 1,
  link: 'https://trial.example.org/q/abc',
  studyTitle: 'TEIAS',
  estimatedMinutes: 7,
  lastDay: '2027-03-23',
};

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

  it('name the study by its title and give the estimated time from the items, in both languages', () => {
    const title = 'Transforaminal Epidural Injection in Acute Sciatica';
    const nl = renderMessage({ ...input, studyTitle: title, language: 'nl' });
    expect(nl.subject).toBe(`Uw vragenlijst voor ${title} staat klaar`);
    expect(nl.text).toContain(`in het onderzoek ${title}. Het invullen duurt ongeveer 7 minuten.`);
    expect(nl.text).not.toContain('10 minuten');
    const en = renderMessage({ ...input, studyTitle: title, language: 'en', kind: 'reminder', number: 1, estimatedMinutes: 1 });
    expect(en.text).toContain(`questionnaire of the study ${title}. Would you still do so? It takes about 1 minute.`);
    expect(en.html).toContain('It takes about 1 minute.');
    expect(renderMessage({ ...input, language: 'en', estimatedMinutes: 12 }).text).toContain('It takes about 12 minutes.');
  });

  it('carry a Message-ID derived from the outbox id only', () => {
    expect(messageIdFor('6F9619FF-8B86-D011-B42D-00C04FC964FF')).toBe('<6f9619ff-8b86-d011-b42d-00c04fc964ff@trialdata>');
    expect(() => messageIdFor('x')).toThrow();
  });

  it('are recorded, not sent, without SMTP_URL or an SMS provider, and the log never sees the address', async () => {
    const lines: string[] = [];
    const sms = new RecordingSmsAdapter();
    const sender = new ChannelSender({
      from: 'trialdata <no-reply@example.org>',
      sms,
      log: (m, extra) => lines.push(m + JSON.stringify(extra)),
    });
    const msg = { messageId: '<x@trialdata>', to: 'patient@example.nl', ...renderMessage({ ...input, language: 'en' }) };
    expect(await sender.send({ ...msg, channel: 'email' })).toEqual({ delivered: false, via: 'recorded' });
    expect(await sender.send({ ...msg, channel: 'sms', to: '+31612345678' })).toEqual({ delivered: false, via: 'recording' });
    expect(sms.sent).toHaveLength(1);
    expect(lines.join('\n')).not.toMatch(/patient@example\.nl|31612345678/);
    // The recording adapter keeps neither the number nor the text (its link opens the questionnaire).
    expect(sms.sent[0]).toEqual({ messageId: '<x@trialdata>', channel: 'sms', length: msg.sms.length });
    expect(JSON.stringify(sms.sent)).not.toMatch(/31612345678|\/q\//);
  });

  it('records only the last messages of the default SMS adapter', async () => {
    const sms = new RecordingSmsAdapter(3);
    for (let i = 0; i < 5; i++) await sms.send({ messageId: `<m${i}@trialdata>`, to: '+31612345678', text: 'x'.repeat(i) });
    expect(sms.sent.map((r) => r.messageId)).toEqual(['<m2@trialdata>', '<m3@trialdata>', '<m4@trialdata>']);
    const big = new RecordingSmsAdapter();
    for (let i = 0; i < 1005; i++) await big.send({ messageId: `<m${i}@trialdata>`, to: '+31612345678', text: 'x' });
    expect(big.sent).toHaveLength(1000);
    expect(big.sent[0].messageId).toBe('<m5@trialdata>');
  });
});
