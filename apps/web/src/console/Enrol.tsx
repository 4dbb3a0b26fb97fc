// Enrolment: a form generated from the study definition (GET /studies/{study}): site, every
// eligibility criterion as a yes/no question, consent, birth year, sex, cohort or planned anchor date
// where the study has one, and contact details. A refusal names the failing criteria in words, next
// to them and in an alert; nothing typed is lost. Success opens the new participant's page.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, enc, get, post } from './api';
import type { StudyContext } from './Console';
import { useLang, useTr, type Tr } from './i18n';
import { ErrorNote, humanise, Link, navigate } from './ui';

/** What enrolment reads from GET /studies/{study}. */
export interface EnrolStudy {
  code: string;
  languages: string[];
  anchor: { kind: string };
  requiresPlannedAnchorDate: boolean;
  ageRange?: { min: number; max?: number };
  cohorts?: string[];
  eligibility: Array<{ id: string; kind: 'inclusion' | 'exclusion'; text: string }>;
}

interface StudySite {
  siteCode: string;
  name: string;
}

interface Values {
  siteCode: string;
  eligibility: Record<string, boolean | undefined>;
  consentDate: string;
  consentVersion: string;
  birthYear: string;
  sex: '' | 'female' | 'male';
  cohort: string;
  plannedAnchorDate: string;
  email: string;
  phone: string;
  language: string;
}

/** Field keys as the API names them (`eligibility.<id>`, `consent.date`, …) → message in words. */
type Errors = Record<string, string>;

const LANGUAGE_NAMES: Record<string, string> = { nl: 'Nederlands', en: 'English' };

/** Who may enrol: the API's SITE_STAFF. */
export function canEnrol(study: StudyContext): boolean {
  return !study.locked && study.roles.some((r) => r === 'admin' || r === 'coordinator' || r === 'investigator');
}

