// The page a one-time invitation link opens (/console/invite/{token}, no sign-in): the new user
// chooses a password, and is then signed in with it.
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api, data, login, setToken, type Schemas } from './api';
import { LangSwitch, useTr } from './i18n';
import { navigate } from './ui';
import './staff.css';

type Invitation = Schemas['InvitationDto'];

export function InvitePage({ token, onSignedIn }: { token: string; onSignedIn: () => void }) {
  const tr = useTr();
  const [inv, setInv] = useState<
    { state: 'loading' } | { state: 'ok'; data: Invitation } | { state: 'gone' } | { state: 'error'; message: string }
  >({
    state: 'loading',
  });
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<{ password?: string; repeat?: string }>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = tr('Choose your password · trialdata', 'Kies uw wachtwoord · trialdata');
  });
  useEffect(() => {
    let live = true;
    data(api.GET('/invitations/{token}', { params: { path: { token } } })).then(
      (invitation) => live && setInv({ state: 'ok', data: invitation }),
      (e: unknown) =>
        live &&
        setInv(
          e instanceof ApiError && e.status === 404
            ? { state: 'gone' }
            : { state: 'error', message: e instanceof Error ? e.message : String(e) },
        ),
    );
    return () => {
      live = false;
    };
  }, [token]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (inv.state !== 'ok') return;
    setProblem(null);
    const errs: typeof errors = {};
    if (password.length < 12) errs.password = tr('At least 12 characters.', 'Minstens 12 tekens.');
    if (repeat !== password) errs.repeat = tr('The two passwords differ.', 'De twee wachtwoorden verschillen.');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      await data(api.POST('/invitations/{token}', { params: { path: { token } }, body: { password } }));
      setToken(null);
      await login(inv.data.email, password);
      navigate('/console', true);
      onSignedIn();
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setInv({ state: 'gone' });
      else setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

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
        <h1>{tr('Choose your password', 'Kies uw wachtwoord')}</h1>
        {inv.state === 'loading' ? (
          <p role="status">{tr('Loading…', 'Laden…')}</p>
        ) : inv.state === 'gone' ? (
          <p className="alert" role="alert">
            {tr(
              'This invitation link no longer works: it was used, replaced by a newer one, or has expired. Ask your administrator for a new invitation.',
              'Deze uitnodigingslink werkt niet meer: hij is gebruikt, vervangen door een nieuwere, of verlopen. Vraag uw beheerder om een nieuwe uitnodiging.',
            )}
          </p>
        ) : inv.state === 'error' ? (
          <p className="alert" role="alert">
            {inv.message}
          </p>
        ) : (
          <form onSubmit={(e) => void submit(e)} noValidate>
            <p>
              {tr(`Welcome, ${inv.data.name}. You sign in as`, `Welkom, ${inv.data.name}. U logt in als`)} <strong>{inv.data.email}</strong>
              .
            </p>
            {problem ? (
              <p className="alert" role="alert">
                {problem}
              </p>
            ) : null}
            <label htmlFor="invite-password">{tr('New password', 'Nieuw wachtwoord')}</label>
            <input
              id="invite-password"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={errors.password ? true : undefined}
              aria-describedby={errors.password ? 'invite-password-err invite-password-hint' : 'invite-password-hint'}
            />
            <p className="hint" id="invite-password-hint">
              {tr('At least 12 characters; a few words make a good one.', 'Minstens 12 tekens; een paar woorden zijn een goed wachtwoord.')}
            </p>
            {errors.password ? (
              <p className="field-error" id="invite-password-err">
                {errors.password}
              </p>
            ) : null}
            <label htmlFor="invite-repeat">{tr('Repeat the password', 'Herhaal het wachtwoord')}</label>
            <input
              id="invite-repeat"
              type="password"
              autoComplete="new-password"
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
              aria-invalid={errors.repeat ? true : undefined}
              aria-describedby={errors.repeat ? 'invite-repeat-err' : undefined}
            />
            {errors.repeat ? (
              <p className="field-error" id="invite-repeat-err">
                {errors.repeat}
              </p>
            ) : null}
            <button type="submit" className="btn primary" disabled={busy}>
              {busy ? tr('Saving…', 'Opslaan…') : tr('Set password and sign in', 'Wachtwoord instellen en inloggen')}
            </button>
          </form>
        )}
      </main>
    </div>
  );
}
