// The statistician's model builder and model list: a ready dataset, the model kind, the outcome (or
// time and event) and covariates picked from the dataset's columns with their dictionary labels,
// the options the model route accepts; the fit runs in the worker and its page shows the progress.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError, api, data, type Schemas } from './api';
import type { StudyContext } from './Console';
import { useTr } from './i18n';
import { Badge, Empty, ErrorNote, formatDateTime, Link, navigate, Panel, useLoad } from './ui';
import './staff.css';

/** A spec as one line, in R's notation: `success ~ age + sex`, `Surv(time, status) ~ age`. */
export function specFormula(spec: Record<string, unknown>): string {
  if (typeof spec.formula === 'string') return spec.formula;
  const covariates = Array.isArray(spec.covariates) ? (spec.covariates as string[]).join(' + ') : '';
  if (spec.model === 'cox')
    return `Surv(${String(spec.time)}, ${String(spec.event)}) ~ ${covariates}${spec.strata ? ` + strata(${String(spec.strata)})` : ''}`;
  return `${String(spec.outcome)} ~ ${covariates}`;
}

/** The study's model fits with status and progress, newest first; refreshed while one is running. */
export function ModelList({ study, compact = false }: { study: StudyContext; compact?: boolean }) {
  const tr = useTr();
  const [list, reload] = useLoad(() => data(api.GET('/studies/{study}/models', { params: { path: { study: study.code } } })), [study.code]);
  const running = list.state === 'ok' && list.data.some((m) => m.status === 'queued' || m.status === 'running');
  useEffect(() => {
    if (!running) return;
    const t = setTimeout(reload, 1500);
    return () => clearTimeout(t);
  });
  return (
    <Panel
      title={tr('Models', 'Modellen')}
      id="models"
      load={list}
      actions={
        <span className="head-actions">
          <Link to={`/console/${study.code}/models/new`} className="btn primary">
            {tr('Build a model', 'Een model bouwen')}
          </Link>
          {compact ? null : (
            <button type="button" className="btn ghost" onClick={reload}>
              {tr('Refresh', 'Vernieuwen')}
            </button>
          )}
        </span>
      }
    >
      {(rows) =>
        rows.length === 0 ? (
          <Empty>{tr('No models fitted yet.', 'Nog geen modellen geschat.')}</Empty>
        ) : (
          <div className="table-wrap">
            <table className="list">
              <caption className="sr-only">{tr('Models of this study', 'Modellen van deze studie')}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr('Model', 'Model')}</th>
                  <th scope="col">{tr('Kind', 'Soort')}</th>
                  <th scope="col">{tr('Dataset', 'Dataset')}</th>
                  <th scope="col">{tr('Status', 'Status')}</th>
                  <th scope="col">{tr('Requested', 'Aangevraagd')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((m) => (
                  <tr key={m.id} data-model={m.id}>
                    <th scope="row">
                      <Link to={`/console/${study.code}/models/${m.id}`}>
                        <code>{specFormula(m.spec)}</code>
                      </Link>
                    </th>
                    <td>{m.spec.model === 'cox' ? 'Cox' : tr('Logistic', 'Logistisch')}</td>
                    <td>{tr(`Version ${m.datasetVersion}`, `Versie ${m.datasetVersion}`)}</td>
                    <td>
                      <Badge value={m.status} />
                      {m.status === 'running' ? (
                        <progress
                          className="inline-progress"
                          max={100}
                          value={m.progress}
                          aria-label={tr(`Progress of ${specFormula(m.spec)}`, `Voortgang van ${specFormula(m.spec)}`)}
                        />
                      ) : null}
                    </td>
                    <td>{formatDateTime(m.createdAt, study.timeZone)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      }
    </Panel>
  );
}

type Kind = 'logistic' | 'cox';

interface Draft {
  datasetId: string;
  kind: Kind;
  outcome: string;
  time: string;
  event: string;
  strata: string;
  covariates: string[];
  firth: boolean;
  ties: 'efron' | 'breslow';
  bootstrap: string;
  seed: string;
}

const EMPTY: Draft = {
  datasetId: '',
  kind: 'logistic',
  outcome: '',
  time: '',
  event: '',
  strata: '',
  covariates: [],
  firth: false,
  ties: 'efron',
  bootstrap: '',
  seed: '',
};

/** The model builder page: /console/{study}/models/new. */
export function ModelBuilder({ study }: { study: StudyContext }) {
  const tr = useTr();
  const [datasets] = useLoad(() => data(api.GET('/studies/{study}/datasets', { params: { path: { study: study.code } } })), [study.code]);
  const ready = useMemo(
    () => (datasets.state === 'ok' ? [...datasets.data].filter((d) => d.status === 'ready').sort((a, b) => b.version - a.version) : []),
    [datasets],
  );
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [filter, setFilter] = useState('');

  // The newest ready dataset, a lock before an interim of the same age.
  useEffect(() => {
    if (!draft.datasetId && ready.length) setDraft((d) => ({ ...d, datasetId: (ready.find((x) => x.kind === 'lock') ?? ready[0]).id }));
  }, [ready, draft.datasetId]);

  const [variables] = useLoad(
    () =>
      draft.datasetId ? data(api.GET('/datasets/{id}/variables', { params: { path: { id: draft.datasetId } } })) : Promise.resolve([]),
    [draft.datasetId],
  );
  const numeric = variables.state === 'ok' ? variables.data.filter((v) => v.numeric) : [];
  const roles = new Set([draft.outcome, draft.time, draft.event, draft.strata].filter(Boolean));
  const shown = numeric.filter(
    (v) => !roles.has(v.name) && (!filter || `${v.name} ${v.label}`.toLowerCase().includes(filter.trim().toLowerCase())),
  );

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => {
      const { [key as string]: _gone, ...rest } = e;
      return rest;
    });
  };
  const toggle = (name: string, on: boolean) =>
    set('covariates', on ? [...draft.covariates, name] : draft.covariates.filter((c) => c !== name));

  const label = (name: string) => numeric.find((v) => v.name === name)?.label ?? name;

  const check = (): Record<string, string> => {
    const e: Record<string, string> = {};
    if (!draft.datasetId) e.dataset = tr('Choose a dataset.', 'Kies een dataset.');
    if (draft.kind === 'logistic' && !draft.outcome) e.outcome = tr('Choose the outcome (0/1).', 'Kies de uitkomst (0/1).');
    if (draft.kind === 'cox' && !draft.time) e.time = tr('Choose the follow-up time.', 'Kies de follow-uptijd.');
    if (draft.kind === 'cox' && !draft.event) e.event = tr('Choose the event indicator.', 'Kies de gebeurtenisindicator.');
    const covariates = draft.covariates.filter((c) => !roles.has(c));
    if (!covariates.length) e.covariates = tr('Choose at least one covariate.', 'Kies minstens één covariaat.');
    if (draft.bootstrap && !/^[1-9]\d*$/.test(draft.bootstrap.trim()))
      e.bootstrap = tr('A whole number of replicates, 1 or more.', 'Een geheel aantal replicaties, 1 of meer.');
    if (draft.seed && !/^-?\d+$/.test(draft.seed.trim())) e.seed = tr('A whole number.', 'Een geheel getal.');
    if (draft.seed && !draft.bootstrap)
      e.seed = tr('A seed is only used with bootstrap validation.', 'Een seed wordt alleen bij bootstrapvalidatie gebruikt.');
    return e;
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setProblem(null);
    const e = check();
    setErrors(e);
    if (Object.keys(e).length) return;
    const covariates = draft.covariates.filter((c) => !roles.has(c));
    // ties and confType have the API's defaults (efron, log) when left out; the document marks them required.
    const body = (
      draft.kind === 'logistic'
        ? { model: 'logistic', outcome: draft.outcome, covariates, ...(draft.firth ? { firth: true } : {}) }
        : {
            model: 'cox',
            time: draft.time,
            event: draft.event,
            covariates,
            ties: draft.ties,
            ...(draft.strata ? { strata: draft.strata } : {}),
          }
    ) as Schemas['ModelSpecDto'];
    if (draft.bootstrap) body.bootstrap = Number(draft.bootstrap);
    if (draft.seed) body.seed = Number(draft.seed);
    setBusy(true);
    try {
      const r = await data(api.POST('/datasets/{id}/models', { params: { path: { id: draft.datasetId } }, body }));
      navigate(`/console/${study.code}/models/${r.id}`);
    } catch (err) {
      const fieldErrors =
        err instanceof ApiError && Array.isArray(err.problem?.errors)
          ? (err.problem.errors as Array<{ field: string; message: string }>)
          : [];
      if (fieldErrors.length) {
        const mapped: Record<string, string> = {};
        for (const fe of fieldErrors) mapped[fe.field.startsWith('covariates') ? 'covariates' : fe.field] = fe.message;
        setErrors(mapped);
      }
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const invalid = (key: string) =>
    errors[key] ? { 'aria-invalid': true as const, 'aria-describedby': `mb-${key}-err` } : { 'aria-describedby': undefined };
  const fieldError = (key: string) =>
    errors[key] ? (
      <p className="field-error" id={`mb-${key}-err`}>
        {errors[key]}
      </p>
    ) : null;

  const columnSelect = (key: 'outcome' | 'time' | 'event' | 'strata', text: string, hint: string, optional = false) => (
    <div className="field">
      <label htmlFor={`mb-${key}`}>{text}</label>
      <select id={`mb-${key}`} value={draft[key]} onChange={(e) => set(key, e.target.value)} {...invalid(key)}>
        <option value="">{optional ? tr('None', 'Geen') : tr('Choose…', 'Kies…')}</option>
        {numeric.map((v) => (
          <option key={v.name} value={v.name}>
            {v.label === v.name ? v.name : `${v.label} (${v.name})`}
          </option>
        ))}
      </select>
      <p className="hint">{hint}</p>
      {fieldError(key)}
    </div>
  );

  return (
    <>
      <nav className="crumbs" aria-label={tr('Breadcrumb', 'Kruimelpad')}>
        <Link to={`/console/${study.code}/datasets`}>{tr('Datasets & models', 'Datasets & modellen')}</Link>{' '}
        <span aria-hidden="true">›</span> <span>{tr('Model builder', 'Modelbouwer')}</span>
      </nav>
      <div className="page-head">
        <div>
          <p className="eyebrow">{study.code}</p>
          <h1>{tr('Model builder', 'Modelbouwer')}</h1>
        </div>
      </div>
      {datasets.state === 'hidden' ? (
        <ErrorNote message={tr('Your role cannot fit models in this study.', 'Uw rol mag in deze studie geen modellen schatten.')} />
      ) : datasets.state === 'error' ? (
        <ErrorNote message={datasets.message} />
      ) : datasets.state === 'loading' ? (
        <p role="status">{tr('Loading…', 'Laden…')}</p>
      ) : ready.length === 0 ? (
        <Empty>
          {tr(
            'No ready dataset yet. A lock or an interim snapshot makes one.',
            'Nog geen gereede dataset. Een lock of een tussentijdse momentopname maakt er een.',
          )}
        </Empty>
      ) : (
        <form className="staff-form model-builder" onSubmit={(e) => void submit(e)} noValidate>
          {problem ? (
            <p className="alert" role="alert">
              {problem}
            </p>
          ) : null}
          <section className="panel" aria-labelledby="mb-data-h">
            <header className="panel-head">
              <h2 id="mb-data-h">{tr('Data and model', 'Gegevens en model')}</h2>
            </header>
            <div className="staff-grid">
              <div className="field">
                <label htmlFor="mb-dataset">{tr('Dataset', 'Dataset')}</label>
                <select
                  id="mb-dataset"
                  value={draft.datasetId}
                  onChange={(e) => setDraft({ ...EMPTY, kind: draft.kind, datasetId: e.target.value })}
                  {...invalid('dataset')}
                >
                  {ready.map((d) => (
                    <option key={d.id} value={d.id}>
                      {tr(`Version ${d.version}`, `Versie ${d.version}`)} ·{' '}
                      {d.kind === 'lock' ? tr('lock', 'lock') : tr('interim', 'tussentijds')} ·{' '}
                      {formatDateTime(d.createdAt, study.timeZone)}
                    </option>
                  ))}
                </select>
                {fieldError('dataset')}
              </div>
              <fieldset className="staff-radios">
                <legend>{tr('Model kind', 'Soort model')}</legend>
                <label className="choice">
                  <input type="radio" name="mb-kind" checked={draft.kind === 'logistic'} onChange={() => set('kind', 'logistic')} />{' '}
                  {tr('Logistic regression', 'Logistische regressie')}
                </label>
                <label className="choice">
                  <input type="radio" name="mb-kind" checked={draft.kind === 'cox'} onChange={() => set('kind', 'cox')} />{' '}
                  {tr('Cox proportional hazards', 'Cox proportionele hazards')}
                </label>
              </fieldset>
            </div>
            {variables.state === 'error' ? <ErrorNote message={variables.message} /> : null}
            {variables.state === 'loading' ? <p role="status">{tr('Reading the dictionary…', 'Het codeboek wordt gelezen…')}</p> : null}
            <div className="staff-grid">
              {draft.kind === 'logistic'
                ? columnSelect('outcome', tr('Outcome', 'Uitkomst'), tr('A 0/1 column.', 'Een 0/1-kolom.'))
                : [
                    <div key="time">
                      {columnSelect(
                        'time',
                        tr('Follow-up time', 'Follow-uptijd'),
                        tr('Time to event or censoring.', 'Tijd tot gebeurtenis of censurering.'),
                      )}
                    </div>,
                    <div key="event">
                      {columnSelect(
                        'event',
                        tr('Event', 'Gebeurtenis'),
                        tr('0/1, or 1/2 with 2 = event (as R’s Surv).', '0/1, of 1/2 met 2 = gebeurtenis (zoals R’s Surv).'),
                      )}
                    </div>,
                    <div key="strata">
                      {columnSelect(
                        'strata',
                        tr('Strata (optional)', 'Strata (optioneel)'),
                        tr('A separate baseline hazard per value.', 'Een eigen basishazard per waarde.'),
                        true,
                      )}
                    </div>,
                  ]}
            </div>
          </section>

          <section className="panel" aria-labelledby="mb-cov-h">
            <header className="panel-head">
              <h2 id="mb-cov-h">{tr('Covariates', 'Covariaten')}</h2>
              <span className="muted small" aria-live="polite">
                {tr(
                  `${draft.covariates.filter((c) => !roles.has(c)).length} chosen`,
                  `${draft.covariates.filter((c) => !roles.has(c)).length} gekozen`,
                )}
              </span>
            </header>
            <div className="field">
              <label htmlFor="mb-filter">{tr('Find a variable', 'Zoek een variabele')}</label>
              <input id="mb-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} autoComplete="off" />
            </div>
            <fieldset className="covariates" {...invalid('covariates')}>
              <legend>{tr('Covariates from the dictionary', 'Covariaten uit het codeboek')}</legend>
              {shown.length === 0 ? (
                <p className="muted small">{tr('No numeric variable matches.', 'Geen numerieke variabele komt overeen.')}</p>
              ) : (
                <ul className="covariate-list">
                  {shown.map((v) => (
                    <li key={v.name}>
                      <label className="choice">
                        <input
                          type="checkbox"
                          checked={draft.covariates.includes(v.name)}
                          onChange={(e) => toggle(v.name, e.target.checked)}
                        />{' '}
                        {v.label} <code className="muted small">{v.name}</code>
                        {v.form ? <span className="muted small"> · {v.form}</span> : null}
                      </label>
                    </li>
                  ))}
                </ul>
              )}
            </fieldset>
            {fieldError('covariates')}
            {draft.covariates.length ? (
              <p className="small">
                {tr('Model', 'Model')}:{' '}
                <code>
                  {draft.kind === 'cox' ? `Surv(${draft.time || '?'}, ${draft.event || '?'})` : draft.outcome || '?'} ~{' '}
                  {draft.covariates.filter((c) => !roles.has(c)).join(' + ')}
                  {draft.kind === 'cox' && draft.strata ? ` + strata(${draft.strata})` : ''}
                </code>{' '}
                <span className="muted">
                  (
                  {draft.covariates
                    .filter((c) => !roles.has(c))
                    .map(label)
                    .join(', ')}
                  )
                </span>
              </p>
            ) : null}
          </section>

          <section className="panel" aria-labelledby="mb-opt-h">
            <header className="panel-head">
              <h2 id="mb-opt-h">{tr('Options', 'Opties')}</h2>
            </header>
            <div className="staff-grid">
              {draft.kind === 'logistic' ? (
                <label className="choice">
                  <input type="checkbox" checked={draft.firth} onChange={(e) => set('firth', e.target.checked)} />{' '}
                  {tr(
                    'Firth’s penalised likelihood (small samples, separation)',
                    'Firths gepenaliseerde likelihood (kleine steekproeven, separatie)',
                  )}
                </label>
              ) : (
                <div className="field">
                  <label htmlFor="mb-ties">{tr('Ties', 'Knopen (ties)')}</label>
                  <select id="mb-ties" value={draft.ties} onChange={(e) => set('ties', e.target.value as Draft['ties'])}>
                    <option value="efron">Efron</option>
                    <option value="breslow">Breslow</option>
                  </select>
                </div>
              )}
              <div className="field">
                <label htmlFor="mb-bootstrap">{tr('Bootstrap replicates (optional)', 'Bootstrapreplicaties (optioneel)')}</label>
                <input
                  id="mb-bootstrap"
                  inputMode="numeric"
                  autoComplete="off"
                  value={draft.bootstrap}
                  onChange={(e) => set('bootstrap', e.target.value)}
                  {...invalid('bootstrap')}
                />
                <p className="hint">
                  {tr('Optimism-corrected internal validation, e.g. 200.', 'Voor optimisme gecorrigeerde interne validatie, bijv. 200.')}
                </p>
                {fieldError('bootstrap')}
              </div>
              <div className="field">
                <label htmlFor="mb-seed">{tr('Seed (optional)', 'Seed (optioneel)')}</label>
                <input
                  id="mb-seed"
                  inputMode="numeric"
                  autoComplete="off"
                  value={draft.seed}
                  onChange={(e) => set('seed', e.target.value)}
                  {...invalid('seed')}
                />
                {fieldError('seed')}
              </div>
            </div>
          </section>
          <p className="form-actions">
            <button type="submit" className="btn primary" disabled={busy}>
              {busy ? tr('Sending…', 'Versturen…') : tr('Fit model', 'Model schatten')}
            </button>
          </p>
        </form>
      )}
    </>
  );
}

/** Dictionary labels of a model's dataset, by column name (for the result page's terms). */
export function useVariableLabels(datasetId: string | null): Map<string, string> {
  const [vars] = useLoad(
    () => (datasetId ? data(api.GET('/datasets/{id}/variables', { params: { path: { id: datasetId } } })) : Promise.resolve([])),
    [datasetId],
  );
  return useMemo(
    () => new Map(vars.state === 'ok' ? vars.data.filter((v) => v.label !== v.name).map((v) => [v.name, v.label]) : []),
    [vars],
  );
}

/** A coefficient's term in words: the column's label, or for a factor level (`sexM`) the column's label and the level. */
export function termLabel(term: string, labels: Map<string, string>): string | null {
  if (labels.has(term)) return labels.get(term)!;
  let best = '';
  for (const name of labels.keys()) if (term.startsWith(name) && name.length > best.length) best = name;
  if (best) return `${labels.get(best)}: ${term.slice(best.length)}`;
  return null;
}
