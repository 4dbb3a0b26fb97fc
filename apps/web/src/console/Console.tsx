// The coordinator console at /console: sign-in, a study picker from the user's memberships, and per
// study a dashboard, participants, and (statistician, data manager, admin) datasets and models.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import {
  ApiError,
  api,
  currentToken,
  data,
  login,
  permissionsIn,
  onSessionChange,
  onSignedOut,
  setToken,
  type Me,
  type Role,
  type Schemas,
  type StudySummary,
} from './api';
import { CrfFormPage } from './CrfForm';
import { Dashboard } from './Dashboard';
import { EnrolPage } from './Enrol';
import { deviceLang, LangContext, locale, LangSwitch, setCurrentLang, storedLang, storeLang, useTr, type Lang, type Tr } from './i18n';
import { Datasets, ModelPage } from './Models';
import { AdminPage, StudySetupPage } from './Admin';
import { MailboxLink, MailboxPage } from './Mailbox';
import { InvitePage } from './Invite';
import { ModelBuilder } from './Statistician';
import { ParticipantPage, Participants } from './Participants';
import { LockPage } from './Lock';
import { ReviewPage } from './Review';
import { RetentionPage } from './Retention';
import { AgreementPage, AgreementTab, mayViewAgreement } from './Agreement';
import { QueriesPage, QueriesTab } from './Queries';
import { mayRead, ReadingsPage, ReadingsTab } from './Readings';
import { TasksPage } from './Tasks';
import { ErrorNote, Link, navigate, STUDY_CHANGED, usePath, useScrollableRegions } from './ui';
import { can } from './permissions';
import './console.css';

export interface StudyContext {
  code: string;
  title: string;
  design: 'rct' | 'cohort';
  /** The study's time zone from GET /studies/{study}: every date is shown in it. */
  timeZone: string;
  /** The study's status from GET /studies/{study} (`locked` while a database lock holds). */
  status: string;
  /** A database lock holds: the API refuses writes (409); pages show it and offer no edits. */
  locked: boolean;
  roles: Role[];
  /** The site a membership is bound to; null = every site. */
  siteCode: string | null;
  /** The actions GET /me allows in this study (the API's permission table, apps/api/src/auth/permissions.ts). */
  permissions: readonly string[];
  canModel: boolean;
  siteTeam: boolean;
}

const ROLE_NAMES: Record<Role, [string, string]> = {
  admin: ['Admin', 'Beheerder'],
  data_manager: ['Data manager', 'Datamanager'],
  coordinator: ['Coordinator', 'Coördinator'],
  investigator: ['Investigator', 'Onderzoeker'],
  monitor: ['Monitor', 'Monitor'],
  statistician: ['Statistician', 'Statisticus'],
  reader: ['Blinded reader', 'Geblindeerde beoordelaar'],
};

const roleName = (tr: Tr, r: Role) => tr(...ROLE_NAMES[r]);

type Session =
  | { state: 'signed-out' }
  | { state: 'loading' }
  | { state: 'ready'; me: Me; studies: StudySummary[] }
  | { state: 'error'; message: string };

