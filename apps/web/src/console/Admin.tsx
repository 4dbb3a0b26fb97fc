// Administration (platform admin): sites, users with one-time invitation links, deactivation and
// memberships; per study the sites taking part with their targets, and the study definition read-only.
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, api, data, type IssuedInvitation, type Role, type StudyDetail, type Site, type StudySummary, type UserRow } from './api';
import type { StudyContext } from './Console';
import { useTr, type Tr } from './i18n';
import { Badge, Empty, eventName, Link, Panel, useLoad } from './ui';
import './staff.css';

const ROLES: Array<[Role, string, string]> = [
  ['admin', 'Admin', 'Beheerder'],
  ['data_manager', 'Data manager', 'Datamanager'],
  ['coordinator', 'Coordinator', 'Coördinator'],
  ['investigator', 'Investigator', 'Onderzoeker'],
  ['monitor', 'Monitor', 'Monitor'],
  ['statistician', 'Statistician', 'Statisticus'],
  ['reader', 'Blinded reader (imaging)', 'Geblindeerde beoordelaar (beeldvorming)'],
];
const roleName = (tr: Tr, r: string) => {
  const found = ROLES.find(([id]) => id === r);
  return found ? tr(found[1], found[2]) : r;
};

type Errors = Record<string, string>;

/** Field errors from a 400 problem (`errors: [{field, message}]`), keyed by the last part of the field. */
function problemErrors(e: unknown): Errors {
  const list =
    e instanceof ApiError && Array.isArray(e.problem?.errors) ? (e.problem.errors as Array<{ field: string; message: string }>) : [];
  return Object.fromEntries(list.map((x) => [x.field.split('.').pop() ?? x.field, x.message]));
}

