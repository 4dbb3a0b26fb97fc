// The console's two languages. Strings stay next to the code that shows them: `tr('Save', 'Opslaan')`.
// The choice is remembered per user (localStorage) and sets <html lang>; the sign-in page uses the
// last choice made on this device, or else the browser's language.
import { createContext, useContext } from 'react';

export type Lang = 'en' | 'nl';

export const LangContext = createContext<{ lang: Lang; setLang: (lang: Lang) => void }>({ lang: 'en', setLang: () => undefined });

export function useLang(): { lang: Lang; setLang: (lang: Lang) => void } {
  return useContext(LangContext);
}

/** `tr(english, dutch)` in the chosen language. */
export type Tr = (en: string, nl: string) => string;

export function useTr(): Tr {
  const { lang } = useContext(LangContext);
  return (en, nl) => (lang === 'nl' ? nl : en);
}

// The language being shown, for plain functions (date formatting, humanised labels) outside React's
// context; the provider in Console.tsx keeps it current.
let shown: Lang = 'en';

export function currentLang(): Lang {
  return shown;
}

export function setCurrentLang(lang: Lang): void {
  shown = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** `tr` outside components, in the language being shown. */
export function trNow(en: string, nl: string): string {
  return shown === 'nl' ? nl : en;
}

/** The locale for Intl formatting in a language. */
export function locale(lang: Lang = shown): string {
  return lang === 'nl' ? 'nl-NL' : 'en-GB';
}

const key = (userId: string) => `trialdata.console.lang.${userId}`;
const DEVICE_KEY = 'trialdata.console.lang';

function read(k: string): Lang | null {
  try {
    const v = localStorage.getItem(k);
    if (v === 'en' || v === 'nl') return v;
  } catch {
    /* storage unavailable */
  }
  return null;
}

/** The browser's language, when it is one of ours (Dutch for nl, nl-NL, nl-BE; else English). */
export function browserLang(): Lang {
  if (typeof navigator === 'undefined') return 'en';
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const l of langs) {
    const code = l?.toLowerCase().slice(0, 2);
    if (code === 'nl' || code === 'en') return code;
  }
  return 'en';
}

/** Before sign-in: the last choice on this device, else the browser's language. */
export function deviceLang(): Lang {
  return read(DEVICE_KEY) ?? browserLang();
}

/** A signed-in user's language: their own choice, else as before sign-in. */
export function storedLang(userId: string): Lang {
  return read(key(userId)) ?? deviceLang();
}

/** Remembers a choice for this user (when signed in) and as this device's last choice. */
export function storeLang(userId: string | null, lang: Lang): void {
  try {
    if (userId) localStorage.setItem(key(userId), lang);
    localStorage.setItem(DEVICE_KEY, lang);
  } catch {
    /* storage unavailable: this tab only */
  }
}

/** The switch's button: named with the other language, in that language. */
export function LangSwitch({ className }: { className?: string }) {
  const { lang, setLang } = useLang();
  const other: Lang = lang === 'nl' ? 'en' : 'nl';
  return (
    <button type="button" className={className ?? 'btn ghost lang-switch'} lang={other} onClick={() => setLang(other)}>
      {other === 'nl' ? 'Nederlands' : 'English'}
    </button>
  );
}
