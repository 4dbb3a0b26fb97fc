// Small shared pieces: a history router, links, formatting in the study time zone, and a loader
// hook whose 403 hides a panel (the role may not read it) while other errors are shown.
import { useCallback, useEffect, useState, type MouseEvent, type ReactNode, type RefObject } from 'react';
import { ApiError } from './api';
import { currentLang, locale, trNow, useTr } from './i18n';

// ----- routing -----

const NAVIGATE = 'console:navigate';

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE));
  window.scrollTo(0, 0);
}

export function usePath(): string {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATE, update);
    };
  }, []);
  return path;
}

export function Link({ to, children, className, current }: { to: string; children: ReactNode; className?: string; current?: boolean }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} className={className} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}

/** Tells the console that a study's state changed (locked, unlocked): it reads GET /studies/{study} again. */
export const STUDY_CHANGED = 'console:study-changed';

export function studyChanged(code: string): void {
  window.dispatchEvent(new CustomEvent(STUDY_CHANGED, { detail: code }));
}

// ----- formatting (in the language being shown; always in the time zone given: the study's) -----

export function formatDate(instant: string | null | undefined, timeZone: string): string {
  if (!instant) return '—';
  return new Date(instant).toLocaleDateString(locale(), { day: 'numeric', month: 'short', year: 'numeric', timeZone });
}

export function formatDateTime(instant: string | null | undefined, timeZone: string): string {
  if (!instant) return '—';
  return new Date(instant).toLocaleString(locale(), {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  });
}

/** The last day of a window whose end instant is exclusive (24:00 of that day). */
export function lastDay(closesAt: string | null | undefined, timeZone: string): string {
  if (!closesAt) return '—';
  return formatDate(new Date(Date.parse(closesAt) - 1).toISOString(), timeZone);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MAANDEN = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

/** "2026-09" → "Sep 2026" (short: "Sep 26"); in Dutch "sep 2026". */
export function monthLabel(month: string, short = false): string {
  const [y, m] = month.split('-').map(Number);
  return `${(currentLang() === 'nl' ? MAANDEN : MONTHS)[m - 1]} ${short ? String(y).slice(2) : y}`;
}

export function percent(v: number | null | undefined, digits = 0): string {
  return v === null || v === undefined ? '—' : `${(v * 100).toFixed(digits)}%`;
}

export function num(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(2);
  return v.toFixed(digits);
}

export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

/** Dutch for the ids the API answers with (states, statuses, sex, kinds); others are humanised as they are. */
const DUTCH: Record<string, string> = {
  enrolled: 'Ingeschreven',
  randomised: 'Gerandomiseerd',
  withdrawn: 'Teruggetrokken',
  lost_to_follow_up: 'Lost to follow-up',
  completed: 'Voltooid',
  complete: 'Voltooid',
  incomplete: 'Onvolledig',
  ineligible: 'Niet geschikt',
  screened: 'Gescreend',
  done: 'Klaar',
  ready: 'Klaar',
  sent: 'Verzonden',
  delivered: 'Afgeleverd',
  open: 'Open',
  opened: 'Geopend',
  in_progress: 'Bezig',
  running: 'Bezig',
  queued: 'In de wachtrij',
  building: 'Wordt gemaakt',
  upcoming: 'Gepland',
  awaiting_anchor: 'Wacht op ankerdatum',
  not_started: 'Niet begonnen',
  due: 'Te doen',
  sending: 'Wordt verzonden',
  voided: 'Vervallen',
  active: 'Actief',
  valid: 'Geldig',
  lost: 'Lost to follow-up',
  scheduled: 'Gepland',
  pending: 'In afwachting',
  skipped: 'Overgeslagen',
  cancelled: 'Geannuleerd',
  missed: 'Gemist',
  overdue: 'Te laat',
  failed: 'Mislukt',
  bounced: 'Onbestelbaar',
  closed: 'Gesloten',
  answered: 'Beantwoord',
  locked: 'Vergrendeld',
  recruiting: 'Werving',
  setup: 'Voorbereiding',
  female: 'Vrouw',
  male: 'Man',
  other: 'Anders',
  unknown: 'Onbekend',
  invitation: 'Uitnodiging',
  reminder: 'Herinnering',
  coordinator_task: 'Taak coördinator',
  remote: 'Op afstand',
  clinic: 'In de kliniek',
  web: 'Web',
  paper: 'Papier',
  phone: 'Telefoon',
  email: 'E-mail',
  sms: 'Sms',
  language: 'Taal',
  baseline: 'Nulmeting',
  lock: 'Lock',
  interim: 'Tussentijds',
};

/** An id as words ("lost_to_follow_up" → "Lost to follow up"), in Dutch when the console is. */
export function humanise(id: string): string {
  if (currentLang() === 'nl' && DUTCH[id]) return DUTCH[id];
  const s = id.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "week2" → "Week 2" ("day3" → "Dag 3" in Dutch); other ids humanised. */
export function eventName(id: string): string {
  const m = /^(week|day|month)(\d+)$/.exec(id);
  if (m) return `${trNow(humanise(m[1]), { week: 'Week', day: 'Dag', month: 'Maand' }[m[1]] ?? m[1])} ${m[2]}`;
  return humanise(id);
}

// ----- scrolling tables -----

/**
 * A table that scrolls sideways (a phone, long Dutch headers) must be reachable by keyboard: every
 * `.table-wrap` under `root` that overflows becomes a focusable, named region (named by its table's
 * caption or its panel's heading), and stops being one when it fits again. Pages need do nothing.
 */
export function useScrollableRegions(root: RefObject<HTMLElement | null>, fallbackName: string): void {
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    let frame = 0;
    const check = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        el.querySelectorAll<HTMLElement>('.table-wrap').forEach((wrap) => {
          const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
          if (scrolls) {
            const name =
              wrap.querySelector('caption')?.textContent?.trim() ||
              wrap.closest('section')?.querySelector('h2, h3')?.textContent?.trim() ||
              fallbackName;
            if (wrap.tabIndex !== 0) wrap.tabIndex = 0;
            if (wrap.getAttribute('role') !== 'region') wrap.setAttribute('role', 'region');
            if (wrap.getAttribute('aria-label') !== name) wrap.setAttribute('aria-label', name);
          } else if (!scrolls && wrap.getAttribute('role') === 'region') {
            wrap.removeAttribute('tabindex');
            wrap.removeAttribute('role');
            wrap.removeAttribute('aria-label');
          }
        });
      });
    };
    check();
    const mo = new MutationObserver(check);
    mo.observe(el, { childList: true, subtree: true, characterData: true });
    window.addEventListener('resize', check);
    return () => {
      cancelAnimationFrame(frame);
      mo.disconnect();
      window.removeEventListener('resize', check);
    };
  }, [root, fallbackName]);
}