/** A labelled input with its error tied by aria-describedby. */
function Field({
  id,
  label,
  value,
  onChange,
  error,
  type = 'text',
  hint,
  ...rest
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  type?: string;
  hint?: string;
  inputMode?: 'numeric' | 'email' | 'text';
  autoComplete?: string;
  maxLength?: number;
}) {
  const describedBy = [error ? `${id}-err` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...rest}
      />
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-err`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function AdminHead({ section }: { section: 'sites' | 'users' }) {
  const tr = useTr();
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">{tr('Administration', 'Beheer')}</p>
          <h1>{section === 'sites' ? tr('Sites', 'Centra') : tr('Users', 'Gebruikers')}</h1>
        </div>
      </div>
      <nav className="sub-tabs" aria-label={tr('Administration', 'Beheer')}>
        <Link to="/console/admin/sites" current={section === 'sites'}>
          {tr('Sites', 'Centra')}
        </Link>
        <Link to="/console/admin/users" current={section === 'users'}>
          {tr('Users', 'Gebruikers')}
        </Link>
      </nav>
    </>
  );
}

export function AdminPage({ section }: { section: string }) {
  return section === 'users' ? <UsersAdmin /> : <SitesAdmin />;
}

// ----- sites -----

function SitesAdmin() {
  const tr = useTr();
  const [sites, reload] = useLoad(() => data(api.GET('/sites')), []);
  const [form, setForm] = useState({ code: '', name: '', country: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setNote(null);
    const errs: Errors = {};
    if (!/^[A-Z0-9]{2,12}$/.test(form.code))
      errs.code = tr('2–12 capital letters or digits, e.g. LUMC.', '2–12 hoofdletters of cijfers, bijv. LUMC.');
    if (!form.name.trim()) errs.name = tr('Enter the site’s name.', 'Vul de naam van het centrum in.');
    if (!/^[A-Z]{2}$/.test(form.country))
      errs.country = tr('Two capital letters (ISO 3166), e.g. NL.', 'Twee hoofdletters (ISO 3166), bijv. NL.');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      await data(api.POST('/sites', { body: { code: form.code, name: form.name.trim(), country: form.country } }));
      setNote({ ok: true, text: tr(`Site ${form.code} created.`, `Centrum ${form.code} aangemaakt.`) });
      setForm({ code: '', name: '', country: '' });
      reload();
    } catch (err) {
      setErrors(problemErrors(err));
      setNote({
        ok: false,
        text:
          err instanceof ApiError && err.status === 409
            ? tr(`A site with code ${form.code} exists.`, `Er is al een centrum met code ${form.code}.`)
            : err instanceof Error
              ? err.message
              : String(err),
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <AdminHead section="sites" />
      <section className="panel" aria-labelledby="new-site-h">
        <header className="panel-head">
          <h2 id="new-site-h">{tr('New site', 'Nieuw centrum')}</h2>
        </header>
        <form className="staff-form" onSubmit={(e) => void submit(e)} noValidate>
          <div className="staff-grid">
            <Field
              id="site-code"
              label={tr('Site code', 'Centrumcode')}
              value={form.code}
              onChange={(v) => setForm({ ...form, code: v.toUpperCase() })}
              error={errors.code}
              maxLength={12}
              autoComplete="off"
            />
            <Field
              id="site-name"
              label={tr('Name', 'Naam')}
              value={form.name}
              onChange={(v) => setForm({ ...form, name: v })}
              error={errors.name}
            />
            <Field
              id="site-country"
              label={tr('Country', 'Land')}
              value={form.country}
              onChange={(v) => setForm({ ...form, country: v.toUpperCase() })}
              error={errors.country}
              maxLength={2}
              autoComplete="off"
            />
          </div>
          {note ? (
            <p className={note.ok ? 'notice' : 'alert'} role={note.ok ? 'status' : 'alert'}>
              {note.text}
            </p>
          ) : null}
          <p className="form-actions">
            <button type="submit" className="btn primary" disabled={busy}>
              {tr('Create site', 'Centrum aanmaken')}
            </button>
          </p>
        </form>
      </section>
      <Panel title={tr('All sites', 'Alle centra')} id="sites" load={sites}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty>{tr('No sites yet.', 'Nog geen centra.')}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="list">
                <caption className="sr-only">{tr('All sites', 'Alle centra')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{tr('Code', 'Code')}</th>
                    <th scope="col">{tr('Name', 'Naam')}</th>
                    <th scope="col">{tr('Country', 'Land')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((s) => (
                    <tr key={s.code}>
                      <th scope="row">{s.code}</th>
                      <td>{s.name}</td>
                      <td>{s.country}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Panel>
      <p className="muted small">
        {tr(
          'A site takes part in a study, with its recruitment target, from the study’s Setup page.',
          'Een centrum doet mee aan een studie, met zijn wervingsdoel, via de pagina Inrichting van de studie.',
        )}
      </p>
    </>
  );
}

// ----- users -----

interface MembershipDraft {
  study: string;
  role: Role | '';
  siteCode: string;
}

function MembershipFields({
  idPrefix,
  value,
  onChange,
  studies,
  sites,
  errors,
}: {
  idPrefix: string;
  value: MembershipDraft;
  onChange: (v: MembershipDraft) => void;
  studies: StudySummary[];
  sites: Site[];
  errors: Errors;
}) {
  const tr = useTr();
  const err = (k: string) => (errors[k] ? { 'aria-invalid': true as const, 'aria-describedby': `${idPrefix}-${k}-err` } : {});
  const msg = (k: string) =>
    errors[k] ? (
      <p className="field-error" id={`${idPrefix}-${k}-err`}>
        {errors[k]}
      </p>
    ) : null;
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-study`}>{tr('Study', 'Studie')}</label>
        <select
          id={`${idPrefix}-study`}
          value={value.study}
          onChange={(e) => onChange({ ...value, study: e.target.value })}
          {...err('study')}
        >
          <option value="">{tr('Choose…', 'Kies…')}</option>
          {studies.map((s) => (
            <option key={s.code} value={s.code}>
              {s.code}
            </option>
          ))}
        </select>
        {msg('study')}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-role`}>{tr('Role', 'Rol')}</label>
        <select
          id={`${idPrefix}-role`}
          value={value.role}
          onChange={(e) => onChange({ ...value, role: e.target.value as Role })}
          {...err('role')}
        >
          <option value="">{tr('Choose…', 'Kies…')}</option>
          {ROLES.map(([id]) => (
            <option key={id} value={id}>
              {roleName(tr, id)}
            </option>
          ))}
        </select>
        {msg('role')}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-site`}>{tr('Site', 'Centrum')}</label>
        <select
          id={`${idPrefix}-site`}
          value={value.siteCode}
          onChange={(e) => onChange({ ...value, siteCode: e.target.value })}
          {...err('siteCode')}
        >
          <option value="">{tr('Every site', 'Alle centra')}</option>
          {sites.map((s) => (
            <option key={s.code} value={s.code}>
              {s.code} — {s.name}
            </option>
          ))}
        </select>
        {msg('siteCode')}
      </div>
    </>
  );
}