const errId = (key: string) => `err-${key.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

function anchorName(tr: Tr, kind: string): string {
  if (kind === 'injection') return tr('Planned injection date', 'Geplande injectiedatum');
  if (kind === 'surgery') return tr('Planned surgery date', 'Geplande operatiedatum');
  return tr(`Planned ${humanise(kind).toLowerCase()} date`, `Geplande datum (${kind})`);
}

/** The form's labels by API field key, to name a refused field in words (never "birthYear"). */
function fieldNames(tr: Tr, def: EnrolStudy): Record<string, string> {
  return {
    siteCode: tr('Site', 'Centrum'),
    'consent.date': tr('Date of consent', 'Datum van toestemming'),
    'consent.version': tr('Consent form version', 'Versie toestemmingsformulier'),
    birthYear: tr('Birth year', 'Geboortejaar'),
    sex: tr('Sex', 'Geslacht'),
    cohort: tr('Cohort', 'Cohort'),
    plannedAnchorDate: anchorName(tr, def.anchor.kind),
    'contact.email': tr('Email address', 'E-mailadres'),
    'contact.phone': tr('Phone number', 'Telefoonnummer'),
    'contact.language': tr('Language', 'Taal'),
    ...Object.fromEntries(def.eligibility.map((c) => [`eligibility.${c.id}`, c.text])),
  };
}

/** A refusal's field errors in words, in the console's language where the reason is known. */
function refusalMessages(tr: Tr, def: EnrolStudy, problem: ApiError): Errors {
  const list = Array.isArray(problem.problem?.errors) ? (problem.problem.errors as Array<{ field?: string; message?: string }>) : [];
  const errors: Errors = {};
  for (const e of list) {
    const field = String(e.field ?? '');
    const message = String(e.message ?? '');
    const criterion = field.startsWith('eligibility.') ? def.eligibility.find((c) => `eligibility.${c.id}` === field) : undefined;
    if (criterion && problem.status === 422) {
      errors[field] =
        criterion.kind === 'inclusion'
          ? tr(`Inclusion criterion not met: ${criterion.text}`, `Niet voldaan aan inclusiecriterium: ${criterion.text}`)
          : tr(`Exclusion criterion applies: ${criterion.text}`, `Exclusiecriterium van toepassing: ${criterion.text}`);
    } else if (field === 'birthYear' && problem.status === 422 && def.ageRange) {
      const range = `${def.ageRange.min}–${def.ageRange.max ?? '…'}`;
      errors[field] = tr(
        `Age at consent is outside ${range} years (${message.replace(/^age at consent /, '')})`,
        `Leeftijd bij toestemming valt buiten ${range} jaar`,
      );
    } else {
      errors[field || 'form'] = message || problem.message;
    }
  }
  return errors;
}

export function EnrolPage({ study }: { study: StudyContext }) {
  const tr = useTr();
  const [def, setDef] = useState<EnrolStudy | null>(null);
  const [sites, setSites] = useState<StudySite[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([get<EnrolStudy>(`/studies/${enc(study.code)}`), get<StudySite[]>(`/studies/${enc(study.code)}/sites`)]).then(
      ([d, s]) => {
        if (!live) return;
        setDef(d);
        setSites(s);
      },
      (e: unknown) => live && setLoadError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [study.code]);

  const head = (
    <>
      <nav className="crumbs" aria-label={tr('Breadcrumb', 'Kruimelpad')}>
        <Link to={`/console/${study.code}/participants`}>{tr('Participants', 'Deelnemers')}</Link> <span aria-hidden="true">›</span>{' '}
        <span>{tr('Enrol participant', 'Deelnemer inschrijven')}</span>
      </nav>
      <div className="page-head">
        <div>
          <p className="eyebrow">{study.code}</p>
          <h1>{tr('Enrol participant', 'Deelnemer inschrijven')}</h1>
        </div>
        {study.siteCode ? <p className="scope">{tr(`Site ${study.siteCode}`, `Centrum ${study.siteCode}`)}</p> : null}
      </div>
    </>
  );
  if (!canEnrol(study))
    return (
      <>
        {head}
        <ErrorNote
          message={
            study.locked
              ? tr('The study is locked; it does not enrol.', 'De studie is vergrendeld; er kan niet worden ingeschreven.')
              : tr('Your role cannot enrol participants.', 'Uw rol mag geen deelnemers inschrijven.')
          }
        />
      </>
    );
  if (loadError)
    return (
      <>
        {head}
        <ErrorNote message={loadError} />
      </>
    );
  if (!def || !sites)
    return (
      <>
        {head}
        <p className="page-status" role="status">
          {tr('Loading…', 'Laden…')}
        </p>
      </>
    );
  return (
    <>
      {head}
      <EnrolForm study={study} def={def} sites={sites} />
    </>
  );
}

function EnrolForm({ study, def, sites }: { study: StudyContext; def: EnrolStudy; sites: StudySite[] }) {
  const tr = useTr();
  const { lang } = useLang();
  const choosable = study.siteCode ? sites.filter((s) => s.siteCode === study.siteCode) : sites;
  const [values, setValues] = useState<Values>(() => ({
    siteCode: study.siteCode ?? (choosable.length === 1 ? choosable[0].siteCode : ''),
    eligibility: {},
    consentDate: '',
    consentVersion: '',
    birthYear: '',
    sex: '',
    cohort: '',
    plannedAnchorDate: '',
    email: '',
    phone: '',
    language: def.languages.includes(lang) ? lang : (def.languages[0] ?? 'en'),
  }));
  const [errors, setErrors] = useState<Errors>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);
  const names = fieldNames(tr, def);

  const set = <K extends keyof Values>(key: K, value: Values[K], errorKey: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    if (errors[errorKey])
      setErrors((e) => {
        const rest = { ...e };
        delete rest[errorKey];
        return rest;
      });
  };

  const localErrors = (): Errors => {
    const e: Errors = {};
    const required = tr('Required', 'Verplicht');
    if (!values.siteCode) e.siteCode = tr('Choose the site', 'Kies het centrum');
    for (const c of def.eligibility)
      if (values.eligibility[c.id] === undefined) e[`eligibility.${c.id}`] = tr('Answer yes or no', 'Beantwoord met ja of nee');
    if (!values.consentDate) e['consent.date'] = required;
    if (!values.consentVersion.trim()) e['consent.version'] = required;
    if (!/^\d{4}$/.test(values.birthYear.trim())) e.birthYear = tr('Enter a year, such as 1980', 'Vul een jaartal in, zoals 1980');
    if (!values.sex) e.sex = tr('Choose female or male', 'Kies vrouw of man');
    if (def.cohorts?.length && !values.cohort) e.cohort = tr('Choose the cohort', 'Kies het cohort');
    if (def.requiresPlannedAnchorDate && !values.plannedAnchorDate) e.plannedAnchorDate = required;
    return e;
  };

  const show = (e: Errors, lead: string) => {
    setErrors(e);
    setSummary(lead);
    requestAnimationFrame(() => alertRef.current?.focus());
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const local = localErrors();
    if (Object.keys(local).length) {
      show(local, tr('Please complete the form:', 'Vul het formulier aan:'));
      return;
    }
    const email = values.email.trim();
    const phone = values.phone.trim();
    const body = {
      siteCode: values.siteCode,
      eligibility: values.eligibility,
      consent: { date: values.consentDate, version: values.consentVersion.trim() },
      birthYear: Number(values.birthYear),
      sex: values.sex,
      ...(def.cohorts?.length ? { cohort: values.cohort } : {}),
      ...(def.requiresPlannedAnchorDate ? { plannedAnchorDate: values.plannedAnchorDate } : {}),
      prefillForms: true,
      ...(email || phone ? { contact: { ...(email ? { email } : {}), ...(phone ? { phone } : {}), language: values.language } } : {}),
    };
    setBusy(true);
    try {
      const r = await post<{ id: string; label: string }>(`/studies/${enc(study.code)}/participants`, body);
      navigate(`/console/${study.code}/participants/${r.id}`);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 400 || e.status === 422)) {
        const refused = refusalMessages(tr, def, e);
        show(
          Object.keys(refused).length ? refused : { form: e.message },
          e.status === 422
            ? tr('Not eligible. The participant was not enrolled:', 'Niet geschikt. De deelnemer is niet ingeschreven:')
            : tr('Please correct the form:', 'Verbeter het formulier:'),
        );
      } else {
        show({ form: e instanceof Error ? e.message : String(e) }, tr('Enrolment failed:', 'Inschrijven mislukt:'));
      }
    } finally {
      setBusy(false);
    }
  };

  const invalid = (key: string) => (errors[key] ? { 'aria-invalid': true as const, 'aria-describedby': errId(key) } : {});
  const fieldError = (key: string) =>
    errors[key] ? (
      <p className="field-error" id={errId(key)}>
        {errors[key]}
      </p>
    ) : null;

  const criteria = (kind: 'inclusion' | 'exclusion') => def.eligibility.filter((c) => c.kind === kind);
  const yesNo = (c: EnrolStudy['eligibility'][number]) => {
    const key = `eligibility.${c.id}`;
    const answer = values.eligibility[c.id];
    const pick = (v: boolean) => set('eligibility', { ...values.eligibility, [c.id]: v }, key);
    return (
      <fieldset key={c.id} className={`yes-no${errors[key] ? ' invalid' : ''}`} data-criterion={c.id} {...invalid(key)}>
        <legend>{c.text}</legend>
        <label>
          <input type="radio" name={`crit-${c.id}`} checked={answer === true} onChange={() => pick(true)} {...invalid(key)} />
          {tr('Yes', 'Ja')}
        </label>
        <label>
          <input type="radio" name={`crit-${c.id}`} checked={answer === false} onChange={() => pick(false)} {...invalid(key)} />
          {tr('No', 'Nee')}
        </label>
        {fieldError(key)}
      </fieldset>
    );
  };

  const errorList = Object.entries(errors);
  return (
    <form className="enrol-form" onSubmit={(e) => void submit(e)} noValidate>
      {summary && errorList.length ? (
        <div className="alert enrol-alert" role="alert" tabIndex={-1} ref={alertRef}>
          <p>{summary}</p>
          <ul>
            {errorList.map(([key, message]) => (
              <li key={key}>
                {key === 'form' || message.includes(names[key] ?? '\u0000') ? message : `${names[key] ?? humanise(key)}: ${message}`}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <section className="panel" aria-labelledby="enrol-site-h">
        <header className="panel-head">
          <h2 id="enrol-site-h">{tr('Enrolling site', 'Inschrijvend centrum')}</h2>
        </header>
        <div className="field">
          <label htmlFor="enrol-site">{tr('Site', 'Centrum')}</label>
          <select
            id="enrol-site"
            value={values.siteCode}
            onChange={(e) => set('siteCode', e.target.value, 'siteCode')}
            disabled={!!study.siteCode}
            {...invalid('siteCode')}
          >
            {study.siteCode ? null : <option value="">{tr('Choose…', 'Kies…')}</option>}
            {choosable.map((s) => (
              <option key={s.siteCode} value={s.siteCode}>
                {s.siteCode} — {s.name}
              </option>
            ))}
          </select>
          {study.siteCode ? <p className="hint">{tr('You enrol at your own site.', 'U schrijft in bij uw eigen centrum.')}</p> : null}
          {fieldError('siteCode')}
        </div>
      </section>

      {(['inclusion', 'exclusion'] as const).map((kind) =>
        criteria(kind).length ? (
          <section className="panel" key={kind} aria-labelledby={`enrol-${kind}-h`}>
            <header className="panel-head">
              <h2 id={`enrol-${kind}-h`}>
                {kind === 'inclusion' ? tr('Inclusion criteria', 'Inclusiecriteria') : tr('Exclusion criteria', 'Exclusiecriteria')}
              </h2>
            </header>
            <p className="hint">
              {kind === 'inclusion'
                ? tr('Every inclusion criterion must be met.', 'Aan elk inclusiecriterium moet zijn voldaan.')
                : tr('No exclusion criterion may apply.', 'Geen enkel exclusiecriterium mag van toepassing zijn.')}
            </p>
            {criteria(kind).map(yesNo)}
          </section>
        ) : null,
      )}

      <section className="panel" aria-labelledby="enrol-person-h">
        <header className="panel-head">
          <h2 id="enrol-person-h">{tr('Consent and participant', 'Toestemming en deelnemer')}</h2>
        </header>
        <div className="enrol-grid">
          <div className="field">
            <label htmlFor="enrol-consent-date">{names['consent.date']}</label>
            <input
              id="enrol-consent-date"
              type="date"
              value={values.consentDate}
              onChange={(e) => set('consentDate', e.target.value, 'consent.date')}
              {...invalid('consent.date')}
            />
            {fieldError('consent.date')}
          </div>
          <div className="field">
            <label htmlFor="enrol-consent-version">{names['consent.version']}</label>
            <input
              id="enrol-consent-version"
              type="text"
              maxLength={40}
              value={values.consentVersion}
              onChange={(e) => set('consentVersion', e.target.value, 'consent.version')}
              {...invalid('consent.version')}
            />
            {fieldError('consent.version')}
          </div>
          <div className="field">
            <label htmlFor="enrol-birth-year">{names.birthYear}</label>
            <input
              id="enrol-birth-year"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              maxLength={4}
              value={values.birthYear}
              onChange={(e) => set('birthYear', e.target.value, 'birthYear')}
              {...invalid('birthYear')}
            />
            {def.ageRange ? (
              <p className="hint">
                {tr(
                  `Age at consent ${def.ageRange.min}–${def.ageRange.max ?? '…'} years`,
                  `Leeftijd bij toestemming ${def.ageRange.min}–${def.ageRange.max ?? '…'} jaar`,
                )}
              </p>
            ) : null}
            {fieldError('birthYear')}
          </div>
          <fieldset className="yes-no" {...invalid('sex')}>
            <legend>{names.sex}</legend>
            {(
              [
                ['female', tr('Female', 'Vrouw')],
                ['male', tr('Male', 'Man')],
              ] as const
            ).map(([v, label]) => (
              <label key={v}>
                <input type="radio" name="sex" checked={values.sex === v} onChange={() => set('sex', v, 'sex')} {...invalid('sex')} />
                {label}
              </label>
            ))}
            {fieldError('sex')}
          </fieldset>
          {def.cohorts?.length ? (
            <fieldset className="yes-no" {...invalid('cohort')}>
              <legend>{names.cohort}</legend>
              {def.cohorts.map((c) => (
                <label key={c}>
                  <input
                    type="radio"
                    name="cohort"
                    checked={values.cohort === c}
                    onChange={() => set('cohort', c, 'cohort')}
                    {...invalid('cohort')}
                  />
                  {humanise(c)}
                </label>
              ))}
              {fieldError('cohort')}
            </fieldset>
          ) : null}
          {def.requiresPlannedAnchorDate ? (
            <div className="field">
              <label htmlFor="enrol-planned">{names.plannedAnchorDate}</label>
              <input
                id="enrol-planned"
                type="date"
                value={values.plannedAnchorDate}
                onChange={(e) => set('plannedAnchorDate', e.target.value, 'plannedAnchorDate')}
                {...invalid('plannedAnchorDate')}
              />
              {fieldError('plannedAnchorDate')}
            </div>
          ) : null}
        </div>
      </section>

      <section className="panel" aria-labelledby="enrol-contact-h">
        <header className="panel-head">
          <h2 id="enrol-contact-h">{tr('Contact details', 'Contactgegevens')}</h2>
        </header>
        <p className="hint">
          {tr(
            'For questionnaire invitations and reminders. Stored encrypted; optional.',
            'Voor uitnodigingen en herinneringen voor vragenlijsten. Versleuteld bewaard; niet verplicht.',
          )}
        </p>
        <div className="enrol-grid">
          <div className="field">
            <label htmlFor="enrol-email">{names['contact.email']}</label>
            <input
              id="enrol-email"
              type="email"
              autoComplete="off"
              value={values.email}
              onChange={(e) => set('email', e.target.value, 'contact.email')}
              {...invalid('contact.email')}
            />
            {fieldError('contact.email')}
          </div>
          <div className="field">
            <label htmlFor="enrol-phone">{names['contact.phone']}</label>
            <input
              id="enrol-phone"
              type="tel"
              autoComplete="off"
              value={values.phone}
              onChange={(e) => set('phone', e.target.value, 'contact.phone')}
              {...invalid('contact.phone')}
            />
            {fieldError('contact.phone')}
          </div>
          <div className="field">
            <label htmlFor="enrol-language">{names['contact.language']}</label>
            <select
              id="enrol-language"
              value={values.language}
              onChange={(e) => set('language', e.target.value, 'contact.language')}
              {...invalid('contact.language')}
            >
              {def.languages.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LANGUAGE_NAMES[l] ?? l}
                </option>
              ))}
            </select>
            {fieldError('contact.language')}
          </div>
        </div>
      </section>

      <p className="form-actions">
        <button type="submit" className="btn primary" disabled={busy}>
          {tr('Enrol', 'Inschrijven')}
        </button>{' '}
        {busy ? (
          <span role="status" className="muted">
            {tr('Enrolling…', 'Bezig met inschrijven…')}
          </span>
        ) : null}
      </p>
    </form>
  );
}