// ----- loading -----

export type Load<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'hidden' } | { state: 'error'; message: string };

/** Loads once per dependency change; a 403 becomes `hidden` (the panel is not for this role). */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[]): [Load<T>, () => void] {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  const [n, setN] = useState(0);
  const reload = useCallback(() => setN((k) => k + 1), []);
  useEffect(() => {
    let live = true;
    fn().then(
      (data) => live && setLoad({ state: 'ok', data }),
      (e: unknown) => {
        if (!live) return;
        if (e instanceof ApiError && e.status === 403) setLoad({ state: 'hidden' });
        else setLoad({ state: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      live = false;
    };
  }, [...deps, n]);
  return [load, reload];
}

/** A dashboard panel: hidden on 403, a status line while loading, an alert on error. */
export function Panel<T>({
  title,
  load,
  children,
  className,
  actions,
  id,
}: {
  title: string;
  load: Load<T>;
  children: (data: T) => ReactNode;
  className?: string;
  actions?: ReactNode;
  id?: string;
}) {
  const tr = useTr();
  if (load.state === 'hidden') return null;
  const headingId = `${id ?? title.replace(/\W+/g, '-').toLowerCase()}-h`;
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={headingId} data-panel={id}>
      <header className="panel-head">
        <h2 id={headingId}>{title}</h2>
        {actions}
      </header>
      {load.state === 'loading' ? (
        <p className="muted" role="status">
          {tr('Loading…', 'Laden…')}
        </p>
      ) : load.state === 'error' ? (
        <ErrorNote message={load.message} />
      ) : (
        children(load.data)
      )}
    </section>
  );
}

export function ErrorNote({ message }: { message: string }) {
  return (
    <p className="alert" role="alert">
      {message}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

const TONES: Record<string, string> = {
  completed: 'good',
  done: 'good',
  ready: 'good',
  sent: 'good',
  randomised: 'good',
  enrolled: 'info',
  open: 'info',
  in_progress: 'info',
  running: 'info',
  queued: 'muted',
  building: 'info',
  upcoming: 'muted',
  pending: 'muted',
  skipped: 'muted',
  cancelled: 'muted',
  missed: 'bad',
  overdue: 'bad',
  failed: 'bad',
  withdrawn: 'warn',
  lost_to_follow_up: 'bad',
  closed: 'muted',
  answered: 'info',
};

export function Badge({ value, tone }: { value: string; tone?: string }) {
  return <span className={`badge ${tone ?? TONES[value] ?? 'muted'}`}>{humanise(value)}</span>;
}
