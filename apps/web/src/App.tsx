import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, portal, type Answer, type Answers, type Contact, type Instrument, type Item, type Language, type Portal } from './api';
import { strings, type Strings } from './i18n';
import { buildPages, isVisible, missing, pageAnswered, pageErrors, savePayload, type Page } from './pages';
import { isNrs, isVas, NrsScale, VasScale } from './patient/scales';
import { isTiming, timingMessage, type Timing } from './patient/timing';

type Phase =
  | { kind: 'loading' }
  | { kind: 'ready' }
  | { kind: 'done' }
  | {
      kind: 'error';
      reason: 'notFound' | 'alreadyDone' | 'failed';
      contact: Contact | null;
      timing?: { timing: Timing; at: string | null; language: Language };
    };

/** Steps: 0 the welcome, 1..n the pages, n+1 the summary. */
type Step = { kind: 'welcome' } | { kind: 'page'; page: Page } | { kind: 'summary' };

/** A short non-reversible key for this link in localStorage (the token itself is never stored). */
function linkKey(token: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < token.length; i++) {
    a = Math.imul(a ^ token.charCodeAt(i), 16777619) >>> 0;
    b = Math.imul(b ^ token.charCodeAt(token.length - 1 - i), 2246822507) >>> 0;
  }
  return `trialdata.q.${a.toString(16)}${b.toString(16)}`;
}

function remembered(token: string): { language?: Language; contact?: Contact } {
  try {
    return JSON.parse(localStorage.getItem(linkKey(token)) ?? '{}');
  } catch {
    return {};
  }
}

function remember(token: string, patch: { language?: Language; contact?: Contact }) {
  try {
    localStorage.setItem(linkKey(token), JSON.stringify({ ...remembered(token), ...patch }));
  } catch {
    // Private mode without storage: the language then follows the browser or the server.
  }
}

const SAVE_DELAY_MS = 600;

/** The portal marks instruments whose wording is a placeholder, and the platform's contact on unknown links. */
const placeholderWording = (instrument: Instrument) => (instrument as Instrument & { placeholder?: boolean }).placeholder === true;
const isPlatform = (contact: Contact) => (contact as Contact & { platform?: boolean }).platform === true;

