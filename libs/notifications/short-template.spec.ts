import { renderMessage } from './templates';

const base = { number: 1, link: 'https://trial.example.org/q/abc', studyTitle: 'TEIAS', estimatedMinutes: 2, lastDay: '2027-03-25' };

describe('the short-version offer', () => {
  it('asks for the most important question only, in Dutch and English, by email and SMS', () => {
    const en = renderMessage({ ...base, kind: 'short_version', language: 'en' });
    expect(en.subject).toBe('A short questionnaire for TEIAS: one question');
    expect(en.text).toContain('No time for it? Then please fill in just this short version');
    expect(en.text).toContain('It takes about 2 minutes.');
    expect(en.sms).toBe(
      'No time for the whole questionnaire (TEIAS)? Please answer just the most important question, until 25 March 2027: https://trial.example.org/q/abc',
    );
    const nl = renderMessage({ ...base, kind: 'short_version', language: 'nl' });
    expect(nl.subject).toBe('Een korte vragenlijst voor TEIAS: één vraag');
    expect(nl.sms).toMatch(
      /^Geen tijd voor de hele vragenlijst \(TEIAS\)\? .* tot en met 25 maart 2027: https:\/\/trial\.example\.org\/q\/abc$/,
    );
    expect(nl.html).toContain('<a href="https://trial.example.org/q/abc">Vragenlijst invullen</a>');
    // An invitation is unchanged.
    expect(renderMessage({ ...base, kind: 'invitation', language: 'en' }).subject).toBe('Your questionnaire for TEIAS is ready');
  });
});
