import type { Language } from '../api';

/**
 * Why a questionnaire cannot be answered now (the API's 422 `timing`, issue 13 item 5), in the
 * patient's language: before the injection it is timed from, before that injection is recorded, or
 * (a baseline) after it. The instant is shown in the study's time zone (Europe/Amsterdam).
 */
export type Timing = 'before_event' | 'not_yet_recorded' | 'after_event' | 'not_open';

export function isTiming(v: unknown): v is Timing {
  return v === 'before_event' || v === 'not_yet_recorded' || v === 'after_event' || v === 'not_open';
}

function clock(at: string | null, language: Language): string {
  if (!at) return '';
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleString(language === 'nl' ? 'nl-NL' : 'en-GB', {
    timeZone: 'Europe/Amsterdam',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function timingMessage(timing: Timing, at: string | null, language: Language): { title: string; text: string } {
  const when = clock(at, language);
  const nl = language === 'nl';
  switch (timing) {
    case 'before_event':
      return nl
        ? {
            title: 'Deze vragenlijst is voor na de injectie',
            text: `De injectie staat genoteerd om ${when}. Vul de vragenlijst daarna in.`,
          }
        : {
            title: 'This questionnaire is for after the injection',
            text: `The injection is recorded at ${when}. Please fill it in after that.`,
          };
    case 'not_yet_recorded':
      return nl
        ? {
            title: 'Deze vragenlijst is voor na de injectie',
            text: 'De injectie is nog niet vastgelegd. Vul de vragenlijst in nadat u de injectie hebt gekregen; het team laat u weten wanneer.',
          }
        : {
            title: 'This questionnaire is for after the injection',
            text: 'The injection has not been recorded yet. Please fill it in after you have had the injection; the team will tell you when.',
          };
    case 'after_event':
      return nl
        ? {
            title: 'Deze vragenlijst kan niet meer worden ingevuld',
            text: `Deze vragenlijst hoort bij vóór de injectie, en de injectie is gegeven (${when}).`,
          }
        : {
            title: 'This questionnaire can no longer be filled in',
            text: `It is the questionnaire for before the injection, and the injection was given (${when}).`,
          };
    case 'not_open':
      return nl
        ? { title: 'Deze vragenlijst is nog niet open', text: `U kunt hem invullen vanaf ${when}.` }
        : { title: 'This questionnaire is not open yet', text: `You can fill it in from ${when}.` };
  }
}