export function App({ token }: { token: string }) {
  const stored = useMemo(() => remembered(token), [token]);
  const [language, setLanguage] = useState<Language>(stored.language ?? (navigator.language.toLowerCase().startsWith('nl') ? 'nl' : 'en'));
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [data, setData] = useState<Portal | null>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [index, setIndex] = useState(0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [saveState, setSaveState] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  const [fromSummary, setFromSummary] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const answersRef = useRef<Answers>({});
  const dirty = useRef(new Set<string>());
  const timer = useRef<number | undefined>(undefined);
  const t = strings(language);

  const pages = useMemo(() => (data ? buildPages(data.instruments) : []), [data]);
  const steps: Step[] = useMemo(
    () => [{ kind: 'welcome' }, ...pages.map((page) => ({ kind: 'page' as const, page })), { kind: 'summary' }],
    [pages],
  );
  const pagesRef = useRef<Page[]>([]);
  pagesRef.current = pages;

  const fail = useCallback(
    (e: unknown) => {
      const status = e instanceof ApiError ? e.status : 0;
      const problem = (e instanceof ApiError && e.problem) || {};
      const contact = (problem.contact as Contact | undefined) || remembered(token).contact || null;
      const timing = isTiming(problem.timing)
        ? {
            timing: problem.timing,
            at: (problem.at as string) ?? null,
            language: problem.language === 'en' ? ('en' as const) : ('nl' as const),
          }
        : undefined;
      if (timing) setLanguage(timing.language);
      setPhase({ kind: 'error', reason: status === 404 ? 'notFound' : status === 409 ? 'alreadyDone' : 'failed', contact, timing });
    },
    [token],
  );

  const load = useCallback(
    async (lang: Language | undefined, first: boolean, live: () => boolean = () => true) => {
      try {
        const p = await portal.open(token, lang);
        // An answer for an effect already cleaned up (StrictMode runs it twice in development) must not
        // move the patient back to the resumed step after they have moved on.
        if (!live()) return;
        setData(p);
        setLanguage(p.language);
        remember(token, { contact: p.contact, ...(lang ? { language: p.language } : {}) });
        if (first) {
          answersRef.current = p.answers;
          setAnswers(p.answers);
          // Reopened: the first step with an unanswered question (the summary when all are answered).
          const built = buildPages(p.instruments);
          const started = Object.values(p.answers).some((items) => Object.keys(items ?? {}).length > 0);
          if (started) {
            const open = built.findIndex((page) => !pageAnswered(page, p.answers));
            setIndex(open === -1 ? built.length + 1 : open + 1);
          }
        }
        setPhase({ kind: 'ready' });
      } catch (e) {
        if (live()) fail(e);
      }
    },
    [token, fail],
  );

  useEffect(() => {
    let live = true;
    void load(stored.language, true, () => live);
    return () => {
      live = false;
    };
  }, [token]);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const flush = useCallback(
    async (keepalive = false) => {
      window.clearTimeout(timer.current);
      if (!dirty.current.size) return true;
      const codes = [...dirty.current];
      dirty.current.clear();
      setSaveState('saving');
      try {
        await portal.save(token, savePayload(pagesRef.current, answersRef.current, codes), keepalive);
        if (!dirty.current.size) setSaveState('saved');
        return true;
      } catch (e) {
        if (e instanceof ApiError && (e.status === 404 || e.status === 409)) fail(e);
        else {
          codes.forEach((c) => dirty.current.add(c));
          setSaveState('failed');
        }
        return false;
      }
    },
    [token, fail],
  );

  // Closing or leaving the page sends what is not saved yet.
  useEffect(() => {
    const leave = () => void flush(true);
    window.addEventListener('pagehide', leave);
    const hidden = () => document.visibilityState === 'hidden' && leave();
    document.addEventListener('visibilitychange', hidden);
    return () => {
      window.removeEventListener('pagehide', leave);
      document.removeEventListener('visibilitychange', hidden);
    };
  }, [flush]);

  useEffect(() => {
    heading.current?.focus();
  }, [index, phase.kind]);

  const step = steps[Math.min(index, steps.length - 1)];

  const setAnswer = (code: string, item: string, value: Answer | null) => {
    const nextAnswers = { ...answersRef.current, [code]: { ...(answersRef.current[code] ?? {}), [item]: value } };
    answersRef.current = nextAnswers;
    setAnswers(nextAnswers);
    setErrors((e) => {
      const { [item]: _, ...rest } = e;
      return rest;
    });
    dirty.current.add(code);
    setSaveState('idle');
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void flush(), SAVE_DELAY_MS);
  };

  const go = (i: number) => {
    setErrors({});
    setIndex(i);
  };

  const next = async () => {
    if (step.kind === 'page') {
      const found = pageErrors(step.page, answers, t);
      setErrors(found);
      if (Object.keys(found).length) return;
      dirty.current.add(step.page.instrument.code);
    }
    setBusy(true);
    try {
      if (!(await flush())) return;
      if (fromSummary) {
        setFromSummary(false);
        go(steps.length - 1);
      } else go(index + 1);
    } finally {
      setBusy(false);
    }
  };

  const send = async () => {
    setBusy(true);
    try {
      await flush();
      await portal.submit(token, {});
      setPhase({ kind: 'done' });
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        // Something required is missing: back to the first page that needs an answer.
        const open = pages.findIndex((page) => Object.keys(pageErrors(page, answers, t)).length > 0);
        if (open >= 0) {
          go(open + 1);
          setErrors(pageErrors(pages[open], answers, t));
        }
      } else fail(e);
    } finally {
      setBusy(false);
    }
  };

  const switchLanguage = (l: Language) => {
    remember(token, { language: l });
    void flush().then(() => load(l, false));
  };

  const languageSwitch = (
    <nav className="lang" aria-label={t.language}>
      {(['nl', 'en'] as const).map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={language === l} onClick={() => switchLanguage(l)} disabled={language === l}>
          {l === 'nl' ? 'Nederlands' : 'English'}
        </button>
      ))}
    </nav>
  );

  if (phase.kind === 'loading')
    return (
      <main aria-busy="true">
        <p role="status">{t.loading}</p>
      </main>
    );
  if (phase.kind === 'error')
    return (
      <main>
        <h1 ref={heading} tabIndex={-1}>
          {phase.timing ? timingMessage(phase.timing.timing, phase.timing.at, phase.timing.language).title : t[phase.reason]}
        </h1>
        <p>{phase.timing ? timingMessage(phase.timing.timing, phase.timing.at, phase.timing.language).text : t[`${phase.reason}Text`]}</p>
        <ContactCard contact={phase.contact} t={t} />
      </main>
    );
  if (phase.kind === 'done')
    return (
      <main>
        <h1 ref={heading} tabIndex={-1}>
          {t.doneTitle}
        </h1>
        <p role="status">{t.doneText}</p>
        <ContactCard contact={data?.contact ?? null} t={t} />
      </main>
    );

  const p = data!;
  const total = steps.length;
  const errorCount = Object.keys(errors).length;
  const lastDay = new Date(Date.parse(p.closesAt) - 1).toLocaleDateString(language === 'nl' ? 'nl-NL' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Amsterdam',
  });
  const saveNote = saveState === 'saving' ? t.saving : saveState === 'saved' ? t.saved : saveState === 'failed' ? t.saveFailed : '';

  const actions = (primary: string, onPrimary?: () => void) => (
    <div className="actions">
      {index > 0 ? (
        <button type="button" className="secondary" onClick={() => go(index - 1)} disabled={busy}>
          {t.back}
        </button>
      ) : null}
      <button type={onPrimary ? 'button' : 'submit'} onClick={onPrimary} disabled={busy}>
        {primary}
      </button>
    </div>
  );

  return (
    <main>
      {languageSwitch}
      <p className="step" id="step">
        {t.step(index + 1, total)}
      </p>
      <progress max={total} value={index + 1} aria-label={t.progress} aria-describedby="step" />
      {step.kind === 'welcome' ? (
        <section aria-labelledby="welcome">
          <h1 id="welcome" ref={heading} tabIndex={-1} aria-describedby="step">
            {t.welcome}
          </h1>
          <dl className="facts">
            <dt>{t.study}</dt>
            <dd>{p.studyTitle}</dd>
            <dt>{t.timePoint}</dt>
            <dd>{t.timePointName(p.timePoint)}</dd>
            <dt>{t.duration}</dt>
            <dd>{t.minutes(p.estimatedMinutes)}</dd>
          </dl>
          <p>{t.welcomeText}</p>
          {p.instruments.some(placeholderWording) ? (
            <p className="notice">{t.placeholderWordingAny(p.instruments.filter(placeholderWording).map((i) => i.title))}</p>
          ) : null}
          <p>{t.until(lastDay)}</p>
          {actions(t.start, () => void next())}
          <ContactCard contact={p.contact} t={t} />
        </section>
      ) : step.kind === 'page' ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void next();
          }}
        >
          <h1 ref={heading} tabIndex={-1} aria-describedby="step">
            {step.page.instrument.title}
            {step.page.parts > 1 ? <span className="part"> ({t.part(step.page.part, step.page.parts)})</span> : null}
          </h1>
          {placeholderWording(step.page.instrument) ? <p className="notice">{t.placeholderWording}</p> : null}
          {step.page.instrument.instructions && step.page.items[0] === step.page.instrument.items[0] ? (
            <p>{step.page.instrument.instructions}</p>
          ) : null}
          {errorCount ? (
            <p className="error-summary" role="alert">
              {t.fixErrors(errorCount)}
            </p>
          ) : null}
          {step.page.items
            .filter((item) => isVisible(item, answers[step.page.instrument.code]))
            .map((item) => (
              <Question
                key={item.id}
                code={step.page.instrument.code}
                item={item}
                value={answers[step.page.instrument.code]?.[item.id] ?? null}
                error={errors[item.id]}
                t={t}
                onChange={(v) => setAnswer(step.page.instrument.code, item.id, v)}
              />
            ))}
          {actions(busy ? t.saving : fromSummary ? t.toSummary : t.next)}
          <p className="note" role="status">
            {saveNote}
          </p>
        </form>
      ) : (
        <section aria-labelledby="summary">
          <h1 id="summary" ref={heading} tabIndex={-1} aria-describedby="step">
            {t.summaryTitle}
          </h1>
          <p>{t.summaryText}</p>
          {p.instruments.map((instrument) => (
            <section key={instrument.code} className="summary" aria-labelledby={`sum-${instrument.code}`}>
              <h2 id={`sum-${instrument.code}`}>{instrument.title}</h2>
              <dl>
                {pages.flatMap((page, pi) =>
                  page.instrument !== instrument
                    ? []
                    : page.items
                        .filter((item) => isVisible(item, answers[instrument.code]))
                        .map((item) => (
                          <div key={item.id} className="summary-item">
                            <dt>{item.label}</dt>
                            <dd>
                              {display(item, answers[instrument.code]?.[item.id], t)}{' '}
                              <a
                                href={`#step-${pi + 2}`}
                                onClick={(e) => {
                                  e.preventDefault();
                                  setFromSummary(true);
                                  go(pi + 1);
                                }}
                              >
                                {t.change}
                                <span className="sr-only">: {item.label}</span>
                              </a>
                            </dd>
                          </div>
                        )),
                )}
              </dl>
            </section>
          ))}
          {actions(t.send, () => void send())}
        </section>
      )}
    </main>
  );
}