function checkMembership(tr: Tr, m: MembershipDraft): Errors {
  const e: Errors = {};
  if (!m.study) e.study = tr('Choose a study.', 'Kies een studie.');
  if (!m.role) e.role = tr('Choose a role.', 'Kies een rol.');
  return e;
}

const toMembership = (m: MembershipDraft) => ({ study: m.study, role: m.role as Role, ...(m.siteCode ? { siteCode: m.siteCode } : {}) });

function UsersAdmin() {
  const tr = useTr();
  const [users, reload] = useLoad(() => data(api.GET('/users')), []);
  const [studies] = useLoad(() => data(api.GET('/studies')), []);
  const [sites] = useLoad(() => data(api.GET('/sites')), []);
  const [form, setForm] = useState({ email: '', name: '' });
  const [membership, setMembership] = useState<MembershipDraft>({ study: '', role: '', siteCode: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [issued, setIssued] = useState<IssuedInvitation | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const errs: Errors = {};
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim())) errs.email = tr('Enter an email address.', 'Vul een e-mailadres in.');
    if (!form.name.trim()) errs.name = tr('Enter the person’s name.', 'Vul de naam in.');
    const hasMembership = membership.study || membership.role || membership.siteCode;
    if (hasMembership) Object.assign(errs, checkMembership(tr, membership));
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const r = await data(
        api.POST('/users/invitations', {
          body: { email: form.email.trim(), name: form.name.trim(), memberships: hasMembership ? [toMembership(membership)] : [] },
        }),
      );
      setIssued(r);
      setForm({ email: '', name: '' });
      setMembership({ study: '', role: '', siteCode: '' });
      reload();
    } catch (err) {
      setErrors(problemErrors(err));
      setProblem(
        err instanceof ApiError && err.status === 409
          ? tr('A user with this email address exists.', 'Er is al een gebruiker met dit e-mailadres.')
          : err instanceof Error
            ? err.message
            : String(err),
      );
    } finally {
      setBusy(false);
    }
  };

  const ready = studies.state === 'ok' && sites.state === 'ok';

  return (
    <>
      <AdminHead section="users" />
      <section className="panel" aria-labelledby="invite-h">
        <header className="panel-head">
          <h2 id="invite-h">{tr('Invite a user', 'Een gebruiker uitnodigen')}</h2>
        </header>
        <p className="hint">
          {tr(
            'The new user gets an email with a one-time link, valid for 7 days, to choose their own password.',
            'De nieuwe gebruiker krijgt een e-mail met een eenmalige link, 7 dagen geldig, om zelf een wachtwoord te kiezen.',
          )}
        </p>
        <form className="staff-form" onSubmit={(e) => void submit(e)} noValidate>
          <div className="staff-grid">
            <Field
              id="user-email"
              type="email"
              label={tr('Email address', 'E-mailadres')}
              value={form.email}
              onChange={(v) => setForm({ ...form, email: v })}
              error={errors.email}
              autoComplete="off"
            />
            <Field
              id="user-name"
              label={tr('Name', 'Naam')}
              value={form.name}
              onChange={(v) => setForm({ ...form, name: v })}
              error={errors.name}
            />
          </div>
          <fieldset className="staff-radios">
            <legend>{tr('First membership (optional)', 'Eerste lidmaatschap (optioneel)')}</legend>
            <div className="staff-grid">
              {ready ? (
                <MembershipFields
                  idPrefix="invite-m"
                  value={membership}
                  onChange={setMembership}
                  studies={studies.data}
                  sites={sites.data}
                  errors={errors}
                />
              ) : null}
            </div>
          </fieldset>
          {problem ? (
            <p className="alert" role="alert">
              {problem}
            </p>
          ) : null}
          <p className="form-actions">
            <button type="submit" className="btn primary" disabled={busy}>
              {tr('Invite user', 'Gebruiker uitnodigen')}
            </button>
          </p>
        </form>
        {issued ? <IssuedLink issued={issued} /> : null}
      </section>
      <Panel title={tr('All users', 'Alle gebruikers')} id="users" load={users}>
        {(rows) => (
          <ul className="user-list">
            {rows.map((u) => (
              <UserItem
                key={u.id}
                user={u}
                studies={studies.state === 'ok' ? studies.data : []}
                sites={sites.state === 'ok' ? sites.data : []}
                onChanged={reload}
                onIssued={setIssued}
              />
            ))}
          </ul>
        )}
      </Panel>
    </>
  );
}