export function Console() {
  const path = usePath();
  const [session, setSession] = useState<Session>(currentToken() ? { state: 'loading' } : { state: 'signed-out' });
  const [expired, setExpired] = useState(false);
  const [lang, setLangState] = useState<Lang>(deviceLang);
  const userId = session.state === 'ready' ? session.me.id : null;

  // The signed-in user's own choice; before sign-in, this device's last choice or the browser's language.
  useEffect(() => {
    setLangState(userId ? storedLang(userId) : deviceLang());
  }, [userId]);
  setCurrentLang(lang);
  const langValue = useMemo(
    () => ({
      lang,
      setLang: (next: Lang) => {
        storeLang(userId, next);
        setLangState(next);
      },
    }),
    [lang, userId],
  );

  useEffect(() => {
    const offExpired = onSignedOut(() => {
      setExpired(true);
      setSession({ state: 'signed-out' });
    });
    // Another tab signed in or out.
    const offChange = onSessionChange((signedIn) => {
      setExpired(false);
      setSession(signedIn ? { state: 'loading' } : { state: 'signed-out' });
    });
    return () => {
      offExpired();
      offChange();
    };
  }, []);

  useEffect(() => {
    if (session.state !== 'loading') return;
    let live = true;
    Promise.all([data(api.GET('/me')), data(api.GET('/studies'))]).then(
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

  let content;
  const invite = /^\/console\/invite\/([^/]+)\/?$/.exec(path);
  if (invite) content = <InvitePage token={decodeURIComponent(invite[1])} onSignedIn={() => setSession({ state: 'loading' })} />;
  else if (session.state === 'signed-out')
    content = (
      <Login
        expired={expired}
        onDone={() => {
          setExpired(false);
          setSession({ state: 'loading' });
        }}
      />
    );
  else if (session.state === 'loading')
    content = (
      <div className="console">
        <LoadingLine />
      </div>
    );
  else if (session.state === 'error') content = <StartError message={session.message} onRetry={() => setSession({ state: 'loading' })} />;
  else content = <SignedIn me={session.me} studies={session.studies} path={path} onSignOut={signOut} />;
  return <LangContext.Provider value={langValue}>{content}</LangContext.Provider>;
}

function LoadingLine() {
  const tr = useTr();
  return (
    <p className="page-status" role="status">
      {tr('Loading…', 'Laden…')}
    </p>
  );
}

function StartError({ message, onRetry }: { message: string; onRetry: () => void }) {
  const tr = useTr();
  return (
    <div className="console">
      <main className="console-main narrow">
        <h1>{tr('The console could not start', 'De console kon niet starten')}</h1>
        <ErrorNote message={message} />
        <button type="button" className="btn" onClick={onRetry}>
          {tr('Try again', 'Opnieuw proberen')}
        </button>
      </main>
    </div>
  );
}

/** What GET /studies/{study} tells the shell: the time zone and the status (locked or not). */
type StudyDetail = Pick<Schemas['StudyDetailDto'], 'timeZone' | 'status'>;

function studyContexts(me: Me, studies: StudySummary[]): StudyContext[] {
  const codes = me.isAdmin ? studies.map((s) => s.code) : [...new Set(me.memberships.map((m) => m.study))];
  return codes.flatMap((code) => {
    const summary = studies.find((s) => s.code === code);
    if (!summary) return [];
    const mine = me.memberships.filter((m) => m.study === code);
    const roles: Role[] = me.isAdmin ? ['admin'] : [...new Set(mine.map((m) => m.role as Role))];
    const siteCode = me.isAdmin || mine.some((m) => !m.siteCode) ? null : (mine[0]?.siteCode ?? null);
    const permissions = permissionsIn(me, code);
    return [
      {
        code,
        title: summary.title,
        design: summary.design,
        timeZone: '', // from GET /studies/{study}: a study's pages wait for it
        status: summary.status,
        locked: summary.status === 'locked',
        roles,
        siteCode,
        permissions,
        canModel: permissions.includes('fit_models'),
        siteTeam: permissions.includes('view_contact'),
      },
    ];
  });
}

function SignedIn({ me, studies, path, onSignOut }: { me: Me; studies: StudySummary[]; path: string; onSignOut: () => void }) {
  const tr = useTr();
  const contexts = useMemo(() => studyContexts(me, studies), [me, studies]);
  const parts = path.replace(/\/+$/, '').split('/').slice(2).map(decodeURIComponent); // after /console
  const study = contexts.find((c) => c.code === parts[0]);
  const [details, setDetails] = useState<Record<string, StudyDetail | { error: string }>>({});
  const [reread, setReread] = useState(0);
  const mainRef = useRef<HTMLElement>(null);
  useScrollableRegions(mainRef, tr('Table', 'Tabel'));

  useEffect(() => {
    if (!parts[0] && contexts.length === 1) navigate(`/console/${contexts[0].code}`, true);
  }, [parts[0], contexts]);

  // A study's time zone and status, read when its pages open and again when a page says it changed.
  useEffect(() => {
    const onChange = () => setReread((n) => n + 1);
    window.addEventListener(STUDY_CHANGED, onChange);
    return () => window.removeEventListener(STUDY_CHANGED, onChange);
  }, []);
  useEffect(() => {
    if (!study) return;
    let live = true;
    data(api.GET('/studies/{study}', { params: { path: { study: study.code } } })).then(
      (d) => live && setDetails((all) => ({ ...all, [study.code]: { timeZone: d.timeZone, status: d.status } })),
      (e: unknown) => live && setDetails((all) => ({ ...all, [study.code]: { error: e instanceof Error ? e.message : String(e) } })),
    );
    return () => {
      live = false;
    };
  }, [study?.code, reread]);

  const detail = study ? details[study.code] : undefined;
  const ctx: StudyContext | undefined =
    study && detail && 'timeZone' in detail
      ? { ...study, timeZone: detail.timeZone, status: detail.status, locked: detail.status === 'locked' }
      : undefined;
  const section = parts[1] ?? '';

  let content;
  if (!parts[0]) content = <StudyPicker contexts={contexts} me={me} />;
  else if (parts[0] === 'admin' && me.isAdmin) content = <AdminPage section={parts[1] ?? 'sites'} />;
  else if (parts[0] === 'mailbox' && me.isAdmin) content = <MailboxPage id={parts[1]} />;
  else if (!study)
    content = <NotFound what={tr(`Study ${parts[0]} is not one of your studies.`, `Studie ${parts[0]} is niet een van uw studies.`)} />;
  else if (!ctx)
    content =
      detail && 'error' in detail ? (
        <ErrorNote message={detail.error} />
      ) : (
        <p className="page-status" role="status">
          {tr('Loading…', 'Laden…')}
        </p>
      );
  // A blinded reader sees the study only through the readings: the dashboard is theirs to grade.
  else if (section === '' && !can(ctx, 'view_study') && mayRead(ctx)) content = <ReadingsPage study={ctx} />;
  else if (section === '') content = <Dashboard study={ctx} />;
  else if (section === 'enrol') content = <EnrolPage study={ctx} />;
  else if (section === 'queries') content = <QueriesPage study={ctx} />;
  else if (section === 'tasks') content = <TasksPage study={ctx} />;
  else if (section === 'retention') content = <RetentionPage study={ctx} />;
  else if (section === 'agreement' && mayViewAgreement(ctx)) content = <AgreementPage study={ctx} />;
  else if (section === 'readings' && mayRead(ctx)) content = <ReadingsPage study={ctx} participantId={parts[2]} />;
  else if (section === 'review' && can(ctx, 'view_sdv_progress')) content = <ReviewPage study={ctx} />;
  else if (section === 'lock' && can(ctx, 'lock_study')) content = <LockPage study={ctx} />;
  else if (section === 'participants' && parts[2] && parts[3] === 'forms' && parts[4] && parts[5])
    content = (
      <CrfFormPage study={ctx} participantId={parts[2]} eventId={parts[4]} formId={parts[5]} instance={Number(parts[6] ?? 1) || 1} />
    );
  else if (section === 'participants' && parts[2]) content = <ParticipantPage study={ctx} id={parts[2]} />;
  else if (section === 'participants') content = <Participants study={ctx} />;
  else if (section === 'datasets' && ctx.canModel) content = <Datasets study={ctx} />;
  else if (section === 'models' && parts[2] === 'new' && ctx.canModel) content = <ModelBuilder study={ctx} />;
  else if (section === 'models' && parts[2] && ctx.canModel) content = <ModelPage study={ctx} id={parts[2]} />;
  else if (section === 'setup' && can(ctx, 'add_site')) content = <StudySetupPage study={ctx} />;
  else
    content = (
      <NotFound
        what={tr('This page does not exist, or your role cannot open it.', 'Deze pagina bestaat niet, of uw rol mag haar niet openen.')}
      />
    );

  const pageName = study
    ? sectionName(tr, section, parts)
    : parts[0] === 'admin'
      ? tr('Administration', 'Beheer')
      : parts[0] === 'mailbox'
        ? tr('Demo mailbox', 'Demo-postvak')
        : tr('Studies', 'Studies');
  // A form page names itself (form title · participant label) once loaded (CrfForm.tsx).
  const ownTitle = section === 'participants' && parts[3] === 'forms';
  useEffect(() => {
    if (ownTitle) return;
    document.title = study ? `${pageName} · ${study.code} · trialdata` : tr('trialdata console', 'trialdata-console');
  }, [study?.code, pageName, ownTitle]);

  const roleText = study
    ? `${study.roles.map((r) => roleName(tr, r)).join(', ')}${study.siteCode ? ` · ${study.siteCode}` : ''}`
    : me.isAdmin
      ? tr('Platform admin', 'Platformbeheerder')
      : '';

  return (
    <div className="console">
      <a className="skip" href="#content">
        {tr('Skip to content', 'Naar de inhoud')}
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
            <span className="sr-only">{tr('Study', 'Studie')}</span>
            <select value={study?.code ?? ''} onChange={(e) => navigate(e.target.value ? `/console/${e.target.value}` : '/console')}>
              <option value="">{tr('All studies', 'Alle studies')}</option>
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
        {me.isAdmin ? (
          <Link to="/console/admin/users" className="btn ghost" current={parts[0] === 'admin'}>
            {tr('Administration', 'Beheer')}
          </Link>
        ) : null}
        {me.isAdmin ? <MailboxLink current={parts[0] === 'mailbox'} /> : null}
        <LangSwitch />
        <button type="button" className="btn ghost" onClick={onSignOut}>
          {tr('Sign out', 'Uitloggen')}
        </button>
      </header>
      {study ? (
        <nav className="tabs" aria-label={tr(`${study.code} sections`, `Onderdelen van ${study.code}`)}>
          {can(study, 'view_study') ? (
            <>
              <Link to={`/console/${study.code}`} current={section === ''}>
                {tr('Dashboard', 'Dashboard')}
              </Link>
              <Link to={`/console/${study.code}/participants`} current={section === 'participants'}>
                {tr('Participants', 'Deelnemers')}
              </Link>
              <QueriesTab study={study} current={section === 'queries'} />
              <Link to={`/console/${study.code}/tasks`} current={section === 'tasks'}>
                {tr('Tasks', 'Taken')}
              </Link>
            </>
          ) : null}
          {can(study, 'view_sdv_progress') ? (
            <Link to={`/console/${study.code}/review`} current={section === 'review'}>
              {tr('Review', 'Review')}
            </Link>
          ) : null}
          {can(study, 'lock_study') ? (
            <Link to={`/console/${study.code}/lock`} current={section === 'lock'}>
              {tr('Lock', 'Vergrendeling')}
            </Link>
          ) : null}
          {study.canModel ? (
            <Link to={`/console/${study.code}/datasets`} current={section === 'datasets' || section === 'models'}>
              {tr('Datasets & models', 'Datasets & modellen')}
            </Link>
          ) : null}
          <AgreementTab study={study} current={section === 'agreement'} />
          <ReadingsTab study={study} current={section === 'readings'} />
          {can(study, 'add_site') ? (
            <Link to={`/console/${study.code}/setup`} current={section === 'setup'}>
              {tr('Setup', 'Inrichting')}
            </Link>
          ) : null}
        </nav>
      ) : null}
      {ctx?.locked ? (
        <p className="locked-banner" role="note">
          <strong>{tr('Locked', 'Vergrendeld')}</strong>{' '}
          {tr(
            `${ctx.code} is locked for analysis: its data can be read but not changed.`,
            `${ctx.code} is vergrendeld voor analyse: de gegevens zijn te lezen maar niet te wijzigen.`,
          )}
        </p>
      ) : null}
      <main id="content" className="console-main" tabIndex={-1} ref={mainRef}>
        {content}
      </main>
    </div>
  );
}

/** The page's name in the window title and tab: each section its own. */
function sectionName(tr: Tr, section: string, parts: string[]): string {
  switch (section) {
    case '':
      return tr('Dashboard', 'Dashboard');
    case 'participants':
      return parts[3] === 'forms' ? tr('Form', 'Formulier') : parts[2] ? tr('Participant', 'Deelnemer') : tr('Participants', 'Deelnemers');
    case 'enrol':
      return tr('Enrol participant', 'Deelnemer inschrijven');
    case 'queries':
      return tr('Queries', 'Queries');
    case 'tasks':
      return tr('Tasks', 'Taken');
    case 'review':
      return tr('Review', 'Review');
    case 'lock':
      return tr('Database lock', 'Databasevergrendeling');
    case 'datasets':
      return tr('Datasets & models', 'Datasets & modellen');
    case 'models':
      return parts[2] === 'new' ? tr('Model builder', 'Modelbouwer') : tr('Model', 'Model');
    case 'setup':
      return tr('Study setup', 'Inrichting van de studie');
    default:
      return section.charAt(0).toUpperCase() + section.slice(1);
  }
}

function StudyPicker({ contexts, me }: { contexts: StudyContext[]; me: Me }) {
  const tr = useTr();
  return (
    <>
      <h1>{tr('Your studies', 'Uw studies')}</h1>
      {contexts.length === 0 ? (
        <p className="empty">
          {tr(
            `${me.email} is not a member of any study yet. Ask a study administrator to add you.`,
            `${me.email} is nog geen lid van een studie. Vraag een studiebeheerder u toe te voegen.`,
          )}
        </p>
      ) : (
        <ul className="study-cards">
          {contexts.map((c) => (
            <li key={c.code}>
              <Link to={`/console/${c.code}`} className="study-card">
                <span className="study-code">
                  {c.code}
                  {c.locked ? <span className="badge warn">{tr('Locked', 'Vergrendeld')}</span> : null}
                </span>
                <span className="study-title">{c.title}</span>
                <span className="study-meta">
                  {c.design === 'rct' ? tr('Randomised trial', 'Gerandomiseerde studie') : tr('Cohort', 'Cohort')} ·{' '}
                  {c.roles.map((r) => roleName(tr, r)).join(', ')}
                  {c.siteCode ? tr(` at ${c.siteCode}`, ` bij ${c.siteCode}`) : tr(' · all sites', ' · alle centra')}
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
  const tr = useTr();
  return (
    <>
      <h1>{tr('Not found', 'Niet gevonden')}</h1>
      <p className="alert">{what}</p>
      <p>
        <Link to="/console">{tr('Back to your studies', 'Terug naar uw studies')}</Link>
      </p>
    </>
  );
}

/** "in 14 minutes (at 15:32)": when a locked-out account may try again, in this browser's time. */
function lockedText(tr: Tr, problem: Record<string, unknown> | null): string {
  const until = typeof problem?.lockedUntil === 'string' ? problem.lockedUntil : null;
  const seconds = typeof problem?.retryAfterSeconds === 'number' ? problem.retryAfterSeconds : null;
  if (!until && seconds === null)
    return tr(
      'Too many failed sign-ins: this account is locked for a while. Try again later.',
      'Te vaak mislukt: dit account is een tijdje vergrendeld. Probeer het later opnieuw.',
    );
  const minutes = Math.max(1, Math.ceil((seconds ?? (Date.parse(until!) - Date.now()) / 1000) / 60));
  // The unlock time in this computer's own time zone (the sign-in page belongs to no study).
  const at = until ? new Date(until).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' }) : '';
  return tr(
    `Too many failed sign-ins: this account is locked. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}${at ? ` (at ${at})` : ''}.`,
    `Te vaak mislukt: dit account is vergrendeld. Probeer het over ${minutes} minu${minutes === 1 ? 'ut' : 'ten'} opnieuw${at ? ` (om ${at})` : ''}.`,
  );
}

function Login({ onDone, expired }: { onDone: () => void; expired: boolean }) {
  const tr = useTr();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ status: number; problem: Record<string, unknown> | null; message: string } | null>(
    expired ? { status: -1, problem: null, message: '' } : null,
  );
  const [busy, setBusy] = useState(false);
  const [help, setHelp] = useState(false);

  useEffect(() => {
    document.title = tr('Sign in · trialdata', 'Inloggen · trialdata');
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!email || !password) return setError({ status: -2, problem: null, message: '' });
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password);
      onDone();
    } catch (err) {
      setError({
        status: err instanceof ApiError ? err.status : 0,
        problem: err instanceof ApiError ? err.problem : null,
        message: err instanceof Error ? err.message : '',
      });
    } finally {
      setBusy(false);
    }
  };

  const errorText = !error
    ? null
    : error.status === -1
      ? tr('Your session has ended. Please sign in again.', 'Uw sessie is verlopen. Log opnieuw in.')
      : error.status === -2
        ? tr('Enter your email address and password.', 'Vul uw e-mailadres en wachtwoord in.')
        : error.status === 401
          ? tr('The email address or password is not correct.', 'Het e-mailadres of wachtwoord klopt niet.')
          : error.status === 429 && (error.problem?.lockedUntil || /locked/.test(error.message))
            ? lockedText(tr, error.problem)
            : error.status === 429
              ? tr(
                  'Too many attempts from this computer. Wait a minute and try again.',
                  'Te veel pogingen vanaf deze computer. Wacht een minuut en probeer het opnieuw.',
                )
              : error.message || tr('Signing in failed.', 'Inloggen is mislukt.');

  return (
    <div className="console login-page">
      <main className="login-card">
        <div className="login-top">
          <p className="brand">
            <span className="brand-mark" aria-hidden="true">
              td
            </span>
            trialdata
          </p>
          <LangSwitch className="btn ghost small-btn" />
        </div>
        <h1>{tr('Sign in to the study console', 'Inloggen bij de studieconsole')}</h1>
        <form onSubmit={(e) => void submit(e)} noValidate>
          {errorText ? (
            <p className="alert" role="alert" id="login-error">
              {errorText}
            </p>
          ) : null}
          <label htmlFor="login-email">{tr('Email address', 'E-mailadres')}</label>
          <input
            id="login-email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            aria-invalid={error && (error.status === 401 || (error.status === -2 && !email)) ? true : undefined}
            aria-describedby={errorText ? 'login-error' : undefined}
          />
          <label htmlFor="login-password">{tr('Password', 'Wachtwoord')}</label>
          <input
            id="login-password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            aria-invalid={error && (error.status === 401 || (error.status === -2 && !password)) ? true : undefined}
            aria-describedby={errorText ? 'login-error' : undefined}
          />
          <button type="submit" className="btn primary" disabled={busy}>
            {busy ? tr('Signing in…', 'Bezig met inloggen…') : tr('Sign in', 'Inloggen')}
          </button>
        </form>
        <p className="forgot">
          <button type="button" className="link-btn" aria-expanded={help} aria-controls="forgot-help" onClick={() => setHelp((h) => !h)}>
            {tr('Forgot your password?', 'Wachtwoord vergeten?')}
          </button>
        </p>
        {help ? (
          <p id="forgot-help" className="small">
            {tr(
              "Ask your study's administrator (or the data manager who gave you access) to set a new password for you. For your safety the console cannot send passwords by email. After too many failed attempts an account is locked for a while; it opens again by itself.",
              'Vraag de beheerder van uw studie (of de datamanager die u toegang gaf) een nieuw wachtwoord voor u in te stellen. Voor uw veiligheid stuurt de console geen wachtwoorden per e-mail. Na te veel mislukte pogingen is een account een tijdje vergrendeld; daarna gaat het vanzelf weer open.',
            )}
          </p>
        ) : null}
        <p className="muted small">
          {tr(
            'For study staff. Patients open their questionnaire from the link in their invitation.',
            'Voor studiemedewerkers. Patiënten openen hun vragenlijst via de link in hun uitnodiging.',
          )}
        </p>
      </main>
    </div>
  );
}
