import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, portal, type Answer, type Answers, type Item, type Language, type Portal } from './api';
import { strings } from './i18n';
import { buildPages, isVisible, pageErrors, pagePayload } from './pages';

type Phase = { kind: 'loading' } | { kind: 'ready' } | { kind: 'done' } | { kind: 'error'; message: string };

export function App({ token }: { token: string }) {
  const [language, setLanguage] = useState<Language>(navigator.language.toLowerCase().startsWith('nl') ? 'nl' : 'en');
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [data, setData] = useState<Portal | null>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [index, setIndex] = useState(0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const t = strings(language);

  const load = useCallback(
    async (lang?: Language) => {
      try {
        const p = await portal.open(token, lang);
        setData(p);
        setLanguage(p.language);
        setAnswers((current) => (Object.keys(current).length ? current : p.answers));
        setPhase({ kind: 'ready' });
      } catch (e) {
        const status = e instanceof ApiError ? e.status : 0;
        const s = strings(lang ?? language);
        setPhase({ kind: 'error', message: status === 404 ? s.notFound : status === 409 ? s.alreadyDone : s.failed });
      }
    },
    [token, language],
  );

  useEffect(() => {
    void load();
    // Only once per token; a language switch reloads explicitly.
  }, [token]);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const pages = useMemo(() => (data ? buildPages(data.instruments) : []), [data]);
  const total = pages.length + 1; // the last step is "review and send"
  const page = pages[index];

  useEffect(() => {
    heading.current?.focus();
  }, [index, phase.kind]);

  const setAnswer = (code: string, item: string, value: Answer | null) => {
    setAnswers((a) => ({ ...a, [code]: { ...(a[code] ?? {}), [item]: value } }));
    setErrors((e) => {
      const { [item]: _, ...rest } = e;
      return rest;
    });
  };

  const next = async () => {
    if (!page) return;
    const found = pageErrors(page, answers, t);
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await portal.save(token, pagePayload(page, answers));
      setIndex((i) => i + 1);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400)
        setErrors(Object.fromEntries(e.errors.map((f) => [f.field.split('.').pop()!, f.message])));
      else setPhase({ kind: 'error', message: e instanceof ApiError && e.status === 409 ? t.alreadyDone : t.failed });
    } finally {
      setBusy(false);
    }
  };

  const send = async () => {
    setBusy(true);
    try {
      await portal.submit(token, {});
      setPhase({ kind: 'done' });
    } catch (e) {
      setPhase({ kind: 'error', message: e instanceof ApiError && e.status === 409 ? t.alreadyDone : t.failed });
    } finally {
      setBusy(false);
    }
  };

  const languageSwitch = (
    <nav className="lang" aria-label={t.language}>
      {(['nl', 'en'] as const).map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={language === l} onClick={() => void load(l)} disabled={language === l}>
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
          {phase.message}
        </h1>
      </main>
    );
  if (phase.kind === 'done')
    return (
      <main>
        <h1 ref={heading} tabIndex={-1}>
          {t.doneTitle}
        </h1>
        <p role="status">{t.doneText}</p>
      </main>
    );

  const errorCount = Object.keys(errors).length;
  const lastDay = data
    ? new Date(Date.parse(data.closesAt) - 1).toLocaleDateString(language === 'nl' ? 'nl-NL' : 'en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'Europe/Amsterdam',
      })
    : '';

  return (
    <main>
      {languageSwitch}
      <p className="step" id="step">
        {t.step(index + 1, total)}
      </p>
      <progress max={total} value={index + 1} aria-label={t.progress} aria-describedby="step" />
      {page ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void next();
          }}
        >
          <h1 ref={heading} tabIndex={-1}>
            {page.instrument.title}
          </h1>
          {page.instrument.instructions && index === pages.findIndex((p) => p.instrument === page.instrument) ? (
            <p>{page.instrument.instructions}</p>
          ) : null}
          {errorCount ? (
            <p className="error-summary" role="alert">
              {t.fixErrors(errorCount)}
            </p>
          ) : null}
          {page.items
            .filter((item) => isVisible(item, answers[page.instrument.code]))
            .map((item) => (
              <Question
                key={item.id}
                code={page.instrument.code}
                item={item}
                value={answers[page.instrument.code]?.[item.id] ?? null}
                error={errors[item.id]}
                onChange={(v) => setAnswer(page.instrument.code, item.id, v)}
              />
            ))}
          <div className="actions">
            {index > 0 ? (
              <button type="button" className="secondary" onClick={() => setIndex((i) => i - 1)} disabled={busy}>
                {t.back}
              </button>
            ) : null}
            <button type="submit" disabled={busy}>
              {busy ? t.saving : t.next}
            </button>
          </div>
          <p className="note">
            {t.savedNote} {t.until(lastDay)}
          </p>
        </form>
      ) : (
        <section aria-labelledby="review">
          <h1 id="review" ref={heading} tabIndex={-1}>
            {t.reviewTitle}
          </h1>
          <p>{t.reviewText}</p>
          <div className="actions">
            <button type="button" className="secondary" onClick={() => setIndex((i) => i - 1)} disabled={busy}>
              {t.back}
            </button>
            <button type="button" onClick={() => void send()} disabled={busy}>
              {t.send}
            </button>
          </div>
        </section>
      )}
    </main>
  );
}

function Question({
  code,
  item,
  value,
  error,
  onChange,
}: {
  code: string;
  item: Item;
  value: Answer | null;
  error?: string;
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

  if (item.type === 'choice' || item.type === 'multichoice') {
    const multi = item.type === 'multichoice';
    const chosen = multi ? ((value as number[] | null) ?? []) : value;
    return (
      <fieldset
        className={error ? 'question invalid' : 'question'}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        aria-required={item.required || undefined}
      >
        <legend>{item.label}</legend>
        {errorText}
        <div className={item.options.length > 7 && item.options.every((o) => /^\d+( |$)/.test(o.label)) ? 'options scale' : 'options'}>
          {item.options.map((o) => {
            const checked = multi ? (chosen as number[]).includes(o.code) : chosen === o.code;
            return (
              <label key={o.code} className={checked ? 'option checked' : 'option'}>
                <input
                  type={multi ? 'checkbox' : 'radio'}
                  name={id}
                  value={o.code}
                  checked={checked}
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
