import type { Language } from './types';

/** `short_version`: the offer of the short, primary-outcome-only questionnaire to a non-responder. */
export type TemplateKind = 'invitation' | 'reminder' | 'short_version';

export interface TemplateInput {
  kind: TemplateKind;
  /** Reminder number (1-based); 1 for an invitation. */
  number: number;
  language: Language;
  /** The patient's link, `${PUBLIC_URL}/q/${token}`. */
  link: string;
  studyTitle: string;
  /** Estimated minutes to fill it in, from the items (estimateMinutes in libs/questionnaires). */
  estimatedMinutes: number;
  /** Local calendar date (YYYY-MM-DD, study time zone) of the last day the questionnaire can be filled in. */
  lastDay: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  /** The same message for SMS: one short paragraph with the link. */
  sms: string;
}

const MONTHS: Record<Language, string[]> = {
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

function longDate(date: string, language: Language): string {
  const [y, m, d] = date.split('-').map(Number);
  return language === 'nl' ? `${d} ${MONTHS.nl[m - 1]} ${y}` : `${d} ${MONTHS.en[m - 1]} ${y}`;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/**
 * The patient messages in Dutch and English. They carry no name, no diagnosis and no study arm: only
 * the study title, the link and the last day, so an email read over someone's shoulder reveals little.
 */
export function renderMessage(input: TemplateInput): RenderedMessage {
  const until = longDate(input.lastDay, input.language);
  const nl = input.language === 'nl';
  const minutes = Math.max(1, Math.round(input.estimatedMinutes));
  const takes = nl
    ? `Het invullen duurt ongeveer ${minutes} ${minutes === 1 ? 'minuut' : 'minuten'}.`
    : `It takes about ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
  const short = input.kind === 'short_version';
  const subject = short
    ? nl
      ? `Een korte vragenlijst voor ${input.studyTitle}: één vraag`
      : `A short questionnaire for ${input.studyTitle}: one question`
    : input.kind === 'invitation'
      ? nl
        ? `Uw vragenlijst voor ${input.studyTitle} staat klaar`
        : `Your questionnaire for ${input.studyTitle} is ready`
      : nl
        ? `Herinnering: uw vragenlijst voor ${input.studyTitle}`
        : `Reminder: your questionnaire for ${input.studyTitle}`;
  const lines = nl
    ? [
        'Beste deelnemer,',
        '',
        short
          ? `U heeft de vragenlijst van het onderzoek ${input.studyTitle} nog niet ingevuld. Heeft u daar geen tijd voor? Vul dan alleen deze korte versie in: de belangrijkste vraag van het onderzoek. ${takes}`
          : input.kind === 'invitation'
            ? `Er staat een nieuwe vragenlijst voor u klaar in het onderzoek ${input.studyTitle}. ${takes}`
            : `U heeft de vragenlijst van het onderzoek ${input.studyTitle} nog niet ingevuld. Wilt u dat alsnog doen? ${takes}`,
        `U kunt de vragenlijst invullen tot en met ${until}. U kunt tussendoor stoppen en later verdergaan.`,
        '',
        input.link,
        '',
        'Deze link is persoonlijk: stuur hem niet door.',
        'Met vriendelijke groet, het onderzoeksteam',
      ]
    : [
        'Dear participant,',
        '',
        short
          ? `You have not yet filled in the questionnaire of the study ${input.studyTitle}. No time for it? Then please fill in just this short version: the study's most important question. ${takes}`
          : input.kind === 'invitation'
            ? `A new questionnaire of the study ${input.studyTitle} is ready for you. ${takes}`
            : `You have not yet filled in the questionnaire of the study ${input.studyTitle}. Would you still do so? ${takes}`,
        `You can fill it in until ${until} (inclusive). You can stop halfway and continue later.`,
        '',
        input.link,
        '',
        'This link is personal: please do not forward it.',
        'Kind regards, the study team',
      ];
  const text = lines.join('\n');
  const html = `<!doctype html><html lang="${input.language}"><body>${lines
    .map((l) =>
      l === input.link
        ? `<p><a href="${escapeHtml(l)}">${nl ? 'Vragenlijst invullen' : 'Fill in the questionnaire'}</a></p>`
        : l === ''
          ? ''
          : `<p>${escapeHtml(l)}</p>`,
    )
    .join('')}</body></html>`;
  const sms = short
    ? nl
      ? `Geen tijd voor de hele vragenlijst (${input.studyTitle})? Beantwoord dan alleen de belangrijkste vraag, tot en met ${until}: ${input.link}`
      : `No time for the whole questionnaire (${input.studyTitle})? Please answer just the most important question, until ${until}: ${input.link}`
    : nl
      ? `${input.kind === 'invitation' ? 'Uw vragenlijst' : 'Herinnering: uw vragenlijst'} (${input.studyTitle}) kunt u invullen tot en met ${until}: ${input.link}`
      : `${input.kind === 'invitation' ? 'Your questionnaire' : 'Reminder: your questionnaire'} (${input.studyTitle}) is open until ${until}: ${input.link}`;
  return { subject, text, html, sms };
}