function display(item: Item, v: Answer | null | undefined, t: Strings): string {
  if (missing(v)) return t.notAnswered;
  if (item.type === 'choice') return item.options.find((o) => o.code === v)?.label ?? String(v);
  if (item.type === 'multichoice') return (v as number[]).map((c) => item.options.find((o) => o.code === c)?.label ?? String(c)).join('; ');
  return String(v);
}

function ContactCard({ contact, t }: { contact: Contact | null; t: Strings }) {
  return (
    <aside className="contact" aria-labelledby="contact-title">
      <h2 id="contact-title">{contact && isPlatform(contact) ? t.contactPlatformTitle : t.contactTitle}</h2>
      {contact ? (
        <>
          <p>{contact.name}</p>
          <ul>
            {contact.phone ? (
              <li>
                {t.phone}: <a href={`tel:${contact.phone.replace(/[^+\d]/g, '')}`}>{contact.phone}</a>
              </li>
            ) : null}
            {contact.email ? (
              <li>
                {t.email}: <a href={`mailto:${contact.email}`}>{contact.email}</a>
              </li>
            ) : null}
          </ul>
          {contact.placeholder ? <p className="placeholder">{t.placeholder}</p> : null}
        </>
      ) : (
        <p>{t.contactUnknown}</p>
      )}
    </aside>
  );
}