function IssuedLink({ issued }: { issued: IssuedInvitation }) {
  const tr = useTr();
  const [copied, setCopied] = useState(false);
  return (
    <div className="notice" role="status" data-invitation={issued.userId}>
      <p>
        {issued.emailed
          ? tr(`An invitation was emailed to ${issued.email}.`, `Er is een uitnodiging gemaild naar ${issued.email}.`)
          : tr(
              `Invitation for ${issued.email} created. No email left this server (mail is not configured): give the link to the user yourself.`,
              `Uitnodiging voor ${issued.email} gemaakt. Er is geen e-mail verstuurd (e-mail is niet ingesteld): geef de link zelf aan de gebruiker.`,
            )}
      </p>
      <p className="invite-link">
        <a href={issued.link} data-testid="invitation-link">
          {issued.link}
        </a>
        <button
          type="button"
          className="btn"
          onClick={() =>
            void navigator.clipboard?.writeText(issued.link).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {tr('Copy invitation link', 'Uitnodigingslink kopiëren')}
        </button>
        {copied ? <span>{tr('Copied.', 'Gekopieerd.')}</span> : null}
      </p>
      <p className="muted small">
        {tr(
          `The link works once, until ${issued.expiresAt.slice(0, 10)}. It is not shown again.`,
          `De link werkt één keer, tot ${issued.expiresAt.slice(0, 10)}. Hij wordt niet opnieuw getoond.`,
        )}
      </p>
    </div>
  );
}

function UserItem({
  user,
  studies,
  sites,
  onChanged,
  onIssued,
}: {
  user: UserRow;
  studies: StudySummary[];
  sites: Site[];
  onChanged: () => void;
  onIssued: (i: IssuedInvitation) => void;
}) {
  const tr = useTr();
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState<MembershipDraft>({ study: '', role: '', siteCode: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const idp = `u-${user.id.slice(0, 8)}`;

  const run = async (fn: () => Promise<unknown>) => {
    setProblem(null);
    setBusy(true);
    try {
      await fn();
      onChanged();
      return true;
    } catch (err) {
      setErrors(problemErrors(err));
      setProblem(err instanceof Error ? err.message : String(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const current = user.memberships.map((m) => ({ study: m.study, role: m.role as Role, ...(m.siteCode ? { siteCode: m.siteCode } : {}) }));

  const addMembership = async (e: FormEvent) => {
    e.preventDefault();
    const errs = checkMembership(tr, draft);
    setErrors(errs);
    if (Object.keys(errs).length) return;
    if (
      await run(() =>
        data(api.PATCH('/users/{id}', { params: { path: { id: user.id } }, body: { memberships: [...current, toMembership(draft)] } })),
      )
    ) {
      setAdding(false);
      setDraft({ study: '', role: '', siteCode: '' });
    }
  };

  const membershipText = (m: UserRow['memberships'][number]) =>
    `${m.study} · ${roleName(tr, m.role)}${m.siteCode ? ` · ${m.siteCode}` : ` · ${tr('every site', 'alle centra')}`}`;

  return (
    <li className="user-item panel" data-user={user.email}>
      <div className="q-head">
        <h3>
          {user.name} <span className="muted small">{user.email}</span>
        </h3>
        {user.isAdmin ? <Badge value="admin" tone="info" /> : null}
        <Badge value={user.active ? 'active' : 'inactive'} tone={user.active ? 'good' : 'muted'} />
        {user.invitation ? (
          <span className="muted small">
            {tr('Invitation', 'Uitnodiging')}:{' '}
            {user.invitation.state === 'pending'
              ? tr(`open until ${user.invitation.expiresAt.slice(0, 10)}`, `open tot ${user.invitation.expiresAt.slice(0, 10)}`)
              : user.invitation.state === 'used'
                ? tr('accepted', 'geaccepteerd')
                : user.invitation.state === 'expired'
                  ? tr('expired', 'verlopen')
                  : tr('replaced', 'vervangen')}
          </span>
        ) : null}
      </div>
      {user.memberships.length ? (
        <ul className="memberships" aria-label={tr(`Memberships of ${user.name}`, `Lidmaatschappen van ${user.name}`)}>
          {user.memberships.map((m, i) => (
            <li key={`${m.study}-${m.role}-${m.siteCode ?? ''}`}>
              {membershipText(m)}{' '}
              <button
                type="button"
                className="link-btn"
                disabled={busy}
                onClick={() =>
                  void run(() =>
                    data(
                      api.PATCH('/users/{id}', {
                        params: { path: { id: user.id } },
                        body: { memberships: current.filter((_, k) => k !== i) },
                      }),
                    ),
                  )
                }
              >
                {tr(`Remove ${membershipText(m)}`, `${membershipText(m)} verwijderen`)}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">{tr('No memberships.', 'Geen lidmaatschappen.')}</p>
      )}
      <p className="head-actions">
        <button type="button" className="btn" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>
          {tr(`Add membership for ${user.name}`, `Lidmaatschap toevoegen voor ${user.name}`)}
        </button>{' '}
        {user.active && user.invitation?.state !== 'used' ? (
          <button
            type="button"
            className="btn ghost"
            disabled={busy}
            onClick={() =>
              void run(async () => onIssued(await data(api.POST('/users/{id}/invitation', { params: { path: { id: user.id } } }))))
            }
          >
            {tr('Resend invitation', 'Uitnodiging opnieuw sturen')}
          </button>
        ) : null}{' '}
        <button
          type="button"
          className="btn ghost"
          disabled={busy}
          onClick={() =>
            void run(() => data(api.PATCH('/users/{id}', { params: { path: { id: user.id } }, body: { active: !user.active } })))
          }
        >
          {user.active ? tr(`Deactivate ${user.name}`, `${user.name} deactiveren`) : tr(`Activate ${user.name}`, `${user.name} activeren`)}
        </button>
      </p>
      {adding ? (
        <form className="staff-form" onSubmit={(e) => void addMembership(e)} noValidate>
          <div className="staff-grid">
            <MembershipFields idPrefix={idp} value={draft} onChange={setDraft} studies={studies} sites={sites} errors={errors} />
          </div>
          <p className="form-actions">
            <button type="submit" className="btn primary" disabled={busy}>
              {tr('Add membership', 'Lidmaatschap toevoegen')}
            </button>
          </p>
        </form>
      ) : null}
      {problem ? (
        <p className="alert" role="alert">
          {problem}
        </p>
      ) : null}
    </li>
  );
}

// ----- per study: sites with targets, and the definition -----

export function StudySetupPage({ study }: { study: StudyContext }) {
  const tr = useTr();
  const [studySites, reload] = useLoad(
    () => data(api.GET('/studies/{study}/sites', { params: { path: { study: study.code } } })),
    [study.code],
  );
  const [sites] = useLoad(() => data(api.GET('/sites')), []);
  const [definition] = useLoad(() => data(api.GET('/studies/{study}', { params: { path: { study: study.code } } })), [study.code]);
  const [form, setForm] = useState({ siteCode: '', target: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const taking = studySites.state === 'ok' ? new Set(studySites.data.map((s) => s.siteCode)) : new Set<string>();
  const free = sites.state === 'ok' ? sites.data.filter((s) => !taking.has(s.code)) : [];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setNote(null);
    const errs: Errors = {};
    if (!form.siteCode) errs.siteCode = tr('Choose a site.', 'Kies een centrum.');
    if (form.target && !/^\d+$/.test(form.target.trim())) errs.target = tr('A whole number, or empty.', 'Een geheel getal, of leeg.');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      await data(
        api.POST('/studies/{study}/sites', {
          params: { path: { study: study.code } },
          body: { siteCode: form.siteCode, ...(form.target ? { target: Number(form.target) } : {}) },
        }),
      );
      setNote({ ok: true, text: tr(`${form.siteCode} takes part in ${study.code}.`, `${form.siteCode} doet mee aan ${study.code}.`) });
      setForm({ siteCode: '', target: '' });
      reload();
    } catch (err) {
      setErrors(problemErrors(err));
      setNote({ ok: false, text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">{study.code}</p>
          <h1>{tr('Study setup', 'Inrichting van de studie')}</h1>
        </div>
      </div>
      <Panel title={tr('Sites taking part', 'Deelnemende centra')} id="study-sites" load={studySites}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty>{tr('No site takes part yet.', 'Nog geen centrum doet mee.')}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="list">
                <caption className="sr-only">{tr('Sites taking part', 'Deelnemende centra')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{tr('Site', 'Centrum')}</th>
                    <th scope="col">{tr('Name', 'Naam')}</th>
                    <th scope="col" className="num">
                      {tr('Target', 'Doel')}
                    </th>
                    <th scope="col" className="num">
                      {tr('Enrolled', 'Ingeschreven')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((s) => (
                    <tr key={s.siteCode}>
                      <th scope="row">{s.siteCode}</th>
                      <td>
                        {s.name} <span className="muted small">{s.country}</span>
                      </td>
                      <td className="num">{s.target ?? '—'}</td>
                      <td className="num">{s.enrolled}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Panel>
      {study.roles.includes('admin') ? (
        <section className="panel" aria-labelledby="add-site-h">
          <header className="panel-head">
            <h2 id="add-site-h">{tr('Add a site to this study', 'Een centrum aan deze studie toevoegen')}</h2>
          </header>
          <form className="staff-form" onSubmit={(e) => void submit(e)} noValidate>
            <div className="staff-grid">
              <div className="field">
                <label htmlFor="ss-site">{tr('Site', 'Centrum')}</label>
                <select
                  id="ss-site"
                  value={form.siteCode}
                  onChange={(e) => setForm({ ...form, siteCode: e.target.value })}
                  aria-invalid={errors.siteCode ? true : undefined}
                  aria-describedby={errors.siteCode ? 'ss-site-err' : undefined}
                >
                  <option value="">{tr('Choose…', 'Kies…')}</option>
                  {free.map((s) => (
                    <option key={s.code} value={s.code}>
                      {s.code} — {s.name}
                    </option>
                  ))}
                </select>
                {errors.siteCode ? (
                  <p className="field-error" id="ss-site-err">
                    {errors.siteCode}
                  </p>
                ) : null}
              </div>
              <Field
                id="ss-target"
                label={tr('Recruitment target (optional)', 'Wervingsdoel (optioneel)')}
                value={form.target}
                onChange={(v) => setForm({ ...form, target: v })}
                error={errors.target}
                inputMode="numeric"
                autoComplete="off"
              />
            </div>
            {note ? (
              <p className={note.ok ? 'notice' : 'alert'} role={note.ok ? 'status' : 'alert'}>
                {note.text}
              </p>
            ) : null}
            <p className="form-actions">
              <button type="submit" className="btn primary" disabled={busy}>
                {tr('Add site', 'Centrum toevoegen')}
              </button>
            </p>
          </form>
        </section>
      ) : null}
      <Panel title={tr('Study definition', 'Studiedefinitie')} id="definition" load={definition} className="definition">
        {(d) => <Definition d={d} />}
      </Panel>
    </>
  );
}

type StudyDefinitionView = StudyDetail;

function Definition({ d }: { d: StudyDefinitionView }) {
  const tr = useTr();
  const formTitle = (id: string) => d.forms.find((f) => f.id === id)?.title ?? id;
  const section = (id: string, title: string, body: ReactNode) => (
    <section aria-labelledby={`def-${id}-h`}>
      <h3 id={`def-${id}-h`}>{title}</h3>
      {body}
    </section>
  );
  return (
    <>
      <dl>
        <dt>{tr('Title', 'Titel')}</dt>
        <dd>{d.title}</dd>
        <dt>{tr('Design', 'Opzet')}</dt>
        <dd>{d.design === 'rct' ? tr('Randomised trial', 'Gerandomiseerde studie') : tr('Cohort', 'Cohort')}</dd>
        <dt>{tr('Time zone', 'Tijdzone')}</dt>
        <dd>{d.timeZone}</dd>
        {d.target ? (
          <>
            <dt>{tr('Target', 'Doel')}</dt>
            <dd>{d.target}</dd>
          </>
        ) : null}
      </dl>
      {d.arms?.length
        ? section(
            'arms',
            tr('Arms', 'Armen'),
            <ul>
              {d.arms.map((a) => (
                <li key={a.code}>
                  <strong>{a.code}</strong> — {a.title}
                  {a.ratio ? ` (${tr('ratio', 'ratio')} ${a.ratio})` : ''}
                </li>
              ))}
            </ul>,
          )
        : null}
      {d.randomisation
        ? section(
            'strata',
            tr('Randomisation and strata', 'Randomisatie en strata'),
            <>
              <p>
                {tr('Method', 'Methode')}: <code>{d.randomisation.method}</code>.{' '}
                {tr('The site is always a stratum.', 'Het centrum is altijd een stratum.')}
              </p>
              <ul>
                {d.randomisation.factors.map((f) => (
                  <li key={f.id}>
                    <strong>{f.label ?? f.id}</strong> <code className="muted small">{f.id}</code>: {f.options.join(', ')}
                  </li>
                ))}
              </ul>
            </>,
          )
        : null}
      {section(
        'schedule',
        tr('Schedule', 'Schema'),
        <div className="table-wrap">
          <table className="list">
            <caption className="sr-only">{tr('Schedule', 'Schema')}</caption>
            <thead>
              <tr>
                <th scope="col">{tr('Time point', 'Tijdstip')}</th>
                <th scope="col" className="num">
                  {tr('Day', 'Dag')}
                </th>
                <th scope="col">{tr('Window (days)', 'Venster (dagen)')}</th>
                <th scope="col">{tr('Forms', 'Formulieren')}</th>
                <th scope="col">{tr('Questionnaires', 'Vragenlijsten')}</th>
              </tr>
            </thead>
            <tbody>
              {d.schedule.map((e) => (
                <tr key={e.id}>
                  <th scope="row">{e.title ?? eventName(e.id)}</th>
                  <td className="num">{e.offsetDays}</td>
                  <td>
                    −{e.windowBefore} / +{e.windowAfter}
                  </td>
                  <td>{e.forms.map(formTitle).join(', ') || '—'}</td>
                  <td>{e.instruments.join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>,
      )}
      {section(
        'forms',
        tr('Forms', 'Formulieren'),
        d.forms.map((f) => (
          <details key={f.id}>
            <summary>
              {f.title}{' '}
              <span className="muted small">
                ({tr(`${f.fields.length} fields`, `${f.fields.length} velden`)}
                {f.repeating ? `, ${tr('repeating', 'herhalend')}` : ''}
                {f.arms?.length ? `, ${tr('arms', 'armen')} ${f.arms.join(', ')}` : ''})
              </span>
            </summary>
            <div className="table-wrap">
              <table className="list">
                <caption className="sr-only">{f.title}</caption>
                <thead>
                  <tr>
                    <th scope="col">{tr('Field', 'Veld')}</th>
                    <th scope="col">{tr('Label', 'Label')}</th>
                    <th scope="col">{tr('Type', 'Type')}</th>
                    <th scope="col">{tr('Required', 'Verplicht')}</th>
                    <th scope="col">{tr('Values', 'Waarden')}</th>
                  </tr>
                </thead>
                <tbody>
                  {f.fields.map((x) => (
                    <tr key={x.id}>
                      <th scope="row">
                        <code>{x.id}</code>
                      </th>
                      <td>{x.label ?? ''}</td>
                      <td>{x.type}</td>
                      <td>{x.required ? tr('yes', 'ja') : tr('no', 'nee')}</td>
                      <td>
                        {x.options?.length
                          ? x.options.map((o) => `${o.code} = ${o.label}`).join('; ')
                          : x.min !== undefined || x.max !== undefined
                            ? `${x.min ?? '…'}–${x.max ?? '…'}`
                            : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        )),
      )}
      <p className="muted small">
        {tr(
          'The definition is data in the code (one file per study): it is changed by a release, not here.',
          'De definitie is data in de code (één bestand per studie): zij verandert met een release, niet hier.',
        )}
      </p>
    </>
  );
}
