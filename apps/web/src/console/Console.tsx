// The coordinator console at /console: sign-in, a study picker from the user's memberships, and per
// study a dashboard, participants, and (statistician, data manager, admin) datasets and models.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError, currentToken, get, login, onSignedOut, setToken, type Me, type Role, type StudySummary } from './api';
import { Dashboard } from './Dashboard';
import { Datasets, ModelPage } from './Models';
import { ParticipantPage, Participants } from './Participants';
import { ErrorNote, Link, navigate, usePath } from './ui';
import './console.css';

export interface StudyContext {
  code: string;
  title: string;
  design: 'rct' | 'cohort';
  timeZone: string;
  roles: Role[];
  /** The site a membership is bound to; null = every site. */
  siteCode: string | null;
  canModel: boolean;
  siteTeam: boolean;
}

const ROLE_NAMES: Record<Role, string> = {
  admin: 'Admin',
  data_manager: 'Data manager',
  coordinator: 'Coordinator',
  investigator: 'Investigator',
  monitor: 'Monitor',
  statistician: 'Statistician',
};

type Session =
  | { state: 'signed-out' }
  | { state: 'loading' }
  | { state: 'ready'; me: Me; studies: StudySummary[] }
  | { state: 'error'; message: string };

export function Console() {
  const path = usePath();
  const [session, setSession] = useState<Session>(currentToken() ? { state: 'loading' } : { state: 'signed-out' });
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    document.documentElement.lang = 'en';
    return onSignedOut(() => {
      setExpired(true);
      setSession({ state: 'signed-out' });
    });
  }, []);

  useEffect(() => {
    if (session.state !== 'loading') return;
    let live = true;
    Promise.all([get<Me>('/me'), get<StudySummary[]>('/studies')]).then(
      ([me, studies]) => live && setSession({ state: 'ready', me, studies }),
      (e: unknown) => {
        if (!live) return;
        if (e instanceof ApiError && e.status === 401) setSession({ state: 'signed-out' });
        else setSession({ state: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      live = false;
    };
  }, [session.state]);

  const signOut = () => {
    setToken(null);
    setExpired(false);
    setSession({ state: 'signed-out' });
    navigate('/console');
  };

  if (session.state === 'signed-out')
    return (
      <Login
        expired={expired}
        onDone={() => {
          setExpired(false);
          setSession({ state: 'loading' });
        }}
      />
    );
  if (session.state === 'loading')
    return (
      <div className="console">
        <p className="page-status" role="status">
          Loading…
        </p>
      </div>
    );
  if (session.state === 'error')
    return (
      <div className="console">
        <main className="console-main narrow">
          <h1>The console could not start</h1>
          <ErrorNote message={session.message} />
          <button type="button" className="btn" onClick={() => setSession({ state: 'loading' })}>
            Try again
          </button>
        </main>
      </div>
    );
  return <SignedIn me={session.me} studies={session.studies} path={path} onSignOut={signOut} />;
}

function studyContexts(me: Me, studies: StudySummary[]): StudyContext[] {
  const codes = me.isAdmin ? studies.map((s) => s.code) : [...new Set(me.memberships.map((m) => m.study))];
  return codes.flatMap((code) => {
    const summary = studies.find((s) => s.code === code);
    if (!summary) return [];
    const mine = me.memberships.filter((m) => m.study === code);
    const roles: Role[] = me.isAdmin ? ['admin'] : [...new Set(mine.map((m) => m.role))];
    const siteCode = me.isAdmin || mine.some((m) => !m.siteCode) ? null : (mine[0]?.siteCode ?? null);
    return [
      {
        code,
        title: summary.title,
        design: summary.design,
        timeZone: 'Europe/Amsterdam',
        roles,
        siteCode,
        canModel: siteCode === null && roles.some((r) => r === 'statistician' || r === 'data_manager' || r === 'admin'),
        siteTeam: roles.some((r) => r === 'coordinator' || r === 'investigator' || r === 'admin'),
      },
    ];
  });
}

function SignedIn({ me, studies, path, onSignOut }: { me: Me; studies: StudySummary[]; path: string; onSignOut: () => void }) {
  const contexts = useMemo(() => studyContexts(me, studies), [me, studies]);
  const parts = path.replace(/\/+$/, '').split('/').slice(2).map(decodeURIComponent); // after /console
  const study = contexts.find((c) => c.code === parts[0]);
  const [timeZone, setTimeZone] = useState<Record<string, string>>({});

  useEffect(() => {
    if (!parts[0] && contexts.length === 1) navigate(`/console/${contexts[0].code}`, true);
  }, [parts[0], contexts]);

  useEffect(() => {
    if (!study || timeZone[study.code]) return;
    get<{ timeZone?: string }>(`/studies/${study.code}`).then(
      (d) => d.timeZone && setTimeZone((t) => ({ ...t, [study.code]: d.timeZone! })),
      () => undefined,
    );
  }, [study?.code]);

  const ctx = study ? { ...study, timeZone: timeZone[study.code] ?? study.timeZone } : undefined;
  const section = parts[1] ?? '';

  let content;
  if (!parts[0]) content = <StudyPicker contexts={contexts} me={me} />;
  else if (!ctx) content = <NotFound what={`Study ${parts[0]} is not one of your studies.`} />;
  else if (section === '') content = <Dashboard study={ctx} />;
  else if (section === 'participants' && parts[2]) content = <ParticipantPage study={ctx} id={parts[2]} />;
  else if (section === 'participants') content = <Participants study={ctx} />;
  else if (section === 'datasets' && ctx.canModel) content = <Datasets study={ctx} />;
  else if (section === 'models' && parts[2] && ctx.canModel) content = <ModelPage study={ctx} id={parts[2]} />;
  else content = <NotFound what="This page does not exist, or your role cannot open it." />;

  useEffect(() => {
    const page = !ctx
      ? 'Studies'
      : section === ''
        ? 'Dashboard'
        : section === 'participants'
          ? 'Participants'
          : section === 'datasets'
            ? 'Datasets'
            : section === 'models'
              ? 'Model'
              : 'Console';
    document.title = ctx ? `${page} · ${ctx.code} · trialdata` : 'trialdata console';
  }, [ctx?.code, section]);

  const roleText = ctx
    ? `${ctx.roles.map((r) => ROLE_NAMES[r]).join(', ')}${ctx.siteCode ? ` · ${ctx.siteCode}` : ''}`
    : me.isAdmin
      ? 'Platform admin'
      : '';

  return (
    <div className="console">
      <a className="skip" href="#content">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/console" className="brand">
          <span className="brand-mark" aria-hidden="true">
            td
          </span>
          trialdata
        </Link>
        {contexts.length > 1 ? (
          <label className="study-switch">
            <span className="sr-only">Study</span>
            <select value={ctx?.code ?? ''} onChange={(e) => navigate(e.target.value ? `/console/${e.target.value}` : '/console')}>
              <option value="">All studies</option>
              {contexts.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.code}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <div className="user">
          <span className="user-name">{me.name ?? me.email}</span>
          {roleText ? <span className="user-role">{roleText}</span> : null}
        </div>
        <button type="button" className="btn ghost" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      {ctx ? (
        <nav className="tabs" aria-label={`${ctx.code} sections`}>
          <Link to={`/console/${ctx.code}`} current={section === ''}>
            Dashboard
          </Link>
          <Link to={`/console/${ctx.code}/participants`} current={section === 'participants'}>
            Participants
          </Link>
          {ctx.canModel ? (
            <Link to={`/console/${ctx.code}/datasets`} current={section === 'datasets' || section === 'models'}>
              Datasets &amp; models
            </Link>
          ) : null}
        </nav>
      ) : null}
      <main id="content" className="console-main" tabIndex={-1}>
        {content}
      </main>
    </div>
  );
}

function StudyPicker({ contexts, me }: { contexts: StudyContext[]; me: Me }) {
  return (
    <>
      <h1>Your studies</h1>
      {contexts.length === 0 ? (
        <p className="empty">{me.email} is not a member of any study yet. Ask a study administrator to add you.</p>
      ) : (
        <ul className="study-cards">
          {contexts.map((c) => (
            <li key={c.code}>
              <Link to={`/console/${c.code}`} className="study-card">
                <span className="study-code">{c.code}</span>
                <span className="study-title">{c.title}</span>
                <span className="study-meta">
                  {c.design === 'rct' ? 'Randomised trial' : 'Cohort'} · {c.roles.map((r) => ROLE_NAMES[r]).join(', ')}
                  {c.siteCode ? ` at ${c.siteCode}` : ' · all sites'}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function NotFound({ what }: { what: string }) {
  return (
    <>
      <h1>Not found</h1>
      <p className="alert">{what}</p>
      <p>
        <Link to="/console">Back to your studies</Link>
      </p>
    </>
  );
}

function Login({ onDone, expired }: { onDone: () => void; expired: boolean }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(expired ? 'Your session has ended. Please sign in again.' : null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = 'Sign in · trialdata';
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!email || !password) return setError('Enter your email address and password.');
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password);
      onDone();
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      setError(
        status === 401
          ? 'The email address or password is not correct.'
          : status === 429
            ? 'Too many attempts. Wait a few minutes and try again.'
            : err instanceof Error
              ? err.message
              : 'Signing in failed.',
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="console login-page">
      <main className="login-card">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true">
            td
          </span>
          trialdata
        </p>
        <h1>Sign in to the study console</h1>
        <form onSubmit={(e) => void submit(e)} noValidate>
          {error ? (
            <p className="alert" role="alert">
              {error}
            </p>
          ) : null}
          <label htmlFor="login-email">Email address</label>
          <input id="login-email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
          <label htmlFor="login-password">Password</label>
          <input
            id="login-password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
          <button type="submit" className="btn primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="muted small">For study staff. Patients open their questionnaire from the link in their invitation.</p>
      </main>
    </div>
  );
}