function Question({
  code,
  item,
  value,
  error,
  t,
  onChange,
}: {
  code: string;
  item: Item;
  value: Answer | null;
  error?: string;
  t: Strings;
  onChange: (v: Answer | null) => void;
}) {
  const id = `${code}-${item.id}`;
  const errorId = `${id}-error`;
  const described = error ? errorId : undefined;
  const errorText = error ? (
    <p className="error" id={errorId}>
      {error}
    </p>
  ) : null;

  if (isNrs(item))
    return (
      <fieldset className={error ? 'question invalid' : 'question'} aria-invalid={error ? true : undefined} aria-describedby={described}>
        <legend>{item.label}</legend>
        {errorText}
        <NrsScale name={id} item={item} value={typeof value === 'number' ? value : null} describedBy={described} onChange={onChange} />
      </fieldset>
    );

  if (isVas(item))
    return (
      <fieldset className={error ? 'question invalid' : 'question'} aria-describedby={described}>
        <legend id={`${id}-label`}>{item.label}</legend>
        {errorText}
        <VasScale
          id={id}
          labelId={`${id}-label`}
          value={typeof value === 'number' ? value : null}
          t={t}
          invalid={Boolean(error)}
          describedBy={described}
          onChange={onChange}
        />
      </fieldset>
    );

  if (item.type === 'choice' || item.type === 'multichoice') {
    const multi = item.type === 'multichoice';
    const chosen = multi ? ((value as number[] | null) ?? []) : value;
    return (
      <fieldset className={error ? 'question invalid' : 'question'} aria-invalid={error ? true : undefined} aria-describedby={described}>
        <legend>{item.label}</legend>
        {errorText}
        <div className="options">
          {item.options.map((o) => {
            const checked = multi ? (chosen as number[]).includes(o.code) : chosen === o.code;
            return (
              <label key={o.code} className={checked ? 'option checked' : 'option'}>
                <input
                  type={multi ? 'checkbox' : 'radio'}
                  name={id}
                  value={o.code}
                  checked={checked}
                  aria-describedby={described}
                  onChange={() => {
                    if (!multi) return onChange(o.code);
                    const list = chosen as number[];
                    if (list.includes(o.code)) return onChange(list.filter((c) => c !== o.code));
                    const exclusive = item.options.filter((x) => x.exclusive).map((x) => x.code);
                    onChange(o.exclusive ? [o.code] : [...list.filter((c) => !exclusive.includes(c)), o.code]);
                  }}
                />
                <span>{o.label}</span>
              </label>
            );
          })}
        </div>
      </fieldset>
    );
  }

  return (
    <div className={error ? 'question invalid' : 'question'}>
      <label htmlFor={id}>{item.label}</label>
      {errorText}
      <input
        id={id}
        type={item.type === 'integer' ? 'number' : 'date'}
        inputMode={item.type === 'integer' ? 'numeric' : undefined}
        min={item.min}
        max={item.max}
        step={item.type === 'integer' ? 1 : undefined}
        value={value === null || value === undefined ? '' : String(value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        aria-required={item.required || undefined}
        onChange={(e) => {
          const raw = e.target.value;
          if (raw === '') return onChange(null);
          onChange(item.type === 'integer' ? Number(raw) : raw);
        }}
      />
    </div>
  );
}
