// Enrolment: a form generated from the study definition (GET /studies/{study}): site, every
// eligibility criterion as a yes/no question, consent, birth year, sex, cohort or planned anchor date
// where the study has one, and contact details. A refusal names the failing criteria in words, next
// to them and in an alert; nothing typed is lost. Success opens the new participant's page.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, api, data, type Schemas, type StudyDetail } from './api';
import type { StudyContext } from './Console';
import { can } from './permissions';
import { useLang, useTr, type Tr } from './i18n';
import { ErrorNote, humanise, Link, navigate } from './ui';

/** What enrolment reads from GET /studies/{study}. */
export type EnrolStudy = Pick<
  StudyDetail,
  'code' | 'languages' | 'anchor' | 'requiresPlannedAnchorDate' | 'ageRange' | 'cohorts' | 'eligibility'
>;

type StudySite = Schemas['StudySiteDto'];

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

/** One line of the alert: a reason in words and the fields it is about (it goes when they are corrected). */
interface Item {
  keys: string[];
  text: string;
}

const LANGUAGE_NAMES: Record<string, string> = { nl: 'Nederlands', en: 'English' };

/** Who may enrol: the `enrol` permission of GET /me. */
export function canEnrol(study: StudyContext): boolean {
  return !study.locked && can(study, 'enrol');
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

/** The study's age criterion among the eligibility questions ("Age 18 to 55 years"), by its id. */
function ageCriterion(def: EnrolStudy): EnrolStudy['eligibility'][number] | undefined {
  return def.eligibility.find((c) => c.kind === 'inclusion' && /(^|_)age(_|$)/.test(c.id));
}

/** Dutch (and capitals) for the API's own field messages on enrolment (ParticipantsService). */
function apiMessage(tr: Tr, message: string): string {
  let m: RegExpExecArray | null;
  if (message === 'must not be in the future') return tr('Must not be in the future', 'Mag niet in de toekomst liggen');
  if (message === 'must be a real date YYYY-MM-DD') return tr('Enter a real date', 'Vul een bestaande datum in');
  if ((m = /^must be between (\d+) and (\d+)$/.exec(message)))
    return tr(`Must be between ${m[1]} and ${m[2]}`, `Moet tussen ${m[1]} en ${m[2]} liggen`);
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** Why the age at consent refuses: the age (two values, from the birth year) against the study's range, naming the age criterion once. */
function ageRefusal(tr: Tr, def: EnrolStudy, values: Pick<Values, 'birthYear' | 'consentDate'>): string {
  const range = def.ageRange!;
  const born = Number(values.birthYear);
  const oldest = Number(values.consentDate.slice(0, 4)) - born;
  const age = Number.isFinite(oldest)
    ? tr(
        `Age at consent ${oldest - 1} or ${oldest} years (born ${born})`,
        `Leeftijd bij toestemming ${oldest - 1} of ${oldest} jaar (geboren ${born})`,
      )
    : tr('Age at consent', 'Leeftijd bij toestemming');
  const criterion = ageCriterion(def);
  if (criterion)
    return tr(
      `${age} does not meet the inclusion criterion “${criterion.text}”`,
      `${age} voldoet niet aan het inclusiecriterium “${criterion.text}”`,
    );
  return range.max === undefined
    ? tr(`${age} is under ${range.min} years`, `${age} is onder ${range.min} jaar`)
    : tr(`${age} is outside ${range.min} to ${range.max} years`, `${age} valt buiten ${range.min} tot ${range.max} jaar`);
}

/**
 * A refusal in words, in the console's language: the message next to each refused field, and the
 * alert's list in which every failing criterion is named once (an age criterion answered "no" whose
 * birth year is also out of range is one reason, not two).
 */
function refusal(
  tr: Tr,
  def: EnrolStudy,
  problem: ApiError,
  values: Values,
  names: Record<string, string>,
): { errors: Errors; items: Item[] } {
  const list = Array.isArray(problem.problem?.errors) ? (problem.problem.errors as Array<{ field?: string; message?: string }>) : [];
  const errors: Errors = {};
  const items: Item[] = [];
  const ageFails = problem.status === 422 && !!def.ageRange && list.some((e) => e.field === 'birthYear');
  const age = ageFails ? ageRefusal(tr, def, values) : '';
  const ageKey = ageCriterion(def) ? `eligibility.${ageCriterion(def)!.id}` : null;
  for (const e of list) {
    const field = String(e.field ?? '');
    const message = String(e.message ?? '');
    const criterion = field.startsWith('eligibility.') ? def.eligibility.find((c) => `eligibility.${c.id}` === field) : undefined;
    if (criterion && problem.status === 422) {
      if (ageFails && field === ageKey) {
        errors[field] = age; // named once, in the birth year's item below
        continue;
      }
      errors[field] =
        criterion.kind === 'inclusion'
          ? tr(`Inclusion criterion not met: ${criterion.text}`, `Niet voldaan aan inclusiecriterium: ${criterion.text}`)
          : tr(`Exclusion criterion applies: ${criterion.text}`, `Exclusiecriterium van toepassing: ${criterion.text}`);
      items.push({ keys: [field], text: errors[field] });
    } else if (field === 'birthYear' && ageFails) {
      errors[field] = age;
      items.push({ keys: ageKey ? [field, ageKey] : [field], text: age });
    } else {
      const key = field || 'form';
      const text = field ? apiMessage(tr, message) : message || problem.message;
      errors[key] = errors[key] ? `${errors[key]}; ${text}` : text;
      items.push({ keys: [key], text: field ? `${names[field] ?? humanise(field)}: ${text}` : text });
    }
  }
  return { errors, items };
}

export function EnrolPage({ study }: { study: StudyContext }) {
  const tr = useTr();
  const [def, setDef] = useState<EnrolStudy | null>(null);
  const [sites, setSites] = useState<StudySite[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([
      data(api.GET('/studies/{study}', { params: { path: { study: study.code } } })),
      data(api.GET('/studies/{study}/sites', { params: { path: { study: study.code } } })),
    ]).then(
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
  const [summary, setSummary] = useState<{ lead: string; items: Item[] } | null>(null);
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

  const show = (
    e: Errors,
    lead: string,
    items: Item[] = Object.entries(e).map(([key, message]) => ({
      keys: [key],
      text: key === 'form' ? message : `${names[key] ?? humanise(key)}: ${message}`,
    })),
  ) => {
    setErrors(e);
    setSummary({ lead, items });
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
      const r = await data(
        api.POST('/studies/{study}/participants', {
          params: { path: { study: study.code } },
          // Checked above (localErrors): sex, cohort and language hold one of the offered choices.
          body: body as Schemas['EnrolDto'],
        }),
      );
      navigate(`/console/${study.code}/participants/${r.id}`);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 400 || e.status === 422)) {
        const refused = refusal(tr, def, e, values, names);
        const lead =
          e.status === 422
            ? tr('Not eligible. The participant was not enrolled:', 'Niet geschikt. De deelnemer is niet ingeschreven:')
            : tr('Please correct the form:', 'Verbeter het formulier:');
        if (refused.items.length) show(refused.errors, lead, refused.items);
        else show({ form: e.message }, lead);
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
          <p>{summary.lead}</p>
          <ul>
            {summary.items
              .filter((item) => item.keys.some((key) => errors[key]))
              .map((item) => (
                <li key={item.keys.join(' ')}>{item.text}</li>
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
