// Small shared pieces: a history router, links, formatting in the study time zone, and a loader
// hook whose 403 hides a panel (the role may not read it) while other errors are shown.
import { useCallback, useEffect, useState, type MouseEvent, type ReactNode } from 'react';
import { ApiError } from './api';

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

// ----- formatting -----

export function formatDate(instant: string | null | undefined, timeZone: string): string {
  if (!instant) return '—';
  return new Date(instant).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone });
}

export function formatDateTime(instant: string | null | undefined, timeZone: string): string {
  if (!instant) return '—';
  return new Date(instant).toLocaleString('en-GB', {
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

/** "2026-09" → "Sep 2026" (short: "Sep 26"). */
export function monthLabel(month: string, short = false): string {
  const [y, m] = month.split('-').map(Number);
  return `${MONTHS[m - 1]} ${short ? String(y).slice(2) : y}`;
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

export function humanise(id: string): string {
  const s = id.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "week2" → "Week 2"; other ids humanised. */
export function eventName(id: string): string {
  const m = /^(week|day|month)(\d+)$/.exec(id);
  if (m) return `${humanise(m[1])} ${m[2]}`;
  return humanise(id);
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
          Loading…
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
